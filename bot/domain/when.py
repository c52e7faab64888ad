"""Typed meeting times: "di 14:30", "dinsdag 14:30", "2-12 14:30", "tue 2:30pm", "2026-12-01
14:30".

A typed time is read in the writer's own time zone, relative to `now`, and becomes a UTC instant
or a refusal with its reason. What is understood, in Dutch and English alike:

- a day: a weekday (full or short: "di", "dinsdag", "tue", "tuesday"; the next one to come,
  today if its time is still ahead), "vandaag"/"today", "morgen"/"tomorrow", "overmorgen", a
  date day-month first ("2-12", "2/12", "2.12", with an optional year "2-12-2026" or
  "2-12-26"), an ISO date ("2026-12-01"), or a day and a month name ("2 dec", "2 december
  2026"); a weekday may precede a date ("di 1-12"), and must then be that date's weekday. No day
  means the day given by the caller (the day picked from a keyboard), else today;
- then a time: "14:30", "14.30", "14u30", "14u", "14:30 uur", "2:30pm", "2 pm", "12am";
  "om" and "at" may stand between day and time.

A date without a year is the coming one: "2-1" in December is January next year; a date earlier
this year that is more than half a year away next year is a date in the past, not one next year
("29-11" on 30 November is yesterday, a typo more likely than a plan). Only ASCII digits are
read: other digits (Arabic-Indic, full-width, superscripts) are refused, not guessed. A wall time
inside a spring-forward gap is refused; an ambiguous one is its first occurrence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from bot.domain.localtime import exists, require_aware, wall_moment, zone_of

MAX_LENGTH = 60
NEXT_YEAR_WITHIN = timedelta(days=183)
DEFAULT_MAX_AHEAD = timedelta(days=366)

WEEKDAYS = {
    **dict.fromkeys(("ma", "maandag", "mon", "monday"), 0),
    **dict.fromkeys(("di", "dinsdag", "tue", "tues", "tuesday"), 1),
    **dict.fromkeys(("wo", "woensdag", "wed", "wednesday"), 2),
    **dict.fromkeys(("do", "donderdag", "thu", "thur", "thurs", "thursday"), 3),
    **dict.fromkeys(("vr", "vrijdag", "fri", "friday"), 4),
    **dict.fromkeys(("za", "zaterdag", "sat", "saturday"), 5),
    **dict.fromkeys(("zo", "zondag", "sun", "sunday"), 6),
}
RELATIVE_DAYS = {"vandaag": 0, "today": 0, "morgen": 1, "tomorrow": 1, "overmorgen": 2}
MONTHS = {
    **dict.fromkeys(("jan", "januari", "january"), 1),
    **dict.fromkeys(("feb", "februari", "february"), 2),
    **dict.fromkeys(("mrt", "mar", "maart", "march"), 3),
    **dict.fromkeys(("apr", "april"), 4),
    **dict.fromkeys(("mei", "may"), 5),
    **dict.fromkeys(("jun", "juni", "june"), 6),
    **dict.fromkeys(("jul", "juli", "july"), 7),
    **dict.fromkeys(("aug", "augustus", "august"), 8),
    **dict.fromkeys(("sep", "sept", "september"), 9),
    **dict.fromkeys(("okt", "oct", "oktober", "october"), 10),
    **dict.fromkeys(("nov", "november"), 11),
    **dict.fromkeys(("dec", "december"), 12),
}
FILLERS = frozenset({"om", "at", "op", "on"})
TIME_SUFFIXES = frozenset({"am", "pm", "a.m.", "p.m.", "u", "uur"})

_TIME = re.compile(r"([0-9]{1,2})(?:[:.u]([0-9]{2}))?(am|pm|a\.m\.|p\.m\.|u|uur)?")
_ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")
_DAY_MONTH = re.compile(r"([0-9]{1,2})[-/.]([0-9]{1,2})(?:[-/.]([0-9]{4}|[0-9]{2}))?")
_DAY_NUMBER = re.compile(r"[0-9]{1,2}")
_YEAR = re.compile(r"[0-9]{4}")


class Refusal(StrEnum):
    """Why a typed time was not taken; each has its own answer to the writer."""

    EMPTY = "empty"
    UNREADABLE = "unreadable"  # not a day and a time we know
    NOT_ASCII_DIGITS = "not_ascii_digits"  # digits of another script
    NO_TIME = "no_time"  # a day without a time ("dinsdag")
    BAD_TIME = "bad_time"  # 25:00, 14:60, 13pm
    BAD_DATE = "bad_date"  # 31-2, 0-12
    DAY_MISMATCH = "day_mismatch"  # "ma 1-12" when 1 December is a Tuesday
    NO_SUCH_TIME = "no_such_time"  # the clocks skip it (summer time starts)
    IN_PAST = "in_past"
    TOO_FAR = "too_far"  # more than a year ahead
    AFTER_END = "after_end"  # after the placement's last day (the planner's check, not ours)


@dataclass(frozen=True, slots=True)
class Parsed:
    """A typed time that was understood: the instant, in UTC."""

    at: datetime


@dataclass(frozen=True, slots=True)
class Refused:
    """A typed time that was not taken, and why."""

    reason: Refusal


@dataclass(frozen=True, slots=True)
class _Day:
    """The day part, before the time is known: a date, or a weekday still to place."""

    on: date | None = None
    weekday: int | None = None


def parse_when(
    text: str,
    now: datetime,
    timezone: str,
    *,
    on: date | None = None,
    max_ahead: timedelta = DEFAULT_MAX_AHEAD,
) -> Parsed | Refused:
    """Read a typed meeting time in the writer's time zone: an instant after `now`, or why not."""
    require_aware(now, "now")
    zone = zone_of(timezone)
    cleaned = " ".join(text.replace(",", " ").lower().split())
    if not cleaned:
        return Refused(Refusal.EMPTY)
    if len(cleaned) > MAX_LENGTH:
        return Refused(Refusal.UNREADABLE)
    if any(char.isdigit() and not char.isascii() for char in cleaned):
        return Refused(Refusal.NOT_ASCII_DIGITS)
    tokens = _join_suffixes([token for token in cleaned.split() if token not in FILLERS])
    today = now.astimezone(zone).date()
    if not tokens:
        return Refused(Refusal.UNREADABLE)
    at = _read_time(tokens[-1])
    if at is None:
        alone = _read_day(tokens, today)
        if isinstance(alone, Refusal):
            return Refused(alone)
        return Refused(Refusal.UNREADABLE if alone is None else Refusal.NO_TIME)
    if isinstance(at, Refusal):
        return Refused(at)
    day = _read_day(tokens[:-1], today) if tokens[:-1] else _Day(on=on or today)
    if day is None or isinstance(day, Refusal):
        return Refused(day or Refusal.UNREADABLE)
    chosen = day.on or _coming_weekday(day.weekday, at, today, now, zone)
    if not exists(chosen, at, zone):
        return Refused(Refusal.NO_SUCH_TIME)
    moment = wall_moment(chosen, at, zone)
    if moment <= now:
        return Refused(Refusal.IN_PAST)
    if moment - now > max_ahead:
        return Refused(Refusal.TOO_FAR)
    return Parsed(moment.astimezone(UTC))


