"""A person's own data: see all of it (/mydata), have it erased (/forget), retention."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from bot.domain.messages import Message
from bot.domain.people import Person, Role
from bot.domain.privacy import (
    ErasureRejected,
    ErasureRequested,
    erased_email,
    erased_name,
    retention_cutoff,
)
from bot.services.runtime import Services
from storage.audit import AuditRepo
from storage.db import to_db
from storage.erasure import ErasureRepo
from storage.outbox import OutboxRepo
from storage.people import PeopleRepo
from storage.privacy import PrivacyRepo

PURGE_BATCH = 50


class ForgetResult(StrEnum):
    """How a person's request to be erased ended."""

    REQUESTED = "requested"
    ALREADY_REQUESTED = "already_requested"
    NO_COORDINATOR = "no_coordinator"


class Decision(StrEnum):
    """How a coordinator's press on Approve or Reject ended."""

    APPROVED = "approved"
    REJECTED = "rejected"
    NOT_ALLOWED = "not_allowed"
    UNKNOWN = "unknown"
    ALREADY_DECIDED = "already_decided"


@dataclass(frozen=True, slots=True)
class DecisionOutcome:
    """A decision and, when someone was erased, the Telegram account and language he had."""

    decision: Decision
    person_id: int | None = None
    former_telegram_id: int | None = None
    language: str | None = None


async def my_data(svc: Services, person: Person, now: datetime) -> dict[str, Any]:
    """Everything stored about a person, as one document."""
    async with svc.db.reading() as conn:
        data = await PrivacyRepo(conn).export(person.id, person.telegram_id)
    return {"exported_at": to_db(now), **data}


async def request_erasure(svc: Services, person: Person, now: datetime) -> ForgetResult:
    """Ask the coordinators to approve erasing a person's personal data."""
    async with svc.db.transaction() as conn:
        repo = PrivacyRepo(conn)
        if await repo.pending_request(person.id) is not None:
            return ForgetResult.ALREADY_REQUESTED
        # Nobody may approve his own erasure.
        deciders = [c for c in await repo.coordinators() if c != person.id]
        if not deciders:
            return ForgetResult.NO_COORDINATOR
        request_id = await repo.add_request(person.id, now)
        await OutboxRepo(conn).add(
            [
                Message(
                    f"erasure:{request_id}:{coordinator}",
                    coordinator,
                    ErasureRequested(request_id),
                )
                for coordinator in deciders
            ],
            now,
        )
        await AuditRepo(conn).record(now, person.id, "erasure_requested", f"person:{person.id}")
    return ForgetResult.REQUESTED


async def decide_erasure(
    svc: Services, actor: Person, request_id: int, *, approve: bool, now: datetime
) -> DecisionOutcome:
    """A coordinator approves (erase now) or rejects a request; nobody else may."""
    async with svc.db.transaction() as conn:
        repo = PrivacyRepo(conn)
        request = await repo.request(request_id)
        if actor.role is not Role.COORDINATOR:
            return DecisionOutcome(Decision.NOT_ALLOWED)
        if request is None:
            return DecisionOutcome(Decision.UNKNOWN)
        if request.person_id == actor.id:
            return DecisionOutcome(Decision.NOT_ALLOWED)
        status = "approved" if approve else "rejected"
        if not await repo.decide(request_id, status, actor.id, now):
            return DecisionOutcome(Decision.ALREADY_DECIDED)
        subject = f"person:{request.person_id}"
        await AuditRepo(conn).record(now, actor.id, f"erasure_{status}", subject)
        if not approve:
            await OutboxRepo(conn).add(
                [
                    Message(
                        f"erasure-rejected:{request_id}",
                        request.person_id,
                        ErasureRejected(request_id),
                    )
                ],
                now,
            )
            return DecisionOutcome(Decision.REJECTED, request.person_id)
        person_id = request.person_id
        person = await PeopleRepo(conn).by_id(person_id)
        former = await ErasureRepo(conn).erase(
            person_id, erased_name(person_id), erased_email(person_id), now
        )
    await _checkpoint(svc)
    return DecisionOutcome(
        Decision.APPROVED, person_id, former, person.language if person else None
    )


async def purge_expired(svc: Services, now: datetime) -> int:
    """Tick step: anonymise people whose every placement ended RETENTION_MONTHS ago."""
    cutoff = retention_cutoff(now.date(), svc.policy.retention_months)
    async with svc.db.transaction() as conn:
        repo = ErasureRepo(conn)
        expired = await repo.expired(cutoff, PURGE_BATCH)
        if expired:  # all of them at once: the tick (and the bot) must not wait on this
            await repo.erase_all(
                [
                    (person_id, erased_name(person_id), erased_email(person_id))
                    for person_id in expired
                ],
                now,
            )
            await AuditRepo(conn).record_each(
                now, None, "retention_erased", [f"person:{person_id}" for person_id in expired]
            )
        if len(expired) < PURGE_BATCH:  # all done up to this cutoff: next time start from it
            await repo.purged_through(cutoff)
    if expired:
        await _checkpoint(svc)
    return len(expired)


async def _checkpoint(svc: Services) -> None:
    # Old page versions in the WAL still hold the erased text until a checkpoint empties it.
    async with svc.db.reading() as conn:
        await ErasureRepo(conn).checkpoint()


async def erasure_requester(svc: Services, request_id: int) -> Person | None:
    """Who asked to be erased by this request, as he is now (for the coordinator's message)."""
    async with svc.db.reading() as conn:
        request = await PrivacyRepo(conn).request(request_id)
        return await PeopleRepo(conn).by_id(request.person_id) if request else None
