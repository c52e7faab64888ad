"""When a student is reminded of feedback, the mentor told or prompted, the end announced."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest

from bot.domain.feedback import FeedbackItem, Question
from bot.domain.feedback_timing import (
    FeedbackRules,
    FollowUp,
    FollowUpKind,
    due_follow_ups,
    end_notice_at,
    end_of_placement,
    follow_ups,
    is_end_notice_due,
    may_ask_for_feedback,
    may_request_reference,
    mentor_prompt_at,
    next_follow_up_at,
    next_look_at,
)
from bot.domain.people import Placement

RULES = FeedbackRules()
REMIND, TELL = FollowUpKind.REMIND_STUDENT, FollowUpKind.TELL_MENTOR
# Monday 2 March 2026, 10:00 UTC = 11:00 in Amsterdam (winter time, UTC+1).
SENT = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


def utc(month: int, day: int, hour: int, minute: int = 0) -> datetime:
    """A moment of 2026 in UTC."""
    return datetime(2026, month, day, hour, minute, tzinfo=UTC)


def placement(**changes: Any) -> Placement:
    """A placement in Amsterdam from Monday 2 February to Friday 26 June 2026."""
    base = Placement(
        id=7,
        student_id=1,
        mentor_id=2,
        supervisor_id=3,
        company="Bakkerij",
        starts_on=date(2026, 2, 2),
        ends_on=date(2026, 6, 26),
        timezone="Europe/Amsterdam",
        checkin_weekday=4,
        checkin_time="14:00",
        mentor_meeting_every_days=7,
        tripartite_every_weeks=6,
    )
    return replace(base, **changes)


def item(**changes: Any) -> FeedbackItem:
    """A feedback item sent at SENT without any reaction, with `changes`."""
    return replace(
        FeedbackItem(id=1, placement_id=7, mentor_id=2, goal_id=None, text="x", sent_at=SENT),
        **changes,
    )


def answered(at: datetime) -> tuple[Question, ...]:
    """A thread of one question, answered by the mentor at `at`."""
    return (Question(1, 1, SENT, "Hoe?", "Zo.", at),)


@pytest.mark.parametrize(
    ("case", "feedback", "where", "expected"),
    [
        (
            "no reaction: 48 h, then 5 days",
            item(),
            placement(),
            [FollowUp(REMIND, utc(3, 4, 10)), FollowUp(TELL, utc(3, 7, 10))],
        ),
        ("understood: nothing", item(understood_at=SENT), placement(), []),
        (
            "a question open: the mentor's turn",
            item(questions=(Question(1, 1, SENT, "?"),)),
            placement(),
            [],
        ),
        (
            "reminded already: only the mentor",
            item(reminded_at=utc(3, 4, 10)),
            placement(),
            [FollowUp(TELL, utc(3, 7, 10))],
        ),
        (
            "both done",
            item(reminded_at=utc(3, 4, 10), mentor_told_at=utc(3, 7, 10)),
            placement(),
            [],
        ),
        # The answer starts a new wait; nudges of the earlier wait do not count for it.
        (
            "answered: the clocks start again",
            item(questions=answered(utc(3, 5, 12)), reminded_at=utc(3, 4, 10)),
            placement(),
            [FollowUp(REMIND, utc(3, 7, 12)), FollowUp(TELL, utc(3, 10, 12))],
        ),
        # Paused Monday to Friday 6 March: both count from Saturday 09:00 Amsterdam (08:00 UTC).
        (
            "a pause covering the wait",
            item(),
            placement(paused_until=date(2026, 3, 6)),
            [FollowUp(REMIND, utc(3, 9, 8)), FollowUp(TELL, utc(3, 12, 8))],
        ),
        # Pause until Saturday 28 March: Sunday 29 is the first day of summer time (UTC+2).
        (
            "a pause ending into summer time",
            item(sent_at=utc(3, 26, 10)),
            placement(paused_until=date(2026, 3, 28)),
            [FollowUp(REMIND, utc(3, 31, 7)), FollowUp(TELL, utc(4, 3, 7))],
        ),
        (
            "a pause that ended before",
            item(),
            placement(paused_until=date(2026, 2, 20)),
            [FollowUp(REMIND, utc(3, 4, 10)), FollowUp(TELL, utc(3, 7, 10))],
        ),
        # In Tokyo (UTC+9, no summer time) the morning after the pause is 00:00 UTC.
        (
            "a pause in Tokyo",
            item(),
            placement(timezone="Asia/Tokyo", paused_until=date(2026, 3, 6)),
            [FollowUp(REMIND, utc(3, 9, 0)), FollowUp(TELL, utc(3, 12, 0))],
        ),
        # Amsterdam's last day ends at 26 June 22:00 UTC: nothing after it.
        (
            "sent three days before the end",
            item(sent_at=utc(6, 23, 10)),
            placement(),
            [FollowUp(REMIND, utc(6, 25, 10))],
        ),
        ("sent the day before the end", item(sent_at=utc(6, 25, 10)), placement(), []),
        (
            "a reminder just before midnight",
            item(sent_at=utc(6, 24, 21, 59)),
            placement(),
            [FollowUp(REMIND, utc(6, 26, 21, 59))],
        ),
    ],
)
def test_follow_ups(
    case: str, feedback: FeedbackItem, where: Placement, expected: list[FollowUp]
) -> None:
    assert follow_ups(feedback, where, RULES) == expected, case
    first = expected[0].at if expected else None
    assert next_follow_up_at(feedback, where, RULES) == first, case


def test_after_downtime_both_nudges_are_due_at_once() -> None:
    assert due_follow_ups(item(), placement(), RULES, utc(3, 4, 9, 59)) == []
    assert due_follow_ups(item(), placement(), RULES, utc(3, 4, 10)) == [
        FollowUp(REMIND, utc(3, 4, 10))
    ]
    assert [f.kind for f in due_follow_ups(item(), placement(), RULES, utc(3, 9, 0))] == [
        REMIND,
        TELL,
    ]


def test_the_delays_are_settings() -> None:
    rules = FeedbackRules(
        remind_student_after=timedelta(hours=24), tell_mentor_after=timedelta(days=3)
    )
    assert follow_ups(item(), placement(), rules) == [
        FollowUp(REMIND, utc(3, 3, 10)),
        FollowUp(TELL, utc(3, 5, 10)),
    ]


@pytest.mark.parametrize(
    "bad",
    [
        {"remind_student_after": timedelta(0)},
        {"tell_mentor_after": timedelta(hours=48)},  # not after the reminder
        {"prompt_mentor_after_days": 0},
        {"end_notice_days": -1},
        {"notice_time": time(9, tzinfo=UTC)},
    ],
)
def test_impossible_delays_are_refused(bad: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match=r"."):
        FeedbackRules(**bad)


def test_naive_moments_are_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        due_follow_ups(item(), placement(), RULES, datetime(2026, 3, 4, 10))  # noqa: DTZ001
    with pytest.raises(ValueError, match="aware"):
        follow_ups(item(sent_at=datetime(2026, 3, 2)), placement(), RULES)  # noqa: DTZ001


@pytest.mark.parametrize(
    ("case", "where", "last_feedback", "last_prompt", "expected"),
    [
        (
            "none yet: 14 days after the start, 09:00 winter time",
            placement(),
            None,
            None,
            utc(2, 16, 8),
        ),
        ("after his last feedback", placement(), utc(3, 10, 15, 30), None, utc(3, 24, 8)),
        # 23:30 UTC on 20 March is already Saturday 21 March in Amsterdam; 14 days later is
        # 4 April, summer time: 09:00 is 07:00 UTC.
        (
            "a late feedback across midnight and summer time",
            placement(),
            utc(3, 20, 23, 30),
            None,
            utc(4, 4, 7),
        ),
        ("after his last prompt", placement(), utc(3, 1, 9), utc(3, 16, 8), utc(3, 30, 7)),
        (
            "a pause restarts the silence",
            placement(paused_until=date(2026, 4, 10)),
            utc(3, 20, 10),
            None,
            utc(4, 25, 7),
        ),
        ("never after the last day", placement(), utc(6, 13, 10), None, None),
        ("the last day itself", placement(), utc(6, 12, 10), None, utc(6, 26, 7)),
        # New York switches to summer time on 8 March 2026: 09:00 EDT is 13:00 UTC.
        (
            "in New York",
            placement(timezone="America/New_York"),
            utc(3, 1, 15),
            None,
            utc(3, 15, 13),
        ),
    ],
)
def test_a_silent_mentor_is_prompted(
    case: str,
    where: Placement,
    last_feedback: datetime | None,
    last_prompt: datetime | None,
    expected: datetime | None,
) -> None:
    assert mentor_prompt_at(where, last_feedback, last_prompt, RULES) == expected, case


@pytest.mark.parametrize(
    ("case", "where", "expected"),
    [
        ("summer: 12 June 09:00 CEST", placement(), utc(6, 12, 7)),
        (
            "the notice day still in summer time",
            placement(ends_on=date(2026, 11, 6)),
            utc(10, 23, 7),
        ),
        ("the notice day in winter time", placement(ends_on=date(2026, 11, 9)), utc(10, 26, 8)),
        (
            "a placement shorter than 14 days: its first morning",
            placement(starts_on=date(2026, 6, 20)),
            utc(6, 20, 7),
        ),
        ("Tokyo", placement(timezone="Asia/Tokyo"), utc(6, 12, 0)),
        # A pause does not move the end date, so it does not hold the notice back either.
        ("paused over the notice day", placement(paused_until=date(2026, 6, 19)), utc(6, 12, 7)),
    ],
)
def test_the_end_notice(case: str, where: Placement, expected: datetime) -> None:
    assert end_notice_at(where, RULES) == expected, case


def test_the_end_notice_goes_once_and_not_after_the_end() -> None:
    where = placement()
    assert not is_end_notice_due(where, RULES, utc(6, 12, 6, 59), already_sent=False)
    assert is_end_notice_due(where, RULES, utc(6, 12, 7), already_sent=False)
    assert not is_end_notice_due(where, RULES, utc(6, 12, 7), already_sent=True)
    assert is_end_notice_due(where, RULES, utc(6, 26, 21, 59), already_sent=False)
    assert end_of_placement(where) == utc(6, 26, 22)
    assert not is_end_notice_due(where, RULES, utc(6, 26, 22), already_sent=False)
    assert end_notice_at(where, FeedbackRules(end_notice_days=3)) == utc(6, 23, 7)


def test_a_reference_may_be_asked_for_from_the_end_notice_on() -> None:
    where = placement()
    assert not may_request_reference(where, RULES, utc(6, 12, 6, 59))
    assert may_request_reference(where, RULES, utc(6, 12, 7))
    assert may_request_reference(where, RULES, utc(12, 31, 12))  # long after the end


def test_a_student_asks_for_feedback_at_most_once_a_day() -> None:
    asked = utc(3, 2, 10)
    assert may_ask_for_feedback(None, RULES, asked)
    assert not may_ask_for_feedback(asked, RULES, asked + timedelta(hours=23, minutes=59))
    assert may_ask_for_feedback(asked, RULES, asked + timedelta(hours=24))


def test_the_tick_looks_again_at_the_next_prompt_or_the_end_notice() -> None:
    where = placement()
    now = utc(3, 1, 12)
    # The prompt (24 March) comes before the end notice (12 June).
    assert next_look_at(where, utc(3, 10, 10), None, False, rules=RULES, now=now) == utc(3, 24, 8)
    # Feedback on 1 June: the next prompt would be on 15 June, after the end notice.
    assert next_look_at(where, utc(6, 1, 10), None, False, rules=RULES, now=now) == utc(6, 12, 7)
    assert next_look_at(where, utc(6, 1, 10), None, True, rules=RULES, now=now) == utc(6, 15, 7)
    # Notice sent, no prompt to come before the end: nothing left to look at.
    assert next_look_at(where, utc(6, 20, 10), None, True, rules=RULES, now=now) is None
    # A notice never sent, with the placement over: it will not be sent any more.
    after = utc(6, 27, 12)
    assert next_look_at(where, utc(6, 20, 10), None, False, rules=RULES, now=after) is None
    # Imported late, the notice is overdue: look at once.
    late = utc(6, 20, 12)
    assert next_look_at(where, utc(6, 20, 10), None, False, rules=RULES, now=late) == utc(6, 12, 7)
