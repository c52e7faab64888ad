"""Meetings: proposing a time, confirming it, proposing another; and reading them back.

Every call checks that the person takes part in the meeting's placement in a role that may do
this; a button's ids are never trusted. The version of a meeting (its sequence) a button was
made for must still be the current one: a press on a proposal that has been answered with
another time changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

import aiosqlite

from bot.domain.meeting_messages import MeetingCalendar, MeetingProposed
from bot.domain.meeting_reminders import next_reminder, reminders_passed
from bot.domain.meetings import (
    Meeting,
    MeetingEvent,
    MeetingKind,
    MeetingState,
    confirmations_needed,
    may_propose,
    may_retime,
    next_state,
    participants,
    zone_name_for,
)
from bot.domain.messages import Message
from bot.domain.people import Person, Placement, Role, may_act_on
from bot.domain.policy import Policy
from bot.services.meeting_sending import send_or_hold
from bot.services.runtime import Services
from storage.audit import AuditRepo
from storage.meeting_tracks import TrackRepo
from storage.meetings import MeetingRepo
from storage.people import PeopleRepo, PlacementRepo


class MeetingResult(StrEnum):
    """What became of an act on a meeting."""

    PROPOSED = "proposed"  # sent to the others to confirm
    CONFIRMED = "confirmed"  # everyone agreed: calendar files go out
    WAITING = "waiting"  # agreed, the others still have to
    ALREADY = "already"  # he had done this already
    STALE = "stale"  # the meeting changed since that button was made
    TOO_EARLY = "too_early"  # an outcome before the planned time
    REFUSED = "refused"  # not his to do


@dataclass(frozen=True, slots=True)
class MeetingCard:
    """A meeting with the people and the placement its messages show."""

    meeting: Meeting
    placement: Placement
    student: Person
    mentor: Person
    supervisor: Person
    proposer: Person

    def person(self, role: Role) -> Person:
        """The participant in a role."""
        return {
            Role.STUDENT: self.student,
            Role.MENTOR: self.mentor,
            Role.SUPERVISOR: self.supervisor,
        }[role]

    @property
    def participants(self) -> list[Person]:
        """Everyone who takes part, student first."""
        return [
            self.person(role)
            for role in (Role.STUDENT, Role.MENTOR, Role.SUPERVISOR)
            if role in participants(self.meeting.kind)
        ]


@dataclass(frozen=True, slots=True)
class MeetingOutcome:
    """The result of an act, and the meeting as it stands now."""

    result: MeetingResult
    card: MeetingCard | None = None


def zone_of_person(policy: Policy, person: Person, placement: Placement) -> str:
    """The time zone a person reads this placement's meeting times in."""
    return zone_name_for(person.role, placement.timezone, policy.timezone)


async def card_of(conn: aiosqlite.Connection, meeting_id: int) -> MeetingCard | None:
    """A meeting with its people, or None when there is no such meeting."""
    meeting = await MeetingRepo(conn).by_id(meeting_id)
    placement = await PlacementRepo(conn).by_id(meeting.placement_id) if meeting else None
    if meeting is None or placement is None:
        return None
    people = PeopleRepo(conn)
    found = [
        await people.by_id(person_id)
        for person_id in (
            placement.student_id,
            placement.mentor_id,
            placement.supervisor_id,
            meeting.proposed_by,
        )
    ]
    student, mentor, supervisor, proposer = found
    if student is None or mentor is None or supervisor is None or proposer is None:
        return None
    return MeetingCard(meeting, placement, student, mentor, supervisor, proposer)


async def meeting_card(svc: Services, meeting_id: int) -> MeetingCard | None:
    """A meeting as its messages show it now."""
    async with svc.db.reading() as conn:
        return await card_of(conn, meeting_id)


def takes_part(person: Person, card: MeetingCard) -> bool:
    """Whether a person is one of the meeting's participants (his own placement, his role)."""
    return person.role in participants(card.meeting.kind) and may_act_on(
        person.role, person.id, card.placement
    )


@dataclass(frozen=True, slots=True)
class Proposal:
    """A time for a meeting, where, and why this one (for another time than agreed)."""

    starts_at: datetime
    place: str | None = None
    reason: str | None = None


async def propose_meeting(
    conn: aiosqlite.Connection,
    person: Person,
    placement: Placement,
    kind: MeetingKind,
    proposal: Proposal,
    *,
    policy: Policy,
    now: datetime,
) -> MeetingOutcome:
    """A new meeting at a time: the others are asked to confirm it."""
    if not may_propose(kind, person.role) or not may_act_on(person.role, person.id, placement):
        return MeetingOutcome(MeetingResult.REFUSED)
    meeting_id = await MeetingRepo(conn).add(
        placement.id, kind, proposal.starts_at, person.id, place=proposal.place, now=now
    )
    await AuditRepo(conn).record(now, person.id, "meeting_proposed", f"meeting:{meeting_id}")
    return await _ask_others(conn, policy, meeting_id, now)


