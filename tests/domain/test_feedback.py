"""Feedback items: where each stands with the student, who may read or act on it, its size."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from bot.domain.feedback import (
    FEEDBACK_MAX_CHARS,
    Acknowledgement,
    FeedbackItem,
    Question,
    composed,
    fits,
    is_settled,
    may_answer,
    may_give_feedback,
    may_read,
    picture_of,
)
from bot.domain.people import Placement, Role

SENT = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
LATER = SENT + timedelta(hours=5)
STUDENT, MENTOR, SUPERVISOR, OTHER = 1, 2, 3, 99
PLACEMENT = Placement(
    id=7,
    student_id=STUDENT,
    mentor_id=MENTOR,
    supervisor_id=SUPERVISOR,
    company="Bakkerij",
    starts_on=date(2026, 2, 2),
    ends_on=date(2026, 6, 26),
    timezone="Europe/Amsterdam",
    checkin_weekday=4,
    checkin_time="14:00",
    mentor_meeting_every_days=7,
    tripartite_every_weeks=6,
)


def item(**changes: Any) -> FeedbackItem:
    """A feedback item of PLACEMENT's mentor, sent at SENT, with `changes`."""
    base = FeedbackItem(
        id=1, placement_id=7, mentor_id=MENTOR, goal_id=None, text="Goed gedaan", sent_at=SENT
    )
    return replace(base, **changes)


def question(qid: int, answered: datetime | None = None) -> Question:
    """A question asked an hour after SENT, answered at `answered` (or not)."""
    return Question(
        id=qid,
        feedback_id=1,
        asked_at=SENT + timedelta(hours=1),
        text="Hoe bedoel je?",
        answer="Zo." if answered else None,
        answered_at=answered,
    )


@pytest.mark.parametrize(
    ("feedback", "state", "waiting_since"),
    [
        (item(), Acknowledgement.WAITING, SENT),
        (item(understood_at=LATER), Acknowledgement.UNDERSTOOD, None),
        (item(questions=(question(1),)), Acknowledgement.QUESTION_OPEN, None),
        (item(questions=(question(1, LATER), question(2))), Acknowledgement.QUESTION_OPEN, None),
        (item(questions=(question(1, LATER),)), Acknowledgement.ANSWERED, LATER),
        (
            item(questions=(question(1, LATER), question(2, LATER + timedelta(days=1)))),
            Acknowledgement.ANSWERED,
            LATER + timedelta(days=1),
        ),
        # "Understood" still counts after a question, even one not yet answered.
        (item(questions=(question(1),), understood_at=LATER), Acknowledgement.UNDERSTOOD, None),
    ],
)
def test_where_feedback_stands(
    feedback: FeedbackItem, state: Acknowledgement, waiting_since: datetime | None
) -> None:
    assert feedback.acknowledgement is state
    assert feedback.waiting_since == waiting_since
    assert is_settled(feedback) is (state is Acknowledgement.UNDERSTOOD)


@pytest.mark.parametrize(
    ("feedback", "overdue"),
    [
        (item(), False),
        (item(mentor_told_at=SENT + timedelta(days=5)), True),
        (item(mentor_told_at=SENT + timedelta(days=5), understood_at=LATER), False),
        # The mentor was told before he answered a question: the new wait is not overdue yet.
        (item(mentor_told_at=SENT, questions=(question(1, LATER),)), False),
        (item(mentor_told_at=SENT, questions=(question(1),)), False),
    ],
)
def test_overdue_means_the_mentor_was_told_in_this_wait(
    feedback: FeedbackItem, overdue: bool
) -> None:
    assert feedback.is_overdue is overdue


def test_several_messages_make_one_feedback() -> None:
    assert composed(["  Eerste punt. ", "", " \n ", "Tweede punt.\nMet een regel."]) == (
        "Eerste punt.\n\nTweede punt.\nMet een regel."
    )
    assert composed([]) == ""


def test_a_feedback_is_bounded_but_a_long_hostile_message_fits() -> None:
    hostile = ("&amp; <b>😀" * 1_000)[:10_000]
    assert fits([], hostile)
    assert fits([], "x" * FEEDBACK_MAX_CHARS)
    assert not fits([], "x" * (FEEDBACK_MAX_CHARS + 1))
    # The blank line between parts counts too.
    assert not fits(["x" * (FEEDBACK_MAX_CHARS - 1)], "y")
    assert fits(["x" * (FEEDBACK_MAX_CHARS - 3)], "y")


@pytest.mark.parametrize(
    ("role", "person", "feedback", "allowed"),
    [
        (Role.STUDENT, STUDENT, item(), True),
        (Role.STUDENT, OTHER, item(), False),  # another student
        (Role.MENTOR, MENTOR, item(), True),
        (Role.MENTOR, OTHER, item(), False),  # another mentor
        # The new mentor of a placement does not read what his predecessor wrote.
        (Role.MENTOR, MENTOR, item(mentor_id=OTHER), False),
        (Role.SUPERVISOR, SUPERVISOR, item(), True),
        (Role.SUPERVISOR, OTHER, item(), False),
        (Role.COORDINATOR, OTHER, item(), True),
        # An item and a placement that do not belong together: refused to everyone.
        (Role.STUDENT, STUDENT, item(placement_id=8), False),
        (Role.COORDINATOR, OTHER, item(placement_id=8), False),
    ],
)
def test_who_may_read_feedback(
    role: Role, person: int, feedback: FeedbackItem, allowed: bool
) -> None:
    assert may_read(role, person, feedback, PLACEMENT) is allowed


@pytest.mark.parametrize(
    ("role", "person", "give", "answer"),
    [
        (Role.MENTOR, MENTOR, True, True),
        (Role.MENTOR, OTHER, False, False),
        (Role.STUDENT, STUDENT, False, False),
        (Role.SUPERVISOR, SUPERVISOR, False, False),
        (Role.COORDINATOR, OTHER, False, False),
        # A person id that matches the mentor's but not in the mentor role.
        (Role.SUPERVISOR, MENTOR, False, False),
    ],
)
def test_only_the_mentor_gives_feedback_and_answers(
    role: Role, person: int, give: bool, answer: bool
) -> None:
    assert may_give_feedback(role, person, PLACEMENT) is give
    assert may_answer(role, person, item()) is answer


def test_the_supervisor_picture_counts_each_state() -> None:
    items = [
        item(id=1),
        item(id=2, understood_at=LATER),
        item(id=3, questions=(question(1),)),
        item(id=4, questions=(question(2, LATER),), sent_at=SENT + timedelta(days=1)),
        item(id=5, mentor_told_at=SENT + timedelta(days=5)),
    ]
    picture = picture_of(items)
    assert (picture.logged, picture.understood, picture.waiting) == (5, 1, 3)
    assert (picture.questions_open, picture.overdue) == (1, 1)
    assert picture.last_sent_at == SENT + timedelta(days=1)
    empty = picture_of([])
    assert (empty.logged, empty.waiting, empty.last_sent_at) == (0, 0, None)
