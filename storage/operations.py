"""What an operator asks of the database: how many placements, and in which state."""

from __future__ import annotations

from dataclasses import dataclass

import aiosqlite


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
