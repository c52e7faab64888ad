"""What the supervisor's overview and digest read: a handful of queries for all his placements
at once, never one round per placement (35 placements are 6 statements)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

import aiosqlite

from bot.domain.meetings import Meeting
from bot.domain.people import Placement
from storage.db import from_db, to_db
from storage.meetings import COLUMNS as MEETING_COLUMNS
from storage.meetings import meeting_from
from storage.people import PLACEMENT_COLUMNS, placement_from


@dataclass(frozen=True, slots=True)
class Followed:
    """A placement with its student, as the overview lists it."""

    placement: Placement
    student: str
    student_joined: bool
    created_at: datetime  # when the school put it in (its meeting cadence counts from then)


@dataclass(frozen=True, slots=True)
class LastCheckIn:
    """A placement's latest check-in of some kind: week, status, mood, text, when."""

    placement_id: int
    checkin_id: int
    week: str
    status: str
    mood: int | None
    week_note: str | None
    due_at: datetime


def _ids(placements: Sequence[int]) -> str:
    """Integer ids for an IN list (ints only, so nothing is interpolated but digits)."""
    return ",".join(str(int(i)) for i in placements) or "NULL"


class OverviewRepo:
    """The facts of many placements at once."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def followed(
        self, supervisor_id: int | None, first_day: date, last_day: date
    ) -> list[Followed]:
        """Placements running on some day from `first_day` to `last_day` (one day more on
        either side, for time zones), of one supervisor or (None) of the whole school."""
        sql = f"""SELECT {PLACEMENT_COLUMNS}, s.name AS student, s.telegram_id AS student_tg,
                         p.created_at AS created
                  FROM placements p JOIN companies c ON c.id = p.company_id
                  JOIN people s ON s.id = p.student_id
                  WHERE (:supervisor IS NULL OR p.supervisor_id = :supervisor)
                    AND p.starts_on <= date(:last, '+1 day')
                    AND p.ends_on >= date(:first, '-1 day')
                  ORDER BY p.id"""
        args = {
            "supervisor": supervisor_id,
            "first": first_day.isoformat(),
            "last": last_day.isoformat(),
        }
        async with self._conn.execute(sql, args) as cur:
            return [
                Followed(
                    placement_from(row),
                    row["student"],
                    row["student_tg"] is not None,
                    from_db(row["created"]),
                )
                for row in await cur.fetchall()
            ]

    async def open_alerts(self, placements: Sequence[int]) -> dict[int, int]:
        """How many alerts of each placement are not resolved."""
        sql = f"""SELECT placement_id, COUNT(*) FROM alerts
                  WHERE status != 'resolved' AND placement_id IN ({_ids(placements)})
                  GROUP BY placement_id"""
        async with self._conn.execute(sql) as cur:
            return {row[0]: row[1] for row in await cur.fetchall()}

    async def latest_checkins(
        self, placements: Sequence[int], statuses: Sequence[str]
    ) -> dict[int, LastCheckIn]:
        """Each placement's newest check-in with one of these statuses."""
        marks = ",".join("?" * len(statuses))
        sql = f"""SELECT k.placement_id, k.id, k.week, k.status, k.mood, k.week_note, k.due_at
                  FROM checkins k WHERE k.id IN (
                      SELECT MAX(id) FROM checkins
                      WHERE placement_id IN ({_ids(placements)}) AND status IN ({marks})
                      GROUP BY placement_id)"""
        async with self._conn.execute(sql, tuple(statuses)) as cur:
            return {
                row[0]: LastCheckIn(
                    row[0], row[1], row[2], row[3], row[4], row[5], from_db(row[6])
                )
                for row in await cur.fetchall()
            }

    async def checkins_between(
        self, placements: Sequence[int], since: datetime, until: datetime
    ) -> dict[int, LastCheckIn]:
        """Each placement's check-in asked within [since, until) (the newest if several)."""
        sql = f"""SELECT placement_id, id, week, status, mood, week_note, due_at FROM checkins
                  WHERE placement_id IN ({_ids(placements)}) AND due_at >= ? AND due_at < ?
                  ORDER BY due_at"""
        async with self._conn.execute(sql, (to_db(since), to_db(until))) as cur:
            return {
                row[0]: LastCheckIn(
                    row[0], row[1], row[2], row[3], row[4], row[5], from_db(row[6])
                )
                for row in await cur.fetchall()
            }

    async def meetings(self, placements: Sequence[int]) -> dict[int, list[Meeting]]:
        """Each placement's meetings, in the order they finished, the unfinished last."""
        sql = f"""SELECT {MEETING_COLUMNS} FROM meetings m
                  WHERE placement_id IN ({_ids(placements)})
                  ORDER BY finished_at IS NULL, finished_at, starts_at, id"""
        found: dict[int, list[Meeting]] = {}
        async with self._conn.execute(sql) as cur:
            for row in await cur.fetchall():
                meeting = meeting_from(row)
                found.setdefault(meeting.placement_id, []).append(meeting)
        return found

    async def feedback_waiting(
        self, placements: Sequence[int], sent_before: datetime
    ) -> dict[int, int]:
        """How much feedback of each placement, sent before a moment, is not confirmed."""
        sql = f"""SELECT placement_id, COUNT(*) FROM feedback
                  WHERE understood_at IS NULL AND sent_at <= ?
                    AND placement_id IN ({_ids(placements)})
                  GROUP BY placement_id"""
        async with self._conn.execute(sql, (to_db(sent_before),)) as cur:
            return {row[0]: row[1] for row in await cur.fetchall()}

    async def supervisors_with_placements(self, first_day: date, last_day: date) -> list[int]:
        """Supervisors who have joined and follow a placement that ran on one of these days."""
        sql = """SELECT DISTINCT p.supervisor_id FROM placements p
                 JOIN people v ON v.id = p.supervisor_id
                 WHERE v.telegram_id IS NOT NULL
                   AND p.starts_on <= :last AND p.ends_on >= :first
                 ORDER BY p.supervisor_id"""
        args = {"first": first_day.isoformat(), "last": last_day.isoformat()}
        async with self._conn.execute(sql, args) as cur:
            return [row[0] for row in await cur.fetchall()]

    async def uncertified(self, placements: Sequence[int], today: date) -> set[int]:
        """The placements whose mentor holds no certificate that counts today; none at all
        while the school has never made a course run (it trains no mentors through the bot)."""
        sql = f"""SELECT p.id FROM placements p
                  WHERE p.id IN ({_ids(placements)})
                    AND EXISTS (SELECT 1 FROM training_runs)
                    AND NOT EXISTS (SELECT 1 FROM certificates c
                        WHERE c.person_id = p.mentor_id
                          AND (c.valid_until IS NULL OR c.valid_until >= ?))"""
        async with self._conn.execute(sql, (today.isoformat(),)) as cur:
            return {int(row[0]) for row in await cur.fetchall()}
