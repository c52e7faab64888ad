"""Planning a meeting in the chat: a day from a keyboard, a time from a keyboard or typed, a
place; and the same for another time (with a reason) and for a meeting that was moved.

The flow's data carries what its questions show (the first day of the day keyboard, the usual
times), so a question can be asked again after a crash exactly as it was.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from enum import StrEnum

import aiosqlite

from bot.domain.flows import MAX_ANSWER, AnyFlowState, Flow, FlowState
from bot.domain.localtime import zone_of
from bot.domain.meetings import MeetingKind, MeetingState, may_propose, may_retime
from bot.domain.people import Person, Placement, Role, may_act_on
from bot.domain.policy import Policy
from bot.domain.when import Refusal
from bot.services.flows import at_step, claim, enter, move
from bot.services.meeting_lists import active_placements
from bot.services.meetings import (
    MeetingCard,
    MeetingResult,
    card_of,
    takes_part,
    zone_of_person,
)
from bot.services.runtime import Services
from storage.people import PlacementRepo

MAX_PLACE = 300  # a room or a meeting link, not a letter


class PlanStep(StrEnum):
    """The questions of planning a meeting."""

    REASON = "reason"  # why another time (only when answering with another time)
    DAY = "day"  # a day from the keyboard, or a typed day and time
    TIME = "time"  # a time from the keyboard, or typed
    PLACE = "place"  # where, or the meeting link (a new meeting only); or Skip


@dataclass(frozen=True, slots=True)
class PlanTalk:
    """What has been chosen so far, and what the keyboards offer."""

    placement_id: int
    kind: str  # a MeetingKind
    first_day: str  # the day keyboard's first day (ISO), the planner's today
    days: int  # how many days the day keyboard offers
    times: str  # the time keyboard: "09:00 10:00 …"
    meeting_id: int = 0  # 0: a new meeting; else the meeting that gets another time
    sequence: int = 0  # the version of that meeting this answers
    reason: str = ""
    day: str = ""  # the day chosen (ISO)
    starts_at: str = ""  # the moment chosen (ISO, UTC), waiting for the place

    @property
    def subject(self) -> int:
        """A conversation about this meeting, or about planning one for this placement."""
        return self.meeting_id or self.placement_id


PLAN = Flow("meeting_plan", PlanStep, PlanTalk, scrub=lambda talk: replace(talk, reason=""))
Talk = FlowState[PlanStep, PlanTalk]


class PlanResult(StrEnum):
    """What became of a planning answer."""

    ASKING = "asking"  # the flow moved to its next question
    DONE = "done"  # the meeting is proposed (see `meeting`)
    CHOOSE = "choose"  # several students: the planner picks one first (see `choices`)
    NO_PLACEMENT = "no_placement"  # nobody to plan a meeting with
    NOT_A_TIME = "not_a_time"  # a typed time that was refused (see `refusal`)
    TOO_LONG = "too_long"
    BUSY = "busy"  # another flow holds a draft
    STALE = "stale"  # an old button, or the meeting changed
    REFUSED = "refused"  # not his to plan


@dataclass(frozen=True, slots=True)
class PlanOutcome:
    """The result, the flow as it stands, and what else the reply shows."""

    result: PlanResult
    flow: AnyFlowState | None = None
    replaced: AnyFlowState | None = None
    refusal: Refusal | None = None
    meeting: MeetingCard | None = None
    result_of_proposal: MeetingResult | None = None
    choices: tuple[tuple[int, str], ...] = ()  # (placement id, student name)


@dataclass(frozen=True, slots=True)
class Act:
    """One planning answer being handled: in which transaction, by whom, when."""

    conn: aiosqlite.Connection
    policy: Policy
    person: Person
    now: datetime
    update_id: int | None


def kind_for(role: Role) -> MeetingKind | None:
    """Which meeting a role plans: mentor meetings (student, mentor), reviews (supervisor)."""
    if may_propose(MeetingKind.MENTOR, role):
        return MeetingKind.MENTOR
    return MeetingKind.TRIPARTITE if may_propose(MeetingKind.TRIPARTITE, role) else None


def _fresh(
    policy: Policy, person: Person, placement: Placement, kind: MeetingKind, now: datetime
) -> PlanTalk:
    rules = policy.meetings
    today = now.astimezone(zone_of(zone_of_person(policy, person, placement))).date()
    return PlanTalk(
        placement.id,
        kind.value,
        today.isoformat(),
        rules.days_ahead,
        " ".join(at.strftime("%H:%M") for at in rules.usual_times),
    )


async def _start(act: Act, step: PlanStep, talk: PlanTalk) -> PlanOutcome:
    claimed = await claim(act.conn, act.person.id, PLAN, talk.subject, act.now)
    if claimed.refused_by:
        return PlanOutcome(PlanResult.BUSY, claimed.refused_by)
    state = await enter(
        act.conn,
        act.policy,
        act.person.id,
        claimed,
        step,
        data=talk,
        now=act.now,
        update_id=act.update_id,
    )
    return PlanOutcome(PlanResult.ASKING, state, claimed.replaced)


async def start_planning(
    svc: Services, person: Person, now: datetime, *, update_id: int | None
) -> PlanOutcome:
    """/plan: the planning questions, after picking the student when there are several."""
    if kind_for(person.role) is None:
        return PlanOutcome(PlanResult.REFUSED)
    found = await active_placements(svc, person, now.date())
    if not found:
        return PlanOutcome(PlanResult.NO_PLACEMENT)
    if len(found) > 1:
        return PlanOutcome(
            PlanResult.CHOOSE,
            choices=tuple((placement.id, student.name) for placement, student in found),
        )
    return await plan_with(svc, person, found[0][0].id, now, update_id=update_id)


async def plan_with(
    svc: Services, person: Person, placement_id: int, now: datetime, *, update_id: int | None
) -> PlanOutcome:
    """Start planning the next meeting of one placement (a student picked, a Plan button)."""
    kind = kind_for(person.role)
    async with svc.db.transaction() as conn:
        placement = await PlacementRepo(conn).by_id(placement_id)
        if kind is None or placement is None or not may_act_on(person.role, person.id, placement):
            return PlanOutcome(PlanResult.REFUSED)
        if placement.ends_on < now.date():
            return PlanOutcome(PlanResult.NO_PLACEMENT)
        talk = _fresh(svc.policy, person, placement, kind, now)
        act = Act(conn, svc.policy, person, now, update_id)
        return await _start(act, PlanStep.DAY, talk)


async def retime(
    svc: Services,
    person: Person,
    meeting_id: int,
    sequence: int,
    now: datetime,
    *,
    update_id: int | None,
) -> PlanOutcome:
    """Another time for a meeting: first why (not after a move: the organiser knows why)."""
    async with svc.db.transaction() as conn:
        card = await card_of(conn, meeting_id)
        if card is None or not takes_part(person, card):
            return PlanOutcome(PlanResult.REFUSED)
        if card.meeting.sequence != sequence:
            return PlanOutcome(PlanResult.STALE, meeting=card)
        return await enter_retime(Act(conn, svc.policy, person, now, update_id), card)


async def enter_retime(act: Act, card: MeetingCard) -> PlanOutcome:
    """Start planning another time for a meeting (in the caller's transaction)."""
    meeting = card.meeting
    if not may_retime(meeting.kind, act.person.role, meeting.state):
        return PlanOutcome(PlanResult.STALE, meeting=card)
    talk = replace(
        _fresh(act.policy, act.person, card.placement, meeting.kind, act.now),
        meeting_id=meeting.id,
        sequence=meeting.sequence,
    )
    step = PlanStep.DAY if meeting.state is MeetingState.MOVED else PlanStep.REASON
    return await _start(act, step, talk)


async def give_reason(
    svc: Services,
    person: Person,
    flow_id: int,
    reason: str,
    now: datetime,
    *,
    update_id: int | None,
) -> PlanOutcome:
    """Why another time is needed."""
    if len(reason) > MAX_ANSWER:
        return PlanOutcome(PlanResult.TOO_LONG)
    async with svc.db.transaction() as conn:
        talk = await at_step(conn, person.id, PLAN, flow_id, PlanStep.REASON, now=now)
        if talk is None:
            return PlanOutcome(PlanResult.STALE)
        state = await move(
            conn,
            svc.policy,
            person.id,
            talk,
            PlanStep.DAY,
            data=replace(talk.data, reason=reason),
            now=now,
            update_id=update_id,
        )
        return PlanOutcome(PlanResult.ASKING, state)


async def choose_day(
    svc: Services, person: Person, flow_id: int, day: date, now: datetime, *, update_id: int | None
) -> PlanOutcome:
    """A day from the keyboard; the time comes next."""
    async with svc.db.transaction() as conn:
        talk = await at_step(conn, person.id, PLAN, flow_id, PlanStep.DAY, now=now)
        if talk is None:
            return PlanOutcome(PlanResult.STALE)
        first = date.fromisoformat(talk.data.first_day)
        if not first <= day < first + timedelta(days=talk.data.days):
            return PlanOutcome(PlanResult.STALE)
        state = await move(
            conn,
            svc.policy,
            person.id,
            talk,
            PlanStep.TIME,
            data=replace(talk.data, day=day.isoformat()),
            now=now,
            update_id=update_id,
        )
        return PlanOutcome(PlanResult.ASKING, state)
