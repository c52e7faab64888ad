"""/reference: the student asks, the mentor edits a plain draft and confirms it, the student
gets it as text and as a PDF."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from enum import StrEnum

import aiosqlite

from bot.domain.feedback import composed
from bot.domain.feedback_messages import ReferenceDocument, ReferenceText
from bot.domain.flows import AnyFlowState, Flow
from bot.domain.messages import Message
from bot.domain.people import Person, Role
from bot.domain.reference import (
    REFERENCE_MAX_CHARS,
    Reference,
    ReferenceDraft,
    ReferenceStatus,
    has_blanks,
)
from bot.services.flows import at_step, claim, enter, finish, move
from bot.services.reference_facts import draft_for
from bot.services.runtime import Services
from storage.outbox import OutboxRepo
from storage.people import PlacementRepo
from storage.references import ReferenceRepo


class ReferenceStep(StrEnum):
    """Writing the reference: his messages (or the draft) until Done, then the preview."""

    WRITE = "write"
    PREVIEW = "preview"


@dataclass(frozen=True, slots=True)
class ReferenceWriting:
    """The reference a mentor is writing; stored only when he confirms it."""

    reference_id: int
    text: str = ""

    @property
    def subject(self) -> int:
        """A conversation about this reference."""
        return self.reference_id


def _without_words(writing: ReferenceWriting) -> ReferenceWriting:
    return replace(writing, text="")


REFERENCE = Flow(
    "reference",
    ReferenceStep,
    ReferenceWriting,
    drafts=frozenset({ReferenceStep.WRITE, ReferenceStep.PREVIEW}),
    scrub=_without_words,
)


class ReferenceResult(StrEnum):
    """What came of a step of asking for or writing a reference."""

    REQUESTED = "requested"  # the mentor has been asked
    ALREADY_REQUESTED = "already_requested"
    SENT_AGAIN = "sent_again"  # the student gets his reference again
    TOO_EARLY = "too_early"  # `opens_on`
    NO_PLACEMENT = "no_placement"
    NOT_ALLOWED = "not_allowed"  # neither a student nor a mentor
    PENDING = "pending"  # for a mentor: `pending` requests to write
    ASK = "ask"  # `flow` holds the question; with `draft` when he begins
    ADDED = "added"
    EMPTY = "empty"
    TOO_LONG = "too_long"
    HAS_BLANKS = "has_blanks"
    SENT = "sent"
    BUSY = "busy"
    STALE = "stale"  # not his reference, already sent, an old or forged button


@dataclass(frozen=True, slots=True)
class Pending:
    """A reference a student asked this mentor for."""

    reference_id: int
    student_name: str


@dataclass(frozen=True, slots=True)
class ReferenceOutcome:
    """The result, and what to show."""

    result: ReferenceResult
    flow: AnyFlowState | None = None
    replaced: AnyFlowState | None = None
    draft: ReferenceDraft | None = None
    opens_on: date | None = None
    pending: tuple[Pending, ...] = ()
    length: int = 0


async def start_writing(
    svc: Services, person: Person, reference_id: int, now: datetime, *, update_id: int | None
) -> ReferenceOutcome:
    """The mentor's "write the reference": the plain draft from his feedback, to edit."""
    async with svc.db.transaction() as conn:
        reference = await _his_open_reference(conn, person, reference_id)
        if reference is None:
            return ReferenceOutcome(ReferenceResult.STALE)
        claimed = await claim(conn, person.id, REFERENCE, reference_id, now)
        if claimed.refused_by:
            return ReferenceOutcome(ReferenceResult.BUSY, claimed.refused_by)
        if claimed.going_on:  # he was writing it already: where he was
            return ReferenceOutcome(ReferenceResult.ASK, claimed.going_on)
        state = await enter(
            conn,
            svc.policy,
            person.id,
            claimed,
            ReferenceStep.WRITE,
            data=ReferenceWriting(reference_id),
            now=now,
            update_id=update_id,
        )
        return ReferenceOutcome(
            ReferenceResult.ASK, state, claimed.replaced, draft=await draft_for(conn, reference)
        )


async def add_reference_words(
    svc: Services, person: Person, flow_id: int, text: str, now: datetime, *, update_id: int | None
) -> ReferenceOutcome:
    """One more message of the reference (or the whole draft, when he takes it as it is)."""
    async with svc.db.transaction() as conn:
        state = await at_step(conn, person.id, REFERENCE, flow_id, ReferenceStep.WRITE, now=now)
        if state is None:
            return ReferenceOutcome(ReferenceResult.STALE)
        words = composed([state.data.text, text])
        if len(words) > REFERENCE_MAX_CHARS:
            return ReferenceOutcome(ReferenceResult.TOO_LONG, state, length=len(state.data.text))
        state = await move(
            conn,
            svc.policy,
            person.id,
            state,
            ReferenceStep.WRITE,
            data=replace(state.data, text=words),
            now=now,
            update_id=update_id,
        )
        return ReferenceOutcome(ReferenceResult.ADDED, state, length=len(words))


