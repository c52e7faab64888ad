"""When a student's check-ins alert the supervisor, who hears of it, and when it is sent again."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.domain.escalation import (
    AlertKind,
    AlertRouting,
    CheckInOutcome,
    CheckInRecord,
    EscalationThresholds,
    alert_resend_at,
    escalation_for,
    is_valid_mood,
    routing_for,
)

DEFAULT = EscalationThresholds()
LOW = AlertKind.LOW_MOOD
MISSED = AlertKind.MISSED_CHECKINS
M = CheckInRecord(CheckInOutcome.MISSED, None)
NO_MOOD = CheckInRecord(CheckInOutcome.ANSWERED, None)


def a(mood: int) -> CheckInRecord:
    """An answered check-in with this mood."""
    return CheckInRecord(CheckInOutcome.ANSWERED, mood)


@pytest.mark.parametrize(
    ("history", "expected"),
    [
        ([], None),
        ([a(1)], None),
        ([a(1), a(2)], LOW),
        ([a(5), a(2), a(2)], LOW),
        ([a(3), a(2)], None),
        ([a(2), a(3)], None),
        ([a(5), a(5)], None),
        # The third and fourth low week of one streak do not alert again.
        ([a(1), a(2), a(1)], None),
        ([a(1), a(2), a(1), a(1)], None),
        # A streak that breaks and starts over alerts again.
        ([a(2), a(2), a(4), a(1), a(2)], LOW),
        # An answer without a mood is not low, and breaks a streak.
        ([a(1), NO_MOOD], None),
        ([NO_MOOD, a(1)], None),
        ([a(1), NO_MOOD, a(1), a(1)], LOW),
    ],
)
def test_low_mood_streaks(history: list[CheckInRecord], expected: AlertKind | None) -> None:
    assert escalation_for(history, DEFAULT) == expected


@pytest.mark.parametrize(
    ("history", "expected"),
    [
        ([M], None),
        ([M, M], MISSED),
        ([a(4), M, M], MISSED),
        ([M, M, M], None),
        ([M, M, M, M], None),
        ([M, M, a(3), M, M], MISSED),
        ([M, a(3), M], None),
    ],
)
def test_missed_checkin_streaks(history: list[CheckInRecord], expected: AlertKind | None) -> None:
    assert escalation_for(history, DEFAULT) == expected


@pytest.mark.parametrize(
    ("history", "expected"),
    [
        # A missed check-in is neither a low mood nor a good one: it breaks a low streak.
        ([a(1), M, a(1)], None),
        ([a(1), M], None),
        ([a(1), a(2), M], None),
        ([M, a(1), a(2)], LOW),
        ([a(1), a(2), M, M], MISSED),
        ([M, a(1)], None),
        ([M, M, a(1), a(1)], LOW),
    ],
)
def test_mixed_histories_look_only_at_the_newest_streak(
    history: list[CheckInRecord], expected: AlertKind | None
) -> None:
    assert escalation_for(history, DEFAULT) == expected


@pytest.mark.parametrize(
    ("thresholds", "history", "expected"),
    [
        (EscalationThresholds(low_mood_at_most=3), [a(3), a(3)], LOW),
        (EscalationThresholds(low_mood_at_most=1), [a(2), a(2)], None),
        (EscalationThresholds(low_mood_at_most=1), [a(1), a(1)], LOW),
        (EscalationThresholds(low_mood_weeks=3), [a(1), a(2)], None),
        (EscalationThresholds(low_mood_weeks=3), [a(1), a(2), a(2)], LOW),
        (EscalationThresholds(low_mood_weeks=3), [a(1), a(1), a(1), a(1)], None),
        (EscalationThresholds(low_mood_weeks=1), [a(1)], LOW),
        (EscalationThresholds(low_mood_weeks=1), [a(3), a(1)], LOW),
        (EscalationThresholds(low_mood_weeks=1), [a(1), a(1)], None),
        (EscalationThresholds(missed_in_a_row=3), [M, M], None),
        (EscalationThresholds(missed_in_a_row=3), [M, M, M], MISSED),
        (EscalationThresholds(missed_in_a_row=3), [M, M, M, M], None),
        (EscalationThresholds(missed_in_a_row=1), [M], MISSED),
        (EscalationThresholds(missed_in_a_row=1), [a(4), M], MISSED),
        (EscalationThresholds(missed_in_a_row=1), [M, M], None),
    ],
)
def test_thresholds_set_what_counts_and_how_long(
    thresholds: EscalationThresholds, history: list[CheckInRecord], expected: AlertKind | None
) -> None:
    assert escalation_for(history, thresholds) == expected


EVERYONE = AlertRouting(supervisor=True, mentor=True)
SUPERVISOR_ONLY = AlertRouting(supervisor=True, mentor=False)


@pytest.mark.parametrize(
    ("kind", "shared_with_mentor", "expected"),
    [
        (AlertKind.PROBLEM_REPORTED, True, EVERYONE),
        (AlertKind.PROBLEM_REPORTED, False, SUPERVISOR_ONLY),
        (AlertKind.LOW_MOOD, True, SUPERVISOR_ONLY),
        (AlertKind.LOW_MOOD, False, SUPERVISOR_ONLY),
        (AlertKind.MISSED_CHECKINS, True, SUPERVISOR_ONLY),
        (AlertKind.MISSED_CHECKINS, False, SUPERVISOR_ONLY),
    ],
)
def test_routing_tells_the_supervisor_always_and_others_only_of_a_reported_problem(
    kind: AlertKind, shared_with_mentor: bool, expected: AlertRouting
) -> None:
    assert routing_for(kind, shared_with_mentor) == expected


CREATED = datetime(2026, 3, 27, 13, tzinfo=UTC)


@pytest.mark.parametrize(
    ("created_at", "times_sent", "max_resends", "expected"),
    [
        (CREATED, 1, 2, datetime(2026, 3, 28, 13, tzinfo=UTC)),
        (CREATED, 2, 2, datetime(2026, 3, 29, 13, tzinfo=UTC)),
        (CREATED, 3, 2, None),
        (CREATED, 4, 2, None),
        (CREATED, 1, 0, None),
        (CREATED, 1, 1, datetime(2026, 3, 28, 13, tzinfo=UTC)),
        (CREATED, 2, 1, None),
        (
            datetime(2026, 3, 27, 14, tzinfo=ZoneInfo("Europe/Amsterdam")),
            1,
            2,
            datetime(2026, 3, 28, 13, tzinfo=UTC),
        ),
    ],
)
def test_unacknowledged_alerts_are_resent_then_handed_to_the_coordinator(
    created_at: datetime, times_sent: int, max_resends: int, expected: datetime | None
) -> None:
    result = alert_resend_at(created_at, timedelta(hours=24), times_sent, max_resends)
    assert result == expected
    assert result is None or result.tzinfo is UTC


@pytest.mark.parametrize(
    ("created_at", "resend_after", "times_sent", "max_resends"),
    [
        (datetime(2026, 3, 27, 13), timedelta(hours=24), 1, 2),  # noqa: DTZ001 - naive on purpose
        (CREATED, timedelta(0), 1, 2),
        (CREATED, timedelta(hours=-1), 1, 2),
        (CREATED, timedelta(hours=24), 0, 2),
        (CREATED, timedelta(hours=24), 1, -1),
    ],
)
def test_impossible_resend_questions_are_refused(
    created_at: datetime, resend_after: timedelta, times_sent: int, max_resends: int
) -> None:
    with pytest.raises(ValueError, match=r"aware|positive|at least once"):
        alert_resend_at(created_at, resend_after, times_sent, max_resends)


@pytest.mark.parametrize(
    ("value", "expected"),
    [(-1, False), (0, False), (1, True), (3, True), (5, True), (6, False)],
)
def test_a_mood_is_one_to_five(value: int, expected: bool) -> None:
    assert is_valid_mood(value) is expected


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: CheckInRecord(CheckInOutcome.ANSWERED, 0), "mood must be"),
        (lambda: CheckInRecord(CheckInOutcome.ANSWERED, 6), "mood must be"),
        (lambda: CheckInRecord(CheckInOutcome.MISSED, 3), "no mood"),
        (lambda: EscalationThresholds(low_mood_at_most=0), "low_mood_at_most"),
        (lambda: EscalationThresholds(low_mood_at_most=6), "low_mood_at_most"),
        (lambda: EscalationThresholds(low_mood_weeks=0), "at least 1"),
        (lambda: EscalationThresholds(missed_in_a_row=0), "at least 1"),
    ],
)
def test_impossible_records_and_thresholds_are_refused(
    make: Callable[[], object], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        make()
