"""Answering a survey in the chat: one question at a time, back, later, and the end.

The answers given so far are kept per invitation (survey_drafts), not in the flow: the flow
may time out or be stopped, and Continue under the invitation goes on where he was. At the
end the answers move to survey_answers, without the person when the survey is anonymous. A
flagged question answered 1-2 raises the supervisor's alert at once, unless anonymous.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

import aiosqlite

from bot.domain.flows import AnyFlowState, Flow, Start
from bot.domain.people import Person
from bot.domain.surveys import Kind, Question, Survey
from bot.services.flows import at_step, cancel_flow, claim, enter, finish, move
from bot.services.runtime import Services
from bot.services.survey_records import alert_flagged, record_response
from storage.surveys import Invitation, SurveyRepo

TEXT_MAX = 1000


class SurveyStep(StrEnum):
    """A survey has one step: the question asked now (its id is in the data)."""

    QUESTION = "question"


@dataclass(frozen=True, slots=True)
class Answering:
    """Which invitation, and the question asked now."""

    invitation_id: int
    question: str

    @property
    def subject(self) -> int:
        """A conversation about this invitation."""
        return self.invitation_id


SURVEY = Flow("survey", SurveyStep, Answering)


class SurveyResult(StrEnum):
    """What came of a press or an answer."""

    ASK = "ask"
    THANKS = "thanks"
    PAUSED = "paused"
    NOT_YOURS = "not_yours"  # someone else's invitation, or none
    CLOSED = "closed"
    DONE = "done"  # answered already
    BUSY = "busy"  # another conversation holds words
    STALE = "stale"
    INVALID = "invalid"  # not an answer this question takes
    TOO_LONG = "too_long"


@dataclass(frozen=True, slots=True)
class Asking:
    """The question to show, where it stands ("3/8"), and whether Back makes sense."""

    survey: Survey
    question: Question
    position: int
    total: int


@dataclass(frozen=True, slots=True)
class SurveyOutcome:
    """The result, the flow as it stands, and the question to ask next."""

    result: SurveyResult
    flow: AnyFlowState | None = None
    asking: Asking | None = None


async def _open(
    conn: aiosqlite.Connection, person: Person, invitation_id: int
) -> tuple[Invitation, Survey] | SurveyResult:
    repo = SurveyRepo(conn)
    invitation = await repo.invitation(invitation_id)
    if invitation is None or invitation.person_id != person.id:
        return SurveyResult.NOT_YOURS
    if invitation.finished_at is not None:
        return SurveyResult.DONE
    stored = await repo.version(invitation.version_id)
    if invitation.closed_at is not None or stored is None:
        return SurveyResult.CLOSED
    return invitation, stored.survey


def _asking(survey: Survey, answers: dict[str, str], question_id: str) -> Asking:
    asked = survey.asked(answers)
    at = next(i for i, q in enumerate(asked) if q.id == question_id)
    return Asking(survey, asked[at], at + 1, len(asked))


async def start_survey(
    svc: Services, person: Person, invitation_id: int, now: datetime, *, update_id: int | None
) -> SurveyOutcome:
    """Start or Continue: the first question not answered yet."""
    async with svc.db.transaction() as conn:
        opened = await _open(conn, person, invitation_id)
        if isinstance(opened, SurveyResult):
            return SurveyOutcome(opened)
        _, survey = opened
        answers = await SurveyRepo(conn).draft(invitation_id)
        asked = survey.asked(answers)
        first = next((q for q in asked if q.id not in answers), asked[-1])
        claimed = await claim(conn, person.id, SURVEY, invitation_id, now)
        if claimed.start is Start.REFUSE:
            return SurveyOutcome(SurveyResult.BUSY, claimed.refused_by)
        state = await enter(
            conn,
            svc.policy,
            person.id,
            claimed,
            SurveyStep.QUESTION,
            data=Answering(invitation_id, first.id),
            now=now,
            update_id=update_id,
        )
    return SurveyOutcome(SurveyResult.ASK, state, _asking(survey, answers, first.id))


def _checked(question: Question, answer: str) -> SurveyResult | None:
    if question.kind is not Kind.TEXT:
        return None if answer in question.answers() else SurveyResult.INVALID
    if len(answer) > TEXT_MAX:
        return SurveyResult.TOO_LONG
    return SurveyResult.INVALID if question.required and not answer.strip() else None


async def answer_survey(
    svc: Services,
    person: Person,
    flow_id: int,
    answer: str,
    now: datetime,
    *,
    update_id: int | None,
    back: bool = False,
) -> SurveyOutcome:
    """An answer to the question asked now ('' skips an optional text); or Back."""
    async with svc.db.transaction() as conn:
        state = await at_step(conn, person.id, SURVEY, flow_id, SurveyStep.QUESTION, now=now)
        if state is None:
            return SurveyOutcome(SurveyResult.STALE)
        opened = await _open(conn, person, state.data.invitation_id)
        if isinstance(opened, SurveyResult):
            return SurveyOutcome(opened)
        invitation, survey = opened
        repo = SurveyRepo(conn)
        answers = await repo.draft(invitation.id)
        asking = _asking(survey, answers, state.data.question)
        if back:
            at = max(asking.position - 2, 0)
            previous = survey.asked(answers)[at]
            moved = await move(
                conn,
                svc.policy,
                person.id,
                state,
                SurveyStep.QUESTION,
                data=Answering(invitation.id, previous.id),
                now=now,
                update_id=update_id,
            )
            return SurveyOutcome(SurveyResult.ASK, moved, _asking(survey, answers, previous.id))
        question = asking.question
        problem = _checked(question, answer)
        if problem is not None:
            return SurveyOutcome(problem, state, asking)
        earlier = answers.get(question.id, "")
        answers[question.id] = answer.strip()
        asked = survey.asked(answers)
        answers = {q.id: answers[q.id] for q in asked if q.id in answers}  # conditions moved
        await repo.put_draft(invitation.id, answers)
        if (
            question.is_alarming(answer)
            and not question.is_alarming(earlier)
            and not survey.anonymous
        ):
            await alert_flagged(conn, svc, invitation, question, answer, now=now)
        at = next(i for i, q in enumerate(asked) if q.id == question.id) + 1
        if at < len(asked):
            moved = await move(
                conn,
                svc.policy,
                person.id,
                state,
                SurveyStep.QUESTION,
                data=Answering(invitation.id, asked[at].id),
                now=now,
                update_id=update_id,
            )
            return SurveyOutcome(SurveyResult.ASK, moved, _asking(survey, answers, asked[at].id))
        await record_response(conn, svc, invitation, survey, answers, now=now)
        ended = await finish(conn, person.id, state, now, update_id=update_id)
    return SurveyOutcome(SurveyResult.THANKS, ended)


async def pause_survey(
    svc: Services, person: Person, flow_id: int, now: datetime, *, update_id: int | None
) -> SurveyOutcome:
    """Later: the conversation stops, the answers so far stay for Continue."""
    state = await cancel_flow(svc, person, flow_id, now, update_id)
    return SurveyOutcome(SurveyResult.PAUSED if state else SurveyResult.STALE, state)
