"""References: asked for by the student, written and confirmed by the mentor."""

from __future__ import annotations

from datetime import datetime

import aiosqlite

from bot.domain.reference import Reference, ReferenceStatus
from storage.db import from_db, to_db


def _reference_from(row: aiosqlite.Row) -> Reference:
    return Reference(
        id=row["id"],
        placement_id=row["placement_id"],
        mentor_id=row["mentor_id"],
        status=ReferenceStatus(row["status"]),
        requested_at=from_db(row["requested_at"]),
        language=row["language"],
        text=row["text"],
        sent_at=from_db(row["sent_at"]) if row["sent_at"] else None,
    )


class ReferenceRepo:
    """One reference per placement."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def by_id(self, reference_id: int) -> Reference | None:
        return await self._one("SELECT * FROM reference_letters WHERE id = ?", reference_id)

    async def for_placement(self, placement_id: int) -> Reference | None:
        sql = "SELECT * FROM reference_letters WHERE placement_id = ?"
        return await self._one(sql, placement_id)

    async def _one(self, sql: str, key: int) -> Reference | None:
        async with self._conn.execute(sql, (key,)) as cur:
            row = await cur.fetchone()
        return _reference_from(row) if row else None

    async def request(
        self, placement_id: int, mentor_id: int, language: str, now: datetime
    ) -> int:
        """Record the student's request (one per placement); the reference's id."""
        sql = """INSERT INTO reference_letters (placement_id, mentor_id, requested_at, language)
                 VALUES (?, ?, ?, ?)"""
        cur = await self._conn.execute(sql, (placement_id, mentor_id, to_db(now), language))
        return int(cur.lastrowid or 0)

    async def confirm(self, reference_id: int, text: str, now: datetime) -> bool:
        """Store the mentor's confirmed text; False when it was confirmed before."""
        sql = """UPDATE reference_letters SET status = 'sent', text = ?, sent_at = ?
                 WHERE id = ? AND status = 'requested'"""
        cur = await self._conn.execute(sql, (text, to_db(now), reference_id))
        return cur.rowcount > 0
