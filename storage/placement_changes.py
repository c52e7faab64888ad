"""Changing a placement after its import: another mentor, supervisor, last day or cadence."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import aiosqlite

from bot.domain.escalation import AlertKind
from bot.domain.people import Placement, Role
from bot.domain.roster import RosterPerson
from bot.domain.roster_changes import Known


class PlacementChangeRepo:
    """The columns of a placement a roster row (or ending it early) may change."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def known(self, placement: Placement) -> Known:
        """A placement with its student, mentor and supervisor as the roster names them."""
        sql = "SELECT id, name, email FROM people WHERE id IN (?, ?, ?)"
        ids = (placement.student_id, placement.mentor_id, placement.supervisor_id)
        async with self._conn.execute(sql, ids) as cur:
            found = {row[0]: (row[1], row[2]) for row in await cur.fetchall()}

        def person(person_id: int, role: Role) -> RosterPerson:
            name, email = found[person_id]
            return RosterPerson(name, email, role)

        return Known(
            placement,
            person(placement.student_id, Role.STUDENT),
            person(placement.mentor_id, Role.MENTOR),
            person(placement.supervisor_id, Role.SUPERVISOR),
        )

    async def update(self, placement: Placement) -> None:
        """Store a placement's people, last day, check-in moment and cadences as given."""
        sql = """UPDATE placements SET mentor_id = ?, supervisor_id = ?, ends_on = ?,
                     checkin_weekday = ?, checkin_time = ?, mentor_meeting_every_days = ?,
                     tripartite_every_weeks = ?
                 WHERE id = ?"""
        await self._conn.execute(
            sql,
            (
                placement.mentor_id,
                placement.supervisor_id,
                placement.ends_on.isoformat(),
                placement.checkin_weekday,
                placement.checkin_time,
                placement.mentor_meeting_every_days,
                placement.tripartite_every_weeks,
                placement.id,
            ),
        )

    async def end(self, placement_id: int, last_day: date) -> None:
        """Give a placement an earlier last day."""
        await self._conn.execute(
            "UPDATE placements SET ends_on = ? WHERE id = ?", (last_day.isoformat(), placement_id)
        )

    async def close_open_checkins(self, placement_id: int) -> int:
        """Close a placement's unanswered check-ins as missed, without any alert."""
        sql = "UPDATE checkins SET status = 'missed' WHERE placement_id = ? AND status = 'open'"
        cur = await self._conn.execute(sql, (placement_id,))
        return cur.rowcount

    async def quiet_alerts(self, placement_id: int, kinds: Iterable[AlertKind]) -> int:
        """Stop sending, emailing and escalating a placement's unacknowledged alerts of these
        kinds; they stay on the supervisor's list to resolve."""
        wanted = sorted(kind.value for kind in kinds)
        marks = ", ".join("?" for _ in wanted)
        sql = f"""UPDATE alerts SET resend_at = NULL, email_at = NULL
                  WHERE placement_id = ? AND status = 'open' AND kind IN ({marks})"""
        cur = await self._conn.execute(sql, (placement_id, *wanted))
        return cur.rowcount

    async def of_student(self, email: str) -> list[int]:
        """The placements of the student with this email, newest first."""
        sql = """SELECT p.id FROM placements p JOIN people s ON s.id = p.student_id
                 WHERE s.email = ? AND s.role = 'student' ORDER BY p.starts_on DESC, p.id DESC"""
        async with self._conn.execute(sql, (email.strip().lower(),)) as cur:
            return [row[0] for row in await cur.fetchall()]
