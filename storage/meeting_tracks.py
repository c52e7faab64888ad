"""The cadence tracks: per placement and kind of meeting, when the tick looks again."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from bot.domain.meetings import MeetingKind
from storage.db import from_db, to_db

# Earlier than any moment: "look at it on the next tick".
AT_ONCE = "1970-01-01T00:00:00"


@dataclass(frozen=True, slots=True)
class TrackMark:
    """What the tick remembers of a track: for which due moment it reminded and alerted."""

    placement_id: int
    kind: MeetingKind
    reminded_for: datetime | None
    alerted_for: datetime | None


def _moment(text: str | None) -> datetime | None:
    return from_db(text) if text else None


class TrackRepo:
    """Each placement has a mentor-meeting track and a tripartite track (made by a trigger)."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def due(self, now: datetime, limit: int) -> list[TrackMark]:
        """Tracks whose next look has come, the longest waiting first."""
        sql = """SELECT placement_id, kind, reminded_for, alerted_for FROM meeting_tracks
                 WHERE next_check_at IS NOT NULL AND next_check_at <= ?
                 ORDER BY next_check_at LIMIT ?"""
        async with self._conn.execute(sql, (to_db(now), limit)) as cur:
            rows = await cur.fetchall()
        return [
            TrackMark(row[0], MeetingKind(row[1]), _moment(row[2]), _moment(row[3]))
            for row in rows
        ]

    async def save(self, mark: TrackMark, next_check_at: datetime | None) -> None:
        sql = """INSERT INTO meeting_tracks (placement_id, kind, next_check_at, reminded_for,
                     alerted_for) VALUES (?, ?, ?, ?, ?)
                 ON CONFLICT (placement_id, kind) DO UPDATE SET
                     next_check_at = excluded.next_check_at,
                     reminded_for = excluded.reminded_for, alerted_for = excluded.alerted_for"""
        await self._conn.execute(
            sql,
            (
                mark.placement_id,
                mark.kind.value,
                to_db(next_check_at) if next_check_at else None,
                to_db(mark.reminded_for) if mark.reminded_for else None,
                to_db(mark.alerted_for) if mark.alerted_for else None,
            ),
        )

    async def look_again(self, placement_id: int, kind: MeetingKind | None = None) -> None:
        """Have the next tick look at a placement's track(s): a meeting changed."""
        sql = """UPDATE meeting_tracks SET next_check_at = ?
                 WHERE placement_id = ? AND (? IS NULL OR kind = ?)"""
        value = None if kind is None else kind.value
        await self._conn.execute(sql, (AT_ONCE, placement_id, value, value))

    async def known_since(self, placement_id: int) -> datetime:
        """When the school put the placement in: its cadence counts from then at the earliest."""
        sql = "SELECT created_at FROM placements WHERE id = ?"
        async with self._conn.execute(sql, (placement_id,)) as cur:
            row = await cur.fetchone()
        if row is None:
            raise LookupError(f"no placement {placement_id}")
        return from_db(row[0])
