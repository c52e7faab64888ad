"""The school's meeting settings as one value: cadence margins, reminder times, quiet hours."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time, timedelta

from bot.domain.cadence import Cadence, mentor_cadence, tripartite_cadence
from bot.domain.meeting_reminders import ReminderTimes
from bot.domain.meetings import MeetingKind
from bot.domain.quiet import QuietHours

NIGHT = QuietHours(time(21), time(8))
DEFAULT_TIMES = (time(9), time(10), time(11), time(13), time(14), time(15), time(16))


@dataclass(frozen=True, slots=True)
class MeetingRules:
    """How meetings are kept on cadence and reminded, from settings."""

    grace_days: int = 2  # a mentor meeting overdue this long: remind to plan one
    lapse_days: int = 5  # overdue this long: alert the supervisor
    cancellations_in_a_row: int = 2  # this many cancelled in a row: alert
    review_plan_days_before: int = 14  # remind the supervisor to plan the review this early
    review_overdue_days: int = 7  # the review overdue this long: alert
    length: timedelta = timedelta(hours=1)  # a meeting's length; then "did it take place?"
    day_before: timedelta = timedelta(hours=24)
    hour_before: timedelta = timedelta(hours=1)
    quiet: QuietHours = NIGHT
    usual_times: tuple[time, ...] = DEFAULT_TIMES  # the time keyboard
    days_ahead: int = 14  # the day keyboard offers this many coming days
    max_ahead: timedelta = timedelta(days=183)  # a typed time further ahead is refused

    def __post_init__(self) -> None:
        if not 0 <= self.grace_days < self.lapse_days or self.review_overdue_days < 0:
            raise ValueError("the reminder to plan comes before the alert")
        if self.cancellations_in_a_row < 1 or self.days_ahead < 1 or not self.usual_times:
            raise ValueError("a streak, the day keyboard and the time keyboard need one")
        ReminderTimes(self.day_before, self.hour_before, self.length)  # checks their order

    @property
    def reminder_times(self) -> ReminderTimes:
        """When a confirmed meeting's messages go out."""
        return ReminderTimes(self.day_before, self.hour_before, self.length)

    def cadence(self, kind: MeetingKind, every_days: int, every_weeks: int) -> Cadence:
        """A placement's cadence of one kind of meeting."""
        if kind is MeetingKind.MENTOR:
            return mentor_cadence(every_days, self.grace_days, self.lapse_days)
        return tripartite_cadence(
            every_weeks, self.review_plan_days_before, self.review_overdue_days
        )


# Settings left at their defaults (tests, the bench).
DEFAULT_RULES = MeetingRules()
