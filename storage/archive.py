"""Archiving ended placements: no tick looks at them again; who has nothing running any more."""

from __future__ import annotations

from datetime import date, datetime

import aiosqlite

from storage.db import to_db


class ArchiveRepo:
    """Placements ended before a day, closed for good (their data stays until retention)."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def archive_ended(self, before: date, now: datetime) -> list[int]:
        """Archive placements that ended before `before`; the ids archived now."""
        sql = "SELECT id FROM placements WHERE archived_at IS NULL AND ends_on < ? ORDER BY id"
        async with self._conn.execute(sql, (before.isoformat(),)) as cur:
            ids = [int(row[0]) for row in await cur.fetchall()]
        if not ids:
            return ids
        marks = ",".join("?" * len(ids))
        # Each timer the tick reads is cleared: no check-in, meeting or feedback prompt again.
        await self._conn.execute(
            f"UPDATE placements SET archived_at = ?, next_checkin_at = NULL WHERE id IN ({marks})",
            (to_db(now), *ids),
        )
        for statement in (
            f"UPDATE meeting_tracks SET next_check_at = NULL WHERE placement_id IN ({marks})",
            f"UPDATE feedback_timers SET due_at = NULL WHERE placement_id IN ({marks})",
            # Alerts about a closed placement's routine (meetings, moods, missed check-ins) are
            # not sent again; a problem the student reported keeps its way to a person.
            f"""UPDATE alerts SET resend_at = NULL WHERE placement_id IN ({marks})
                AND status = 'open' AND kind != 'problem_reported'""",
        ):
            await self._conn.execute(statement, ids)
        return ids

    async def done_with(self, placement_ids: list[int]) -> list[tuple[int, date]]:
        """The joined people of these placements with nothing unarchived left, and the last
        day of their last placement."""
        if not placement_ids:
            return []
        marks = ",".join("?" * len(placement_ids))
        sql = f"""
            WITH involved(person_id) AS (
                SELECT student_id FROM placements WHERE id IN ({marks})
                UNION SELECT mentor_id FROM placements WHERE id IN ({marks})
                UNION SELECT supervisor_id FROM placements WHERE id IN ({marks}))
            SELECT people.id, MAX(p.ends_on) FROM involved
            JOIN people ON people.id = involved.person_id AND people.telegram_id IS NOT NULL
            JOIN placements p ON people.id IN (p.student_id, p.mentor_id, p.supervisor_id)
            GROUP BY people.id
            HAVING SUM(p.archived_at IS NULL) = 0
            ORDER BY people.id"""
        async with self._conn.execute(sql, placement_ids * 3) as cur:
            return [(int(row[0]), date.fromisoformat(row[1])) for row in await cur.fetchall()]
