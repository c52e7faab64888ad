"""Planning a meeting, its last answers: the time (from the keyboard, or typed) and the place;
then the proposal goes out (bot/services/meetings.py)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time

import aiosqlite

from bot.domain.localtime import exists, wall_moment, zone_of
from bot.domain.meetings import MeetingKind
from bot.domain.people import Person, Placement, may_act_on
from bot.domain.when import Parsed, Refusal, parse_when
from bot.services.flows import at_step, finish, move
from bot.services.meeting_plans import (
    MAX_PLACE,
    PLAN,
    Act,
    PlanOutcome,
    PlanResult,
    PlanStep,
    Talk,
)
from bot.services.meetings import (
    MeetingResult,
    Proposal,
    propose_again,
    propose_meeting,
    zone_of_person,
)
from bot.services.runtime import Services
from storage.people import PlacementRepo


async def choose_time(
    svc: Services, person: Person, flow_id: int, at: time, now: datetime, *, update_id: int | None
) -> PlanOutcome:
    """A time from the keyboard, on the day chosen."""
    async with svc.db.transaction() as conn:
        talk = await at_step(conn, person.id, PLAN, flow_id, PlanStep.TIME, now=now)
        placement = await _placement(conn, person, talk)
        if talk is None or placement is None or not talk.data.day:
            return PlanOutcome(PlanResult.STALE)
        zone = zone_of(zone_of_person(svc.policy, person, placement))
        day = date.fromisoformat(talk.data.day)
        if not exists(day, at, zone):
            return PlanOutcome(PlanResult.NOT_A_TIME, talk, refusal=Refusal.NO_SUCH_TIME)
        moment = wall_moment(day, at, zone)
        if moment <= now:
            return PlanOutcome(PlanResult.NOT_A_TIME, talk, refusal=Refusal.IN_PAST)
        return await _chosen(
            Act(conn, svc.policy, person, now, update_id), talk, placement, moment
        )


async def type_time(
    svc: Services, person: Person, flow_id: int, text: str, now: datetime, *, update_id: int | None
) -> PlanOutcome:
    """A typed day and time ("di 14:30") at the day question, or a time at the time question."""
    async with svc.db.transaction() as conn:
        talk = await at_step(conn, person.id, PLAN, flow_id, PlanStep.DAY, now=now) or (
            await at_step(conn, person.id, PLAN, flow_id, PlanStep.TIME, now=now)
        )
        placement = await _placement(conn, person, talk)
        if talk is None or placement is None:
            return PlanOutcome(PlanResult.STALE)
        on = date.fromisoformat(talk.data.day) if talk.data.day else None
        parsed = parse_when(
            text,
            now,
            zone_of_person(svc.policy, person, placement),
            on=on,
            max_ahead=svc.policy.meetings.max_ahead,
        )
        if not isinstance(parsed, Parsed):
            return PlanOutcome(PlanResult.NOT_A_TIME, talk, refusal=parsed.reason)
        return await _chosen(
            Act(conn, svc.policy, person, now, update_id), talk, placement, parsed.at
        )


async def give_place(
    svc: Services,
    person: Person,
    flow_id: int,
    place: str | None,
    now: datetime,
    *,
    update_id: int | None,
) -> PlanOutcome:
    """Where the meeting is, or its link (None: skipped); the proposal goes out."""
    if place is not None and len(place) > MAX_PLACE:
        return PlanOutcome(PlanResult.TOO_LONG)
    async with svc.db.transaction() as conn:
        talk = await at_step(conn, person.id, PLAN, flow_id, PlanStep.PLACE, now=now)
        placement = await _placement(conn, person, talk)
        if talk is None or placement is None or not talk.data.starts_at:
            return PlanOutcome(PlanResult.STALE)
        starts_at = datetime.fromisoformat(talk.data.starts_at)
        if starts_at <= now:
            return PlanOutcome(PlanResult.NOT_A_TIME, talk, refusal=Refusal.IN_PAST)
        return await _propose(
            Act(conn, svc.policy, person, now, update_id),
            talk,
            placement,
            Proposal(starts_at, place=place),
        )


async def _placement(
    conn: aiosqlite.Connection, person: Person, talk: Talk | None
) -> Placement | None:
    """The placement the flow plans for, if it is still the person's."""
    placement = await PlacementRepo(conn).by_id(talk.data.placement_id) if talk else None
    if placement is None or not may_act_on(person.role, person.id, placement):
        return None
    return placement


async def _chosen(act: Act, talk: Talk, placement: Placement, moment: datetime) -> PlanOutcome:
    """A time is chosen: ask for the place of a new meeting, or propose the other time."""
    zone = zone_of(zone_of_person(act.policy, act.person, placement))
    if moment.astimezone(zone).date() > placement.ends_on:  # the placement is over by then
        return PlanOutcome(PlanResult.NOT_A_TIME, talk, refusal=Refusal.AFTER_END)
    if talk.data.meeting_id:
        return await _propose(
            act, talk, placement, Proposal(moment, reason=talk.data.reason or None)
        )
    state = await move(
        act.conn,
        act.policy,
        act.person.id,
        talk,
        PlanStep.PLACE,
        data=replace(talk.data, starts_at=moment.isoformat()),
        now=act.now,
        update_id=act.update_id,
    )
    return PlanOutcome(PlanResult.ASKING, state)


async def _propose(act: Act, talk: Talk, placement: Placement, proposal: Proposal) -> PlanOutcome:
    if talk.data.meeting_id:
        outcome = await propose_again(
            act.conn,
            act.person,
            talk.data.meeting_id,
            talk.data.sequence,
            proposal,
            policy=act.policy,
            now=act.now,
        )
    else:
        outcome = await propose_meeting(
            act.conn,
            act.person,
            placement,
            MeetingKind(talk.data.kind),
            proposal,
            policy=act.policy,
            now=act.now,
        )
    if outcome.result is not MeetingResult.PROPOSED:
        return PlanOutcome(
            PlanResult.STALE, talk, meeting=outcome.card, result_of_proposal=outcome.result
        )
    done = await finish(act.conn, act.person.id, talk, act.now, update_id=act.update_id)
    return PlanOutcome(
        PlanResult.DONE, done, meeting=outcome.card, result_of_proposal=outcome.result
    )
