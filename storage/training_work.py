"""Hand-ins of the assignments and the attendance of each session."""

from __future__ import annotations

from datetime import datetime

import aiosqlite

from bot.domain.training_records import Submission
from storage.db import from_db, to_db

_SUBMISSION = """SELECT id, session_id, person_id, handed_in_at, text, file_name, comment
                 FROM training_submissions"""


def _submission(row: aiosqlite.Row) -> Submission:
    return Submission(
        row["id"],
        row["session_id"],
        row["person_id"],
        from_db(row["handed_in_at"]),
        row["text"],
        row["file_name"],
        row["comment"],
    )


class TrainingWorkRepo:
    """What participants hand in and whether they came."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def hand_in(
        self,
        session_id: int,
        person_id: int,
        *,
        text: str,
        file_name: str | None,
        file: bytes | None,
        now: datetime,
    ) -> int:
        """Store a hand-in; a second one replaces the first. The hand-in's id."""
        await self._conn.execute(
            """INSERT INTO training_submissions
               (session_id, person_id, handed_in_at, text, file_name, file)
               VALUES (?, ?, ?, ?, ?, ?)
               ON CONFLICT (session_id, person_id) DO UPDATE SET
                 handed_in_at = excluded.handed_in_at, text = excluded.text,
                 file_name = excluded.file_name, file = excluded.file, comment = NULL""",
            (session_id, person_id, to_db(now), text, file_name, file),
        )
        sql = "SELECT id FROM training_submissions WHERE session_id = ? AND person_id = ?"
        async with self._conn.execute(sql, (session_id, person_id)) as cur:
            row = await cur.fetchone()
        assert row is not None
        return int(row[0])

    async def submission(self, submission_id: int) -> Submission | None:
        async with self._conn.execute(f"{_SUBMISSION} WHERE id = ?", (submission_id,)) as cur:
            row = await cur.fetchone()
        return _submission(row) if row else None

    async def file_of(self, submission_id: int) -> bytes | None:
        sql = "SELECT file FROM training_submissions WHERE id = ?"
        async with self._conn.execute(sql, (submission_id,)) as cur:
            row = await cur.fetchone()
        return bytes(row[0]) if row and row[0] is not None else None

    async def submissions(self, session_id: int) -> list[Submission]:
        sql = f"{_SUBMISSION} WHERE session_id = ? ORDER BY handed_in_at"
        async with self._conn.execute(sql, (session_id,)) as cur:
            return [_submission(row) for row in await cur.fetchall()]

    async def comment(self, submission_id: int, text: str) -> None:
        """The trainer's comment on a hand-in (a later one replaces it)."""
        await self._conn.execute(
            "UPDATE training_submissions SET comment = ? WHERE id = ?", (text, submission_id)
        )

    async def mark(
        self, session_id: int, person_id: int, attended: bool, by: int, now: datetime
    ) -> None:
        """Record whether someone attended (a second tap changes it)."""
        await self._conn.execute(
            """INSERT INTO training_attendance (session_id, person_id, attended, marked_at,
               marked_by) VALUES (?, ?, ?, ?, ?)
               ON CONFLICT (session_id, person_id) DO UPDATE SET attended = excluded.attended,
                 marked_at = excluded.marked_at, marked_by = excluded.marked_by""",
            (session_id, person_id, int(attended), to_db(now), by),
        )

    async def attended(self, run_id: int) -> dict[int, set[int]]:
        """Per person, the sessions of a run he attended."""
        sql = """SELECT a.person_id, a.session_id FROM training_attendance a
                 JOIN training_sessions s ON s.id = a.session_id
                 WHERE s.run_id = ? AND a.attended = 1"""
        found: dict[int, set[int]] = {}
        async with self._conn.execute(sql, (run_id,)) as cur:
            for person_id, session_id in await cur.fetchall():
                found.setdefault(person_id, set()).add(session_id)
        return found
