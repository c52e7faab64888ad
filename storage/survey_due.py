"""The survey tick's view of placements: which are due a look, with whom to ask, and who
was asked already (course runs: storage/survey_runs.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import aiosqlite

from storage.db import date_from_db


@dataclass(frozen=True, slots=True)
class DuePlacement:
    """A placement whose surveys the tick must look at, with its days and time zone."""

    id: int
    starts_on: date
    ends_on: date
    timezone: str
    archived: bool


@dataclass(frozen=True, slots=True)
class Candidate:
    """A running placement someone may be asked about, with what its grouping needs."""

    placement_id: int
    person_id: int
    student_id: int
    mentor_id: int
    supervisor_id: int
    company: str
    starts_on: date
    ends_on: date
    timezone: str


class SurveyDueRepo:
    """Placements whose mid or end survey may be due; it never commits."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def due_placements(self, on_or_before: date, limit: int) -> list[DuePlacement]:
        """Placements the tick must look at by this (local) day: an index range, no scan."""
        sql = """SELECT id, starts_on, ends_on, timezone, archived_at IS NOT NULL
                 FROM placements WHERE next_survey_on <= ?
                 ORDER BY next_survey_on LIMIT ?"""
        async with self._conn.execute(sql, (on_or_before.isoformat(), limit)) as cur:
            return [
                DuePlacement(
                    int(r[0]),
                    date.fromisoformat(r[1]),
                    date.fromisoformat(r[2]),
                    str(r[3]),
                    bool(r[4]),
                )
                for r in await cur.fetchall()
            ]

    async def look_again(self, days: list[tuple[int, date | None]]) -> None:
        """When the tick must look at each placement next (None: never again)."""
        await self._conn.executemany(
            "UPDATE placements SET next_survey_on = ? WHERE id = ?",
            [(day.isoformat() if day else None, placement) for placement, day in days],
        )

    async def candidates(self, role_column: str, placements: list[int]) -> list[Candidate]:
        """These placements, when running and unarchived, with their student or mentor who
        has joined."""
        assert role_column in {"student_id", "mentor_id"}
        marks = ",".join("?" * len(placements))
        sql = f"""SELECT p.id, p.{role_column}, p.student_id, p.mentor_id, p.supervisor_id,
                         c.name, p.starts_on, p.ends_on, p.timezone
                  FROM placements p JOIN companies c ON c.id = p.company_id
                  JOIN people x ON x.id = p.{role_column}
                  WHERE p.id IN ({marks})
                    AND p.archived_at IS NULL AND x.telegram_id IS NOT NULL"""
        async with self._conn.execute(sql, placements) as cur:
            return [
                Candidate(
                    int(r[0]),
                    int(r[1]),
                    int(r[2]),
                    int(r[3]),
                    int(r[4]),
                    str(r[5]),
                    date_from_db(r[6]) or date.min,
                    date_from_db(r[7]) or date.min,
                    str(r[8]),
                )
                for r in await cur.fetchall()
            ]

    async def invited(self, name: str, placements: list[int]) -> set[tuple[int, int]]:
        """(person, placement) pairs of these placements asked this survey already."""
        marks = ",".join("?" * len(placements))
        async with self._conn.execute(
            f"""SELECT person_id, placement_id FROM survey_invitations
                    WHERE name = ? AND placement_id IN ({marks})""",
            (name, *placements),
        ) as cur:
            return {(int(r[0]), int(r[1])) for r in await cur.fetchall()}
