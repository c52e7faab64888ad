"""Finished surveys: responses with their grouping keys and answers."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from bot.domain.survey_results import GroupBy
from storage.db import to_db

RANDOM_ID_BELOW = 2**53  # random ids of anonymous responses: row order tells nothing


@dataclass(frozen=True, slots=True)
class Grouping:
    """What a response is grouped by; the person-linked keys stay None when anonymous."""

    company: str
    school_year: str
    person_id: int | None = None
    placement_id: int | None = None
    mentor_id: int | None = None
    supervisor_id: int | None = None
    run_id: int | None = None  # a course run: a placement-free key, kept when anonymous


# Each grouping's label: a company, a mentor's name, a course run, a school year. A response
# without the key (a placement survey has no run, an anonymous one no mentor) is in no group.
# A run's label is a key (bot.domain.survey_results.run_group): the reader's words are made
# from it where it is shown, in his language.
_LABEL = {
    GroupBy.COMPANY: "r.company",
    GroupBy.MENTOR: "m.name",
    GroupBy.RUN: """CASE WHEN r.run_id IS NOT NULL THEN
        COALESCE((SELECT MIN(s.starts_at) FROM training_sessions s WHERE s.run_id = r.run_id),
                 '') || char(31) || r.run_id || char(31) || c.name END""",
    GroupBy.YEAR: "r.school_year",
}
_KEYED = """FROM survey_responses r
            LEFT JOIN people m ON m.id = r.mentor_id
            LEFT JOIN training_runs t ON t.id = r.run_id
            LEFT JOIN training_courses c ON c.id = t.course_id"""


@dataclass(frozen=True, slots=True)
class Response:
    """One finished survey as the export lists it."""

    company: str
    school_year: str
    person: str  # '' when anonymous
    answered_at: str  # '' when anonymous
    answers: dict[str, str]
    mentor: str = ""  # '' when anonymous or about no placement
    run: str = ""  # the course run's key (run_group), '' for a placement survey


class ResponseRepo:
    """survey_responses and survey_answers; it never commits."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def respond(
        self,
        version_id: int,
        grouping: Grouping,
        answers: dict[str, str],
        answered_at: datetime | None,
    ) -> int:
        """A finished survey's answers; anonymous ones (no person) get a random id."""
        response_id = None if grouping.person_id else secrets.randbelow(RANDOM_ID_BELOW) + 1
        cur = await self._conn.execute(
            """INSERT INTO survey_responses (id, version_id, person_id, placement_id, mentor_id,
               supervisor_id, company, school_year, answered_at, run_id)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            (
                response_id,
                version_id,
                grouping.person_id,
                grouping.placement_id,
                grouping.mentor_id,
                grouping.supervisor_id,
                grouping.company,
                grouping.school_year,
                None if answered_at is None else to_db(answered_at),
                grouping.run_id,
            ),
        )
        assert cur.lastrowid is not None
        await self._conn.executemany(
            "INSERT INTO survey_answers (response_id, question, answer) VALUES (?, ?, ?)",
            [(cur.lastrowid, q, a) for q, a in answers.items()],
        )
        return cur.lastrowid

    async def responses(
        self,
        version_id: int,
        by: GroupBy,
        *,
        supervisor_id: int | None = None,
        run_id: int | None = None,
    ) -> list[tuple[str, dict[str, str]]]:
        """A version's responses as (group label, answers), those without the key left out;
        only a supervisor's placements', or one run's, when given."""
        sql = f"""SELECT r.id, {_LABEL[by]} AS label, a.question, a.answer {_KEYED}
                  JOIN survey_answers a ON a.response_id = r.id
                  WHERE r.version_id = :v AND (:s IS NULL OR r.supervisor_id = :s)
                    AND (:run IS NULL OR r.run_id = :run) AND label IS NOT NULL
                  ORDER BY label, r.id"""
        found: dict[int, tuple[str, dict[str, str]]] = {}
        params = {"v": version_id, "s": supervisor_id, "run": run_id}
        async with self._conn.execute(sql, params) as cur:
            for response_id, label, question, answer in await cur.fetchall():
                found.setdefault(int(response_id), (str(label), {}))[1][str(question)] = str(
                    answer
                )
        return list(found.values())

    async def versions_answered(self) -> list[int]:
        """The versions that have responses, newest first per name."""
        sql = """SELECT DISTINCT v.id FROM survey_versions v
                 JOIN survey_responses r ON r.version_id = v.id ORDER BY v.name, v.version DESC"""
        async with self._conn.execute(sql) as cur:
            return [int(r[0]) for r in await cur.fetchall()]

    async def responses_in_full(self, version_id: int) -> list[Response]:
        """A version's responses with the person's name when there is one."""
        sql = f"""SELECT r.id, r.company, r.school_year, COALESCE(p.name, ''),
                         COALESCE(r.answered_at, ''), COALESCE(m.name, ''),
                         COALESCE({_LABEL[GroupBy.RUN]}, ''), a.question, a.answer {_KEYED}
                  JOIN survey_answers a ON a.response_id = r.id
                  LEFT JOIN people p ON p.id = r.person_id
                  WHERE r.version_id = ? ORDER BY r.company, r.answered_at, r.id"""
        found: dict[int, Response] = {}
        async with self._conn.execute(sql, (version_id,)) as cur:
            for rid, company, year, person, at, mentor, run, q, answer in await cur.fetchall():
                row = found.setdefault(
                    int(rid),
                    Response(str(company), str(year), str(person), str(at), {}, mentor, run),
                )
                row.answers[str(q)] = str(answer)
        return list(found.values())
