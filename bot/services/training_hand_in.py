"""Handing in an assignment: the Hand in button opens a short flow; the next text, document or
photo is the hand-in; the trainer gets it at once. A second hand-in replaces the first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

import aiosqlite

from bot.domain.flows import AnyFlowState, Flow, Start
from bot.domain.messages import Message
from bot.domain.people import Person
from bot.domain.training import TrainingSession, is_late, may_hand_in
from bot.domain.training_records import TrainingSubmitted
from bot.services.flows import at_step, claim, enter, finish
from bot.services.runtime import Services
from bot.services.training import session_for_trainer
from storage.db import to_db
from storage.outbox import OutboxRepo
from storage.training import TrainingRepo
from storage.training_work import TrainingWorkRepo

TEXT_MAX = 4096  # one Telegram message
FILE_MAX = 10 * 1024 * 1024  # bytes; the Bot API lets a bot fetch files up to 20 MB


class HandInStep(StrEnum):
    """The one step: waiting for the text or the file."""

    WAIT = "wait"


@dataclass(frozen=True, slots=True)
class HandingIn:
    """Which session's assignment is being handed in."""

    session_id: int
    number: int = 0  # the session's number, for the question

    @property
    def subject(self) -> int:
        """A conversation about this session's assignment."""
        return self.session_id


HAND_IN = Flow("training_hand_in", HandInStep, HandingIn)


class HandInResult(StrEnum):
    """What came of handing in."""

    ASK = "ask"  # the flow waits for the text or file
    HANDED_IN = "handed_in"
    LATE = "late"  # handed in after the due moment: taken, and marked late
    CLOSED = "closed"  # the session is over, or has no assignment
    NOT_ALLOWED = "not_allowed"  # not enrolled in this session's run (a forged button)
    EMPTY = "empty"
    TOO_BIG = "too_big"
    BUSY = "busy"  # another flow holds a draft
    STALE = "stale"


@dataclass(frozen=True, slots=True)
class HandInOutcome:
    """The result, the session and the flow as it stands."""

    result: HandInResult
    session: TrainingSession | None = None
    flow: AnyFlowState | None = None


async def _his_session(
    conn: aiosqlite.Connection, person: Person, session_id: int, now: datetime
) -> TrainingSession | HandInResult:
    session = await TrainingRepo(conn).session(session_id)
    enrolment = (
        None if session is None else await TrainingRepo(conn).enrolment(session.run_id, person.id)
    )
    if session is None or enrolment is None or enrolment.enrolled_at is None:
        return HandInResult.NOT_ALLOWED
    return session if may_hand_in(session, now) else HandInResult.CLOSED


async def start_hand_in(
    svc: Services, person: Person, session_id: int, now: datetime, *, update_id: int | None
) -> HandInOutcome:
    """The Hand in button: ask for the text or file, if this is his session's assignment."""
    async with svc.db.transaction() as conn:
        session = await _his_session(conn, person, session_id, now)
        if not isinstance(session, TrainingSession):
            return HandInOutcome(session)
        claimed = await claim(conn, person.id, HAND_IN, session_id, now)
        if claimed.start is Start.REFUSE:
            return HandInOutcome(HandInResult.BUSY, session, claimed.refused_by)
        state = await enter(
            conn,
            svc.policy,
            person.id,
            claimed,
            HandInStep.WAIT,
            data=HandingIn(session_id, session.number),
            now=now,
            update_id=update_id,
        )
        return HandInOutcome(HandInResult.ASK, session, state)


async def hand_in(
    svc: Services,
    person: Person,
    flow_id: int,
    text: str,
    now: datetime,
    *,
    update_id: int | None,
    file_name: str | None = None,
    file: bytes | None = None,
) -> HandInOutcome:
    """His text or file is the hand-in: stored, the trainer told, the flow ended."""
    if file is None and not text.strip():
        return HandInOutcome(HandInResult.EMPTY)
    if len(text) > TEXT_MAX or (file is not None and len(file) > FILE_MAX):
        return HandInOutcome(HandInResult.TOO_BIG)
    async with svc.db.transaction() as conn:
        state = await at_step(conn, person.id, HAND_IN, flow_id, HandInStep.WAIT, now=now)
        if state is None:
            return HandInOutcome(HandInResult.STALE)
        session = await _his_session(conn, person, state.data.session_id, now)
        if not isinstance(session, TrainingSession):
            await finish(conn, person.id, state, now, update_id=update_id)
            return HandInOutcome(session)
        submission_id = await TrainingWorkRepo(conn).hand_in(
            session.id, person.id, text=text.strip(), file_name=file_name, file=file, now=now
        )
        run = await TrainingRepo(conn).run(session.run_id)
        assert run is not None
        await OutboxRepo(conn).add(
            [
                Message(
                    f"training_submission:{submission_id}:{to_db(now)}",
                    run.trainer_id,
                    TrainingSubmitted(submission_id),
                )
            ],
            now,
        )
        ended = await finish(conn, person.id, state, now, update_id=update_id)
    late = is_late(now, session)
    return HandInOutcome(HandInResult.LATE if late else HandInResult.HANDED_IN, session, ended)


async def forward_submissions(
    svc: Services, person: Person, session_id: int, now: datetime
) -> int | None:
    """The trainer asks for a session's hand-ins again: each comes to him; None if not his."""
    found = await session_for_trainer(svc, person, session_id)
    if not isinstance(found, tuple):
        return None
    async with svc.db.transaction() as conn:
        submissions = await TrainingWorkRepo(conn).submissions(session_id)
        return await OutboxRepo(conn).add(
            [
                Message(
                    f"training_submission:{s.id}:{to_db(now)}:{person.id}",
                    person.id,
                    TrainingSubmitted(s.id),
                )
                for s in submissions
            ],
            now,
        )
