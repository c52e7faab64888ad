"""Alerts to supervisors and their lifecycle."""

from __future__ import annotations

from datetime import datetime

import aiosqlite

from bot.domain.escalation import Alert, AlertKind, AlertStatus
from storage.db import from_db, to_db

SELECT = """
    SELECT a.id, a.placement_id, a.kind, a.status, a.details, a.shared_with_mentor,
           a.created_at, a.times_sent, ack.name AS acknowledged_by, a.acknowledged_at,
           res.name AS resolved_by, a.resolution_note
    FROM alerts a
    LEFT JOIN people ack ON ack.id = a.acknowledged_by
    LEFT JOIN people res ON res.id = a.resolved_by
"""


def alert_from(row: aiosqlite.Row) -> Alert:
    """An alerts row (with the names of who acted) as a domain Alert."""
    acknowledged_at = row["acknowledged_at"]
    return Alert(
        id=row["id"],
        placement_id=row["placement_id"],
        kind=AlertKind(row["kind"]),
        status=AlertStatus(row["status"]),
        details=row["details"],
        shared_with_mentor=bool(row["shared_with_mentor"]),
        created_at=from_db(row["created_at"]),
        times_sent=row["times_sent"],
        acknowledged_by=row["acknowledged_by"],
        acknowledged_at=from_db(acknowledged_at) if acknowledged_at else None,
        resolved_by=row["resolved_by"],
        resolution_note=row["resolution_note"],
    )


class AlertRepo:
    """Alerts per placement."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def add(
        self,
        placement_id: int,
        kind: AlertKind,
        *,
        checkin_id: int | None,
        details: str | None,
        shared_with_mentor: bool,
        now: datetime,
        resend_at: datetime,
    ) -> int:
        sql = """INSERT INTO alerts (placement_id, kind, checkin_id, details, shared_with_mentor,
                     created_at, resend_at)
                 VALUES (?, ?, ?, ?, ?, ?, ?)"""
        cur = await self._conn.execute(
            sql,
            (
                placement_id,
                kind.value,
                checkin_id,
                details,
                shared_with_mentor,
                to_db(now),
                to_db(resend_at),
            ),
        )
        return int(cur.lastrowid or 0)

    async def by_id(self, alert_id: int) -> Alert | None:
        async with self._conn.execute(SELECT + " WHERE a.id = ?", (alert_id,)) as cur:
            row = await cur.fetchone()
        return alert_from(row) if row else None

    async def acknowledge(self, alert_id: int, person_id: int, now: datetime) -> bool:
        sql = """UPDATE alerts SET status = 'acknowledged', acknowledged_by = ?,
                     acknowledged_at = ?, resend_at = NULL
                 WHERE id = ? AND status = 'open'"""
        cur = await self._conn.execute(sql, (person_id, to_db(now), alert_id))
        return cur.rowcount > 0

    async def resolve(self, alert_id: int, person_id: int, now: datetime) -> bool:
        """Resolve an open or acknowledged alert (resolving implies acknowledging)."""
        sql = """UPDATE alerts SET status = 'resolved', resolved_by = ?, resolved_at = ?,
                     acknowledged_by = COALESCE(acknowledged_by, ?),
                     acknowledged_at = COALESCE(acknowledged_at, ?), resend_at = NULL
                 WHERE id = ? AND status != 'resolved'"""
        cur = await self._conn.execute(
            sql, (person_id, to_db(now), person_id, to_db(now), alert_id)
        )
        return cur.rowcount > 0

    async def add_note(self, alert_id: int, note: str) -> bool:
        sql = """UPDATE alerts SET resolution_note = ?
                 WHERE id = ? AND status = 'resolved' AND resolution_note IS NULL"""
        cur = await self._conn.execute(sql, (note, alert_id))
        return cur.rowcount > 0

    async def due_resend(self, now: datetime, limit: int) -> list[Alert]:
        """Open alerts nobody acknowledged in time."""
        sql = SELECT + " WHERE a.status = 'open' AND a.resend_at <= ? ORDER BY a.resend_at LIMIT ?"
        async with self._conn.execute(sql, (to_db(now), limit)) as cur:
            return [alert_from(row) for row in await cur.fetchall()]

    async def sent_again(self, alert_id: int, times_sent: int, resend_at: datetime | None) -> None:
        sql = "UPDATE alerts SET times_sent = ?, resend_at = ? WHERE id = ?"
        await self._conn.execute(
            sql, (times_sent, to_db(resend_at) if resend_at else None, alert_id)
        )
