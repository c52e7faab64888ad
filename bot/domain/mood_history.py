"""A placement's weeks as the mood chart shows them: a mood, a missed week, a pause, or nothing.

Every ISO week from the placement's first week to today's (or its last, if it ended) is one
point, so the gaps are visible where they are: a missed check-in and a pause are gaps of their
own kind, a week without any check-in (before the student joined, or a week the bot was down)
is a plain gap. Only the latest `MAX_WEEKS` weeks are kept: a chart of a year is unreadable.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

MAX_WEEKS = 52
ONE_WEEK = timedelta(weeks=1)


class WeekMark(StrEnum):
    """What a week of the chart shows."""

    ANSWERED = "answered"  # a mood
    MISSED = "missed"  # asked, never answered
    OPEN = "open"  # asked, may still be answered
    PAUSED = "paused"  # the student paused his check-ins
    NONE = "none"  # no check-in at all


@dataclass(frozen=True, slots=True)
class CheckInWeek:
    """One check-in as stored: its ISO week label (`2026-W10`), how it ended, its mood."""

    week: str
    mark: WeekMark
    mood: int | None = None


@dataclass(frozen=True, slots=True)
class ChartWeek:
    """One point of the chart: the Monday of its ISO week, what it shows."""

    monday: date
    iso_week: int
    mark: WeekMark
    mood: int | None = None


def iso_label(day: date) -> str:
    """The ISO week label of a date, as check-ins store it: `2026-W10`."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def mood_weeks(
    starts_on: date,
    last_day: date,
    checkins: Sequence[CheckInWeek],
    pauses: Sequence[tuple[date, date]],
) -> tuple[ChartWeek, ...]:
    """The weeks from the placement's start to `last_day`, each with what it shows.

    A stored check-in decides its week; a week without one that a pause touches is paused;
    any other is a plain gap. `pauses` are (first day, last day) pairs, inclusive.
    """
    if last_day < starts_on:
        return ()
    stored: Mapping[str, CheckInWeek] = {c.week: c for c in checkins}
    monday = starts_on - timedelta(days=starts_on.weekday())
    last_monday = last_day - timedelta(days=last_day.weekday())
    first = max(monday, last_monday - ONE_WEEK * (MAX_WEEKS - 1))
    weeks = []
    day = first
    while day <= last_monday:
        found = stored.get(iso_label(day))
        if found is not None:
            mood = found.mood if found.mark is WeekMark.ANSWERED else None
            weeks.append(ChartWeek(day, day.isocalendar()[1], found.mark, mood))
        elif any(begin <= day + timedelta(days=6) and end >= day for begin, end in pauses):
            weeks.append(ChartWeek(day, day.isocalendar()[1], WeekMark.PAUSED))
        else:
            weeks.append(ChartWeek(day, day.isocalendar()[1], WeekMark.NONE))
        day += ONE_WEEK
    return tuple(weeks)


def pause_spans(events: Sequence[tuple[date, date | None]]) -> list[tuple[date, date]]:
    """The days a placement was paused, from its pause and resume events (local dates).

    Each event is (the day it happened, paused until that day) or (the day, None) for a
    resume. A later event ends the span before it on the day before it happened.
    """
    spans: list[tuple[date, date]] = []
    ordered = sorted(events, key=lambda event: event[0])
    for index, (on, until) in enumerate(ordered):
        if until is None:
            continue
        last = until
        if index + 1 < len(ordered):
            last = min(last, ordered[index + 1][0] - timedelta(days=1))
        if last >= on:
            spans.append((on, last))
    return spans
