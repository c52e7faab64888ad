"""What an operator asks of the database: placements by state, and the bot's health marks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from storage.db import from_db, to_db


@dataclass(frozen=True, slots=True)
class PlacementCounts:
    """Placements by state on a local date: running, ended (not archived), archived."""

    active: int
    ended: int
    archived: int

    @property
    def total(self) -> int:
        """Every placement in the database."""
        return self.active + self.ended + self.archived


class OperationsRepo:
    """Counts for start-up lines, `status` and `check`."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def placement_counts(self, today: str) -> PlacementCounts:
        """Placements running on `today` (ISO date), ended before it, and archived."""
        sql = """SELECT
                   COALESCE(SUM(archived_at IS NULL AND ends_on >= ?), 0),
                   COALESCE(SUM(archived_at IS NULL AND ends_on < ?), 0),
                   COALESCE(SUM(archived_at IS NOT NULL), 0)
                 FROM placements"""
        async with self._conn.execute(sql, (today, today)) as cur:
            row = await cur.fetchone()
        assert row is not None
        return PlacementCounts(int(row[0]), int(row[1]), int(row[2]))


class HealthRepo:
    """The bot's own marks: when it last got updates and last ran its tick."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def mark(self, name: str, at: datetime) -> None:
        """Note that `name` succeeded at `at`."""
        sql = """INSERT INTO health (name, at) VALUES (?, ?)
                 ON CONFLICT (name) DO UPDATE SET at = excluded.at"""
        await self._conn.execute(sql, (name, to_db(at)))

    async def marks(self) -> dict[str, datetime]:
        """Every mark, by name."""
        async with self._conn.execute("SELECT name, at FROM health") as cur:
            return {str(row[0]): from_db(row[1]) for row in await cur.fetchall()}
