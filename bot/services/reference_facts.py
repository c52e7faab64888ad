"""What a reference is made of: the draft from the mentor's feedback, and the letter's facts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import aiosqlite

from bot.domain.people import Placement
from bot.domain.reference import Reference, ReferenceDraft, draft_reference
from bot.services.runtime import Services
from storage.feedback import FeedbackRepo
from storage.goals import GoalRepo
from storage.people import PeopleRepo, PlacementRepo
from storage.references import ReferenceRepo


async def draft_for(conn: aiosqlite.Connection, reference: Reference) -> ReferenceDraft | None:
    """The plain draft of a reference: the facts and the mentor's own feedback, by goal."""
    placement = await PlacementRepo(conn).by_id(reference.placement_id)
    if placement is None:
        return None
    people = PeopleRepo(conn)
    student, mentor = (
        await people.by_id(placement.student_id),
        await people.by_id(reference.mentor_id),
    )
    return draft_reference(
        student_name=student.name if student else "",
        mentor_name=mentor.name if mentor else "",
        mentor_id=reference.mentor_id,
        company=placement.company,
        starts_on=placement.starts_on,
        ends_on=placement.ends_on,
        goals=await GoalRepo(conn).current(placement.id),
        feedback=await FeedbackRepo(conn).for_placement(placement.id),
    )


@dataclass(frozen=True, slots=True)
class LetterFacts:
    """A confirmed reference with the names and dates its letter shows."""

    reference: Reference
    placement: Placement
    student_name: str
    mentor_name: str
    text: str
    sent_on: date


async def letter_facts(svc: Services, reference_id: int) -> LetterFacts | None:
    """A sent reference as its text message and its PDF show it; None if not (yet) sent."""
    async with svc.db.reading() as conn:
        reference = await ReferenceRepo(conn).by_id(reference_id)
        placement = (
            await PlacementRepo(conn).by_id(reference.placement_id) if (reference) else None
        )
        if (
            reference is None
            or placement is None
            or reference.text is None
            or (reference.sent_at is None)
        ):
            return None
        people = PeopleRepo(conn)
        student, mentor = (
            await people.by_id(placement.student_id),
            await people.by_id(reference.mentor_id),
        )
    return LetterFacts(
        reference,
        placement,
        student.name if student else "",
        mentor.name if mentor else "",
        reference.text,
        reference.sent_at.date(),
    )


async def reference_request_facts(
    svc: Services, reference_id: int
) -> tuple[Reference, Placement, str] | None:
    """A requested reference, its placement and its student's name (for the mentor's message)."""
    async with svc.db.reading() as conn:
        reference = await ReferenceRepo(conn).by_id(reference_id)
        placement = (
            await PlacementRepo(conn).by_id(reference.placement_id) if (reference) else None
        )
        if reference is None or placement is None:
            return None
        student = await PeopleRepo(conn).by_id(placement.student_id)
    return reference, placement, student.name if student else ""
