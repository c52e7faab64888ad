"""The durable inbox: updates stored before Telegram is told we have them."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

import aiosqlite

from storage.db import to_db


class InboxRepo:
    """Raw updates, by update_id, until they have been handled."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def store(self, updates: Sequence[dict[str, Any]], now: datetime) -> int:
        """Store updates, ignoring ids seen before; returns how many were new."""
        sql = "INSERT OR IGNORE INTO inbox (update_id, payload, received_at) VALUES (?, ?, ?)"
        before = self._conn.total_changes
        await self._conn.executemany(sql, [
            (int(update["update_id"]), json.dumps(update, ensure_ascii=False), to_db(now))
            for update in updates
        ])
        return self._conn.total_changes - before

    async def pending(self, limit: int) -> list[tuple[int, dict[str, Any]]]:
        """Unhandled updates, oldest first."""
        sql = """SELECT update_id, payload FROM inbox WHERE processed_at IS NULL
                 ORDER BY update_id LIMIT ?"""
        async with self._conn.execute(sql, (limit,)) as cur:
            return [(row[0], json.loads(row[1])) for row in await cur.fetchall()]

    async def done(self, update_id: int, now: datetime, error: str | None = None) -> None:
        sql = "UPDATE inbox SET processed_at = ?, error = ? WHERE update_id = ?"
        await self._conn.execute(sql, (to_db(now), error, update_id))

    async def last_update_id(self) -> int | None:
        async with self._conn.execute("SELECT MAX(update_id) FROM inbox") as cur:
            row = await cur.fetchone()
        return int(row[0]) if row and row[0] is not None else None
