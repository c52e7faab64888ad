"""People, companies and placements."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

import aiosqlite

from bot.domain.people import Person, Placement, Role
from storage.db import date_from_db, to_db

PLACEMENT_COLUMNS = """
    p.id, p.student_id, p.mentor_id, p.supervisor_id, c.name AS company, p.starts_on,
    p.ends_on, p.timezone, p.checkin_weekday, p.checkin_time, p.mentor_meeting_every_days,
    p.tripartite_every_weeks, p.paused_until
"""


def person_from(row: aiosqlite.Row) -> Person:
    """A people row as a domain Person."""
    return Person(
        id=row["id"],
        name=row["name"],
        email=row["email"],
        role=Role(row["role"]),
        language=row["language"],
        telegram_id=row["telegram_id"],
        undeliverable=row["undeliverable_at"] is not None,
    )


def placement_from(row: aiosqlite.Row) -> Placement:
    """A placements row (joined with its company) as a domain Placement."""
    return Placement(
        id=row["id"],
        student_id=row["student_id"],
        mentor_id=row["mentor_id"],
        supervisor_id=row["supervisor_id"],
        company=row["company"],
        starts_on=date.fromisoformat(row["starts_on"]),
        ends_on=date.fromisoformat(row["ends_on"]),
        timezone=row["timezone"],
        checkin_weekday=row["checkin_weekday"],
        checkin_time=row["checkin_time"],
        mentor_meeting_every_days=row["mentor_meeting_every_days"],
        tripartite_every_weeks=row["tripartite_every_weeks"],
        paused_until=date_from_db(row["paused_until"]),
    )


class PeopleRepo:
    """Everyone the school registered."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def by_id(self, person_id: int) -> Person | None:
        async with self._conn.execute("SELECT * FROM people WHERE id = ?", (person_id,)) as cur:
            row = await cur.fetchone()
        return person_from(row) if row else None

    async def by_telegram_id(self, telegram_id: int) -> Person | None:
        sql = "SELECT * FROM people WHERE telegram_id = ?"
        async with self._conn.execute(sql, (telegram_id,)) as cur:
            row = await cur.fetchone()
        return person_from(row) if row else None

    async def by_email(self, email: str) -> Person | None:
        async with self._conn.execute("SELECT * FROM people WHERE email = ?", (email,)) as cur:
            row = await cur.fetchone()
        return person_from(row) if row else None

    async def roles_of(self, emails: Iterable[str]) -> dict[str, Role]:
        """The role of each of these emails that belongs to someone registered."""
        wanted = sorted(emails)
        roles: dict[str, Role] = {}
        for start in range(0, len(wanted), 500):  # well under SQLite's limit of variables
            chunk = wanted[start : start + 500]
            sql = f"SELECT email, role FROM people WHERE email IN ({','.join('?' * len(chunk))})"
            async with self._conn.execute(sql, chunk) as cur:
                roles.update((row[0], Role(row[1])) for row in await cur.fetchall())
        return roles

    async def add(
        self, name: str, email: str, role: Role, language: str | None, now: datetime
    ) -> int:
        sql = """INSERT INTO people (name, email, role, language, created_at)
                 VALUES (?, ?, ?, ?, ?)"""
        cur = await self._conn.execute(sql, (name, email, role.value, language, to_db(now)))
        return int(cur.lastrowid or 0)

    async def set_company(self, person_id: int, company_id: int) -> None:
        """The employer a trainee mentor's invitation named."""
        await self._conn.execute(
            "UPDATE people SET company_id = ? WHERE id = ?", (company_id, person_id)
        )

    async def set_role(self, person_id: int, role: Role) -> None:
        """Give someone another role (a trainee mentor becomes a mentor: storage keeps him)."""
        await self._conn.execute(
            "UPDATE people SET role = ? WHERE id = ?", (role.value, person_id)
        )

    async def link_telegram(self, person_id: int, telegram_id: int, language: str) -> None:
        sql = """UPDATE people SET telegram_id = ?, language = COALESCE(language, ?),
                 undeliverable_at = NULL WHERE id = ?"""
        await self._conn.execute(sql, (telegram_id, language, person_id))

    async def set_language(self, person_id: int, language: str) -> None:
        await self._conn.execute(
            "UPDATE people SET language = ? WHERE id = ?", (language, person_id)
        )

    async def mark_undeliverable(self, person_id: int, now: datetime) -> bool:
        """Mark a person's chat undeliverable; False when it already was."""
        sql = """UPDATE people SET undeliverable_at = ?
                 WHERE id = ? AND undeliverable_at IS NULL"""
        cur = await self._conn.execute(sql, (to_db(now), person_id))
        return cur.rowcount > 0

    async def mark_deliverable(self, person_id: int) -> None:
        await self._conn.execute(
            "UPDATE people SET undeliverable_at = NULL WHERE id = ?", (person_id,)
        )

    async def with_role(self, role: Role) -> list[Person]:
        sql = "SELECT * FROM people WHERE role = ? ORDER BY id"
        async with self._conn.execute(sql, (role.value,)) as cur:
            return [person_from(row) for row in await cur.fetchall()]

    async def not_joined(self) -> list[Person]:
        sql = """SELECT * FROM people WHERE telegram_id IS NULL AND erased_at IS NULL
                 ORDER BY role, name, id"""
        async with self._conn.execute(sql) as cur:
            return [person_from(row) for row in await cur.fetchall()]