async def reference_draft(
    svc: Services, person: Person, flow_id: int, now: datetime
) -> ReferenceDraft | None:
    """The plain draft of the reference he is writing (to take it as it is)."""
    async with svc.db.reading() as conn:
        state = await at_step(conn, person.id, REFERENCE, flow_id, ReferenceStep.WRITE, now=now)
        reference = (
            await _his_open_reference(conn, person, state.data.reference_id) if (state) else None
        )
        return await draft_for(conn, reference) if reference else None


async def use_draft(
    svc: Services, person: Person, flow_id: int, text: str, now: datetime, *, update_id: int | None
) -> ReferenceOutcome:
    """ "Use the draft": the draft as he saw it becomes the text, and he sees the preview."""
    async with svc.db.transaction() as conn:
        state = await at_step(conn, person.id, REFERENCE, flow_id, ReferenceStep.WRITE, now=now)
        if state is None or not text.strip():
            return ReferenceOutcome(ReferenceResult.STALE)
        state = await move(
            conn,
            svc.policy,
            person.id,
            state,
            ReferenceStep.PREVIEW,
            data=replace(state.data, text=text.strip()),
            now=now,
            update_id=update_id,
        )
        return ReferenceOutcome(ReferenceResult.ASK, state)


async def reference_done(
    svc: Services, person: Person, flow_id: int, now: datetime, *, update_id: int | None
) -> ReferenceOutcome:
    """Done: the preview of the reference as the student will get it."""
    async with svc.db.transaction() as conn:
        state = await at_step(conn, person.id, REFERENCE, flow_id, ReferenceStep.WRITE, now=now)
        if state is None:
            return ReferenceOutcome(ReferenceResult.STALE)
        if not state.data.text:
            return ReferenceOutcome(ReferenceResult.EMPTY, state)
        state = await move(
            conn,
            svc.policy,
            person.id,
            state,
            ReferenceStep.PREVIEW,
            data=state.data,
            now=now,
            update_id=update_id,
        )
        return ReferenceOutcome(ReferenceResult.ASK, state)


async def rewrite_reference(
    svc: Services, person: Person, flow_id: int, now: datetime, *, update_id: int | None
) -> ReferenceOutcome:
    """Write again: from an empty page (the draft is shown again)."""
    async with svc.db.transaction() as conn:
        state = await at_step(conn, person.id, REFERENCE, flow_id, ReferenceStep.PREVIEW, now=now)
        reference = (
            await _his_open_reference(conn, person, state.data.reference_id) if (state) else None
        )
        if state is None or reference is None:
            return ReferenceOutcome(ReferenceResult.STALE)
        state = await move(
            conn,
            svc.policy,
            person.id,
            state,
            ReferenceStep.WRITE,
            data=replace(state.data, text=""),
            now=now,
            update_id=update_id,
        )
        return ReferenceOutcome(ReferenceResult.ASK, state, draft=await draft_for(conn, reference))


async def send_reference(
    svc: Services, person: Person, flow_id: int, now: datetime, *, update_id: int | None
) -> ReferenceOutcome:
    """Confirm: the reference is stored and goes to the student as text and as a PDF."""
    async with svc.db.transaction() as conn:
        state = await at_step(conn, person.id, REFERENCE, flow_id, ReferenceStep.PREVIEW, now=now)
        reference = (
            await _his_open_reference(conn, person, state.data.reference_id) if (state) else None
        )
        if state is None or reference is None or not state.data.text:
            return ReferenceOutcome(ReferenceResult.STALE)
        if has_blanks(state.data.text):
            return ReferenceOutcome(ReferenceResult.HAS_BLANKS, state)
        await ReferenceRepo(conn).confirm(reference.id, state.data.text, now)
        placement = await PlacementRepo(conn).by_id(reference.placement_id)
        assert placement is not None
        await OutboxRepo(conn).add(delivery(reference, placement.student_id, ""), now)
        done = await finish(conn, person.id, state, now, update_id=update_id)
        return ReferenceOutcome(ReferenceResult.SENT, done)


def delivery(reference: Reference, student_id: int, again: str) -> list[Message]:
    """The reference to the student: the text, then the PDF (kept in order by the sender)."""
    return [
        Message(f"reference_text:{reference.id}{again}", student_id, ReferenceText(reference.id)),
        Message(
            f"reference_pdf:{reference.id}{again}", student_id, ReferenceDocument(reference.id)
        ),
    ]


async def _his_open_reference(
    conn: aiosqlite.Connection, person: Person, reference_id: int
) -> Reference | None:
    """A reference still to write, if this mentor was asked for it."""
    reference = await ReferenceRepo(conn).by_id(reference_id)
    if (
        reference is None
        or person.role is not Role.MENTOR
        or reference.mentor_id != person.id
        or reference.status is not ReferenceStatus.REQUESTED
    ):
        return None
    return reference
