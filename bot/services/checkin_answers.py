"""The student's answers to his check-in, each one stored when given (the check-in flow)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

import aiosqlite

from bot.domain.checkins import CheckIn, CheckInStatus, Question, is_weekend_ahead
from bot.domain.escalation import MOOD_MIN, is_valid_mood
from bot.domain.flows import MAX_ANSWER, AnyFlowState, FlowState
from bot.domain.people import Person, Role
from bot.services.checkins import CHECKIN, CheckInStep, CheckInTalk, escalate
from bot.services.flows import Claim, at_step, claim, enter, finish, move
from bot.services.problems import start_report
from bot.services.runtime import Services
from storage.checkins import CheckInRepo
from storage.people import PlacementRepo

STEP_OF = {
    Question.MOOD: CheckInStep.MOOD,
    Question.WEEK: CheckInStep.WEEK,
    Question.HELP: CheckInStep.HELP,
}

Talk = FlowState[CheckInStep, CheckInTalk]


class Answer(StrEnum):
    """What became of a student's answer to a check-in question (or of /checkin)."""

    RECORDED = "recorded"  # stored; `flow` is what comes next
    OPEN = "open"  # /checkin: `flow` is the open question, to ask again
    NONE_OPEN = "none_open"  # /checkin: no check-in waits for an answer
    ALREADY = "already"  # this question was answered before
    CLOSED = "closed"  # the check-in no longer takes answers
    REFUSED = "refused"  # not his check-in, or no answer to it
    BUSY = "busy"  # he is in a conversation that holds a draft (`flow`): nothing stored
    TOO_LONG = "too_long"  # nothing stored
    STALE = "stale"  # his check-in flow is not at this question (an old or forged button)


@dataclass(frozen=True, slots=True)
class AnswerOutcome:
    """An answer's result, the flow the student is in now, and the one it replaced."""

    answer: Answer
    flow: AnyFlowState | None = None
    replaced: AnyFlowState | None = None


async def _own(conn: aiosqlite.Connection, person: Person, checkin_id: int) -> CheckIn | Answer:
    """The check-in if it is this student's newest and still takes answers."""
    checkin = await CheckInRepo(conn).by_id(checkin_id)
    placement = await PlacementRepo(conn).by_id(checkin.placement_id) if checkin else None
    if (
        checkin is None
        or placement is None
        or person.role is not Role.STUDENT
        or (placement.student_id != person.id)
    ):
        return Answer.REFUSED
    latest = await CheckInRepo(conn).latest(placement.id)
    if checkin.status is CheckInStatus.MISSED or latest is None or latest.id != checkin.id:
        return Answer.CLOSED
    return checkin


async def record_mood(
    svc: Services,
    person: Person,
    checkin_id: int,
    mood: int,
    now: datetime,
    *,
    update_id: int | None,
) -> AnswerOutcome:
    """The student gave his mood (1–5); a low streak alerts the supervisor."""
    async with svc.db.transaction() as conn:
        found = await _own(conn, person, checkin_id)
        if isinstance(found, Answer):
            return AnswerOutcome(found)
        if not is_valid_mood(mood):
            return AnswerOutcome(Answer.REFUSED)
        claimed = await claim(conn, person.id, CHECKIN, checkin_id, now)
        if claimed.refused_by:
            return AnswerOutcome(Answer.BUSY, claimed.refused_by)
        if not await CheckInRepo(conn).record_mood(checkin_id, mood, now):
            return AnswerOutcome(Answer.ALREADY)
        await escalate(conn, svc.policy, found.placement_id, checkin_id, now)
        checkin = await CheckInRepo(conn).by_id(checkin_id)
        placement = await PlacementRepo(conn).by_id(found.placement_id)
        assert checkin is not None
        assert placement is not None
        talk = CheckInTalk(
            checkin_id,
            hard_week=mood == MOOD_MIN,
            weekend_ahead=is_weekend_ahead(now, placement.timezone),
        )
        state = await enter(
            conn,
            svc.policy,
            person.id,
            claimed,
            STEP_OF[checkin.next_question],
            data=talk,
            now=now,
            update_id=update_id,
        )
        return AnswerOutcome(Answer.RECORDED, state, claimed.replaced)


