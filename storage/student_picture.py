"""What the student picture reads of one placement: check-ins, pauses, meetings, feedback,
alerts, and the placements a name can mean."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import aiosqlite

from bot.domain.escalation import AlertKind, AlertStatus
from storage.db import from_db
from storage.overview import Followed
from storage.people import PLACEMENT_COLUMNS, placement_from


@dataclass(frozen=True, slots=True)
class CheckInRow:
    """One check-in with the student's answers."""

    week: str
    due_at: datetime
    status: str
    mood: int | None
    week_note: str | None
    needs_help: bool | None


@dataclass(frozen=True, slots=True)
class FeedbackRow:
    """One feedback item: when, its text, whether the student confirmed it, open questions."""

    sent_at: datetime
    text: str
    understood_at: datetime | None
    open_questions: int


@dataclass(frozen=True, slots=True)
class AlertRow:
    """One alert and its state (never the student's words: the picture is for looking up)."""

    kind: AlertKind
    status: AlertStatus
    created_at: datetime


class PictureRepo:
    """One placement's history."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def matching(self, supervisor_id: int | None, text: str) -> list[Followed]:
        """Placements of a supervisor (None: all) whose student's name holds the text."""
        sql = f"""SELECT {PLACEMENT_COLUMNS}, s.name AS student, s.telegram_id AS student_tg,
                         p.created_at AS created
                  FROM placements p JOIN companies c ON c.id = p.company_id
                  JOIN people s ON s.id = p.student_id
                  WHERE (:supervisor IS NULL OR p.supervisor_id = :supervisor)
                    AND instr(lower(s.name), lower(:text)) > 0
                  ORDER BY p.ends_on DESC, s.name, p.id"""
        async with self._conn.execute(
            sql, {"supervisor": supervisor_id, "text": text.strip()}
        ) as cur:
            return [
                Followed(
                    placement_from(row),
                    row["student"],
                    row["student_tg"] is not None,
                    from_db(row["created"]),
                )
                for row in await cur.fetchall()
            ]

    async def checkins(self, placement_id: int) -> list[CheckInRow]:
        """Every check-in of a placement, oldest first."""
        sql = """SELECT week, due_at, status, mood, week_note, needs_help FROM checkins
                 WHERE placement_id = ? ORDER BY due_at, id"""
        async with self._conn.execute(sql, (placement_id,)) as cur:
            return [
                CheckInRow(
                    row[0],
                    from_db(row[1]),
                    row[2],
                    row[3],
                    row[4],
                    None if row[5] is None else bool(row[5]),
                )
                for row in await cur.fetchall()
            ]

    async def pause_events(self, placement_id: int) -> list[tuple[datetime, date | None]]:
        """When the student paused (and until when) or resumed, from the audit log."""
        sql = """SELECT at, action, detail FROM audit_log
                 WHERE subject = ? AND action IN ('paused', 'resumed') ORDER BY id"""
        async with self._conn.execute(sql, (f"placement:{placement_id}",)) as cur:
            rows = await cur.fetchall()
        return [
            (
                from_db(row[0]),
                date.fromisoformat(row[2]) if row[1] == "paused" and row[2] else None,
            )
            for row in rows
        ]

    async def feedback(self, placement_id: int) -> list[FeedbackRow]:
        """The feedback of a placement, oldest first."""
        sql = """SELECT f.sent_at, f.text, f.understood_at,
                        (SELECT COUNT(*) FROM feedback_questions q
                         WHERE q.feedback_id = f.id AND q.answered_at IS NULL)
                 FROM feedback f WHERE f.placement_id = ? ORDER BY f.sent_at, f.id"""
        async with self._conn.execute(sql, (placement_id,)) as cur:
            return [
                FeedbackRow(from_db(row[0]), row[1], from_db(row[2]) if row[2] else None, row[3])
                for row in await cur.fetchall()
            ]

    async def alerts(self, placement_id: int) -> list[AlertRow]:
        """The alerts of a placement, oldest first."""
        sql = """SELECT kind, status, created_at FROM alerts WHERE placement_id = ?
                 ORDER BY created_at, id"""
        async with self._conn.execute(sql, (placement_id,)) as cur:
            return [
                AlertRow(AlertKind(row[0]), AlertStatus(row[1]), from_db(row[2]))
                for row in await cur.fetchall()
            ]

    async def names(self, person_ids: tuple[int, ...]) -> dict[int, tuple[str, str, bool]]:
        """Name, email and whether he joined, of each person."""
        marks = ",".join("?" * len(person_ids))
        sql = f"""SELECT id, name, email, telegram_id IS NOT NULL FROM people
                  WHERE id IN ({marks})"""
        async with self._conn.execute(sql, person_ids) as cur:
            return {row[0]: (row[1], row[2], bool(row[3])) for row in await cur.fetchall()}
