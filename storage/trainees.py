"""Trainee mentors' invitations to course runs, seen from the trainee."""

from __future__ import annotations

from datetime import datetime

import aiosqlite

from storage.db import to_db


class TraineeRepo:
    """The runs a trainee mentor is invited to."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def runs_to_enrol(self, person_id: int, now: datetime) -> list[int]:
        """Runs he is invited to and not yet enrolled in whose last session has not begun."""
        sql = """SELECT e.run_id FROM training_enrolments e
                 WHERE e.person_id = ? AND e.enrolled_at IS NULL
                   AND (SELECT max(s.starts_at) FROM training_sessions s
                        WHERE s.run_id = e.run_id) > ?
                 ORDER BY e.run_id"""
        async with self._conn.execute(sql, (person_id, to_db(now))) as cur:
            return [int(row[0]) for row in await cur.fetchall()]

    async def runs_running(self, person_id: int, now: datetime) -> list[int]:
        """Runs he is enrolled in whose last session has not ended."""
        sql = """SELECT e.run_id FROM training_enrolments e
                 JOIN training_sessions s ON s.run_id = e.run_id
                 WHERE e.person_id = ? AND e.enrolled_at IS NOT NULL
                 GROUP BY e.run_id
                 HAVING max(datetime(s.starts_at, '+' || s.minutes || ' minutes')) > datetime(?)
                 ORDER BY e.run_id"""
        async with self._conn.execute(sql, (person_id, to_db(now))) as cur:
            return [int(row[0]) for row in await cur.fetchall()]