async def record_week(
    svc: Services,
    person: Person,
    flow_id: int,
    note: str | None,
    now: datetime,
    *,
    update_id: int | None,
) -> AnswerOutcome:
    """The student told how his week went (None: he skipped the question)."""
    if note is not None and len(note) > MAX_ANSWER:  # refused whole: nothing of it is kept
        return AnswerOutcome(Answer.TOO_LONG)
    async with svc.db.transaction() as conn:
        talk = await at_step(conn, person.id, CHECKIN, flow_id, CheckInStep.WEEK, now=now)
        found = await _own(conn, person, talk.data.checkin_id) if talk else Answer.STALE
        if isinstance(found, Answer):
            return AnswerOutcome(found)
        assert talk is not None
        if not await CheckInRepo(conn).record_week(found.id, note):
            return AnswerOutcome(Answer.ALREADY)
        return await _next(conn, svc, person, talk, now=now, update_id=update_id)


async def record_needs_help(
    svc: Services,
    person: Person,
    flow_id: int,
    needs_help: bool,
    now: datetime,
    *,
    update_id: int | None,
) -> AnswerOutcome:
    """The student said whether he needs help; yes leads to describing the problem."""
    async with svc.db.transaction() as conn:
        talk = await at_step(conn, person.id, CHECKIN, flow_id, CheckInStep.HELP, now=now)
        found = await _own(conn, person, talk.data.checkin_id) if talk else Answer.STALE
        if isinstance(found, Answer):
            return AnswerOutcome(found)
        assert talk is not None
        if not await CheckInRepo(conn).record_needs_help(found.id, needs_help):
            return AnswerOutcome(Answer.ALREADY)
        return await _next(conn, svc, person, talk, now=now, update_id=update_id)


async def _next(
    conn: aiosqlite.Connection,
    svc: Services,
    person: Person,
    talk: Talk,
    *,
    now: datetime,
    update_id: int | None,
) -> AnswerOutcome:
    """Move the check-in flow to the question that comes next, or end it."""
    checkin = await CheckInRepo(conn).by_id(talk.data.checkin_id)
    assert checkin is not None
    question = checkin.next_question
    if question in STEP_OF:
        state: AnyFlowState = await move(
            conn,
            svc.policy,
            person.id,
            talk,
            STEP_OF[question],
            data=talk.data,
            now=now,
            update_id=update_id,
        )
    elif question is Question.DESCRIBE:  # the check-in hands over to a problem report
        state = await start_report(
            conn,
            svc.policy,
            person.id,
            checkin.placement_id,
            checkin_id=checkin.id,
            now=now,
            update_id=update_id,
        )
    else:
        state = await finish(conn, person.id, talk, now, update_id=update_id)
    return AnswerOutcome(Answer.RECORDED, state)


async def continue_checkin(
    svc: Services, person: Person, now: datetime, *, update_id: int | None
) -> AnswerOutcome:
    """/checkin: the open question of the student's check-in, to be asked again."""
    async with svc.db.transaction() as conn:
        checkin = await _waiting(conn, person)
        if checkin is None:
            return AnswerOutcome(Answer.NONE_OPEN)
        claimed: Claim[CheckInStep, CheckInTalk] = await claim(
            conn, person.id, CHECKIN, checkin.id, now
        )
        if claimed.refused_by:
            return AnswerOutcome(Answer.BUSY, claimed.refused_by)
        state = await enter(
            conn,
            svc.policy,
            person.id,
            claimed,
            STEP_OF[checkin.next_question],
            data=CheckInTalk(checkin.id),
            now=now,
            update_id=update_id,
        )
        return AnswerOutcome(Answer.OPEN, state, claimed.replaced)


async def _waiting(conn: aiosqlite.Connection, person: Person) -> CheckIn | None:
    """The student's newest check-in if it still has a question for him."""
    for placement in await PlacementRepo(conn).of_person(person.id):
        if placement.student_id != person.id:
            continue
        latest = await CheckInRepo(conn).latest(placement.id)
        if latest is not None and latest.next_question in STEP_OF:
            return latest
    return None