class PlacementRepo:
    """Placements with their company and cadence."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def company_id(self, name: str) -> int:
        """The id of a company, registering it when new."""
        await self._conn.execute("INSERT OR IGNORE INTO companies (name) VALUES (?)", (name,))
        async with self._conn.execute("SELECT id FROM companies WHERE name = ?", (name,)) as cur:
            row = await cur.fetchone()
        assert row is not None
        return int(row[0])

    async def find(self, student_id: int, company_id: int, starts_on: date) -> int | None:
        sql = """SELECT id FROM placements
                 WHERE student_id = ? AND company_id = ? AND starts_on = ?"""
        async with self._conn.execute(sql, (student_id, company_id, starts_on.isoformat())) as cur:
            row = await cur.fetchone()
        return int(row[0]) if row else None

    async def add(
        self,
        placement: Placement,
        company_id: int,
        next_checkin_at: datetime | None,
        now: datetime,
    ) -> int:
        sql = """INSERT INTO placements (student_id, mentor_id, supervisor_id, company_id,
                     starts_on, ends_on, timezone, checkin_weekday, checkin_time,
                     mentor_meeting_every_days, tripartite_every_weeks, next_checkin_at,
                     created_at)
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"""
        cur = await self._conn.execute(
            sql,
            (
                placement.student_id,
                placement.mentor_id,
                placement.supervisor_id,
                company_id,
                placement.starts_on.isoformat(),
                placement.ends_on.isoformat(),
                placement.timezone,
                placement.checkin_weekday,
                placement.checkin_time,
                placement.mentor_meeting_every_days,
                placement.tripartite_every_weeks,
                to_db(next_checkin_at) if next_checkin_at else None,
                to_db(now),
            ),
        )
        return int(cur.lastrowid or 0)

    async def by_id(self, placement_id: int) -> Placement | None:
        sql = f"""SELECT {PLACEMENT_COLUMNS} FROM placements p
                  JOIN companies c ON c.id = p.company_id WHERE p.id = ?"""
        async with self._conn.execute(sql, (placement_id,)) as cur:
            row = await cur.fetchone()
        return placement_from(row) if row else None

    async def of_person(self, person_id: int) -> list[Placement]:
        """The placements a person takes part in, in any role."""
        sql = f"""SELECT {PLACEMENT_COLUMNS} FROM placements p
                  JOIN companies c ON c.id = p.company_id
                  WHERE p.student_id = :id OR p.mentor_id = :id OR p.supervisor_id = :id
                  ORDER BY p.starts_on DESC, p.id"""
        async with self._conn.execute(sql, {"id": person_id}) as cur:
            return [placement_from(row) for row in await cur.fetchall()]

    async def due_for_checkin(
        self, now: datetime, limit: int
    ) -> list[tuple[Placement, int | None, str]]:
        """Placements whose check-in moment has come, oldest first (uses the index), each with
        its student's Telegram id (None: not joined) and name."""
        sql = f"""SELECT {PLACEMENT_COLUMNS}, s.telegram_id AS student_tg, s.name AS student
                  FROM placements p
                  JOIN companies c ON c.id = p.company_id
                  JOIN people s ON s.id = p.student_id
                  WHERE p.next_checkin_at IS NOT NULL AND p.next_checkin_at <= ?
                  ORDER BY p.next_checkin_at LIMIT ?"""
        async with self._conn.execute(sql, (to_db(now), limit)) as cur:
            return [
                (placement_from(row), row["student_tg"], row["student"])
                for row in await cur.fetchall()
            ]

    async def set_next_checkin(self, placement_id: int, moment: datetime | None) -> None:
        await self.set_next_checkins([(placement_id, moment)])

    async def set_next_checkins(self, moments: list[tuple[int, datetime | None]]) -> None:
        """Store each placement's next check-in moment (None: no more check-ins)."""
        await self._conn.executemany(
            "UPDATE placements SET next_checkin_at = ? WHERE id = ?",
            [(to_db(at) if at else None, placement_id) for placement_id, at in moments],
        )

    async def set_paused_until(self, placement_id: int, until: date | None) -> None:
        await self._conn.execute(
            "UPDATE placements SET paused_until = ? WHERE id = ?",
            (until.isoformat() if until else None, placement_id),
        )
