"""Dates as people type them: ISO, or day first as the Dutch write them."""

from __future__ import annotations

import re
from datetime import date

# [0-9], never \d: Python's \d and str.isdigit() accept ٣, ３ and ² too, and int() even reads
# the first two, so "/pause ٢٤-١٢-٢٠٢٦" would pause and "/pause ²-04-2026" would crash.
_FORMS = (
    r"(?P<year>[0-9]{{4}})(?P<sep>{sep})(?P<month>[0-9]{{1,2}})(?P=sep)(?P<day>[0-9]{{1,2}})",
    r"(?P<day>[0-9]{{1,2}})(?P<sep>{sep})(?P<month>[0-9]{{1,2}})(?P=sep)(?P<year>[0-9]{{4}})",
)


def date_forms(separators: str) -> tuple[re.Pattern[str], ...]:
    """Year-first and day-first dates whose parts are split by one of `separators`."""
    sep = "[" + re.escape(separators) + "]"
    return tuple(re.compile(form.format(sep=sep), re.ASCII) for form in _FORMS)


# What a person types in chat, and what a roster may hold (Dutch Excel writes 2-3-2026).
TYPED = date_forms("-/.")
SPREADSHEET = date_forms("-")


def read_date(text: str, forms: tuple[re.Pattern[str], ...] = TYPED) -> date | None:
    """The date in `2026-03-02`, `2-3-2026` or `02-03-2026` (typed in chat also `/` or `.`).

    Day first, never month first: `2-3-2026` is 2 March, as a Dutch reader and Dutch Excel read
    it. The same separator twice, a four-digit year, ASCII digits only. None when the text is no
    real date (31-02-2026 included).
    """
    value = text.strip()
    for form in forms:
        found = form.fullmatch(value)
        if found is not None:
            try:
                return date(int(found["year"]), int(found["month"]), int(found["day"]))
            except ValueError:
                return None
    return None


def is_ascii_number(text: str) -> bool:
    """Whether a text is a whole number in ASCII digits (str.isdigit also takes ٣, ３ and ²)."""
    return text.isascii() and text.isdigit()
