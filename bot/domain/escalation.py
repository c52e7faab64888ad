"""When the supervisor must be alerted about a student, who hears of it, and when to ask again."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from bot.domain.messages import Payload, message_kind

MOOD_MIN = 1
MOOD_MAX = 5


class AlertKind(StrEnum):
    """Why a supervisor is alerted."""

    PROBLEM_REPORTED = "problem_reported"  # the student reported a problem himself
    LOW_MOOD = "low_mood"  # inferred: several low moods in a row
    MISSED_CHECKINS = "missed_checkins"  # inferred: several unanswered check-ins in a row
    MEETINGS_LAPSING = "meetings_lapsing"  # no mentor meeting held within the cadence
    MEETINGS_CANCELLED = "meetings_cancelled"  # mentor meetings cancelled several times in a row
    REVIEW_OVERDUE = "review_overdue"  # the tripartite review is overdue


class CheckInOutcome(StrEnum):
    """How a check-in ended."""

    ANSWERED = "answered"
    MISSED = "missed"


@dataclass(frozen=True, slots=True)
class CheckInRecord:
    """One answered or closed check-in; a history lists them oldest first."""

    outcome: CheckInOutcome
    mood: int | None  # 1..5 when answered

    def __post_init__(self) -> None:
        if self.mood is not None and not is_valid_mood(self.mood):
            raise ValueError(f"mood must be {MOOD_MIN}..{MOOD_MAX}, not {self.mood}")
        if self.outcome is CheckInOutcome.MISSED and self.mood is not None:
            raise ValueError("a missed check-in has no mood")


@dataclass(frozen=True, slots=True)
class EscalationThresholds:
    """How many worrying check-ins in a row make an alert."""

    low_mood_at_most: int = 2  # a mood at or below this counts as low
    low_mood_weeks: int = 2  # this many low moods in a row -> alert
    missed_in_a_row: int = 2  # this many missed check-ins in a row -> alert

    def __post_init__(self) -> None:
        if not is_valid_mood(self.low_mood_at_most):
            raise ValueError(f"low_mood_at_most must be a mood, not {self.low_mood_at_most}")
        if self.low_mood_weeks < 1 or self.missed_in_a_row < 1:
            raise ValueError("a streak threshold must be at least 1")


@dataclass(frozen=True, slots=True)
class AlertRouting:
    """Who is told of one alert."""

    supervisor: bool
    mentor: bool


def is_valid_mood(value: int) -> bool:
    """Whether a number is a mood a student can give (1 to 5)."""
    return MOOD_MIN <= value <= MOOD_MAX


def escalation_for(
    history: Sequence[CheckInRecord], thresholds: EscalationThresholds
) -> AlertKind | None:
    """The alert the newest check-in triggers (low mood or missed check-ins), once per streak.

    A streak alerts only on the check-in that makes it exactly as long as its threshold: a third
    low week in a row does not alert again, but a streak that breaks and starts over does.
    Only the tail of `history` (oldest first) matters. An answered check-in without a mood
    counts as not low. A reported problem is the student's own act, never inferred here.
    """
    if not history:
        return None
    if history[-1].outcome is CheckInOutcome.MISSED:
        streak = _streak_length(history, lambda record: record.outcome is CheckInOutcome.MISSED)
        return AlertKind.MISSED_CHECKINS if streak == thresholds.missed_in_a_row else None
    streak = _streak_length(history, lambda record: _is_low(record, thresholds))
    return AlertKind.LOW_MOOD if streak == thresholds.low_mood_weeks else None


def routing_for(kind: AlertKind, shared_with_mentor: bool) -> AlertRouting:
    """Who hears of an alert: always the supervisor; the mentor only of a reported problem.

    The mentor hears of a problem only when the student chose to share it with him. (What the
    student is told of his own report is bot/domain/reports.py's business.)
    """
    reported = kind is AlertKind.PROBLEM_REPORTED
    # Inferred alerts (mood, silence) are about the student, not from him: telling his mentor
    # would turn a welfare signal into surveillance.
    return AlertRouting(supervisor=True, mentor=reported and shared_with_mentor)


def alert_resend_at(
    created_at: datetime, resend_after: timedelta, times_sent: int, max_resends: int
) -> datetime | None:
    """When an unacknowledged alert goes out again, or None: hand it to the coordinator instead.

    `times_sent` counts the first sending; resends follow every `resend_after` from creation.
    """
    if created_at.tzinfo is None or created_at.utcoffset() is None:
        raise ValueError(f"created_at must be an aware datetime, got {created_at.isoformat()}")
    if resend_after <= timedelta(0):
        raise ValueError(f"resend_after must be positive, not {resend_after}")
    if times_sent < 1 or max_resends < 0:
        raise ValueError("an alert is sent at least once and resent zero or more times")
    if times_sent - 1 >= max_resends:
        return None
    # Counting from creation, not from the last sending, keeps the answer the same however late
    # the tick that asks.
    return (created_at + resend_after * times_sent).astimezone(UTC)


def _is_low(record: CheckInRecord, thresholds: EscalationThresholds) -> bool:
    """Whether a check-in was answered with a low mood."""
    return (
        record.outcome is CheckInOutcome.ANSWERED
        and record.mood is not None
        and record.mood <= thresholds.low_mood_at_most
    )


def _streak_length(
    history: Sequence[CheckInRecord], counts: Callable[[CheckInRecord], bool]
) -> int:
    """How many of the newest check-ins in a row match."""
    length = 0
    for record in reversed(history):
        if not counts(record):
            break
        length += 1
    return length


class AlertStatus(StrEnum):
    """An alert's lifecycle: open, then acknowledged, then resolved."""

    OPEN = "open"
    ACKNOWLEDGED = "acknowledged"
    RESOLVED = "resolved"


@dataclass(frozen=True, slots=True)
class Alert:
    """A signal that a placement needs the supervisor's attention."""

    id: int
    placement_id: int
    kind: AlertKind
    status: AlertStatus
    details: str | None
    shared_with_mentor: bool
    created_at: datetime
    times_sent: int
    acknowledged_by: str | None = None
    acknowledged_at: datetime | None = None
    resolved_by: str | None = None
    resolution_note: str | None = None


# --- messages the alert feature sends (their views: handlers/alert_views.py) -------------------


@message_kind("alert")
@dataclass(frozen=True, slots=True)
class AlertRaised(Payload):
    """An alert to the placement's supervisor, with its buttons; `resent` when sent again."""

    alert_id: int
    resent: bool = False


@message_kind("alert_escalated")
@dataclass(frozen=True, slots=True)
class AlertEscalated(Payload):
    """An alert nobody acknowledged for `hours`, handed to a coordinator."""

    alert_id: int
    hours: int


@message_kind("problem_shared")
@dataclass(frozen=True, slots=True)
class ProblemShared(Payload):
    """A problem the student chose to share with his mentor too, to the mentor."""

    alert_id: int
