"""Meetings: who plans, confirms and records them, how their state moves, when their reminders
go out, and the quiet hours that hold reminders back."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.domain.meeting_reminders import (
    Reminder,
    ReminderTimes,
    due_reminder,
    is_held_back_by_quiet_hours,
    next_reminder,
    reminder_moment,
    reminders_passed,
)
from bot.domain.meetings import (
    Meeting,
    MeetingEvent,
    MeetingKind,
    MeetingRecord,
    MeetingState,
    calendar_uid,
    confirmations_needed,
    is_outcome_open,
    may_change_cadence,
    may_propose,
    may_retime,
    next_state,
    organiser,
    participants,
    zone_name_for,
)
from bot.domain.people import Role
from bot.domain.quiet import QuietHours, is_quiet, release_at

AMS = ZoneInfo("Europe/Amsterdam")
NEW_YORK = ZoneInfo("America/New_York")
TOKYO = ZoneInfo("Asia/Tokyo")
MENTOR, TRIPARTITE = MeetingKind.MENTOR, MeetingKind.TRIPARTITE
S, M, SV, C = Role.STUDENT, Role.MENTOR, Role.SUPERVISOR, Role.COORDINATOR
TIMES = ReminderTimes()


def ams(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """An Amsterdam wall time as a UTC instant (never inside a gap in these tests)."""
    return datetime(year, month, day, hour, minute, tzinfo=AMS).astimezone(UTC)


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """A UTC instant."""
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


# Every state and event, with what the pair leads to; every pair not listed is refused.
ALLOWED = {
    (MeetingState.PROPOSED, MeetingEvent.PROPOSE): MeetingState.PROPOSED,
    (MeetingState.PROPOSED, MeetingEvent.CONFIRM): MeetingState.CONFIRMED,
    (MeetingState.PROPOSED, MeetingEvent.CANCEL): MeetingState.CANCELLED,
    (MeetingState.CONFIRMED, MeetingEvent.PROPOSE): MeetingState.PROPOSED,
    (MeetingState.CONFIRMED, MeetingEvent.HOLD): MeetingState.HELD,
    (MeetingState.CONFIRMED, MeetingEvent.MOVE): MeetingState.MOVED,
    (MeetingState.CONFIRMED, MeetingEvent.CANCEL): MeetingState.CANCELLED,
    (MeetingState.MOVED, MeetingEvent.PROPOSE): MeetingState.PROPOSED,
    (MeetingState.MOVED, MeetingEvent.CANCEL): MeetingState.CANCELLED,
}


@pytest.mark.parametrize("state", list(MeetingState))
@pytest.mark.parametrize("event", list(MeetingEvent))
def test_each_state_allows_only_its_events(state: MeetingState, event: MeetingEvent) -> None:
    assert next_state(state, event) == ALLOWED.get((state, event))


@pytest.mark.parametrize("event", list(MeetingEvent))
def test_a_held_or_cancelled_meeting_is_final(event: MeetingEvent) -> None:
    assert next_state(MeetingState.HELD, event) is None
    assert next_state(MeetingState.CANCELLED, event) is None


def test_a_proposal_is_never_held_before_it_was_confirmed() -> None:
    assert next_state(MeetingState.PROPOSED, MeetingEvent.HOLD) is None
    assert next_state(MeetingState.PROPOSED, MeetingEvent.MOVE) is None


@pytest.mark.parametrize(
    ("kind", "role", "proposes", "organises"),
    [
        (MENTOR, S, True, False),
        (MENTOR, M, True, True),
        (MENTOR, SV, False, False),
        (MENTOR, C, False, False),
        (TRIPARTITE, S, False, False),
        (TRIPARTITE, M, False, False),
        (TRIPARTITE, SV, True, True),
        (TRIPARTITE, C, False, False),
    ],
)
def test_who_proposes_and_who_records_the_outcome(
    kind: MeetingKind, role: Role, proposes: bool, organises: bool
) -> None:
    assert may_propose(kind, role) is proposes
    assert (organiser(kind) is role) is organises


@pytest.mark.parametrize(
    ("kind", "proposed_by", "needed"),
    [
        (MENTOR, M, {S}),
        (MENTOR, S, {M}),
        (TRIPARTITE, SV, {S, M}),
        # A counter proposal of the student needs the supervisor and the mentor again.
        (TRIPARTITE, S, {M, SV}),
        (TRIPARTITE, M, {S, SV}),
    ],
)
def test_every_participant_but_the_proposer_confirms(
    kind: MeetingKind, proposed_by: Role, needed: set[Role]
) -> None:
    assert confirmations_needed(kind, proposed_by) == needed
    assert confirmations_needed(kind, proposed_by) <= participants(kind)


@pytest.mark.parametrize("kind", list(MeetingKind))
@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("state", list(MeetingState))
def test_any_participant_may_propose_another_time_until_it_is_over(
    kind: MeetingKind, role: Role, state: MeetingState
) -> None:
    over = state in (MeetingState.HELD, MeetingState.CANCELLED)
    expected = role in participants(kind) and not over
    assert may_retime(kind, role, state) is expected


def test_participants_of_each_kind() -> None:
    assert participants(MENTOR) == {S, M}
    assert participants(TRIPARTITE) == {S, M, SV}


@pytest.mark.parametrize(("role", "allowed"), [(S, False), (M, False), (SV, True), (C, True)])
def test_only_supervisor_and_coordinator_change_the_cadence(role: Role, allowed: bool) -> None:
    assert may_change_cadence(role) is allowed


def test_the_outcome_can_be_recorded_from_the_planned_time_on() -> None:
    starts = utc(2026, 12, 1, 13, 30)
    assert not is_outcome_open(starts, starts - timedelta(seconds=1))
    assert is_outcome_open(starts, starts)
    assert is_outcome_open(starts, starts + timedelta(days=3))


def test_the_calendar_uid_is_stable_per_meeting_and_unique_per_bot() -> None:
    assert calendar_uid(42, "School_Bot") == calendar_uid(42, "school_bot")
    assert calendar_uid(42, "school_bot") != calendar_uid(43, "school_bot")
    assert calendar_uid(42, "school_bot") != calendar_uid(42, "other_bot")


def test_a_meeting_record_refuses_naive_times_and_misplaced_review_dates() -> None:
    with pytest.raises(ValueError, match="aware"):
        MeetingRecord(MENTOR, MeetingState.HELD, datetime(2026, 12, 1, 14, 30))  # noqa: DTZ001
    with pytest.raises(ValueError, match="held tripartite"):
        MeetingRecord(MENTOR, MeetingState.HELD, utc(2026, 12, 1), date(2027, 1, 12))
    with pytest.raises(ValueError, match="held tripartite"):
        MeetingRecord(TRIPARTITE, MeetingState.CONFIRMED, utc(2026, 12, 1), date(2027, 1, 12))


def test_a_meeting_shows_the_cadence_its_agreed_next_review_only_once_held() -> None:
    held = Meeting(
        1,
        1,
        TRIPARTITE,
        MeetingState.HELD,
        utc(2026, 12, 1),
        2,
        5,
        next_review_on=date(2027, 1, 12),
    )
    assert held.record == MeetingRecord(
        TRIPARTITE, MeetingState.HELD, utc(2026, 12, 1), date(2027, 1, 12)
    )
    # A review moved after a date was agreed does not carry that date to the cadence.
    moved = Meeting(
        1,
        1,
        TRIPARTITE,
        MeetingState.MOVED,
        utc(2026, 12, 1),
        2,
        5,
        next_review_on=date(2027, 1, 12),
    )
    assert moved.record.next_review_on is None


@pytest.mark.parametrize(
    ("role", "zone"),
    [(S, "Asia/Tokyo"), (M, "Asia/Tokyo"), (SV, "Europe/Amsterdam"), (C, "Europe/Amsterdam")],
)
def test_times_are_read_at_the_company_or_at_school(role: Role, zone: str) -> None:
    assert zone_name_for(role, "Asia/Tokyo", "Europe/Amsterdam") == zone


# ---- reminders ------------------------------------------------------------------------------

MEETING = ams(2026, 12, 1, 14, 30)  # Tuesday 14:30, winter time (13:30 UTC)


@pytest.mark.parametrize(
    ("reminder", "expected"),
    [
        (Reminder.DAY_BEFORE, ams(2026, 11, 30, 14, 30)),
        (Reminder.HOUR_BEFORE, ams(2026, 12, 1, 13, 30)),
        (Reminder.OUTCOME, ams(2026, 12, 1, 15, 30)),
    ],
)
def test_reminder_moments(reminder: Reminder, expected: datetime) -> None:
    assert reminder_moment(reminder, MEETING, TIMES) == expected


def test_the_hour_before_reminder_is_an_hour_of_real_time_across_the_spring_switch() -> None:
    # Sunday 29 March 2026, 03:30 summer time (01:30 UTC): the hour before is 01:30 winter time.
    meeting = utc(2026, 3, 29, 1, 30)
    moment = reminder_moment(Reminder.HOUR_BEFORE, meeting, TIMES)
    assert moment == utc(2026, 3, 29, 0, 30)
    assert moment.astimezone(AMS).hour == 1


@pytest.mark.parametrize(
    ("now", "passed"),
    [
        (ams(2026, 11, 28, 10), None),  # three days ahead: every reminder still to come
        (ams(2026, 11, 30, 14, 30), Reminder.DAY_BEFORE),  # exactly the day before
        (ams(2026, 12, 1, 11, 30), Reminder.DAY_BEFORE),  # three hours ahead: no "tomorrow"
        (ams(2026, 12, 1, 14, 0), Reminder.HOUR_BEFORE),  # half an hour ahead
    ],
)
def test_reminders_already_too_late_at_confirmation_are_skipped(
    now: datetime, passed: Reminder | None
) -> None:
    assert reminders_passed(MEETING, now, TIMES) == passed


def test_the_next_reminder_follows_the_last_one_sent() -> None:
    assert next_reminder(MEETING, None, TIMES) == (Reminder.DAY_BEFORE, ams(2026, 11, 30, 14, 30))
    assert next_reminder(MEETING, Reminder.DAY_BEFORE, TIMES) == (
        Reminder.HOUR_BEFORE,
        ams(2026, 12, 1, 13, 30),
    )
    assert next_reminder(MEETING, Reminder.HOUR_BEFORE, TIMES) == (
        Reminder.OUTCOME,
        ams(2026, 12, 1, 15, 30),
    )
    assert next_reminder(MEETING, Reminder.OUTCOME, TIMES) is None


@pytest.mark.parametrize(
    ("done", "now", "due"),
    [
        (None, ams(2026, 11, 30, 14, 29), None),
        (None, ams(2026, 11, 30, 14, 30), Reminder.DAY_BEFORE),
        (Reminder.DAY_BEFORE, ams(2026, 12, 1, 9, 0), None),
        (Reminder.DAY_BEFORE, ams(2026, 12, 1, 13, 30), Reminder.HOUR_BEFORE),
        # After downtime only the latest message due goes out: not the day-before reminder
        # an hour before the meeting, not a reminder after it.
        (None, ams(2026, 12, 1, 13, 45), Reminder.HOUR_BEFORE),
        (None, ams(2026, 12, 1, 16, 0), Reminder.OUTCOME),
        (Reminder.HOUR_BEFORE, ams(2026, 12, 1, 15, 29), None),
        (Reminder.HOUR_BEFORE, ams(2026, 12, 1, 15, 30), Reminder.OUTCOME),
        (Reminder.OUTCOME, ams(2026, 12, 9), None),
    ],
)
def test_the_reminder_due_now(done: Reminder | None, now: datetime, due: Reminder | None) -> None:
    assert due_reminder(MEETING, done, now, TIMES) == due


def test_only_the_hour_before_reminder_ignores_quiet_hours() -> None:
    assert [r for r in Reminder if not is_held_back_by_quiet_hours(r)] == [Reminder.HOUR_BEFORE]


@pytest.mark.parametrize(
    ("times", "match"),
    [
        (lambda: ReminderTimes(day_before=timedelta(hours=1)), "day-before"),
        (lambda: ReminderTimes(hour_before=timedelta(0)), "day-before"),
        (lambda: ReminderTimes(outcome_after=timedelta(minutes=-1)), "after the meeting"),
    ],
)
def test_reminder_times_in_the_wrong_order_are_refused(
    times: Callable[[], ReminderTimes], match: str
) -> None:
    with pytest.raises(ValueError, match=match):
        times()


# ---- quiet hours ----------------------------------------------------------------------------

EVENING = QuietHours(time(21, 0), time(8, 0))
LUNCH = QuietHours(time(12, 0), time(13, 0))
NONE = QuietHours(time(9, 0), time(9, 0))


@pytest.mark.parametrize(
    ("moment", "quiet", "zone", "expected"),
    [
        (ams(2026, 12, 1, 20, 59), EVENING, AMS, False),
        (ams(2026, 12, 1, 21, 0), EVENING, AMS, True),
        (ams(2026, 12, 1, 23, 30), EVENING, AMS, True),
        (ams(2026, 12, 2, 3, 0), EVENING, AMS, True),
        (ams(2026, 12, 2, 7, 59), EVENING, AMS, True),
        (ams(2026, 12, 2, 8, 0), EVENING, AMS, False),
        (ams(2026, 12, 2, 12, 30), LUNCH, AMS, True),
        (ams(2026, 12, 2, 13, 0), LUNCH, AMS, False),
        (ams(2026, 12, 2, 23, 0), LUNCH, AMS, False),
        (ams(2026, 12, 2, 3, 0), NONE, AMS, False),
        # The reader's own zone counts: 03:00 UTC is 22:00 in New York, 12:00 in Tokyo.
        (utc(2026, 12, 2, 3, 0), EVENING, NEW_YORK, True),
        (utc(2026, 12, 2, 3, 0), EVENING, TOKYO, False),
        # Summer time: 20:30 UTC is 22:30 in Amsterdam in July, 21:30 in December.
        (utc(2026, 7, 1, 18, 30), EVENING, AMS, False),
        (utc(2026, 7, 1, 19, 30), EVENING, AMS, True),
        (utc(2026, 12, 1, 19, 30), EVENING, AMS, False),
    ],
)
def test_is_quiet(moment: datetime, quiet: QuietHours, zone: ZoneInfo, expected: bool) -> None:
    assert is_quiet(moment, quiet, zone) is expected


@pytest.mark.parametrize(
    ("moment", "quiet", "zone", "released"),
    [
        (ams(2026, 12, 1, 14, 0), EVENING, AMS, ams(2026, 12, 1, 14, 0)),
        (ams(2026, 12, 1, 22, 0), EVENING, AMS, ams(2026, 12, 2, 8, 0)),
        (ams(2026, 12, 2, 3, 0), EVENING, AMS, ams(2026, 12, 2, 8, 0)),
        (ams(2026, 12, 31, 23, 0), EVENING, AMS, ams(2027, 1, 1, 8, 0)),
        (ams(2026, 12, 2, 12, 30), LUNCH, AMS, ams(2026, 12, 2, 13, 0)),
        # The night of the spring switch is an hour shorter, that of the autumn one longer.
        (ams(2026, 3, 28, 22, 0), EVENING, AMS, utc(2026, 3, 29, 6, 0)),
        (ams(2026, 10, 24, 22, 0), EVENING, AMS, utc(2026, 10, 25, 7, 0)),
        # 22:00 in New York is 03:00 UTC; its quiet hours end at 08:00 there, 13:00 UTC.
        (utc(2026, 12, 2, 3, 0), EVENING, NEW_YORK, utc(2026, 12, 2, 13, 0)),
    ],
)
def test_a_message_in_quiet_hours_waits_until_they_end(
    moment: datetime, quiet: QuietHours, zone: ZoneInfo, released: datetime
) -> None:
    assert release_at(moment, quiet, zone) == released
    assert release_at(moment, quiet, zone).tzinfo is UTC


def test_quiet_hours_are_wall_times() -> None:
    with pytest.raises(ValueError, match="wall-clock"):
        QuietHours(time(21, 0, tzinfo=UTC), time(8, 0))
    with pytest.raises(ValueError, match="aware"):
        is_quiet(datetime(2026, 12, 1, 22, 0), EVENING, AMS)  # noqa: DTZ001
