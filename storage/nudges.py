"""Nudge lines between a supervisor and a student, and what was written on them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from bot.domain.nudges import NudgeLine
from storage.db import from_db, to_db


@dataclass(frozen=True, slots=True)
class NudgeMessage:
    """One message on a line, with who wrote it."""

    id: int
    line: NudgeLine
    sender_id: int
    sender_name: str
    text: str | None


def _line(row: aiosqlite.Row) -> NudgeLine:
    return NudgeLine(
        row["id"],
        row["placement_id"],
        row["supervisor_id"],
        row["student_id"],
        from_db(row["last_at"]),
        from_db(row["closed_at"]) if row["closed_at"] else None,
    )


class NudgeRepo:
    """Lines and their messages."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def line(self, line_id: int) -> NudgeLine | None:
        async with self._conn.execute("SELECT * FROM nudge_lines WHERE id = ?", (line_id,)) as cur:
            row = await cur.fetchone()
        return _line(row) if row else None

    async def latest_line(self, placement_id: int) -> NudgeLine | None:
        """The newest line of a placement."""
        sql = "SELECT * FROM nudge_lines WHERE placement_id = ? ORDER BY id DESC LIMIT 1"
        async with self._conn.execute(sql, (placement_id,)) as cur:
            row = await cur.fetchone()
        return _line(row) if row else None

    async def open_line(
        self, placement_id: int, supervisor_id: int, student_id: int, now: datetime
    ) -> int:
        sql = """INSERT INTO nudge_lines (placement_id, supervisor_id, student_id, opened_at,
                                          last_at) VALUES (?, ?, ?, ?, ?)"""
        cur = await self._conn.execute(
            sql, (placement_id, supervisor_id, student_id, to_db(now), to_db(now))
        )
        return int(cur.lastrowid or 0)

    async def write(self, line_id: int, sender_id: int, text: str, now: datetime) -> int:
        """Keep a message and mark the line written on now."""
        await self._conn.execute(
            "UPDATE nudge_lines SET last_at = ? WHERE id = ?", (to_db(now), line_id)
        )
        sql = "INSERT INTO nudge_messages (line_id, sender_id, text, sent_at) VALUES (?,?,?,?)"
        cur = await self._conn.execute(sql, (line_id, sender_id, text, to_db(now)))
        return int(cur.lastrowid or 0)

    async def close(self, line_id: int, person_id: int, now: datetime) -> bool:
        """Close a line; False when it was closed already."""
        sql = """UPDATE nudge_lines SET closed_at = ?, closed_by = ?
                 WHERE id = ? AND closed_at IS NULL"""
        cur = await self._conn.execute(sql, (to_db(now), person_id, line_id))
        return cur.rowcount > 0

    async def message(self, message_id: int) -> NudgeMessage | None:
        sql = """SELECT m.id AS message_id, m.sender_id, m.text, p.name AS sender_name, l.*
                 FROM nudge_messages m JOIN nudge_lines l ON l.id = m.line_id
                 JOIN people p ON p.id = m.sender_id WHERE m.id = ?"""
        async with self._conn.execute(sql, (message_id,)) as cur:
            row = await cur.fetchone()
        if row is None:
            return None
        return NudgeMessage(
            row["message_id"], _line(row), row["sender_id"], row["sender_name"], row["text"]
        )
