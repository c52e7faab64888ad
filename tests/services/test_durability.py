"""What Telegram will not send again is on disk before it is confirmed (synchronous=FULL)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import aiosqlite
import pytest

from bot.services.inbox import keep_updates
from bot.services.runtime import Services
from tests.conftest import START

FULL, NORMAL = 2, 1


async def synchronous(conn: aiosqlite.Connection) -> int:
    async with conn.execute("PRAGMA synchronous") as cur:
        row = await cur.fetchone()
    assert row is not None
    return int(row[0])


async def test_a_durable_transaction_commits_with_full_sync_and_then_returns_to_normal(
    svc: Services,
) -> None:
    async with svc.db.reading() as conn:
        assert await synchronous(conn) == NORMAL
    async with svc.db.transaction(durable=True) as conn:
        assert await synchronous(conn) == FULL
    async with svc.db.transaction() as conn:
        assert await synchronous(conn) == NORMAL
    with pytest.raises(RuntimeError, match="boom"):
        async with svc.db.transaction(durable=True):
            raise RuntimeError("boom")
    async with svc.db.reading() as conn:
        assert await synchronous(conn) == NORMAL  # also after a rollback


async def test_fetched_updates_are_stored_in_a_durable_transaction(
    svc: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[int] = []
    original = svc.db.transaction

    @asynccontextmanager
    async def watched(**kwargs: Any) -> AsyncIterator[aiosqlite.Connection]:
        async with original(**kwargs) as conn:
            seen.append(await synchronous(conn))
            yield conn

    monkeypatch.setattr(svc.db, "transaction", watched)
    assert await keep_updates(svc, [{"update_id": 7}], START) == 1
    assert seen == [FULL]
