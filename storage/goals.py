"""A placement's learning goals."""

from __future__ import annotations

from datetime import date, datetime

import aiosqlite

from bot.domain.goals import GoalChanges, LearningGoal
from bot.domain.people import Placement
from storage.db import to_db
from storage.people import PLACEMENT_COLUMNS, placement_from


def _goal_from(row: aiosqlite.Row) -> LearningGoal:
    return LearningGoal(row["id"], row["placement_id"], row["position"], row["title"])


class GoalRepo:
    """Learning goals per placement; retired ones stay for the feedback tied to them."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def current(self, placement_id: int) -> list[LearningGoal]:
        """The goals offered now, in their order."""
        sql = """SELECT * FROM learning_goals WHERE placement_id = ? AND retired_at IS NULL
                 ORDER BY position, id"""
        async with self._conn.execute(sql, (placement_id,)) as cur:
            return [_goal_from(row) for row in await cur.fetchall()]

    async def by_id(self, goal_id: int) -> LearningGoal | None:
        """A goal, retired or not."""
        async with self._conn.execute(
            "SELECT * FROM learning_goals WHERE id = ?", (goal_id,)
        ) as cur:
            row = await cur.fetchone()
        return _goal_from(row) if row else None

    async def apply(
        self, placement_id: int, changes: GoalChanges, set_by: int, now: datetime
    ) -> None:
        """Keep, add and retire goals as `changes` says."""
        await self._conn.executemany(
            "UPDATE learning_goals SET position = ? WHERE id = ? AND placement_id = ?",
            [(position, goal_id, placement_id) for goal_id, position in changes.keep],
        )
        await self._conn.executemany(
            """INSERT INTO learning_goals (placement_id, position, title, set_by, created_at)
               VALUES (?, ?, ?, ?, ?)""",
            [
                (placement_id, position, title, set_by, to_db(now))
                for title, position in changes.add
            ],
        )
        await self._conn.executemany(
            "UPDATE learning_goals SET retired_at = ? WHERE id = ? AND placement_id = ?",
            [(to_db(now), goal_id, placement_id) for goal_id in changes.retire],
        )

    async def placements_with_students(self, since: date) -> list[tuple[Placement, str]]:
        """Placements not ended before `since`, each with its student's name."""
        sql = f"""SELECT {PLACEMENT_COLUMNS}, s.name AS student FROM placements p
                  JOIN companies c ON c.id = p.company_id JOIN people s ON s.id = p.student_id
                  WHERE p.ends_on >= ? ORDER BY p.id"""
        async with self._conn.execute(sql, (since.isoformat(),)) as cur:
            return [(placement_from(row), row["student"]) for row in await cur.fetchall()]
