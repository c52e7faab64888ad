"""`/nudge`: the supervisor writes a student a short line, the student answers, and they may
go on writing until either closes the line or a day passes in silence.

Each side writes in the flow NUDGE (one step, TALK): while a person is in it, his text goes to
the other side. The bot puts the other side in it too when he is in no other conversation (it
never interrupts one); otherwise his Reply button does.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum

import aiosqlite

from bot.domain.flows import MAX_ANSWER, AnyFlowState, Ending, Flow, FlowState, is_open
from bot.domain.localtime import local_date, zone_of
from bot.domain.messages import Message
from bot.domain.nudges import (
    SILENCE,
    LineEnd,
    NudgeArrived,
    NudgeClosed,
    NudgeLine,
    is_line_open,
    may_nudge,
    other_side,
)
from bot.domain.people import Person, Placement, Role
from bot.services.flows import at_step, claim, enter, stored_flow
from bot.services.runtime import Services
from bot.services.student_picture import Choice
from storage.audit import AuditRepo
from storage.flows import FlowRepo
from storage.nudges import NudgeMessage, NudgeRepo
from storage.outbox import OutboxRepo
from storage.people import PeopleRepo, PlacementRepo
from storage.student_picture import PictureRepo


class NudgeStep(StrEnum):
    """The one step: whatever he writes goes to the other side."""

    TALK = "talk"


@dataclass(frozen=True, slots=True)
class NudgeTalk:
    """The placement a line is about, and the line once its first message is written."""

    placement_id: int
    line_id: int = 0

    @property
    def subject(self) -> int:
        """A conversation about this placement."""
        return self.placement_id


NUDGE = Flow("nudge", NudgeStep, NudgeTalk)
Talking = FlowState[NudgeStep, NudgeTalk]


class NudgeResult(StrEnum):
    """What became of a nudge action."""

    WRITE = "write"  # he is on the line: his next text goes to the other side
    SENT = "sent"
    CLOSED = "closed"  # the line was closed (by him now, or already)
    TOO_LONG = "too_long"  # nothing sent; he writes it shorter
    BUSY = "busy"  # another conversation holds a draft
    REFUSED = "refused"  # not his placement or line, or no student who joined
    STALE = "stale"  # an old or forged button, or a line that has closed


@dataclass(frozen=True, slots=True)
class NudgeOutcome:
    """The result, whom the line is with, and the flows involved."""

    result: NudgeResult
    other: str = ""  # the other side's name
    flow: AnyFlowState | None = None
    replaced: AnyFlowState | None = None


async def nudge_choices(
    svc: Services, person: Person, text: str, now: datetime
) -> list[Choice] | None:
    """The students of his running placements whose name holds the text (None: he is no
    supervisor); only students who joined can be written to."""
    if person.role is not Role.SUPERVISOR:
        return None
    async with svc.db.reading() as conn:
        found = await PictureRepo(conn).matching(person.id, text)
    return sorted(
        (
            Choice(f.placement.id, f.student, f.placement.company)
            for f in found
            if f.student_joined
            and f.placement.starts_on
            <= local_date(now, zone_of(f.placement.timezone))
            <= f.placement.ends_on
        ),
        key=lambda c: (c.student.casefold(), c.placement_id),
    )


async def start_nudge(
    svc: Services, person: Person, placement_id: int, now: datetime, *, update_id: int | None
) -> NudgeOutcome:
    """The supervisor picked a student: his next text goes to him (an open line goes on)."""
    async with svc.db.transaction() as conn:
        placement = await PlacementRepo(conn).by_id(placement_id)
        student = await PeopleRepo(conn).by_id(placement.student_id) if placement else None
        if placement is None or student is None or not may_nudge(person, placement):
            return NudgeOutcome(NudgeResult.REFUSED)
        if student.telegram_id is None:
            return NudgeOutcome(NudgeResult.REFUSED, student.name)
        line = await NudgeRepo(conn).latest_line(placement.id)
        line_id = line.id if line and is_line_open(line.last_at, line.closed_at, now) else 0
        return await _enter(
            conn,
            svc,
            person,
            placement,
            line_id=line_id,
            other=student.name,
            now=now,
            update_id=update_id,
        )


async def reply_on(
    svc: Services, person: Person, line_id: int, now: datetime, *, update_id: int | None
) -> NudgeOutcome:
    """The Reply button under a message of a line: his next text goes to the other side."""
    async with svc.db.transaction() as conn:
        line = await NudgeRepo(conn).line(line_id)
        placement = await PlacementRepo(conn).by_id(line.placement_id) if line else None
        other = other_side(person.id, line.supervisor_id, line.student_id) if line else None
        if line is None or placement is None or other is None:
            return NudgeOutcome(NudgeResult.REFUSED)
        if not is_line_open(line.last_at, line.closed_at, now):
            return NudgeOutcome(NudgeResult.STALE)
        name = await _name(conn, other)
        return await _enter(
            conn, svc, person, placement, line_id=line.id, other=name, now=now, update_id=update_id
        )


async def write(
    svc: Services, person: Person, flow_id: int, text: str, now: datetime, *, update_id: int | None
) -> NudgeOutcome:
    """A text on the line: kept, sent to the other side; both stay on it another day."""
    if len(text) > MAX_ANSWER:
        return NudgeOutcome(NudgeResult.TOO_LONG)
    async with svc.db.transaction() as conn:
        state = await at_step(conn, person.id, NUDGE, flow_id, NudgeStep.TALK, now=now)
        placement = await PlacementRepo(conn).by_id(state.data.placement_id) if state else None
        if state is None or placement is None:
            return NudgeOutcome(NudgeResult.STALE)
        repo = NudgeRepo(conn)
        line = await repo.line(state.data.line_id) if state.data.line_id else None
        if line is not None and not is_line_open(line.last_at, line.closed_at, now):
            line = None
        if line is None:  # only the supervisor opens a line; a student's has closed
            if not may_nudge(person, placement):
                await FlowRepo(conn).save(person.id, state.end(Ending.EXPIRED), now)
                return NudgeOutcome(NudgeResult.CLOSED)
            line_id = await repo.open_line(placement.id, person.id, placement.student_id, now)
            await AuditRepo(conn).record(
                now, person.id, "nudge_opened", f"placement:{placement.id}"
            )
        else:
            line_id = line.id
        other = (
            placement.student_id
            if person.id == placement.supervisor_id
            else (placement.supervisor_id)
        )
        message_id = await repo.write(line_id, person.id, text, now)
        await OutboxRepo(conn).add(
            [Message(f"nudge:{message_id}", other, NudgeArrived(message_id))], now
        )
        talk = NudgeTalk(placement.id, line_id)
        saved = await FlowRepo(conn).save(
            person.id, state.moved(NudgeStep.TALK, talk, now, SILENCE, update_id=update_id), now
        )
        await _keep_other_on_line(conn, other, talk, now)
        return NudgeOutcome(NudgeResult.SENT, await _name(conn, other), saved)


async def close_line(
    svc: Services, person: Person, now: datetime, *, update_id: int | None
) -> NudgeOutcome:
    """/cancel (or End) on the line: closed for both; the other side is told."""
    async with svc.db.transaction() as conn:
        state = NUDGE.narrow(await stored_flow(conn, person.id))
        if state is None or not is_open(state, now):
            return NudgeOutcome(NudgeResult.STALE)
        ended = await FlowRepo(conn).save(
            person.id, state.end(Ending.CANCELLED, update_id=update_id), now
        )
        line = await NudgeRepo(conn).line(state.data.line_id) if state.data.line_id else None
        other = other_side(person.id, line.supervisor_id, line.student_id) if line else None
        if (
            line is None
            or other is None
            or not await NudgeRepo(conn).close(line.id, person.id, now)
        ):
            return NudgeOutcome(NudgeResult.CLOSED, flow=ended)
        by = LineEnd.SUPERVISOR if person.id == line.supervisor_id else LineEnd.STUDENT
        await OutboxRepo(conn).add(
            [Message(f"nudge-closed:{line.id}", other, NudgeClosed(line.id, by))], now
        )
        theirs = NUDGE.narrow(await stored_flow(conn, other))
        if theirs is not None and is_open(theirs, now) and theirs.data.line_id == line.id:
            await FlowRepo(conn).save(other, theirs.end(Ending.CANCELLED), now)
        return NudgeOutcome(NudgeResult.CLOSED, await _name(conn, other), ended)


async def nudge_message(svc: Services, message_id: int) -> NudgeMessage | None:
    """A message of a line as its view shows it (the sender's name as he is called now)."""
    async with svc.db.reading() as conn:
        return await NudgeRepo(conn).message(message_id)


async def nudge_line(svc: Services, line_id: int) -> tuple[NudgeLine, str, str] | None:
    """A line with its supervisor's and student's names."""
    async with svc.db.reading() as conn:
        line = await NudgeRepo(conn).line(line_id)
        if line is None:
            return None
        return line, await _name(conn, line.supervisor_id), await _name(conn, line.student_id)


async def _enter(
    conn: aiosqlite.Connection,
    svc: Services,
    person: Person,
    placement: Placement,
    *,
    line_id: int,
    other: str,
    now: datetime,
    update_id: int | None,
) -> NudgeOutcome:
    claimed = await claim(conn, person.id, NUDGE, placement.id, now)
    if claimed.refused_by:
        return NudgeOutcome(NudgeResult.BUSY, other, claimed.refused_by)
    data = NudgeTalk(
        placement.id, line_id or (claimed.going_on.data.line_id if claimed.going_on else 0)
    )
    state = await enter(
        conn,
        svc.policy,
        person.id,
        claimed,
        NudgeStep.TALK,
        data=data,
        now=now,
        update_id=update_id,
        lasts=SILENCE,
    )
    return NudgeOutcome(NudgeResult.WRITE, other, state, claimed.replaced)


async def _keep_other_on_line(
    conn: aiosqlite.Connection, other: int, talk: NudgeTalk, now: datetime
) -> None:
    """The other side stays on the line another day, or is put on it if he is in no flow."""
    theirs = NUDGE.narrow(await stored_flow(conn, other))
    if (
        theirs is not None
        and is_open(theirs, now)
        and theirs.data.placement_id == (talk.placement_id)
    ):
        await FlowRepo(conn).save(other, replace(theirs, data=talk, expires_at=now + SILENCE), now)
        return
    await FlowRepo(conn).start_where_idle(
        [(other, NUDGE.start(NudgeStep.TALK, talk, now, SILENCE))], now
    )


async def _name(conn: aiosqlite.Connection, person_id: int) -> str:
    person = await PeopleRepo(conn).by_id(person_id)
    return person.name if person else ""
