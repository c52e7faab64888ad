"""After a meeting: did it take place? Held (with a note), moved (planned again) or cancelled
(with a reason); for a tripartite review the agreements and the next review's date.

Only the organiser records an outcome (the mentor; the supervisor for a review), and held or
moved only from the planned time on. A cancellation is recorded with its reason, in one go, so
a cancelled meeting always says why; it sends the calendar apps METHOD:CANCEL and may alert the
supervisor when mentor meetings are cancelled several times in a row.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

import aiosqlite

from bot.domain.cadence import Term, Track, is_cancellation_alert
from bot.domain.escalation import AlertKind
from bot.domain.flows import MAX_ANSWER, AnyFlowState, Flow, FlowState
from bot.domain.localtime import zone_of
from bot.domain.meeting_messages import ReviewAgreements
from bot.domain.meetings import (
    MeetingEvent,
    MeetingKind,
    MeetingState,
    is_outcome_open,
    next_state,
    organiser,
)
from bot.domain.messages import Message
from bot.domain.people import Person
from bot.domain.when import parse_date
from bot.services.alerts import raise_alert
from bot.services.flows import at_step, claim, enter, finish, move
from bot.services.meeting_plans import Act as PlanAct
from bot.services.meeting_plans import enter_retime
from bot.services.meeting_sending import send_or_hold
from bot.services.meetings import (
    MeetingCard,
    card_of,
    send_calendar,
    takes_part,
    zone_of_person,
)
from bot.services.runtime import Services
from storage.audit import AuditRepo
from storage.meeting_tracks import TrackRepo
from storage.meetings import MeetingRepo


class Outcome(StrEnum):
    """The organiser's answer to "did the meeting take place?"."""

    HELD = "held"
    MOVED = "moved"
    CANCELLED = "cancelled"


class OutcomeStep(StrEnum):
    """The questions after the answer."""

    NOTE = "note"  # held: a short note, or Skip
    REASON = "reason"  # cancelled: why (the cancellation is recorded with it)
    AGREEMENTS = "agreements"  # a held review: what was agreed
    NEXT_REVIEW = "next_review"  # a held review: the next one's date, or Skip


@dataclass(frozen=True, slots=True)
class OutcomeTalk:
    """The meeting an outcome is being recorded for, at which version."""

    meeting_id: int
    sequence: int

    @property
    def subject(self) -> int:
        """A conversation about this meeting."""
        return self.meeting_id


OUTCOME = Flow("meeting_outcome", OutcomeStep, OutcomeTalk)
EVENTS = {
    Outcome.HELD: MeetingEvent.HOLD,
    Outcome.MOVED: MeetingEvent.MOVE,
    Outcome.CANCELLED: MeetingEvent.CANCEL,
}
Talk = FlowState[OutcomeStep, OutcomeTalk]


class OutcomeResult(StrEnum):
    """What became of an outcome answer."""

    ASKING = "asking"  # recorded so far; the flow asks its next question
    DONE = "done"  # all recorded
    MOVED = "moved"  # recorded as moved: planning a new time comes next
    TOO_EARLY = "too_early"  # held or moved before the planned time
    TOO_LONG = "too_long"
    NOT_A_DATE = "not_a_date"
    BUSY = "busy"
    STALE = "stale"  # an old button, or the meeting has its outcome already
    REFUSED = "refused"  # not the organiser


@dataclass(frozen=True, slots=True)
class OutcomeOutcome:
    """The result, the flow as it stands, and the meeting."""

    result: OutcomeResult
    flow: AnyFlowState | None = None
    card: MeetingCard | None = None
    replaced: AnyFlowState | None = None


async def _organised(
    conn: aiosqlite.Connection, person: Person, meeting_id: int, sequence: int
) -> MeetingCard | OutcomeResult:
    """The meeting, if the person organises it and the button is of its current version."""
    card = await card_of(conn, meeting_id)
    if (
        card is None
        or not takes_part(person, card)
        or (person.role is not organiser(card.meeting.kind))
    ):
        return OutcomeResult.REFUSED
    if card.meeting.sequence != sequence:
        return OutcomeResult.STALE
    return card


