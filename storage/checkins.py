"""Weekly check-ins and the answers given to them."""

from __future__ import annotations

from datetime import datetime

import aiosqlite

from bot.domain.checkins import CheckIn, CheckInStatus
from bot.domain.escalation import CheckInOutcome, CheckInRecord
from storage.db import to_db

COLUMNS = "id, placement_id, week, status, mood, week_note, week_skipped, needs_help"


def checkin_from(row: aiosqlite.Row) -> CheckIn:
    """A checkins row as a domain CheckIn."""
    needs_help = row["needs_help"]
    return CheckIn(
        id=row["id"],
        placement_id=row["placement_id"],
        week=row["week"],
        status=CheckInStatus(row["status"]),
        mood=row["mood"],
        week_note=row["week_note"],
        week_skipped=bool(row["week_skipped"]),
        needs_help=None if needs_help is None else bool(needs_help),
    )


class CheckInRepo:
    """Check-ins by placement and week."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def open_many(
        self, rows: list[tuple[int, str, datetime]], remind_at: datetime, closes_at: datetime
    ) -> dict[tuple[int, str], int]:
        """Open the check-ins of (placement, week, due moment); a week's check-in opens once.

        Returns the id of each (placement, week), whether opened now or before."""
        sql = """INSERT OR IGNORE INTO checkins (placement_id, week, due_at, remind_at, closes_at)
                 VALUES (?, ?, ?, ?, ?)"""
        await self._conn.executemany(
            sql,
            [
                (placement_id, week, to_db(due_at), to_db(remind_at), to_db(closes_at))
                for placement_id, week, due_at in rows
            ],
        )
        if not rows:
            return {}
        placements = ",".join(str(int(placement_id)) for placement_id, _, _ in rows)
        weeks = sorted({week for _, week, _ in rows})
        marks = ",".join("?" * len(weeks))
        sql = f"""SELECT id, placement_id, week FROM checkins
                  WHERE placement_id IN ({placements}) AND week IN ({marks})"""
        async with self._conn.execute(sql, weeks) as cur:
            return {(row[1], row[2]): row[0] for row in await cur.fetchall()}

    async def by_id(self, checkin_id: int) -> CheckIn | None:
        sql = f"SELECT {COLUMNS} FROM checkins WHERE id = ?"
        async with self._conn.execute(sql, (checkin_id,)) as cur:
            row = await cur.fetchone()
        return checkin_from(row) if row else None

    async def latest(self, placement_id: int) -> CheckIn | None:
        """The newest check-in of a placement (the only one whose buttons still work)."""
        sql = f"SELECT {COLUMNS} FROM checkins WHERE placement_id = ? ORDER BY id DESC LIMIT 1"
        async with self._conn.execute(sql, (placement_id,)) as cur:
            row = await cur.fetchone()
        return checkin_from(row) if row else None

    async def record_mood(self, checkin_id: int, mood: int, now: datetime) -> bool:
        """Store the mood once; False when it was given already or the check-in closed."""
        sql = """UPDATE checkins SET mood = ?, status = 'answered', answered_at = ?
                 WHERE id = ? AND status = 'open'"""
        cur = await self._conn.execute(sql, (mood, to_db(now), checkin_id))
        return cur.rowcount > 0

    async def record_week(self, checkin_id: int, note: str | None) -> bool:
        """Store how the week went (None: skipped), once."""
        sql = """UPDATE checkins SET week_note = ?, week_skipped = ?
                 WHERE id = ? AND week_note IS NULL AND week_skipped = 0"""
        cur = await self._conn.execute(sql, (note, note is None, checkin_id))
        return cur.rowcount > 0

    async def record_needs_help(self, checkin_id: int, needs_help: bool) -> bool:
        sql = "UPDATE checkins SET needs_help = ? WHERE id = ? AND needs_help IS NULL"
        cur = await self._conn.execute(sql, (needs_help, checkin_id))
        return cur.rowcount > 0

    async def due_reminders(self, now: datetime, limit: int) -> list[tuple[int, int]]:
        """(check-in, student) pairs still unanswered at their reminder time."""
        sql = """SELECT k.id, p.student_id FROM checkins k
                 JOIN placements p ON p.id = k.placement_id
                 WHERE k.status = 'open' AND k.reminded_at IS NULL AND k.remind_at <= ?
                 ORDER BY k.remind_at LIMIT ?"""
        async with self._conn.execute(sql, (to_db(now), limit)) as cur:
            return [(row[0], row[1]) for row in await cur.fetchall()]

    async def mark_reminded(self, checkin_ids: list[int], now: datetime) -> None:
        await self._conn.executemany(
            "UPDATE checkins SET reminded_at = ? WHERE id = ?",
            [(to_db(now), checkin_id) for checkin_id in checkin_ids],
        )

    async def due_to_close(self, now: datetime, limit: int) -> list[tuple[int, int]]:
        """(check-in, placement) pairs whose window closed without an answer."""
        sql = """SELECT id, placement_id FROM checkins WHERE status = 'open' AND closes_at <= ?
                 ORDER BY closes_at LIMIT ?"""
        async with self._conn.execute(sql, (to_db(now), limit)) as cur:
            return [(row[0], row[1]) for row in await cur.fetchall()]

    async def mark_missed(self, checkin_id: int) -> bool:
        sql = "UPDATE checkins SET status = 'missed' WHERE id = ? AND status = 'open'"
        cur = await self._conn.execute(sql, (checkin_id,))
        return cur.rowcount > 0

    async def history(self, placement_id: int, limit: int) -> list[CheckInRecord]:
        """The newest closed or answered check-ins of a placement, oldest first."""
        sql = """SELECT status, mood FROM checkins
                 WHERE placement_id = ? AND status IN ('answered', 'missed')
                 ORDER BY id DESC LIMIT ?"""
        async with self._conn.execute(sql, (placement_id, limit)) as cur:
            rows = list(await cur.fetchall())
        return [
            CheckInRecord(
                CheckInOutcome.MISSED if row[0] == "missed" else CheckInOutcome.ANSWERED, row[1]
            )
            for row in reversed(rows)
        ]
