"""Courses, runs, sessions and who is invited to and enrolled in a run."""

from __future__ import annotations

from datetime import datetime

import aiosqlite

from bot.domain.training import TrainingSession
from bot.domain.training_plan import SessionPlan
from bot.domain.training_records import Enrolment, TrainingRun
from storage.db import from_db, to_db

_RUN = """SELECT r.id, r.course_id, c.name AS course, r.trainer_id, r.instructions
          FROM training_runs r JOIN training_courses c ON c.id = r.course_id"""
_ENROLMENT = """SELECT e.run_id, e.person_id, p.name, e.invited_at, e.enrolled_at,
                       e.override_reason
                FROM training_enrolments e JOIN people p ON p.id = e.person_id"""


def _session(row: aiosqlite.Row) -> TrainingSession:
    return TrainingSession(
        id=row["id"],
        run_id=row["run_id"],
        number=row["number"],
        starts_at=from_db(row["starts_at"]),
        minutes=row["minutes"],
        link=row["link"],
        brief=row["brief"],
        due_at=from_db(row["due_at"]),
    )


def _run(row: aiosqlite.Row) -> TrainingRun:
    return TrainingRun(
        row["id"], row["course_id"], row["course"], row["trainer_id"], row["instructions"]
    )


def _enrolment(row: aiosqlite.Row) -> Enrolment:
    return Enrolment(
        row["run_id"],
        row["person_id"],
        row["name"],
        from_db(row["invited_at"]),
        from_db(row["enrolled_at"]) if row["enrolled_at"] else None,
        row["override_reason"],
    )


