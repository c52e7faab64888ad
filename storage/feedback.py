"""Feedback items with their question threads, students' requests for feedback, and the timers
of the silent-mentor prompt and the end-of-placement notice."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import aiosqlite

from bot.domain.feedback import FeedbackItem, Question
from storage.db import from_db, to_db


def _moment(text: str | None) -> datetime | None:
    return from_db(text) if text else None


def _question_from(row: aiosqlite.Row) -> Question:
    return Question(
        id=row["id"],
        feedback_id=row["feedback_id"],
        asked_at=from_db(row["asked_at"]),
        text=row["text"],
        answer=row["answer"],
        answered_at=_moment(row["answered_at"]),
    )


def _item_from(row: aiosqlite.Row, questions: Sequence[Question]) -> FeedbackItem:
    return FeedbackItem(
        id=row["id"],
        placement_id=row["placement_id"],
        mentor_id=row["mentor_id"],
        goal_id=row["goal_id"],
        text=row["text"],
        sent_at=from_db(row["sent_at"]),
        understood_at=_moment(row["understood_at"]),
        questions=tuple(questions),
        reminded_at=_moment(row["reminded_at"]),
        mentor_told_at=_moment(row["mentor_told_at"]),
    )


class FeedbackRepo:
    """Feedback items and their questions."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def add(
        self,
        placement_id: int,
        mentor_id: int,
        goal_id: int | None,
        text: str,
        now: datetime,
        *,
        request_id: int | None = None,
    ) -> int:
        sql = """INSERT INTO feedback (placement_id, mentor_id, goal_id, request_id, text,
                     sent_at) VALUES (?, ?, ?, ?, ?, ?)"""
        cur = await self._conn.execute(
            sql, (placement_id, mentor_id, goal_id, request_id, text, to_db(now))
        )
        return int(cur.lastrowid or 0)

    async def by_id(self, feedback_id: int) -> FeedbackItem | None:
        found = await self._items("WHERE id = ?", (feedback_id,))
        return found[0] if found else None

    async def for_placement(self, placement_id: int) -> list[FeedbackItem]:
        """A placement's feedback, oldest first, with each question thread."""
        return await self._items("WHERE placement_id = ? ORDER BY sent_at, id", (placement_id,))

    async def _items(self, where: str, args: tuple[int, ...]) -> list[FeedbackItem]:
        async with self._conn.execute(f"SELECT * FROM feedback {where}", args) as cur:
            rows = await cur.fetchall()
        if not rows:
            return []
        ids = [row["id"] for row in rows]
        sql = (
            f"SELECT * FROM feedback_questions WHERE feedback_id IN "
            f"({', '.join('?' * len(ids))}) ORDER BY asked_at, id"
        )
        async with self._conn.execute(sql, ids) as cur:
            questions = [_question_from(row) for row in await cur.fetchall()]
        return [
            _item_from(row, [q for q in questions if q.feedback_id == row["id"]]) for row in rows
        ]

    async def last_sent_at(self, placement_id: int, mentor_id: int) -> datetime | None:
        """When this mentor last sent feedback on this placement."""
        sql = "SELECT max(sent_at) FROM feedback WHERE placement_id = ? AND mentor_id = ?"
        async with self._conn.execute(sql, (placement_id, mentor_id)) as cur:
            row = await cur.fetchone()
        return _moment(row[0] if row else None)

    async def understood(self, feedback_id: int, now: datetime) -> bool:
        """Record "understood"; False when it was recorded before (a second tap)."""
        sql = """UPDATE feedback SET understood_at = ?, next_follow_up_at = NULL
                 WHERE id = ? AND understood_at IS NULL"""
        cur = await self._conn.execute(sql, (to_db(now), feedback_id))
        return cur.rowcount > 0

    async def plan_follow_up(self, feedback_id: int, at: datetime | None) -> None:
        sql = "UPDATE feedback SET next_follow_up_at = ? WHERE id = ?"
        await self._conn.execute(sql, (to_db(at) if at else None, feedback_id))

    async def nudged(self, feedback_id: int, *, reminded: bool, told: bool, now: datetime) -> None:
        """Record that the student was reminded and/or the mentor told, at `now`."""
        sql = """UPDATE feedback SET
                     reminded_at = CASE WHEN ? THEN ? ELSE reminded_at END,
                     mentor_told_at = CASE WHEN ? THEN ? ELSE mentor_told_at END
                 WHERE id = ?"""
        await self._conn.execute(sql, (reminded, to_db(now), told, to_db(now), feedback_id))

    async def due(self, now: datetime, limit: int) -> list[int]:
        """Feedback items whose next nudge is due."""
        sql = """SELECT id FROM feedback WHERE next_follow_up_at <= ?
                 ORDER BY next_follow_up_at LIMIT ?"""
        async with self._conn.execute(sql, (to_db(now), limit)) as cur:
            return [int(row[0]) for row in await cur.fetchall()]

    async def add_question(self, feedback_id: int, text: str, now: datetime) -> int:
        sql = "INSERT INTO feedback_questions (feedback_id, asked_at, text) VALUES (?, ?, ?)"
        cur = await self._conn.execute(sql, (feedback_id, to_db(now), text))
        return int(cur.lastrowid or 0)

    async def question(self, question_id: int) -> Question | None:
        sql = "SELECT * FROM feedback_questions WHERE id = ?"
        async with self._conn.execute(sql, (question_id,)) as cur:
            row = await cur.fetchone()
        return _question_from(row) if row else None

    async def answer(self, question_id: int, text: str, now: datetime) -> bool:
        """Record the mentor's answer; False when the question was answered before."""
        sql = """UPDATE feedback_questions SET answer = ?, answered_at = ?
                 WHERE id = ? AND answered_at IS NULL"""
        cur = await self._conn.execute(sql, (text, to_db(now), question_id))
        return cur.rowcount > 0


