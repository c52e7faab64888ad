"""What the CSV exports read: one query per kind, limited to a supervisor's placements and a
period when asked. Rows come back as plain tuples; times as stored (UTC text)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import aiosqlite

from storage.db import to_db

Row = tuple[object, ...]

# Every export joins the placement, so one condition limits it to a supervisor's placements.
SCOPE = "(:supervisor IS NULL OR p.supervisor_id = :supervisor)"


@dataclass(frozen=True, slots=True)
class Window:
    """Which rows an export holds: a supervisor's placements or all, moments within a period."""

    supervisor_id: int | None  # None: every placement (a coordinator, the command line)
    since: datetime | None  # inclusive
    until: datetime | None  # exclusive
    first_day: date | None  # the period as local dates, for placements
    last_day: date | None
    today: date  # the school's local date by the injected clock, for "as of now" exports

    def params(self) -> dict[str, object]:
        """The query parameters every export takes."""
        return {
            "supervisor": self.supervisor_id,
            "since": to_db(self.since) if self.since else None,
            "until": to_db(self.until) if self.until else None,
            "first_day": self.first_day.isoformat() if self.first_day else None,
            "last_day": self.last_day.isoformat() if self.last_day else None,
        }


def _between(column: str) -> str:
    return f"(:since IS NULL OR {column} >= :since) AND (:until IS NULL OR {column} < :until)"


class ExportRepo:
    """The rows of each export kind."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    @property
    def connection(self) -> aiosqlite.Connection:
        """The connection, for an export a feature registers beside its own repository."""
        return self._conn

    async def _rows(self, sql: str, window: Window) -> list[Row]:
        async with self._conn.execute(sql, window.params()) as cur:
            return [tuple(row) for row in await cur.fetchall()]

    async def placements(self, window: Window) -> list[Row]:
        """Placements running at some time in the period, with their people and who joined."""
        sql = f"""SELECT p.id, s.name, s.email, s.telegram_id IS NOT NULL, c.name,
                         m.name, m.email, m.telegram_id IS NOT NULL,
                         v.name, v.email, v.telegram_id IS NOT NULL,
                         p.starts_on, p.ends_on, p.checkin_weekday, p.checkin_time, p.timezone,
                         p.mentor_meeting_every_days, p.tripartite_every_weeks, p.paused_until
                  FROM placements p JOIN companies c ON c.id = p.company_id
                  JOIN people s ON s.id = p.student_id JOIN people m ON m.id = p.mentor_id
                  JOIN people v ON v.id = p.supervisor_id
                  WHERE {SCOPE}
                    AND p.ends_on >= p.starts_on  -- one called off before it began never ran
                    AND (:first_day IS NULL OR p.ends_on >= :first_day)
                    AND (:last_day IS NULL OR p.starts_on <= :last_day)
                  ORDER BY p.id"""
        return await self._rows(sql, window)

    async def checkins(self, window: Window) -> list[Row]:
        """Check-ins asked in the period, with the student's answers."""
        sql = f"""SELECT k.id, p.id, s.name, c.name, k.week, k.due_at, k.status, k.mood,
                         k.week_note, k.week_skipped, k.needs_help, k.answered_at
                  FROM checkins k JOIN placements p ON p.id = k.placement_id
                  JOIN companies c ON c.id = p.company_id JOIN people s ON s.id = p.student_id
                  WHERE {SCOPE} AND {_between("k.due_at")}
                  ORDER BY k.due_at, k.id"""
        return await self._rows(sql, window)

    async def alerts(self, window: Window) -> list[Row]:
        """Alerts raised in the period and what became of them (never the student's words)."""
        sql = f"""SELECT a.id, p.id, s.name, c.name, a.kind, a.status, a.created_at,
                         a.times_sent, ack.name, a.acknowledged_at, res.name, a.resolved_at
                  FROM alerts a JOIN placements p ON p.id = a.placement_id
                  JOIN companies c ON c.id = p.company_id JOIN people s ON s.id = p.student_id
                  LEFT JOIN people ack ON ack.id = a.acknowledged_by
                  LEFT JOIN people res ON res.id = a.resolved_by
                  WHERE {SCOPE} AND {_between("a.created_at")}
                  ORDER BY a.created_at, a.id"""
        return await self._rows(sql, window)

    async def meetings(self, window: Window) -> list[Row]:
        """Meetings planned for the period, with their outcome."""
        sql = f"""SELECT g.id, p.id, s.name, c.name, g.kind, g.state, g.starts_at,
                         o.name, g.place, g.reason, g.note, g.agreements, g.next_review_on,
                         g.understood
                  FROM meetings g JOIN placements p ON p.id = g.placement_id
                  JOIN companies c ON c.id = p.company_id JOIN people s ON s.id = p.student_id
                  JOIN people o ON o.id = g.proposed_by
                  WHERE {SCOPE} AND {_between("g.starts_at")}
                  ORDER BY g.starts_at, g.id"""
        return await self._rows(sql, window)

    async def feedback(self, window: Window) -> list[Row]:
        """Feedback sent in the period: the mentor's words, the goal, the student's answer."""
        sql = f"""SELECT f.id, p.id, s.name, c.name, m.name, g.title, f.sent_at, f.text,
                         f.understood_at,
                         (SELECT COUNT(*) FROM feedback_questions q WHERE q.feedback_id = f.id)
                  FROM feedback f JOIN placements p ON p.id = f.placement_id
                  JOIN companies c ON c.id = p.company_id JOIN people s ON s.id = p.student_id
                  JOIN people m ON m.id = f.mentor_id
                  LEFT JOIN learning_goals g ON g.id = f.goal_id
                  WHERE {SCOPE} AND {_between("f.sent_at")}
                  ORDER BY f.sent_at, f.id"""
        return await self._rows(sql, window)