def parse_date(text: str, today: date) -> date | Refusal:
    """A typed date after today ("24-12", "24-12-2026", "2026-12-24", "24 dec"), or why not."""
    cleaned = " ".join(text.replace(",", " ").lower().split())
    if not cleaned:
        return Refusal.EMPTY
    if len(cleaned) > MAX_LENGTH:
        return Refusal.UNREADABLE
    if any(char.isdigit() and not char.isascii() for char in cleaned):
        return Refusal.NOT_ASCII_DIGITS
    found = _read_date(cleaned.split(), today)
    if found is None or isinstance(found, Refusal):
        return found or Refusal.UNREADABLE
    return found if found > today else Refusal.IN_PAST


def _coming_weekday(
    weekday: int | None, at: time, today: date, now: datetime, zone: ZoneInfo
) -> date:
    """The next date on a weekday: today while its time is still ahead, else within a week."""
    if weekday is None:
        return today
    candidate = today + timedelta(days=(weekday - today.weekday()) % 7)
    if exists(candidate, at, zone) and wall_moment(candidate, at, zone) <= now:
        candidate += timedelta(weeks=1)
    return candidate


def _join_suffixes(tokens: list[str]) -> list[str]:
    """Glue "pm" or "uur" to the time before it: "2:30 pm" reads as "2:30pm"."""
    joined: list[str] = []
    for token in tokens:
        if token in TIME_SUFFIXES and joined:
            joined[-1] += token
        else:
            joined.append(token)
    return joined


