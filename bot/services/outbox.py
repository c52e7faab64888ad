"""Delivering the outbox: what to send next, and recording what became of it."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime

from bot.domain.messages import Message, Outgoing
from bot.domain.people import Person, PersonUnreachable
from bot.services.deliveries import person_unreachable
from bot.services.runtime import Services
from storage.outbox import OutboxRepo, Unreadable
from storage.people import PeopleRepo, PlacementRepo

log = logging.getLogger(__name__)


async def next_messages(svc: Services, limit: int, skip: Iterable[int] = ()) -> list[Outgoing]:
    """The oldest undelivered messages, leaving out the ones to the people named in `skip`.

    A row whose payload does not fit its kind is marked failed (it could never be sent) and
    logged as an error, so that it neither blocks the queue nor goes unnoticed.
    """
    async with svc.db.reading() as conn:
        rows = await OutboxRepo(conn).pending(limit, svc.policy.default_language, skip)
    broken = [row for row in rows if isinstance(row, Unreadable)]
    if broken:
        await _refuse(svc, broken)
    return [row for row in rows if isinstance(row, Outgoing)]


async def _refuse(svc: Services, rows: list[Unreadable]) -> None:
    async with svc.db.transaction() as conn:
        for row in rows:
            log.error(
                "outbox %s (%s) cannot be read, not sending it: %s", row.id, row.kind, row.error
            )
            await OutboxRepo(conn).failed(row.id, f"unreadable payload: {row.error}", final=True)


async def queued_after(svc: Services, after_id: int) -> list[Outgoing | Unreadable]:
    """Messages queued after a given outbox id (for the dry run), with their recipients."""
    async with svc.db.reading() as conn:
        return await OutboxRepo(conn).since(after_id, svc.policy.default_language)


async def last_queued(svc: Services) -> int:
    """The id of the newest outbox message."""
    async with svc.db.reading() as conn:
        return await OutboxRepo(conn).last_id()


async def message_failed(svc: Services, outbox_id: int, error: str, *, final: bool) -> None:
    """Record a failed attempt; a final one (Telegram refused the message itself) stops."""
    async with svc.db.transaction() as conn:
        await OutboxRepo(conn).failed(outbox_id, error, final=final)


async def chat_unreachable(svc: Services, person_id: int, error: str, now: datetime) -> None:
    """Stop sending to a person who blocked the bot or vanished, and tell his supervisor."""
    async with svc.db.transaction() as conn:
        people, outbox = PeopleRepo(conn), OutboxRepo(conn)
        await outbox.undeliverable(person_id, error)
        marked = await people.mark_undeliverable(person_id, now)
        # The alerts he was to get go to the coordinators at once (DESIGN principle 11).
        await person_unreachable(conn, svc.policy, person_id, error, now)
        if not marked:
            return
        placements = await PlacementRepo(conn).of_person(person_id)
        supervisors = {p.supervisor_id for p in placements} - {person_id}
        await outbox.add(
            [
                Message(
                    f"undeliverable:{person_id}:{supervisor}:{now.date()}",
                    supervisor,
                    PersonUnreachable(person_id),
                )
                for supervisor in sorted(supervisors)
            ],
            now,
        )


async def unreachable_person(svc: Services, person_id: int) -> Person | None:
    """The person an undeliverable notice is about, as he is now."""
    async with svc.db.reading() as conn:
        return await PeopleRepo(conn).by_id(person_id)
