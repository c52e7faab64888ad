"""What an alert's message says beyond its kind: the check-ins behind it, the people around."""

from __future__ import annotations

from datetime import datetime

import aiosqlite

from storage.db import from_db


class AlertContextRepo:
    """The check-ins and people an alert is about."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def checkin_of(self, alert_id: int) -> tuple[int, int | None] | None:
        """The alert's placement and the check-in that raised it (if any)."""
        sql = "SELECT placement_id, checkin_id FROM alerts WHERE id = ?"
        async with self._conn.execute(sql, (alert_id,)) as cur:
            row = await cur.fetchone()
        return (row[0], row[1]) if row else None

    async def closed_up_to(
        self, placement_id: int, checkin_id: int, limit: int
    ) -> list[tuple[datetime, str, int | None, str | None]]:
        """The newest answered or missed check-ins up to one, oldest first: (asked at, status,
        mood, the student's words)."""
        sql = """SELECT due_at, status, mood, week_note FROM checkins
                 WHERE placement_id = ? AND id <= ? AND status IN ('answered', 'missed')
                 ORDER BY id DESC LIMIT ?"""
        async with self._conn.execute(sql, (placement_id, checkin_id, limit)) as cur:
            rows = list(await cur.fetchall())
        return [(from_db(row[0]), row[1], row[2], row[3]) for row in reversed(rows)]

    async def person(self, person_id: int) -> tuple[str, str, int | None] | None:
        """A person's name, email and Telegram id."""
        sql = "SELECT name, email, telegram_id FROM people WHERE id = ?"
        async with self._conn.execute(sql, (person_id,)) as cur:
            row = await cur.fetchone()
        return (row[0], row[1], row[2]) if row else None