def _read_time(token: str) -> time | Refusal | None:
    """A time of day, a refusal for an impossible one, or None when the token is no time."""
    match = _TIME.fullmatch(token)
    if match is None:
        return None
    hour_text, minute_text, suffix = match.groups()
    if minute_text is None and suffix is None:
        return None  # a bare number is a day of the month more often than an hour
    hour, minute = int(hour_text), int(minute_text or "0")
    if suffix in ("am", "pm", "a.m.", "p.m."):
        if not 1 <= hour <= 12:
            return Refusal.BAD_TIME
        hour = hour % 12 + (12 if suffix.startswith("p") else 0)
    if hour > 23 or minute > 59:
        return Refusal.BAD_TIME
    return time(hour, minute)


def _read_day(tokens: list[str], today: date) -> _Day | Refusal | None:
    """The day part of the tokens before the time; None when it is not a day we know."""
    words = [token.rstrip(".") if token.rstrip(".").isalpha() else token for token in tokens]
    weekday = WEEKDAYS.get(words[0]) if words else None
    rest = words[1:] if weekday is not None else words
    if not rest:
        return _Day(weekday=weekday) if weekday is not None else None
    found = _read_date(rest, today)
    if found is None or isinstance(found, Refusal):
        return found
    if weekday is not None and found.weekday() != weekday:
        return Refusal.DAY_MISMATCH
    return _Day(on=found)


def _read_date(words: list[str], today: date) -> date | Refusal | None:
    """A date from "morgen", "2-12", "2-12-2026", "2026-12-02" or "2 dec 2026"."""
    if len(words) == 1 and words[0] in RELATIVE_DAYS:
        return today + timedelta(days=RELATIVE_DAYS[words[0]])
    year: int | None
    if len(words) == 1 and (iso := _ISO_DATE.fullmatch(words[0])):
        year, month, day = (int(part) for part in iso.groups())
    elif len(words) == 1 and (numeric := _DAY_MONTH.fullmatch(words[0])):
        day, month, raw_year = int(numeric[1]), int(numeric[2]), numeric[3]
        year = None if raw_year is None else int(raw_year) + (2000 if len(raw_year) == 2 else 0)
    elif 2 <= len(words) <= 3 and _DAY_NUMBER.fullmatch(words[0]) and words[1] in MONTHS:
        if len(words) == 3 and not _YEAR.fullmatch(words[2]):
            return None
        day, month = int(words[0]), MONTHS[words[1]]
        year = int(words[2]) if len(words) == 3 else None
    else:
        return None
    return _make_date(year, month, day, today)


def _make_date(year: int | None, month: int, day: int, today: date) -> date | Refusal:
    """The date, in the coming year when none was given; a refusal for 31-2."""
    if year is not None:
        return _date_or_none(year, month, day) or Refusal.BAD_DATE
    this_year = _date_or_none(today.year, month, day)
    next_year = _date_or_none(today.year + 1, month, day)
    if this_year is not None and this_year >= today:
        return this_year
    if next_year is not None and next_year - today <= NEXT_YEAR_WITHIN:
        return next_year
    return this_year or Refusal.BAD_DATE


def _date_or_none(year: int, month: int, day: int) -> date | None:
    """The date, or None when the calendar has no such day (31 February, month 13)."""
    try:
        return date(year, month, day)
    except ValueError:
        return None
