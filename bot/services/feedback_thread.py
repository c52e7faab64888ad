"""The student's side of feedback: "understood", a question and its answer, /askfeedback."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

import aiosqlite

from bot.domain.feedback import (
    QUESTION_MAX_CHARS,
    SUBJECT_MAX_CHARS,
    FeedbackItem,
    is_settled,
    may_answer,
)
from bot.domain.feedback_messages import (
    FeedbackAnswered,
    FeedbackAsked,
    FeedbackQuestionAsked,
    FeedbackUnderstood,
)
from bot.domain.feedback_timing import may_ask_for_feedback, next_follow_up_at
from bot.domain.flows import AnyFlowState, Flow
from bot.domain.messages import Message
from bot.domain.people import Person, Placement, Role
from bot.services.feedback import is_running
from bot.services.flows import at_step, claim, enter, finish
from bot.services.problems import student_placement
from bot.services.runtime import Services
from storage.db import to_db
from storage.feedback import FeedbackRepo, FeedbackRequestRepo
from storage.outbox import OutboxRepo
from storage.people import PlacementRepo


class WriteStep(StrEnum):
    """A question or an answer: one message."""

    WRITE = "write"


@dataclass(frozen=True, slots=True)
class QuestionDraft:
    """The student is writing a question on a feedback item."""

    feedback_id: int

    @property
    def subject(self) -> int:
        """A conversation about this feedback item."""
        return self.feedback_id


@dataclass(frozen=True, slots=True)
class AnswerDraft:
    """The mentor is writing his answer to a question."""

    question_id: int

    @property
    def subject(self) -> int:
        """A conversation about this question."""
        return self.question_id


QUESTION = Flow("feedback_question", WriteStep, QuestionDraft)
ANSWER = Flow("feedback_answer", WriteStep, AnswerDraft)


class ThreadResult(StrEnum):
    """What came of a press or a message in a feedback thread."""

    DONE = "done"
    ASK = "ask"  # `flow` holds the question to ask now
    ALREADY_UNDERSTOOD = "already_understood"
    ALREADY_ANSWERED = "already_answered"
    BUSY = "busy"  # another flow holds a draft (`flow`)
    TOO_LONG = "too_long"
    STALE = "stale"  # not his feedback or question, or not there: nothing changes


@dataclass(frozen=True, slots=True)
class ThreadOutcome:
    """The result, and the flow the person is in now."""

    result: ThreadResult
    flow: AnyFlowState | None = None
    replaced: AnyFlowState | None = None


async def understood(
    svc: Services, person: Person, feedback_id: int, now: datetime
) -> ThreadOutcome:
    """The student understood a feedback; his mentor hears of it."""
    async with svc.db.transaction() as conn:
        found = await _students_item(conn, person, feedback_id)
        if found is None:
            return ThreadOutcome(ThreadResult.STALE)
        item, _ = found
        if not await FeedbackRepo(conn).understood(item.id, now):
            return ThreadOutcome(ThreadResult.ALREADY_UNDERSTOOD)
        await OutboxRepo(conn).add(
            [
                Message(
                    f"feedback_understood:{item.id}", item.mentor_id, FeedbackUnderstood(item.id)
                )
            ],
            now,
        )
        return ThreadOutcome(ThreadResult.DONE)


async def start_question(
    svc: Services, person: Person, feedback_id: int, now: datetime, *, update_id: int | None
) -> ThreadOutcome:
    """ "I have a question": the student writes it next."""
    async with svc.db.transaction() as conn:
        found = await _students_item(conn, person, feedback_id)
        if found is None:
            return ThreadOutcome(ThreadResult.STALE)
        if is_settled(found[0]):
            return ThreadOutcome(ThreadResult.ALREADY_UNDERSTOOD)
        claimed = await claim(conn, person.id, QUESTION, feedback_id, now)
        if claimed.refused_by:
            return ThreadOutcome(ThreadResult.BUSY, claimed.refused_by)
        state = await enter(
            conn,
            svc.policy,
            person.id,
            claimed,
            WriteStep.WRITE,
            data=QuestionDraft(feedback_id),
            now=now,
            update_id=update_id,
        )
        return ThreadOutcome(ThreadResult.ASK, state, claimed.replaced)


async def ask_question(
    svc: Services, person: Person, flow_id: int, text: str, now: datetime, *, update_id: int | None
) -> ThreadOutcome:
    """The student's question: stored with the feedback and sent to its mentor."""
    if len(text) > QUESTION_MAX_CHARS:
        return ThreadOutcome(ThreadResult.TOO_LONG)
    async with svc.db.transaction() as conn:
        state = await at_step(conn, person.id, QUESTION, flow_id, WriteStep.WRITE, now=now)
        found = await _students_item(conn, person, state.data.feedback_id) if state else None
        if state is None or found is None:
            return ThreadOutcome(ThreadResult.STALE)
        item, _ = found
        repo = FeedbackRepo(conn)
        question_id = await repo.add_question(item.id, text, now)
        await repo.plan_follow_up(item.id, None)  # the mentor's turn: no nudge meanwhile
        await OutboxRepo(conn).add(
            [
                Message(
                    f"feedback_question:{question_id}",
                    item.mentor_id,
                    FeedbackQuestionAsked(question_id),
                )
            ],
            now,
        )
        done = await finish(conn, person.id, state, now, update_id=update_id)
        return ThreadOutcome(ThreadResult.DONE, done)


