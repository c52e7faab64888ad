"""The answers to a run's course evaluation."""

from __future__ import annotations

from datetime import datetime

import aiosqlite

from bot.domain.training_evaluation import EvaluationQuestion
from storage.db import to_db


class EvaluationRepo:
    """One answer per participant, run and question (a second one replaces it)."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def answer(
        self, run_id: int, person_id: int, question: EvaluationQuestion, answer: str, now: datetime
    ) -> None:
        await self._conn.execute(
            """INSERT INTO training_evaluations (run_id, person_id, question, answer,
               answered_at) VALUES (?, ?, ?, ?, ?)
               ON CONFLICT (run_id, person_id, question) DO UPDATE SET
                 answer = excluded.answer, answered_at = excluded.answered_at""",
            (run_id, person_id, question.value, answer, to_db(now)),
        )

    async def answers(self, run_id: int, question: EvaluationQuestion) -> list[str]:
        sql = """SELECT answer FROM training_evaluations WHERE run_id = ? AND question = ?
                 ORDER BY answered_at, id"""
        async with self._conn.execute(sql, (run_id, question.value)) as cur:
            return [str(row[0]) for row in await cur.fetchall()]
