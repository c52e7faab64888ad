"""Dates, times and numbers as people read them, per language."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from babel.dates import format_date
from babel.numbers import format_decimal

from bot.domain.dates import read_date
from bot.domain.people import LANGUAGES


def day(language: str, value: date) -> str:
    """'Fri 6 Mar 2026' / 'vr 6 mrt 2026' (Babel, the language's own names)."""
    return format_date(value, "EEE d MMM y", locale=language if language in LANGUAGES else "en")


def one_decimal(language: str, value: float) -> str:
    """A mean as the language writes it: '3.7' / '3,7' (Babel)."""
    locale = language if language in LANGUAGES else "en"
    return format_decimal(value, "0.0", locale=locale)


def moment(language: str, value: datetime, timezone: str) -> str:
    """A moment in a time zone: 'Fri 6 Mar 2026 14:00'."""
    local = value.astimezone(ZoneInfo(timezone))
    return f"{day(language, local.date())} {local:%H:%M}"


def parse_date(text: str) -> date | None:
    """A date as people type it: 2026-12-24, 24-12-2026 or 24/12/2026; None if it is none."""
    return read_date(text)