async def start_answer(
    svc: Services, person: Person, question_id: int, now: datetime, *, update_id: int | None
) -> ThreadOutcome:
    """The mentor's Answer button: he writes his answer next."""
    async with svc.db.transaction() as conn:
        found = await _mentors_question(conn, person, question_id)
        if found is None:
            return ThreadOutcome(ThreadResult.STALE)
        if found[1]:
            return ThreadOutcome(ThreadResult.ALREADY_ANSWERED)
        claimed = await claim(conn, person.id, ANSWER, question_id, now)
        if claimed.refused_by:
            return ThreadOutcome(ThreadResult.BUSY, claimed.refused_by)
        state = await enter(
            conn,
            svc.policy,
            person.id,
            claimed,
            WriteStep.WRITE,
            data=AnswerDraft(question_id),
            now=now,
            update_id=update_id,
        )
        return ThreadOutcome(ThreadResult.ASK, state, claimed.replaced)


async def give_answer(
    svc: Services, person: Person, flow_id: int, text: str, now: datetime, *, update_id: int | None
) -> ThreadOutcome:
    """The mentor's answer: stored in the thread, sent to the student, who is asked again."""
    if len(text) > QUESTION_MAX_CHARS:
        return ThreadOutcome(ThreadResult.TOO_LONG)
    async with svc.db.transaction() as conn:
        state = await at_step(conn, person.id, ANSWER, flow_id, WriteStep.WRITE, now=now)
        found = await _mentors_question(conn, person, state.data.question_id) if state else None
        if state is None or found is None:
            return ThreadOutcome(ThreadResult.STALE)
        item, _ = found
        repo = FeedbackRepo(conn)
        if not await repo.answer(state.data.question_id, text, now):
            return ThreadOutcome(ThreadResult.ALREADY_ANSWERED)
        placement = await PlacementRepo(conn).by_id(item.placement_id)
        answered = await repo.by_id(item.id)
        assert placement is not None
        assert answered is not None
        await repo.plan_follow_up(
            item.id, next_follow_up_at(answered, placement, svc.policy.feedback)
        )  # waiting for "understood" again
        await OutboxRepo(conn).add(
            [
                Message(
                    f"feedback_answer:{state.data.question_id}",
                    placement.student_id,
                    FeedbackAnswered(state.data.question_id),
                )
            ],
            now,
        )
        done = await finish(conn, person.id, state, now, update_id=update_id)
        return ThreadOutcome(ThreadResult.DONE, done)


class AskResult(StrEnum):
    """What came of /askfeedback."""

    ASKED = "asked"
    NOT_STUDENT = "not_student"
    NO_PLACEMENT = "no_placement"  # none on now
    TOO_SOON = "too_soon"
    TOO_LONG = "too_long"


async def ask_for_feedback(
    svc: Services, person: Person, subject: str | None, now: datetime
) -> AskResult:
    """/askfeedback [subject]: the student's mentor is asked, at most once a day."""
    if person.role is not Role.STUDENT:
        return AskResult.NOT_STUDENT
    subject = " ".join((subject or "").split()) or None
    if subject is not None and len(subject) > SUBJECT_MAX_CHARS:
        return AskResult.TOO_LONG
    async with svc.db.transaction() as conn:
        placement = await student_placement(conn, person, now)
        if placement is None or not is_running(placement, now):
            return AskResult.NO_PLACEMENT
        requests = FeedbackRequestRepo(conn)
        if not may_ask_for_feedback(
            await requests.last_asked_at(placement.id), svc.policy.feedback, now
        ):
            return AskResult.TOO_SOON
        request_id = await requests.add(placement.id, subject, now)
        await OutboxRepo(conn).add(
            [
                Message(
                    f"feedback_asked:{request_id}:{to_db(now)}",
                    placement.mentor_id,
                    FeedbackAsked(request_id),
                )
            ],
            now,
        )
        return AskResult.ASKED


async def _students_item(
    conn: aiosqlite.Connection, person: Person, feedback_id: int
) -> tuple[FeedbackItem, Placement] | None:
    """A feedback item and its placement, if this person is its student."""
    item = await FeedbackRepo(conn).by_id(feedback_id)
    placement = await PlacementRepo(conn).by_id(item.placement_id) if item else None
    if item is None or placement is None or person.role is not Role.STUDENT:
        return None
    return (item, placement) if placement.student_id == person.id else None


async def _mentors_question(
    conn: aiosqlite.Connection, person: Person, question_id: int
) -> tuple[FeedbackItem, bool] | None:
    """The feedback item a question is on, and whether it is answered, if he wrote the item."""
    question = await FeedbackRepo(conn).question(question_id)
    item = await FeedbackRepo(conn).by_id(question.feedback_id) if question else None
    if question is None or item is None or not may_answer(person.role, person.id, item):
        return None
    return item, question.answered_at is not None