async def propose_again(
    conn: aiosqlite.Connection,
    person: Person,
    meeting_id: int,
    sequence: int,
    proposal: Proposal,
    *,
    policy: Policy,
    now: datetime,
) -> MeetingOutcome:
    """Another time for a meeting (a counter proposal, or the new time of a moved one)."""
    card = await card_of(conn, meeting_id)
    if card is None or not takes_part(person, card):
        return MeetingOutcome(MeetingResult.REFUSED)
    meeting = card.meeting
    if not may_retime(meeting.kind, person.role, meeting.state):
        return MeetingOutcome(MeetingResult.STALE, card)
    repo = MeetingRepo(conn)
    if not await repo.propose_again(
        meeting_id, proposal.starts_at, person.id, proposal.reason, sequence
    ):
        return MeetingOutcome(MeetingResult.STALE, card)
    await TrackRepo(conn).look_again(meeting.placement_id, meeting.kind)
    await AuditRepo(conn).record(now, person.id, "meeting_proposed_again", f"meeting:{meeting_id}")
    return await _ask_others(conn, policy, meeting_id, now)


async def _ask_others(
    conn: aiosqlite.Connection, policy: Policy, meeting_id: int, now: datetime
) -> MeetingOutcome:
    """Queue the proposal to everyone who must confirm it."""
    card = await card_of(conn, meeting_id)
    assert card is not None
    meeting = card.meeting
    await MeetingRepo(conn).confirm(meeting_id, meeting.proposed_by, meeting.sequence, now)
    needed = confirmations_needed(meeting.kind, card.proposer.role)
    await send_or_hold(
        conn,
        policy,
        card.placement,
        [
            (
                card.person(role),
                Message(
                    f"meeting:{meeting_id}:{meeting.sequence}:proposed:{card.person(role).id}",
                    card.person(role).id,
                    MeetingProposed(meeting_id, meeting.sequence),
                ),
            )
            for role in sorted(needed)
        ],
        now,
    )
    return MeetingOutcome(MeetingResult.PROPOSED, card)


async def confirm_meeting(
    svc: Services, person: Person, meeting_id: int, sequence: int, now: datetime
) -> MeetingOutcome:
    """A participant agrees to the proposed time; once all have, everyone gets the calendar."""
    async with svc.db.transaction() as conn:
        card = await card_of(conn, meeting_id)
        if card is None or not takes_part(person, card):
            return MeetingOutcome(MeetingResult.REFUSED)
        meeting = card.meeting
        if meeting.sequence != sequence or next_state(meeting.state, MeetingEvent.CONFIRM) is None:
            already = meeting.sequence == sequence and meeting.state is MeetingState.CONFIRMED
            return MeetingOutcome(MeetingResult.ALREADY if already else MeetingResult.STALE, card)
        if person.id == meeting.proposed_by:
            return MeetingOutcome(MeetingResult.REFUSED, card)
        if meeting.starts_at <= now:  # a proposal nobody confirmed in time
            return MeetingOutcome(MeetingResult.STALE, card)
        repo = MeetingRepo(conn)
        if not await repo.confirm(meeting_id, person.id, sequence, now):
            return MeetingOutcome(MeetingResult.ALREADY, card)
        await AuditRepo(conn).record(now, person.id, "meeting_confirmed", f"meeting:{meeting_id}")
        needed = {
            card.person(role).id for role in confirmations_needed(meeting.kind, card.proposer.role)
        }
        if not needed <= await repo.confirmed_by(meeting_id, sequence):
            return MeetingOutcome(MeetingResult.WAITING, await card_of(conn, meeting_id))
        await repo.set_state(
            meeting_id, MeetingState.PROPOSED, MeetingState.CONFIRMED, now, sequence=sequence
        )
        await schedule_reminders(conn, svc.policy, meeting_id, meeting.starts_at, now)
        await send_calendar(conn, svc.policy, card, sequence, now)
        await TrackRepo(conn).look_again(meeting.placement_id, meeting.kind)
        return MeetingOutcome(MeetingResult.CONFIRMED, await card_of(conn, meeting_id))


async def schedule_reminders(
    conn: aiosqlite.Connection, policy: Policy, meeting_id: int, starts_at: datetime, now: datetime
) -> None:
    """Set a confirmed meeting's first reminder; those already too late are skipped."""
    times = policy.meetings.reminder_times
    done = reminders_passed(starts_at, now, times)
    following = next_reminder(starts_at, done, times)
    await MeetingRepo(conn).schedule(
        meeting_id, done.value if done else None, following[1] if following else None
    )


async def send_calendar(
    conn: aiosqlite.Connection, policy: Policy, card: MeetingCard, sequence: int, now: datetime
) -> None:
    """Queue the calendar file of this version of the meeting to every participant."""
    meeting_id = card.meeting.id
    await send_or_hold(
        conn,
        policy,
        card.placement,
        [
            (
                person,
                Message(
                    f"meeting:{meeting_id}:{sequence}:calendar:{person.id}",
                    person.id,
                    MeetingCalendar(meeting_id, sequence),
                ),
            )
            for person in card.participants
        ],
        now,
    )
    await MeetingRepo(conn).calendar_went_out(meeting_id)
