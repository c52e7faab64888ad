"""Who has joined, and cutting a lost Telegram account from a person (a new invite replaces it)."""

from __future__ import annotations

import aiosqlite

from bot.domain.people import Person
from storage.people import person_from


class JoiningRepo:
    """People by whether they have joined in Telegram."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def everyone(self) -> list[tuple[Person, int]]:
        """Everyone not erased, by role and name, with how many placements he takes part in."""
        sql = """SELECT people.*, (SELECT COUNT(*) FROM placements p
                                   WHERE people.id IN (p.student_id, p.mentor_id,
                                                       p.supervisor_id)) AS placements
                 FROM people WHERE erased_at IS NULL
                 ORDER BY CASE role WHEN 'coordinator' THEN 0 WHEN 'supervisor' THEN 1
                                    WHEN 'mentor' THEN 2 ELSE 3 END, name, id"""
        async with self._conn.execute(sql) as cur:
            return [(person_from(row), int(row["placements"])) for row in await cur.fetchall()]

    async def by_id(self, person_id: int) -> Person | None:
        """The person with this id, unless erased."""
        sql = "SELECT * FROM people WHERE id = ? AND erased_at IS NULL"
        async with self._conn.execute(sql, (person_id,)) as cur:
            row = await cur.fetchone()
        return person_from(row) if row else None

    async def by_email(self, email: str) -> Person | None:
        """The person, not erased, with this email (any case)."""
        sql = "SELECT * FROM people WHERE email = ? AND erased_at IS NULL"
        async with self._conn.execute(sql, (email.strip().lower(),)) as cur:
            row = await cur.fetchone()
        return person_from(row) if row else None

    async def named(self, text: str, limit: int) -> list[Person]:
        """People, not erased, whose name or email holds the text (any case), by name."""
        sql = """SELECT * FROM people WHERE erased_at IS NULL
                   AND (instr(lower(name), lower(:t)) > 0 OR instr(email, lower(:t)) > 0)
                 ORDER BY name, id LIMIT :limit"""
        async with self._conn.execute(sql, {"t": text.strip(), "limit": limit}) as cur:
            return [person_from(row) for row in await cur.fetchall()]

    async def cut_account(self, person_id: int) -> bool:
        """Unlink a person's Telegram account; False when none was linked."""
        sql = "UPDATE people SET telegram_id = NULL WHERE id = ? AND telegram_id IS NOT NULL"
        cur = await self._conn.execute(sql, (person_id,))
        return cur.rowcount > 0
