"""Delivering the outbox: what to send next, and recording what became of it."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from bot.domain.messages import Message, MessageKind, Outgoing
from bot.services.runtime import Services
from storage.outbox import OutboxRepo
from storage.people import PeopleRepo, PlacementRepo


async def next_messages(svc: Services, limit: int, skip: Iterable[int] = ()) -> list[Outgoing]:
    """The oldest undelivered messages, leaving out the ones named in `skip`."""
    async with svc.db.reading() as conn:
        return await OutboxRepo(conn).pending(limit, svc.policy.default_language, skip)


async def queued_after(svc: Services, after_id: int) -> list[tuple[str, Outgoing]]:
    """Messages queued after a given outbox id, with the recipient's name (for the dry run)."""
    async with svc.db.reading() as conn:
        return await OutboxRepo(conn).since(after_id, svc.policy.default_language)


async def last_queued(svc: Services) -> int:
    """The id of the newest outbox message."""
    async with svc.db.reading() as conn:
        return await OutboxRepo(conn).last_id()


async def message_sent(svc: Services, outbox_id: int, message_id: int | None,
                       now: datetime) -> None:
    """Record that Telegram accepted a message."""
    async with svc.db.single_write() as conn:
        await OutboxRepo(conn).sent(outbox_id, message_id, now)


async def message_failed(svc: Services, outbox_id: int, error: str, *, final: bool) -> None:
    """Record a failed attempt; a final one (Telegram refused the message itself) stops."""
    async with svc.db.transaction() as conn:
        await OutboxRepo(conn).failed(outbox_id, error, final=final)


async def chat_unreachable(svc: Services, person_id: int, error: str, now: datetime) -> None:
    """Stop sending to a person who blocked the bot or vanished, and tell his supervisor."""
    async with svc.db.transaction() as conn:
        people, outbox = PeopleRepo(conn), OutboxRepo(conn)
        await outbox.undeliverable(person_id, error)
        if not await people.mark_undeliverable(person_id, now):
            return
        person = await people.by_id(person_id)
        assert person is not None
        placements = await PlacementRepo(conn).of_person(person_id)
        supervisors = {p.supervisor_id for p in placements} - {person_id}
        await outbox.add([
            Message(f"undeliverable:{person_id}:{supervisor}:{now.date()}", supervisor,
                    MessageKind.UNDELIVERABLE, {"name": person.name, "role": person.role.value})
            for supervisor in sorted(supervisors)
        ], now)
