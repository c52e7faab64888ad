"""The messages around a confirmed meeting: the reminders before it and, after it, the question
whether it took place; when each is due, which ones a late confirmation skips, and which ones
quiet hours hold back.

"The day before" and "an hour before" are real durations (settings in hours), so across a
summer-time switch the day-before reminder may come at another wall time than the meeting's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from bot.domain.localtime import require_aware


class Reminder(StrEnum):
    """The messages around a confirmed meeting, in the order they go out."""

    DAY_BEFORE = "day_before"  # the reminder (and, for a review, the prompt to prepare)
    HOUR_BEFORE = "hour_before"  # the reminder that is never held back by quiet hours
    OUTCOME = "outcome"  # "did the meeting take place?" to the organiser


REMINDERS = (Reminder.DAY_BEFORE, Reminder.HOUR_BEFORE, Reminder.OUTCOME)


@dataclass(frozen=True, slots=True)
class ReminderTimes:
    """How long before a meeting its reminders go out, and after it the outcome question."""

    day_before: timedelta = timedelta(hours=24)
    hour_before: timedelta = timedelta(hours=1)
    outcome_after: timedelta = timedelta(hours=1)

    def __post_init__(self) -> None:
        if not self.day_before > self.hour_before > timedelta(0):
            raise ValueError("the day-before reminder comes before the hour-before one")
        if self.outcome_after < timedelta(0):
            raise ValueError("the outcome question comes after the meeting")


def reminder_moment(reminder: Reminder, starts_at: datetime, times: ReminderTimes) -> datetime:
    """When one of a meeting's messages is due (UTC)."""
    require_aware(starts_at, "starts_at")
    offset = {
        Reminder.DAY_BEFORE: -times.day_before,
        Reminder.HOUR_BEFORE: -times.hour_before,
        Reminder.OUTCOME: times.outcome_after,
    }[reminder]
    return (starts_at + offset).astimezone(UTC)


def is_held_back_by_quiet_hours(reminder: Reminder) -> bool:
    """Whether quiet hours delay this message: all but the one-hour reminder."""
    return reminder is not Reminder.HOUR_BEFORE


def reminders_passed(starts_at: datetime, now: datetime, times: ReminderTimes) -> Reminder | None:
    """The last reminder already too late when a meeting is confirmed; those are skipped.

    A meeting confirmed three hours ahead gets no "tomorrow" reminder. The outcome question is
    never skipped: it is how the cadence learns the meeting took place.
    """
    require_aware(now, "now")
    passed = None
    for reminder in (Reminder.DAY_BEFORE, Reminder.HOUR_BEFORE):
        if reminder_moment(reminder, starts_at, times) <= now:
            passed = reminder
    return passed


def next_reminder(
    starts_at: datetime, done: Reminder | None, times: ReminderTimes
) -> tuple[Reminder, datetime] | None:
    """The next message of a confirmed meeting after `done`, with its moment; None after all."""
    index = 0 if done is None else REMINDERS.index(done) + 1
    if index >= len(REMINDERS):
        return None
    reminder = REMINDERS[index]
    return reminder, reminder_moment(reminder, starts_at, times)


def due_reminder(
    starts_at: datetime, done: Reminder | None, now: datetime, times: ReminderTimes
) -> Reminder | None:
    """The message to send now: after downtime only the latest one due goes out, not all."""
    require_aware(now, "now")
    start = 0 if done is None else REMINDERS.index(done) + 1
    due = None
    for reminder in REMINDERS[start:]:
        if reminder_moment(reminder, starts_at, times) <= now:
            due = reminder
    return due
