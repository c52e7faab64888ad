"""The course evaluation's side of the survey tables: who of a course run was asked already."""

from __future__ import annotations

import aiosqlite


class SurveyRunRepo:
    """Survey invitations about course runs; it never commits."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def invited(self, name: str, run_id: int) -> set[int]:
        """The people of this run asked this survey already (answered or not)."""
        async with self._conn.execute(
            "SELECT person_id FROM survey_invitations WHERE name = ? AND run_id = ?",
            (name, run_id),
        ) as cur:
            return {int(r[0]) for r in await cur.fetchall()}
