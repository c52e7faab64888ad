"""A student's reports: how many lately, the open one, additions, and what is due about them."""

from __future__ import annotations

from datetime import datetime

import aiosqlite

from bot.domain.reports import Addition
from storage.db import from_db, to_db


class ReportRepo:
    """Reports (alerts of the kind `problem_reported`) and their follow-ups."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def reported_since(self, placement_id: int, since: datetime) -> list[datetime]:
        """When the student of a placement reported (new alerts and additions) since then."""
        sql = """SELECT created_at FROM alerts
                 WHERE placement_id = ? AND kind = 'problem_reported' AND created_at > ?
                 UNION ALL
                 SELECT x.created_at FROM alert_additions x JOIN alerts a ON a.id = x.alert_id
                 WHERE a.placement_id = ? AND x.created_at > ?"""
        at = to_db(since)
        async with self._conn.execute(sql, (placement_id, at, placement_id, at)) as cur:
            return [from_db(row[0]) for row in await cur.fetchall()]

    async def open_report(self, placement_id: int) -> int | None:
        """The student's newest report nobody has resolved yet."""
        sql = """SELECT id FROM alerts
                 WHERE placement_id = ? AND kind = 'problem_reported' AND status != 'resolved'
                 ORDER BY created_at DESC, id DESC LIMIT 1"""
        async with self._conn.execute(sql, (placement_id,)) as cur:
            row = await cur.fetchone()
        return int(row[0]) if row else None

    async def add_addition(
        self, alert_id: int, details: str, shared_with_mentor: bool, now: datetime
    ) -> int:
        sql = """INSERT INTO alert_additions (alert_id, details, shared_with_mentor, created_at)
                 VALUES (?, ?, ?, ?)"""
        cur = await self._conn.execute(sql, (alert_id, details, shared_with_mentor, to_db(now)))
        return int(cur.lastrowid or 0)

    async def addition(self, addition_id: int) -> Addition | None:
        sql = "SELECT * FROM alert_additions WHERE id = ?"
        async with self._conn.execute(sql, (addition_id,)) as cur:
            row = await cur.fetchone()
        return _addition(row) if row else None

    async def additions(self, alert_id: int) -> list[Addition]:
        sql = "SELECT * FROM alert_additions WHERE alert_id = ? ORDER BY id"
        async with self._conn.execute(sql, (alert_id,)) as cur:
            return [_addition(row) for row in await cur.fetchall()]

    async def follow_up(
        self, alert_id: int, *, email_at: datetime | None, unreached_at: datetime | None
    ) -> None:
        """When to email the alert if unacknowledged, and to tell the student if unreached."""
        sql = "UPDATE alerts SET email_at = ?, unreached_at = ? WHERE id = ?"
        await self._conn.execute(
            sql,
            (
                to_db(email_at) if email_at else None,
                to_db(unreached_at) if unreached_at else None,
                alert_id,
            ),
        )

    async def email_now(self, alert_id: int, now: datetime) -> None:
        """Email an alert at once (Telegram reaches nobody) unless it is already due sooner."""
        sql = """UPDATE alerts SET email_at = MIN(COALESCE(email_at, :now), :now)
                 WHERE id = :id AND status = 'open'"""
        await self._conn.execute(sql, {"now": to_db(now), "id": alert_id})

    async def due_email(self, now: datetime, limit: int) -> list[int]:
        sql = "SELECT id FROM alerts WHERE email_at <= ? ORDER BY email_at LIMIT ?"
        async with self._conn.execute(sql, (to_db(now), limit)) as cur:
            return [int(row[0]) for row in await cur.fetchall()]

    async def due_unreached(self, now: datetime, limit: int) -> list[int]:
        sql = "SELECT id FROM alerts WHERE unreached_at <= ? ORDER BY unreached_at LIMIT ?"
        async with self._conn.execute(sql, (to_db(now), limit)) as cur:
            return [int(row[0]) for row in await cur.fetchall()]

    async def emailed(self, alert_id: int) -> None:
        await self._conn.execute("UPDATE alerts SET email_at = NULL WHERE id = ?", (alert_id,))

    async def reached(self, alert_id: int) -> None:
        """Someone has the report: the student need not be told nobody has."""
        await self._conn.execute("UPDATE alerts SET unreached_at = NULL WHERE id = ?", (alert_id,))


def _addition(row: aiosqlite.Row) -> Addition:
    return Addition(
        row["id"],
        row["alert_id"],
        row["details"],
        bool(row["shared_with_mentor"]),
        from_db(row["created_at"]),
    )
