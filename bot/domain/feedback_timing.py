"""When someone is nudged about feedback, and when the end of a placement is announced.

A feedback item waits for the student's reaction from the moment it is sent, and again from the
moment the mentor answers his question. While it waits:

- the student is reminded once after `remind_student_after` (48 h),
- the mentor is told once after `tell_mentor_after` (5 days),

both counted from the start of the wait. Time on pause does not count against the student: when
a pause covers part of the wait, both delays count from the morning after the pause instead.
Nothing is sent after the placement's last day: the end-of-placement notice takes over.

A mentor who logged no feedback for a placement in `prompt_mentor_after` (14 days, counted from
the placement's start, his last feedback, his last prompt or the end of a pause, whichever is
latest) is asked for it; the student, mentor and supervisor hear `end_notice_days` (14) before
the end date that the placement ends. Those two go out at `notice_time` (09:00) local time of the
placement, on calendar days, so a notice never arrives in the night because of when the last
feedback happened to be written.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from bot.domain.feedback import FeedbackItem
from bot.domain.people import Placement


@dataclass(frozen=True, slots=True)
class FeedbackRules:
    """The delays of the feedback follow-ups, from settings."""

    remind_student_after: timedelta = timedelta(hours=48)
    tell_mentor_after: timedelta = timedelta(days=5)
    prompt_mentor_after_days: int = 14
    end_notice_days: int = 14
    notice_time: time = time(9, 0)
    ask_every: timedelta = timedelta(hours=24)  # /askfeedback at most this often

    def __post_init__(self) -> None:
        if self.remind_student_after <= timedelta(0) or self.ask_every < timedelta(0):
            raise ValueError("feedback delays must be positive")
        if self.tell_mentor_after <= self.remind_student_after:
            raise ValueError("the mentor is told after the student's reminder, not before")
        if self.prompt_mentor_after_days < 1 or self.end_notice_days < 0:
            raise ValueError("the prompt needs at least one day; the end notice zero or more")
        if self.notice_time.tzinfo is not None:
            raise ValueError("the notice time is a local wall-clock time: give it no tzinfo")


# The delays when the settings say nothing (a frozen value, shared safely).
DEFAULT_FEEDBACK_RULES = FeedbackRules()


class FollowUpKind(StrEnum):
    """A nudge about feedback the student has not confirmed."""

    REMIND_STUDENT = "remind_student"
    TELL_MENTOR = "tell_mentor"


@dataclass(frozen=True, slots=True)
class FollowUp:
    """One nudge and the moment it is due (UTC)."""

    kind: FollowUpKind
    at: datetime


def follow_ups(item: FeedbackItem, placement: Placement, rules: FeedbackRules) -> list[FollowUp]:
    """The nudges still to come for one feedback item in its current wait, earliest first."""
    waiting_since = item.waiting_since
    if waiting_since is None:
        return []
    _require_aware(waiting_since, "waiting_since")
    start = max(waiting_since, resumes_at(placement, rules) or waiting_since)
    last = end_of_placement(placement)
    stages = (
        (FollowUpKind.REMIND_STUDENT, item.reminded_at, rules.remind_student_after),
        (FollowUpKind.TELL_MENTOR, item.mentor_told_at, rules.tell_mentor_after),
    )
    # A nudge sent before the current wait began (before the mentor's answer) was about an
    # earlier wait and does not count for this one.
    return [
        FollowUp(kind, (start + delay).astimezone(UTC))
        for kind, done_at, delay in stages
        if (done_at is None or done_at < waiting_since) and start + delay <= last
    ]


def next_follow_up_at(
    item: FeedbackItem, placement: Placement, rules: FeedbackRules
) -> datetime | None:
    """When the tick should look at this feedback item again (its next nudge), if ever."""
    coming = follow_ups(item, placement, rules)
    return coming[0].at if coming else None


def due_follow_ups(
    item: FeedbackItem, placement: Placement, rules: FeedbackRules, now: datetime
) -> list[FollowUp]:
    """The nudges due at `now`; after downtime both may be due at once (each to another person)."""
    _require_aware(now, "now")
    return [follow_up for follow_up in follow_ups(item, placement, rules) if follow_up.at <= now]


def mentor_prompt_at(
    placement: Placement,
    last_feedback_at: datetime | None,
    last_prompt_at: datetime | None,
    rules: FeedbackRules,
) -> datetime | None:
    """When a mentor who has logged no feedback for this placement is asked for it, if ever.

    Silence counts from the latest of: the placement's first morning, his last feedback, his last
    prompt, the morning after a pause. The prompt goes at the notice time on the calendar day
    `prompt_mentor_after_days` later; never after the placement's last day.
    """
    zone = ZoneInfo(placement.timezone)
    since = [_local_moment(placement.starts_on, rules.notice_time, zone)]
    since += [moment for moment in (last_feedback_at, last_prompt_at) if moment is not None]
    resume = resumes_at(placement, rules)
    if resume is not None:
        since.append(resume)
    for moment in since:
        _require_aware(moment, "a moment of silence")
    day = max(since).astimezone(zone).date() + timedelta(days=rules.prompt_mentor_after_days)
    if day > placement.ends_on:
        return None
    return _local_moment(day, rules.notice_time, zone)


def next_look_at(
    placement: Placement,
    last_feedback_at: datetime | None,
    last_prompt_at: datetime | None,
    end_notice_sent: bool,
    *,
    rules: FeedbackRules,
    now: datetime,
) -> datetime | None:
    """When the tick looks at a placement again: its next prompt or its end notice, if any."""
    _require_aware(now, "now")
    coming = [mentor_prompt_at(placement, last_feedback_at, last_prompt_at, rules)]
    if not end_notice_sent and now < end_of_placement(placement):
        coming.append(end_notice_at(placement, rules))
    return min((moment for moment in coming if moment is not None), default=None)


def end_notice_at(placement: Placement, rules: FeedbackRules) -> datetime:
    """When student, mentor and supervisor hear that the placement ends soon (UTC)."""
    day = max(placement.starts_on, placement.ends_on - timedelta(days=rules.end_notice_days))
    return _local_moment(day, rules.notice_time, ZoneInfo(placement.timezone))


def is_end_notice_due(
    placement: Placement, rules: FeedbackRules, now: datetime, already_sent: bool
) -> bool:
    """Whether the end-of-placement notice goes out now (once, and not after the end)."""
    _require_aware(now, "now")
    return not already_sent and end_notice_at(placement, rules) <= now < end_of_placement(
        placement
    )


def may_request_reference(placement: Placement, rules: FeedbackRules, now: datetime) -> bool:
    """Whether the student may ask for a reference: from the end notice on, also afterwards."""
    _require_aware(now, "now")
    return now >= end_notice_at(placement, rules)


def may_ask_for_feedback(
    last_asked_at: datetime | None, rules: FeedbackRules, now: datetime
) -> bool:
    """Whether a student may ask his mentor for feedback again (not more than once a day)."""
    _require_aware(now, "now")
    return last_asked_at is None or now - last_asked_at >= rules.ask_every


def resumes_at(placement: Placement, rules: FeedbackRules) -> datetime | None:
    """The morning after a placement's (last) pause: when waiting counts again (UTC)."""
    if placement.paused_until is None:
        return None
    day = placement.paused_until + timedelta(days=1)
    return _local_moment(day, rules.notice_time, ZoneInfo(placement.timezone))


def end_of_placement(placement: Placement) -> datetime:
    """The first moment after the placement's last day, local midnight (UTC)."""
    day = placement.ends_on + timedelta(days=1)
    return _local_moment(day, time(0, 0), ZoneInfo(placement.timezone))


def _local_moment(day: date, at: time, zone: ZoneInfo) -> datetime:
    """A wall-clock time on a local date as a UTC moment (the first of two, past a skipped one)."""
    # fold=0: an ambiguous time is its first occurrence, a skipped one moves on by the gap.
    return datetime.combine(day, at, tzinfo=zone).astimezone(UTC)


def _require_aware(moment: datetime, name: str) -> None:
    """Refuse a datetime without a time zone: every moment we handle is a real instant."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{name} must be an aware datetime, got naive {moment.isoformat()}")
