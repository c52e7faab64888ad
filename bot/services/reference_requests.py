"""/reference of a student (ask his mentor, or get his reference again) and of a mentor (the
references asked of him)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.domain.feedback_messages import ReferenceRequested
from bot.domain.feedback_timing import end_notice_at, may_request_reference
from bot.domain.messages import Message
from bot.domain.people import Person, Role
from bot.domain.reference import ReferenceStatus
from bot.services.problems import student_placement
from bot.services.references import Pending, ReferenceOutcome, ReferenceResult, delivery
from bot.services.runtime import Services
from storage.db import to_db
from storage.outbox import OutboxRepo
from storage.people import PeopleRepo, PlacementRepo
from storage.references import ReferenceRepo


async def request_reference(svc: Services, person: Person, now: datetime) -> ReferenceOutcome:
    """/reference: a student asks his mentor (or gets his again); a mentor sees what waits."""
    if person.role is Role.MENTOR:
        return await _pending_for(svc, person)
    if person.role is not Role.STUDENT:
        return ReferenceOutcome(ReferenceResult.NOT_ALLOWED)
    rules = svc.policy.feedback
    async with svc.db.transaction() as conn:
        placement = await student_placement(conn, person, now)
        if placement is None:
            return ReferenceOutcome(ReferenceResult.NO_PLACEMENT)
        if not may_request_reference(placement, rules, now):
            opens = end_notice_at(placement, rules).astimezone(ZoneInfo(placement.timezone))
            return ReferenceOutcome(ReferenceResult.TOO_EARLY, opens_on=opens.date())
        references, outbox = ReferenceRepo(conn), OutboxRepo(conn)
        reference = await references.for_placement(placement.id)
        if reference is not None and reference.status is ReferenceStatus.SENT:
            await outbox.add(delivery(reference, person.id, f":{to_db(now)}"), now)
            return ReferenceOutcome(ReferenceResult.SENT_AGAIN)
        if reference is not None:
            return ReferenceOutcome(ReferenceResult.ALREADY_REQUESTED)
        mentor = await PeopleRepo(conn).by_id(placement.mentor_id)
        language = (mentor.language if mentor else None) or svc.policy.default_language
        reference_id = await references.request(placement.id, placement.mentor_id, language, now)
        await outbox.add(
            [
                Message(
                    f"reference_requested:{reference_id}",
                    placement.mentor_id,
                    ReferenceRequested(reference_id),
                )
            ],
            now,
        )
        return ReferenceOutcome(ReferenceResult.REQUESTED)


async def _pending_for(svc: Services, person: Person) -> ReferenceOutcome:
    async with svc.db.reading() as conn:
        pending = []
        for placement in await PlacementRepo(conn).of_person(person.id):
            reference = await ReferenceRepo(conn).for_placement(placement.id)
            if (
                reference
                and reference.mentor_id == person.id
                and (reference.status is ReferenceStatus.REQUESTED)
            ):
                student = await PeopleRepo(conn).by_id(placement.student_id)
                pending.append(Pending(reference.id, student.name if student else ""))
    return ReferenceOutcome(ReferenceResult.PENDING, pending=tuple(pending))
