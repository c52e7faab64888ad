"""Survey versions, invitations and half answers (finished ones: storage/survey_responses.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from bot.domain.survey_file import parse_survey
from bot.domain.surveys import Survey
from storage.db import from_db, to_db


@dataclass(frozen=True, slots=True)
class StoredSurvey:
    """A survey version as stored."""

    id: int
    survey: Survey
    loaded_at: datetime


@dataclass(frozen=True, slots=True)
class Invitation:
    """Who is asked which survey version about which placement or course run, and how far it
    got."""

    id: int
    version_id: int
    name: str
    person_id: int
    placement_id: int | None  # a mid or end survey
    sent_at: datetime
    reminded_at: datetime | None
    finished_at: datetime | None
    closed_at: datetime | None
    run_id: int | None = None  # the course evaluation

    @property
    def is_open(self) -> bool:
        """Neither finished nor closed."""
        return self.finished_at is None and self.closed_at is None


_INVITATION = """SELECT id, version_id, name, person_id, placement_id, sent_at, reminded_at,
                 finished_at, closed_at, run_id FROM survey_invitations"""


def _invitation(row: aiosqlite.Row) -> Invitation:
    def moment(text: str | None) -> datetime | None:
        return None if text is None else from_db(text)

    return Invitation(
        int(row[0]),
        int(row[1]),
        str(row[2]),
        int(row[3]),
        None if row[4] is None else int(row[4]),
        from_db(row[5]),
        moment(row[6]),
        moment(row[7]),
        moment(row[8]),
        None if row[9] is None else int(row[9]),
    )


class SurveyRepo:
    """Every survey table; it never commits."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def add_version(self, survey: Survey, source: str, now: datetime) -> int | None:
        """Store a version; None when this name and version are stored already."""
        cur = await self._conn.execute(
            """INSERT INTO survey_versions (name, version, audience, moment, anonymous, source,
               loaded_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (name, version) DO NOTHING""",
            (
                survey.name,
                survey.version,
                survey.audience.value,
                survey.moment.value,
                int(survey.anonymous),
                source,
                to_db(now),
            ),
        )
        return cur.lastrowid if cur.rowcount else None

    async def version(self, version_id: int) -> StoredSurvey | None:
        """One stored version."""
        async with self._conn.execute(
            "SELECT id, source, loaded_at FROM survey_versions WHERE id = ?", (version_id,)
        ) as cur:
            row = await cur.fetchone()
        return (
            None
            if row is None
            else StoredSurvey(int(row[0]), parse_survey(str(row[1])), from_db(row[2]))
        )

    async def version_source(self, name: str, version: int) -> str | None:
        """The TOML source a stored version was loaded from."""
        async with self._conn.execute(
            "SELECT source FROM survey_versions WHERE name = ? AND version = ?", (name, version)
        ) as cur:
            row = await cur.fetchone()
        return None if row is None else str(row[0])

    async def latest(self) -> list[StoredSurvey]:
        """The newest version of each survey name, by name."""
        sql = """SELECT id, source, loaded_at FROM survey_versions v WHERE version =
                   (SELECT MAX(version) FROM survey_versions w WHERE w.name = v.name)
                 ORDER BY name"""
        async with self._conn.execute(sql) as cur:
            return [
                StoredSurvey(int(r[0]), parse_survey(str(r[1])), from_db(r[2]))
                for r in await cur.fetchall()
            ]

    async def stored_names(self) -> set[tuple[str, int]]:
        """The (name, version) pairs stored."""
        async with self._conn.execute("SELECT name, version FROM survey_versions") as cur:
            return {(str(r[0]), int(r[1])) for r in await cur.fetchall()}

    async def invite(
        self,
        version_id: int,
        name: str,
        person_id: int,
        placement_id: int | None,
        now: datetime,
        *,
        run_id: int | None = None,
    ) -> int:
        """A new invitation, about a placement or a course run."""
        cur = await self._conn.execute(
            """INSERT INTO survey_invitations (version_id, name, person_id, placement_id,
               run_id, sent_at) VALUES (?, ?, ?, ?, ?, ?)""",
            (version_id, name, person_id, placement_id, run_id, to_db(now)),
        )
        assert cur.lastrowid is not None
        return cur.lastrowid

    async def invitation(self, invitation_id: int) -> Invitation | None:
        """One invitation."""
        async with self._conn.execute(f"{_INVITATION} WHERE id = ?", (invitation_id,)) as cur:
            row = await cur.fetchone()
        return None if row is None else _invitation(row)

    async def open_invitations(self) -> list[Invitation]:
        """Invitations neither finished nor closed."""
        async with self._conn.execute(
            f"{_INVITATION} WHERE finished_at IS NULL AND closed_at IS NULL"
        ) as cur:
            return [_invitation(r) for r in await cur.fetchall()]

    async def mark(self, invitation_id: int, column: str, now: datetime) -> None:
        """Set reminded_at, finished_at or closed_at; closing drops the drafts."""
        assert column in {"reminded_at", "finished_at", "closed_at"}
        await self._conn.execute(
            f"UPDATE survey_invitations SET {column} = ? WHERE id = ?", (to_db(now), invitation_id)
        )
        if column != "reminded_at":
            await self._conn.execute(
                "DELETE FROM survey_drafts WHERE invitation_id = ?", (invitation_id,)
            )

    async def close_open_of_placement(self, placement_id: int, now: datetime) -> int:
        """Close a placement's unfinished invitations, as `mark(..., "closed_at")` closes one
        (its drafts dropped); returns how many."""
        unfinished = """SELECT id FROM survey_invitations
                        WHERE placement_id = ? AND finished_at IS NULL AND closed_at IS NULL"""
        await self._conn.execute(
            f"DELETE FROM survey_drafts WHERE invitation_id IN ({unfinished})", (placement_id,)
        )
        cur = await self._conn.execute(
            f"UPDATE survey_invitations SET closed_at = ? WHERE id IN ({unfinished})",
            (to_db(now), placement_id),
        )
        return cur.rowcount

    async def draft(self, invitation_id: int) -> dict[str, str]:
        """The answers given so far."""
        async with self._conn.execute(
            "SELECT question, answer FROM survey_drafts WHERE invitation_id = ?", (invitation_id,)
        ) as cur:
            return {str(r[0]): str(r[1]) for r in await cur.fetchall()}

    async def put_draft(self, invitation_id: int, answers: dict[str, str]) -> None:
        """Replace the answers given so far."""
        await self._conn.execute(
            "DELETE FROM survey_drafts WHERE invitation_id = ?", (invitation_id,)
        )
        await self._conn.executemany(
            "INSERT INTO survey_drafts (invitation_id, question, answer) VALUES (?, ?, ?)",
            [(invitation_id, q, a) for q, a in answers.items()],
        )

    async def busy(self, now: datetime) -> set[int]:
        """People a survey waits for: an open check-in, or a conversation going on."""
        sql = """SELECT p.student_id FROM checkins k JOIN placements p ON p.id = k.placement_id
                 WHERE k.status = 'open'
                 UNION SELECT person_id FROM flows WHERE ended IS NULL AND expires_at > ?"""
        async with self._conn.execute(sql, (to_db(now),)) as cur:
            return {int(r[0]) for r in await cur.fetchall()}

    async def all_versions(self) -> list[StoredSurvey]:
        """Every stored version, by name and version."""
        async with self._conn.execute(
            "SELECT id, source, loaded_at FROM survey_versions ORDER BY name, version"
        ) as cur:
            return [
                StoredSurvey(int(r[0]), parse_survey(str(r[1])), from_db(r[2]))
                for r in await cur.fetchall()
            ]