async def record_outcome(
    svc: Services,
    person: Person,
    meeting_id: int,
    sequence: int,
    outcome: Outcome,
    *,
    now: datetime,
    update_id: int | None,
) -> OutcomeOutcome:
    """Held, moved or cancelled, pressed on the "did it take place?" message."""
    async with svc.db.transaction() as conn:
        card = await _organised(conn, person, meeting_id, sequence)
        if isinstance(card, OutcomeResult):
            return OutcomeOutcome(card)
        meeting = card.meeting
        if next_state(meeting.state, EVENTS[outcome]) is None:  # its outcome is known
            return OutcomeOutcome(OutcomeResult.STALE, card=card)
        if outcome is not Outcome.CANCELLED and not is_outcome_open(meeting.starts_at, now):
            return OutcomeOutcome(OutcomeResult.TOO_EARLY, card=card)
        claimed = await claim(conn, person.id, OUTCOME, meeting_id, now)
        if claimed.refused_by:
            return OutcomeOutcome(OutcomeResult.BUSY, claimed.refused_by)
        talk = OutcomeTalk(meeting_id, sequence)
        if outcome is Outcome.CANCELLED:  # recorded once the reason is given
            state = await enter(
                conn,
                svc.policy,
                person.id,
                claimed,
                OutcomeStep.REASON,
                data=talk,
                now=now,
                update_id=update_id,
            )
            return OutcomeOutcome(OutcomeResult.ASKING, state, card, claimed.replaced)
        new = MeetingState.HELD if outcome is Outcome.HELD else MeetingState.MOVED
        await MeetingRepo(conn).set_state(
            meeting_id, MeetingState.CONFIRMED, new, now, sequence=sequence
        )
        await MeetingRepo(conn).schedule(meeting_id, meeting.reminded, None)
        await TrackRepo(conn).look_again(meeting.placement_id, meeting.kind)
        await AuditRepo(conn).record(
            now, person.id, f"meeting_{outcome.value}", f"meeting:{meeting_id}"
        )
        if outcome is Outcome.MOVED:  # planning the new time comes next
            moved = await card_of(conn, meeting_id)
            assert moved is not None
            planning = await enter_retime(PlanAct(conn, svc.policy, person, now, update_id), moved)
            return OutcomeOutcome(OutcomeResult.MOVED, planning.flow, moved, planning.replaced)
        step = OutcomeStep.NOTE if meeting.kind is MeetingKind.MENTOR else (OutcomeStep.AGREEMENTS)
        state = await enter(
            conn, svc.policy, person.id, claimed, step, data=talk, now=now, update_id=update_id
        )
        return OutcomeOutcome(
            OutcomeResult.ASKING, state, await card_of(conn, meeting_id), claimed.replaced
        )


async def answer_step(
    svc: Services,
    person: Person,
    flow_id: int,
    step: OutcomeStep,
    text: str | None,
    *,
    now: datetime,
    update_id: int | None,
) -> OutcomeOutcome:
    """The answer to one of the questions after the outcome (None: Skip, where allowed)."""
    if text is not None and len(text) > MAX_ANSWER:
        return OutcomeOutcome(OutcomeResult.TOO_LONG)
    async with svc.db.transaction() as conn:
        talk = await at_step(conn, person.id, OUTCOME, flow_id, step, now=now)
        card = await card_of(conn, talk.data.meeting_id) if talk else None
        if (
            talk is None
            or card is None
            or (text is None and step in (OutcomeStep.REASON, OutcomeStep.AGREEMENTS))
        ):
            return OutcomeOutcome(OutcomeResult.STALE)
        act = PlanAct(conn, svc.policy, person, now, update_id)
        match step:
            case OutcomeStep.NOTE:
                return await _note(act, talk, card, text)
            case OutcomeStep.REASON:
                return await _cancel(act, talk, card, text or "")
            case OutcomeStep.AGREEMENTS:
                return await _agreements(act, talk, card, text or "")
            case OutcomeStep.NEXT_REVIEW:
                return await _next_review(act, talk, card, text)


