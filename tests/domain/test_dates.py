"""Dates as people type them: the forms read, and digits that only look like digits refused."""

from __future__ import annotations

from datetime import date

import pytest

from bot.domain.dates import SPREADSHEET, TYPED, is_ascii_number, read_date

MARCH_2 = date(2026, 3, 2)


@pytest.mark.parametrize(
    ("text", "typed", "spreadsheet"),
    [
        ("2026-03-02", MARCH_2, MARCH_2),
        ("2026-3-2", MARCH_2, MARCH_2),
        ("2-3-2026", MARCH_2, MARCH_2),
        ("02-03-2026", MARCH_2, MARCH_2),
        (" 02-03-2026\n", MARCH_2, MARCH_2),
        ("2/3/2026", MARCH_2, None),  # a roster reads only what Dutch Excel writes
        ("2.3.2026", MARCH_2, None),
        ("2026/03/02", MARCH_2, None),
        ("24-12-2026", date(2026, 12, 24), date(2026, 12, 24)),
        ("2-3/2026", None, None),  # two different separators
        ("2-3-26", None, None),  # a two-digit year
        ("31-02-2026", None, None),
        ("0-3-2026", None, None),
        ("2-3-02026", None, None),
        ("002-3-2026", None, None),
        ("2--3-2026", None, None),
        ("", None, None),
        ("tomorrow", None, None),
        # Characters str.isdigit() and \d accept: superscripts, Arabic-Indic, full-width,
        # Devanagari, and one such digit among ASCII ones.
        ("²-04-2026", None, None),
        ("2-04-2026²", None, None),
        ("٢-٣-٢٠٢٦", None, None),
        ("２-３-２０２６", None, None),
        ("२-३-२०२६", None, None),
        ("2-3-202٦", None, None),
        ("𝟐-3-2026", None, None),
        ("2－3－2026", None, None),  # full-width hyphens
    ],
)
def test_read_date(text: str, typed: date | None, spreadsheet: date | None) -> None:
    assert read_date(text, TYPED) == typed
    assert read_date(text, SPREADSHEET) == spreadsheet


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("7", True),
        ("365", True),
        ("", False),
        ("-1", False),
        ("٧", False),
        ("７", False),
        ("²", False),
        ("7\u0660", False),
        ("1.5", False),
    ],
)
def test_is_ascii_number(text: str, expected: bool) -> None:
    assert is_ascii_number(text) is expected
