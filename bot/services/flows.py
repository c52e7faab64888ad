"""The conversation a person is in: loading it, entering one, cancelling, timing out."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Generic

import aiosqlite

from bot.domain.flows import (
    AnyFlowState,
    DataT,
    Ending,
    Flow,
    FlowDataError,
    FlowState,
    Start,
    StepT,
    is_expired,
    is_open,
    starting,
)
from bot.domain.people import Person
from bot.domain.policy import Policy
from bot.services.runtime import Services
from storage.flows import FlowRepo

log = logging.getLogger(__name__)

EXPIRE_CHUNK = 500


@dataclass(frozen=True, slots=True)
class Claim(Generic[StepT, DataT]):
    """A person asked to start a flow: what that does to the one he is in (nothing written)."""

    flow: Flow[StepT, DataT]
    start: Start
    current: AnyFlowState | None  # what was stored for him

    @property
    def going_on(self) -> FlowState[StepT, DataT] | None:
        """The open flow that simply goes on (same conversation)."""
        return self.flow.narrow(self.current) if self.start is Start.GO_ON else None

    @property
    def replaced(self) -> AnyFlowState | None:
        """The open flow the new one takes the place of (the person is told)."""
        return self.current if self.start is Start.REPLACE else None

    @property
    def refused_by(self) -> AnyFlowState | None:
        """The open flow that holds a draft, so the new one does not start."""
        return self.current if self.start is Start.REFUSE else None


async def stored_flow(conn: aiosqlite.Connection, person_id: int) -> AnyFlowState | None:
    """The person's flow; one whose stored form no longer fits its types is dropped, loudly."""
    try:
        return await FlowRepo(conn).get(person_id)
    except FlowDataError as error:
        log.error("the flow of person %s does not read back and is dropped: %s", person_id, error)
    if conn.in_transaction:
        await FlowRepo(conn).delete(person_id)
    return None


async def current_flow(svc: Services, person: Person) -> AnyFlowState | None:
    """The flow a person is in, or the last one that ended (loaded once per update)."""
    async with svc.db.reading() as conn:
        try:
            return await FlowRepo(conn).get(person.id)
        except FlowDataError:
            pass
    async with svc.db.transaction() as conn:
        return await stored_flow(conn, person.id)


async def claim(
    conn: aiosqlite.Connection,
    person_id: int,
    flow: Flow[StepT, DataT],
    subject: int,
    now: datetime,
) -> Claim[StepT, DataT]:
    """What starting `flow` about `subject` would do for this person (see `starting`)."""
    current = await stored_flow(conn, person_id)
    return Claim(flow, starting(current, flow, subject, now), current)


async def at_step(
    conn: aiosqlite.Connection,
    person_id: int,
    flow: Flow[StepT, DataT],
    flow_id: int,
    step: StepT,
    *,
    now: datetime,
) -> FlowState[StepT, DataT] | None:
    """The person's flow if it is that very flow (by id), open, at that step; else None."""
    state = flow.narrow(await stored_flow(conn, person_id))
    if state is None or state.id != flow_id or state.step is not step or not is_open(state, now):
        return None
    return state


async def enter(
    conn: aiosqlite.Connection,
    policy: Policy,
    person_id: int,
    claimed: Claim[StepT, DataT],
    step: StepT,
    *,
    data: DataT,
    now: datetime,
    update_id: int | None,
    lasts: timedelta | None = None,
) -> FlowState[StepT, DataT]:
    """Put the person at `step` of the claimed flow: the same one moved on, or a new one."""
    assert claimed.start is not Start.REFUSE
    lasts = policy.flow_expires if lasts is None else lasts
    going_on = claimed.going_on
    state = (
        going_on.moved(step, data, now, lasts, update_id=update_id)
        if going_on
        else claimed.flow.start(step, data, now, lasts, update_id=update_id)
    )
    return await FlowRepo(conn).save(person_id, state, now)


async def move(
    conn: aiosqlite.Connection,
    policy: Policy,
    person_id: int,
    state: FlowState[StepT, DataT],
    step: StepT,
    *,
    data: DataT,
    now: datetime,
    update_id: int | None,
) -> FlowState[StepT, DataT]:
    """The next step of an open flow; the time-out counts from this answer."""
    moved = state.moved(step, data, now, policy.flow_expires, update_id=update_id)
    return await FlowRepo(conn).save(person_id, moved, now)


async def finish(
    conn: aiosqlite.Connection,
    person_id: int,
    state: FlowState[StepT, DataT],
    now: datetime,
    *,
    update_id: int | None,
    data: DataT | None = None,
) -> FlowState[StepT, DataT]:
    """The flow's last question was answered: it ends (kept, scrubbed, for crash recovery)."""
    ended = state.end(Ending.FINISHED, data=data, update_id=update_id)
    return await FlowRepo(conn).save(person_id, ended, now)


async def cancel_flow(
    svc: Services, person: Person, flow_id: int | None, now: datetime, update_id: int | None
) -> AnyFlowState | None:
    """/cancel or a Cancel button: end the open flow (that one, for a button); None if none."""
    async with svc.db.transaction() as conn:
        state = await stored_flow(conn, person.id)
        if not is_open(state, now) or (flow_id is not None and state and state.id != flow_id):
            return None
        assert state is not None
        ended = state.end(Ending.CANCELLED, update_id=update_id)
        return await FlowRepo(conn).save(person.id, ended, now)


async def end_timed_out_flows(svc: Services, now: datetime) -> int:
    """Close every flow nobody answered in time, keeping none of its drafts (a tick step)."""
    async with svc.db.transaction() as conn:
        repo = FlowRepo(conn)
        people = await repo.timed_out(now, EXPIRE_CHUNK)
        for person_id in people:
            state = await stored_flow(conn, person_id)
            if state is not None:
                await repo.save(person_id, state.end(Ending.EXPIRED), now)
    return len(people)


async def forget_timed_out(svc: Services, person: Person, now: datetime) -> bool:
    """Drop a timed-out flow once the person has been told; False when there was none."""
    async with svc.db.transaction() as conn:
        state = await stored_flow(conn, person.id)
        if state is None or not is_expired(state, now):
            return False
        await FlowRepo(conn).delete(person.id)
        return True


def open_flow(state: AnyFlowState | None, now: datetime) -> AnyFlowState | None:
    """The state if the person is in that flow now."""
    return state if is_open(state, now) else None