async def _done(act: PlanAct, talk: Talk, card: MeetingCard) -> OutcomeOutcome:
    done = await finish(act.conn, act.person.id, talk, act.now, update_id=act.update_id)
    return OutcomeOutcome(OutcomeResult.DONE, done, await card_of(act.conn, card.meeting.id))


async def _note(act: PlanAct, talk: Talk, card: MeetingCard, note: str | None) -> OutcomeOutcome:
    if note is not None:
        await MeetingRepo(act.conn).set_texts(card.meeting.id, note=note)
    return await _done(act, talk, card)


async def _cancel(act: PlanAct, talk: Talk, card: MeetingCard, reason: str) -> OutcomeOutcome:
    meeting, repo = card.meeting, MeetingRepo(act.conn)
    if next_state(meeting.state, MeetingEvent.CANCEL) is None or not await repo.set_state(
        meeting.id, meeting.state, MeetingState.CANCELLED, act.now, sequence=talk.data.sequence
    ):
        return OutcomeOutcome(OutcomeResult.STALE, card=card)
    await repo.set_texts(meeting.id, reason=reason)
    await AuditRepo(act.conn).record(
        act.now, act.person.id, "meeting_cancelled", f"meeting:{meeting.id}"
    )
    if meeting.calendar_sent:  # the calendar apps remove the entry they have
        await repo.raise_sequence(meeting.id)
        await send_calendar(act.conn, act.policy, card, meeting.sequence + 1, act.now)
    await TrackRepo(act.conn).look_again(meeting.placement_id, meeting.kind)
    meetings = await repo.of_placement(meeting.placement_id, meeting.kind)
    placement = card.placement
    track = Track(
        meeting.kind,
        Term(placement.starts_on, placement.ends_on, placement.timezone),
        act.policy.meetings.cadence(
            meeting.kind, placement.mentor_meeting_every_days, placement.tripartite_every_weeks
        ),
        tuple(m.record for m in meetings),
    )
    if meeting.kind is MeetingKind.MENTOR and is_cancellation_alert(
        track, act.policy.meetings.cancellations_in_a_row
    ):
        await raise_alert(act.conn, act.policy, placement, AlertKind.MEETINGS_CANCELLED, act.now)
    return await _done(act, talk, card)


async def _agreements(
    act: PlanAct, talk: Talk, card: MeetingCard, agreements: str
) -> OutcomeOutcome:
    meeting_id = card.meeting.id
    await MeetingRepo(act.conn).set_texts(meeting_id, agreements=agreements)
    # The student gets them now: the next review's date is for the cadence, not for him.
    await send_or_hold(
        act.conn,
        act.policy,
        card.placement,
        [
            (
                card.student,
                Message(
                    f"meeting:{meeting_id}:agreements",
                    card.student.id,
                    ReviewAgreements(meeting_id),
                ),
            )
        ],
        act.now,
    )
    state = await move(
        act.conn,
        act.policy,
        act.person.id,
        talk,
        OutcomeStep.NEXT_REVIEW,
        data=talk.data,
        now=act.now,
        update_id=act.update_id,
    )
    return OutcomeOutcome(OutcomeResult.ASKING, state, card)


async def _next_review(
    act: PlanAct, talk: Talk, card: MeetingCard, text: str | None
) -> OutcomeOutcome:
    if text is not None:
        zone = zone_of(zone_of_person(act.policy, act.person, card.placement))
        on = parse_date(text, act.now.astimezone(zone).date())
        if not isinstance(on, date):
            return OutcomeOutcome(OutcomeResult.NOT_A_DATE, talk, card)
        await MeetingRepo(act.conn).set_texts(card.meeting.id, next_review_on=on)
        await TrackRepo(act.conn).look_again(card.meeting.placement_id, card.meeting.kind)
    return await _done(act, talk, card)