class TrainingRepo:
    """The plan of each run and its participants."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def course_id(self, name: str, now: datetime) -> int:
        """The course of this name, made if new (a new run of a known course repeats it)."""
        await self._conn.execute(
            "INSERT OR IGNORE INTO training_courses (name, created_at) VALUES (?, ?)",
            (name, to_db(now)),
        )
        async with self._conn.execute(
            "SELECT id FROM training_courses WHERE name = ?", (name,)
        ) as cur:
            row = await cur.fetchone()
        assert row is not None
        return int(row[0])

    async def course_named(self, name: str) -> str | None:
        """The name of a course as stored, typed in any case; None when there is none."""
        async with self._conn.execute(
            "SELECT name FROM training_courses WHERE name = ? COLLATE NOCASE ORDER BY id LIMIT 1",
            (name,),
        ) as cur:
            row = await cur.fetchone()
        return str(row[0]) if row else None

    async def add_run(
        self,
        course_id: int,
        trainer_id: int,
        instructions: str,
        sessions: list[SessionPlan],
        now: datetime,
    ) -> int:
        """A new run with its sessions numbered in time order; the run's id."""
        cur = await self._conn.execute(
            """INSERT INTO training_runs (course_id, trainer_id, instructions, created_at)
               VALUES (?, ?, ?, ?)""",
            (course_id, trainer_id, instructions, to_db(now)),
        )
        run_id = int(cur.lastrowid or 0)
        ordered = sorted(sessions, key=lambda s: s.starts_at)
        await self._conn.executemany(
            """INSERT INTO training_sessions (run_id, number, starts_at, minutes, link, brief,
               due_at) VALUES (?, ?, ?, ?, ?, ?, ?)""",
            [
                (run_id, n, to_db(s.starts_at), s.minutes, s.link, s.brief, to_db(s.due_at))
                for n, s in enumerate(ordered, start=1)
            ],
        )
        return run_id

    async def run(self, run_id: int) -> TrainingRun | None:
        async with self._conn.execute(f"{_RUN} WHERE r.id = ?", (run_id,)) as cur:
            row = await cur.fetchone()
        return _run(row) if row else None

    async def runs(self, trainer_id: int | None) -> list[TrainingRun]:
        """Every run (None) or one trainer's, newest first."""
        sql = f"{_RUN} WHERE (? IS NULL OR r.trainer_id = ?) ORDER BY r.id DESC"
        async with self._conn.execute(sql, (trainer_id, trainer_id)) as cur:
            return [_run(row) for row in await cur.fetchall()]

    async def sessions(self, run_id: int) -> list[TrainingSession]:
        sql = "SELECT * FROM training_sessions WHERE run_id = ? ORDER BY number"
        async with self._conn.execute(sql, (run_id,)) as cur:
            return [_session(row) for row in await cur.fetchall()]

    async def session(self, session_id: int) -> TrainingSession | None:
        sql = "SELECT * FROM training_sessions WHERE id = ?"
        async with self._conn.execute(sql, (session_id,)) as cur:
            row = await cur.fetchone()
        return _session(row) if row else None

    async def sessions_between(self, after: datetime, before: datetime) -> list[TrainingSession]:
        """Sessions starting in (after, before]: the tick's window, by an index."""
        sql = """SELECT * FROM training_sessions WHERE starts_at > ? AND starts_at <= ?
                 ORDER BY starts_at"""
        async with self._conn.execute(sql, (to_db(after), to_db(before))) as cur:
            return [_session(row) for row in await cur.fetchall()]

    async def invite(self, run_id: int, person_ids: list[int], now: datetime) -> list[int]:
        """Invite these people (those invited before are left as they are); the new ones."""
        new = []
        for person_id in person_ids:
            cur = await self._conn.execute(
                """INSERT OR IGNORE INTO training_enrolments (run_id, person_id, invited_at)
                   VALUES (?, ?, ?)""",
                (run_id, person_id, to_db(now)),
            )
            if cur.rowcount:
                new.append(person_id)
        return new

    async def enrol(self, run_id: int, person_id: int, now: datetime) -> bool:
        """He enrols; False when he was not invited or enrolled before."""
        cur = await self._conn.execute(
            """UPDATE training_enrolments SET enrolled_at = ?
               WHERE run_id = ? AND person_id = ? AND enrolled_at IS NULL""",
            (to_db(now), run_id, person_id),
        )
        return cur.rowcount > 0

    async def enrolment(self, run_id: int, person_id: int) -> Enrolment | None:
        sql = f"{_ENROLMENT} WHERE e.run_id = ? AND e.person_id = ?"
        async with self._conn.execute(sql, (run_id, person_id)) as cur:
            row = await cur.fetchone()
        return _enrolment(row) if row else None

    async def enrolments(self, run_id: int) -> list[Enrolment]:
        """Everyone invited to a run, by name."""
        sql = f"{_ENROLMENT} WHERE e.run_id = ? ORDER BY p.name, p.id"
        async with self._conn.execute(sql, (run_id,)) as cur:
            return [_enrolment(row) for row in await cur.fetchall()]

    async def override(self, run_id: int, person_id: int, reason: str) -> bool:
        """The trainer completes an enrolled participant who missed a session, saying why."""
        cur = await self._conn.execute(
            """UPDATE training_enrolments SET override_reason = ?
               WHERE run_id = ? AND person_id = ? AND enrolled_at IS NOT NULL""",
            (reason, run_id, person_id),
        )
        return cur.rowcount > 0

    async def next_run(self, now: datetime) -> TrainingRun | None:
        """The run whose first session is the soonest still to come."""
        sql = """SELECT run_id FROM training_sessions GROUP BY run_id
                 HAVING min(starts_at) > ? ORDER BY min(starts_at), run_id LIMIT 1"""
        async with self._conn.execute(sql, (to_db(now),)) as cur:
            row = await cur.fetchone()
        return await self.run(int(row[0])) if row else None

    async def queued(self, keys: list[str]) -> set[str]:
        """Which of these outbox dedupe keys are taken (a weekly message sent already)."""
        marks = ",".join("?" * len(keys))
        async with self._conn.execute(
            f"SELECT dedupe_key FROM outbox WHERE dedupe_key IN ({marks})", keys
        ) as cur:
            return {str(row[0]) for row in await cur.fetchall()}

    async def any_run(self) -> bool:
        """Whether the school runs mentor training at all (a run was ever made)."""
        async with self._conn.execute("SELECT 1 FROM training_runs LIMIT 1") as cur:
            return await cur.fetchone() is not None
