"""When the next weekly digest goes out (one row)."""

from __future__ import annotations

from datetime import datetime

import aiosqlite

from storage.db import from_db, to_db


class DigestScheduleRepo:
    """The moment of the next digest."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def next_at(self) -> datetime | None:
        async with self._conn.execute("SELECT next_at FROM digest_schedule WHERE id = 1") as cur:
            row = await cur.fetchone()
        return from_db(row[0]) if row else None

    async def set_next_at(self, moment: datetime) -> None:
        sql = """INSERT INTO digest_schedule (id, next_at) VALUES (1, ?)
                 ON CONFLICT (id) DO UPDATE SET next_at = excluded.next_at"""
        await self._conn.execute(sql, (to_db(moment),))