class FeedbackRequestRepo:
    """Students asking their mentor for feedback."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def add(self, placement_id: int, subject: str | None, now: datetime) -> int:
        sql = "INSERT INTO feedback_requests (placement_id, asked_at, subject) VALUES (?, ?, ?)"
        cur = await self._conn.execute(sql, (placement_id, to_db(now), subject))
        return int(cur.lastrowid or 0)

    async def last_asked_at(self, placement_id: int) -> datetime | None:
        sql = "SELECT max(asked_at) FROM feedback_requests WHERE placement_id = ?"
        async with self._conn.execute(sql, (placement_id,)) as cur:
            row = await cur.fetchone()
        return _moment(row[0] if row else None)

    async def by_id(self, request_id: int) -> tuple[int, str | None] | None:
        """A request's placement and subject."""
        sql = "SELECT placement_id, subject FROM feedback_requests WHERE id = ?"
        async with self._conn.execute(sql, (request_id,)) as cur:
            row = await cur.fetchone()
        return (int(row[0]), row[1]) if row else None


class FeedbackTimerRepo:
    """Per placement: when the tick looks again for a prompt or the end notice."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def plan(self, placement_id: int, due_at: datetime | None) -> None:
        sql = """INSERT INTO feedback_timers (placement_id, due_at) VALUES (?, ?)
                 ON CONFLICT (placement_id) DO UPDATE SET due_at = excluded.due_at"""
        await self._conn.execute(sql, (placement_id, to_db(due_at) if due_at else None))

    async def due(self, now: datetime, limit: int) -> list[tuple[int, datetime | None, bool]]:
        """Placements due a look: (id, when the mentor was last prompted, end notice sent)."""
        sql = """SELECT placement_id, prompted_at, end_notice_sent_at FROM feedback_timers
                 WHERE due_at <= ? ORDER BY due_at LIMIT ?"""
        async with self._conn.execute(sql, (to_db(now), limit)) as cur:
            return [
                (int(row[0]), _moment(row[1]), row[2] is not None) for row in await cur.fetchall()
            ]

    async def state(self, placement_id: int) -> tuple[datetime | None, bool]:
        """When the mentor was last prompted, and whether the end notice went out."""
        sql = "SELECT prompted_at, end_notice_sent_at FROM feedback_timers WHERE placement_id = ?"
        async with self._conn.execute(sql, (placement_id,)) as cur:
            row = await cur.fetchone()
        return (_moment(row[0]), row[1] is not None) if row else (None, False)

    async def prompted(self, placement_id: int, now: datetime) -> None:
        sql = "UPDATE feedback_timers SET prompted_at = ? WHERE placement_id = ?"
        await self._conn.execute(sql, (to_db(now), placement_id))

    async def end_notice_sent(self, placement_id: int, now: datetime) -> None:
        sql = "UPDATE feedback_timers SET end_notice_sent_at = ? WHERE placement_id = ?"
        await self._conn.execute(sql, (to_db(now), placement_id))
