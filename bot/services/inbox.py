"""The durable inbox as a use case: keep updates, hand them out, mark them handled."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from bot.services.runtime import Services
from storage.inbox import InboxRepo

# Updates deleted per tick at most: a tick stays short even after a long downtime.
PRUNE_BATCH = 1000


async def keep_updates(svc: Services, updates: Sequence[dict[str, Any]], now: datetime) -> int:
    """Store fetched updates before their offset is confirmed; a replayed id is kept once."""
    if not updates:
        return 0
    # Once confirmed, Telegram never sends them again: on disk before that, even if the power
    # fails (a student's report must not vanish); everything else is redone from these rows.
    async with svc.db.transaction(durable=True) as conn:
        return await InboxRepo(conn).store(updates, now)


async def unhandled_updates(svc: Services, limit: int = 100) -> list[tuple[int, dict[str, Any]]]:
    """Stored updates not handled yet, oldest first (after a crash these run first)."""
    async with svc.db.reading() as conn:
        return await InboxRepo(conn).pending(limit)


async def update_handled(
    svc: Services, update_id: int, now: datetime, error: str | None = None
) -> None:
    """Mark an update handled, with the error if its handler failed; its token goes at once."""
    async with svc.db.transaction() as conn:
        had_token = await InboxRepo(conn).done(update_id, now, error)
    if had_token:  # only the hash of an invite token is kept, on disk too (joins are rare)
        await svc.db.checkpoint()


async def prune_handled_updates(svc: Services, now: datetime) -> int:
    """Tick step: forget updates handled more than INBOX_KEEP_DAYS ago (a batch per tick)."""
    async with svc.db.transaction() as conn:
        return await InboxRepo(conn).prune(now - svc.policy.inbox_keep, PRUNE_BATCH)


async def next_offset(svc: Services) -> int | None:
    """The getUpdates offset that confirms everything already stored."""
    async with svc.db.reading() as conn:
        last = await InboxRepo(conn).last_update_id()
    return last + 1 if last is not None else None
