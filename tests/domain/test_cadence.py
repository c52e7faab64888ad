"""The agreed meeting cadence: when a meeting is due, when those who plan are reminded, when the
supervisor is alerted; weekly, every 10 days, every 6 and 12 weeks, around cancellations, moves,
pauses, a mid-week start and the summer-time switches."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.domain.cadence import (
    Cadence,
    Term,
    Track,
    alert_at,
    cancellations_in_a_row,
    due_at,
    is_cadence_breached,
    is_cancellation_alert,
    is_tripartite_overdue,
    mentor_cadence,
    plan_reminder_at,
    tripartite_cadence,
)
from bot.domain.meetings import MeetingKind, MeetingRecord, MeetingState

AMS = ZoneInfo("Europe/Amsterdam")
MENTOR, TRIPARTITE = MeetingKind.MENTOR, MeetingKind.TRIPARTITE
HELD, CANCELLED, MOVED = MeetingState.HELD, MeetingState.CANCELLED, MeetingState.MOVED
PROPOSED, CONFIRMED = MeetingState.PROPOSED, MeetingState.CONFIRMED

# Europe/Amsterdam switches to summer time on Sunday 29 March 2026 and back on 25 October.
TERM = Term(date(2026, 2, 2), date(2026, 12, 18), "Europe/Amsterdam")  # starts on a Monday
WEEKLY = mentor_cadence(7, grace_days=2, lapse_days=5)
TEN_DAYS = mentor_cadence(10, grace_days=2, lapse_days=5)
SIX_WEEKS = tripartite_cadence(6, plan_days_before=14, overdue_days=7)
TWELVE_WEEKS = tripartite_cadence(12, plan_days_before=14, overdue_days=7)


def ams(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """An Amsterdam wall time as a UTC instant."""
    return datetime(year, month, day, hour, minute, tzinfo=AMS).astimezone(UTC)


def mentor(state: MeetingState, at: datetime) -> MeetingRecord:
    """A mentor meeting."""
    return MeetingRecord(MENTOR, state, at)


def review(state: MeetingState, at: datetime, next_on: date | None = None) -> MeetingRecord:
    """A tripartite review."""
    return MeetingRecord(TRIPARTITE, state, at, next_on)


def track(
    cadence: Cadence, *meetings: MeetingRecord, kind: MeetingKind = MENTOR, term: Term = TERM
) -> Track:
    """One kind of meeting of the placement."""
    return Track(kind, term, cadence, meetings)


TUE_10_FEB = ams(2026, 2, 10, 14, 30)
PAUSED_TO_20_FEB = replace(TERM, paused_until=date(2026, 2, 20))
TUE_17_FEB = ams(2026, 2, 17, 14, 30)


@pytest.mark.parametrize(
    ("situation", "now", "due", "remind", "alert"),
    [
        # Weekly from a Monday start, nothing held yet: due the next Monday, a reminder to plan
        # two days later, an alert five days after it was due.
        (track(WEEKLY), ams(2026, 2, 3), ams(2026, 2, 9), ams(2026, 2, 11), ams(2026, 2, 14)),
        # Weekly after a meeting on Tuesday 14:30: due Tuesday 14:30 again.
        (
            track(WEEKLY, mentor(HELD, TUE_10_FEB)),
            ams(2026, 2, 11),
            TUE_17_FEB,
            ams(2026, 2, 19, 14, 30),
            ams(2026, 2, 22, 14, 30),
        ),
        # Every 10 days.
        (
            track(TEN_DAYS, mentor(HELD, TUE_10_FEB)),
            ams(2026, 2, 11),
            ams(2026, 2, 20, 14, 30),
            ams(2026, 2, 22, 14, 30),
            ams(2026, 2, 25, 14, 30),
        ),
        # A cancelled meeting does not count: the clock runs from the one held before it.
        (
            track(WEEKLY, mentor(HELD, TUE_10_FEB), mentor(CANCELLED, TUE_17_FEB)),
            ams(2026, 2, 18),
            TUE_17_FEB,
            ams(2026, 2, 19, 14, 30),
            ams(2026, 2, 22, 14, 30),
        ),
        # Nor does a moved one, while its new time is not yet agreed.
        (
            track(WEEKLY, mentor(HELD, TUE_10_FEB), mentor(MOVED, TUE_17_FEB)),
            ams(2026, 2, 18),
            TUE_17_FEB,
            ams(2026, 2, 19, 14, 30),
            ams(2026, 2, 22, 14, 30),
        ),
        # A moved meeting proposed again for Friday: nobody is reminded to plan, but Sunday's
        # lapse stands (a meeting planned late is late).
        (
            track(WEEKLY, mentor(HELD, TUE_10_FEB), mentor(PROPOSED, ams(2026, 2, 20, 10))),
            ams(2026, 2, 18),
            TUE_17_FEB,
            None,
            ams(2026, 2, 22, 14, 30),
        ),
        # A confirmed meeting whose time has come counts as held until the mentor says not.
        (
            track(WEEKLY, mentor(HELD, TUE_10_FEB), mentor(CONFIRMED, TUE_17_FEB)),
            ams(2026, 2, 17, 16),
            ams(2026, 2, 24, 14, 30),
            ams(2026, 2, 26, 14, 30),
            ams(2026, 3, 1, 14, 30),
        ),
        # ... and as planned before its time has come.
        (
            track(WEEKLY, mentor(HELD, TUE_10_FEB), mentor(CONFIRMED, TUE_17_FEB)),
            ams(2026, 2, 16),
            TUE_17_FEB,
            None,
            ams(2026, 2, 22, 14, 30),
        ),
        # A proposal whose time passed unconfirmed is not planned any more.
        (
            track(WEEKLY, mentor(HELD, TUE_10_FEB), mentor(PROPOSED, TUE_17_FEB)),
            ams(2026, 2, 18),
            TUE_17_FEB,
            ams(2026, 2, 19, 14, 30),
            ams(2026, 2, 22, 14, 30),
        ),
        # A placement starting on a Wednesday: its first weekly meeting is due on Wednesday.
        (
            track(WEEKLY, term=replace(TERM, starts_on=date(2026, 2, 4))),
            ams(2026, 2, 1),
            ams(2026, 2, 11),
            ams(2026, 2, 13),
            ams(2026, 2, 16),
        ),
        # A pause to Friday 20 February stops the clock; it starts afresh on Saturday.
        (
            track(WEEKLY, mentor(HELD, TUE_10_FEB), term=PAUSED_TO_20_FEB),
            ams(2026, 2, 15),
            ams(2026, 2, 28),
            ams(2026, 3, 2),
            ams(2026, 3, 5),
        ),
        # A meeting held after the pause counts again.
        (
            track(
                WEEKLY,
                mentor(HELD, TUE_10_FEB),
                mentor(HELD, ams(2026, 2, 24, 9)),
                term=replace(TERM, paused_until=date(2026, 2, 20)),
            ),
            ams(2026, 2, 25),
            ams(2026, 3, 3, 9),
            ams(2026, 3, 5, 9),
            ams(2026, 3, 8, 9),
        ),
        # Summer time starts on Sunday 29 March: Tuesday 14:30 stays 14:30 local (167 hours).
        (
            track(WEEKLY, mentor(HELD, ams(2026, 3, 24, 14, 30))),
            ams(2026, 3, 25),
            ams(2026, 3, 31, 14, 30),
            ams(2026, 4, 2, 14, 30),
            ams(2026, 4, 5, 14, 30),
        ),
        # ... and in the week it ends (25 October), 169 hours later.
        (
            track(WEEKLY, mentor(HELD, ams(2026, 10, 20, 14, 30))),
            ams(2026, 10, 21),
            ams(2026, 10, 27, 14, 30),
            ams(2026, 10, 29, 14, 30),
            ams(2026, 11, 1, 14, 30),
        ),
        # A meeting on Friday before the switch: the reminder on Sunday 29 March is summer time.
        (
            track(WEEKLY, mentor(HELD, ams(2026, 3, 20, 9))),
            ams(2026, 3, 21),
            ams(2026, 3, 27, 9),
            ams(2026, 3, 29, 9),
            ams(2026, 4, 1, 9),
        ),
        # Nothing is due after the placement's last day (Friday 18 December).
        (
            track(WEEKLY, mentor(HELD, ams(2026, 12, 15, 10))),
            ams(2026, 12, 16),
            None,
            None,
            None,
        ),
        # Due on the last day: reminded, but the alert would come after the end.
        (
            track(WEEKLY, mentor(HELD, ams(2026, 12, 9, 10))),
            ams(2026, 12, 10),
            ams(2026, 12, 16, 10),
            ams(2026, 12, 18, 10),
            None,
        ),
        # Tripartite review every 6 weeks: planned two weeks ahead, overdue a week after.
        (
            track(SIX_WEEKS, kind=TRIPARTITE),
            ams(2026, 2, 3),
            ams(2026, 3, 16),
            ams(2026, 3, 2),
            ams(2026, 3, 23),
        ),
        # Every 12 weeks (UK apprenticeships).
        (
            track(TWELVE_WEEKS, kind=TRIPARTITE),
            ams(2026, 2, 3),
            ams(2026, 4, 27),
            ams(2026, 4, 13),
            ams(2026, 5, 4),
        ),
        # Mentor meetings do not count for the review, nor the review for mentor meetings.
        (
            track(SIX_WEEKS, mentor(HELD, ams(2026, 3, 10, 10)), kind=TRIPARTITE),
            ams(2026, 3, 11),
            ams(2026, 3, 16),
            ams(2026, 3, 2),
            ams(2026, 3, 23),
        ),
        (
            track(WEEKLY, review(HELD, TUE_10_FEB)),
            ams(2026, 2, 3),
            ams(2026, 2, 9),
            ams(2026, 2, 11),
            ams(2026, 2, 14),
        ),
        # A held review runs the clock from its own time across the spring switch ...
        (
            track(SIX_WEEKS, review(HELD, ams(2026, 3, 17, 10)), kind=TRIPARTITE),
            ams(2026, 3, 18),
            ams(2026, 4, 28, 10),
            ams(2026, 4, 14, 10),
            ams(2026, 5, 5, 10),
        ),
        # ... unless it agreed the next review's date.
        (
            track(
                SIX_WEEKS, review(HELD, ams(2026, 3, 17, 10), date(2026, 5, 19)), kind=TRIPARTITE
            ),
            ams(2026, 3, 18),
            ams(2026, 5, 19),
            ams(2026, 5, 5),
            ams(2026, 5, 26),
        ),
        # A review planned ahead: no reminder to plan it.
        (
            track(SIX_WEEKS, review(CONFIRMED, ams(2026, 3, 12, 10)), kind=TRIPARTITE),
            ams(2026, 3, 1),
            ams(2026, 3, 16),
            None,
            ams(2026, 3, 23),
        ),
    ],
)
def test_due_reminder_and_alert(
    situation: Track,
    now: datetime,
    due: datetime | None,
    remind: datetime | None,
    alert: datetime | None,
) -> None:
    assert due_at(situation, now) == due
    assert plan_reminder_at(situation, now) == remind
    assert alert_at(situation, now) == alert


def test_across_the_switches_the_wall_time_stays_and_the_hours_change() -> None:
    spring = track(WEEKLY, mentor(HELD, ams(2026, 3, 24, 14, 30)))
    autumn = track(WEEKLY, mentor(HELD, ams(2026, 10, 20, 14, 30)))
    spring_due = due_at(spring, ams(2026, 3, 25))
    autumn_due = due_at(autumn, ams(2026, 10, 21))
    assert spring_due is not None
    assert autumn_due is not None
    assert spring_due - ams(2026, 3, 24, 14, 30) == timedelta(hours=167)
    assert autumn_due - ams(2026, 10, 20, 14, 30) == timedelta(hours=169)
    assert spring_due.astimezone(AMS).hour == autumn_due.astimezone(AMS).hour == 14


def weekly_with(*held_on: int) -> Track:
    """Weekly meetings held on these days of February, Tuesday 14:30 from the 3rd."""
    return track(WEEKLY, *(mentor(HELD, ams(2026, 2, day, 14, 30)) for day in held_on))


@pytest.mark.parametrize(
    ("situation", "now", "breached"),
    [
        (weekly_with(3, 10, 17), ams(2026, 2, 24, 15), False),
        # A skipped week: last held on the 17th, due the 24th, lapsing from Sunday 1 March.
        (weekly_with(3, 10, 17), ams(2026, 3, 1, 14, 29), False),
        (weekly_with(3, 10, 17), ams(2026, 3, 1, 14, 30), True),
        # The meeting on the 3rd of March ends the lapse.
        (
            track(WEEKLY, *weekly_with(3, 10, 17).meetings, mentor(HELD, ams(2026, 3, 3, 14, 30))),
            ams(2026, 3, 3, 15),
            False,
        ),
        # Not during a pause: the clock stands still.
        (
            replace(weekly_with(3, 10, 17), term=replace(TERM, paused_until=date(2026, 3, 6))),
            ams(2026, 3, 4),
            False,
        ),
        # Never after the placement ended.
        (weekly_with(3), ams(2027, 1, 10), False),
    ],
)
def test_is_cadence_breached(situation: Track, now: datetime, breached: bool) -> None:
    assert is_cadence_breached(situation, now) is breached


def test_tripartite_overdue() -> None:
    planned_late = track(SIX_WEEKS, review(CONFIRMED, ams(2026, 3, 30, 10)), kind=TRIPARTITE)
    assert not is_tripartite_overdue(planned_late, ams(2026, 3, 22, 23, 59))
    assert is_tripartite_overdue(planned_late, ams(2026, 3, 23))
    held = track(SIX_WEEKS, review(HELD, ams(2026, 3, 12, 10)), kind=TRIPARTITE)
    assert not is_tripartite_overdue(held, ams(2026, 3, 23))
    with pytest.raises(ValueError, match="tripartite"):
        is_tripartite_overdue(track(WEEKLY), ams(2026, 3, 23))


C = mentor(CANCELLED, TUE_10_FEB)
H = mentor(HELD, TUE_10_FEB)
MV = mentor(MOVED, TUE_10_FEB)
P = mentor(PROPOSED, TUE_10_FEB)
RC = review(CANCELLED, TUE_10_FEB)


@pytest.mark.parametrize(
    ("history", "in_a_row", "alert"),
    [
        ([], 0, False),
        ([C], 1, False),
        ([H, C], 1, False),
        ([H, C, C], 2, True),
        ([C, C], 2, True),
        # A third cancellation in a row does not alert again; a new streak does.
        ([C, C, C], 3, False),
        ([C, C, H, C], 1, False),
        ([C, C, H, C, C], 2, True),
        # Moved and proposed meetings are not finished: they neither count nor break a streak.
        ([C, MV, C], 2, True),
        ([C, P, C], 2, True),
        ([H, MV], 0, False),
        # A cancelled review is another track.
        ([C, RC], 1, False),
        ([RC, RC], 0, False),
    ],
)
def test_two_cancellations_in_a_row(
    history: list[MeetingRecord], in_a_row: int, alert: bool
) -> None:
    situation = track(WEEKLY, *history)
    assert cancellations_in_a_row(situation) == in_a_row
    assert is_cancellation_alert(situation) is alert


def test_the_streak_length_is_a_setting() -> None:
    assert is_cancellation_alert(track(WEEKLY, C, C, C), in_a_row=3)
    assert not is_cancellation_alert(track(WEEKLY, C, C), in_a_row=3)
    with pytest.raises(ValueError, match="at least one"):
        is_cancellation_alert(track(WEEKLY, C), in_a_row=0)


@pytest.mark.parametrize(
    ("make", "match"),
    [
        (lambda: mentor_cadence(0, 2, 5), "at least one day"),
        (lambda: mentor_cadence(7, 5, 5), "after the reminder"),
        (lambda: tripartite_cadence(6, 14, -1), "after the due moment"),
        (lambda: Term(date(2026, 3, 1), date(2026, 2, 1), "Europe/Amsterdam"), "before it starts"),
        (lambda: Term(date(2026, 2, 1), date(2026, 3, 1), "Mars/Olympus"), "unknown time zone"),
    ],
)
def test_impossible_cadences_and_terms_are_refused(make: Callable[[], object], match: str) -> None:
    with pytest.raises(ValueError, match=match):
        make()


def test_now_must_be_an_instant() -> None:
    with pytest.raises(ValueError, match="aware"):
        due_at(track(WEEKLY), datetime(2026, 2, 3))  # noqa: DTZ001
