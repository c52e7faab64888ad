"""Meetings, who confirmed which time, and the words around a tripartite review."""

from __future__ import annotations

from datetime import date, datetime

import aiosqlite

from bot.domain.meetings import Meeting, MeetingKind, MeetingState, Understanding
from storage.db import date_from_db, from_db, to_db

COLUMNS = """m.id, m.placement_id, m.kind, m.state, m.starts_at, m.sequence, m.proposed_by,
    m.place, m.reason, m.note, m.agreements, m.next_review_on, m.understood, m.calendar_sent,
    m.reminded, m.finished_at"""


def meeting_from(row: aiosqlite.Row) -> Meeting:
    """A meetings row as a domain Meeting."""
    return Meeting(
        id=row["id"],
        placement_id=row["placement_id"],
        kind=MeetingKind(row["kind"]),
        state=MeetingState(row["state"]),
        starts_at=from_db(row["starts_at"]),
        sequence=row["sequence"],
        proposed_by=row["proposed_by"],
        place=row["place"],
        reason=row["reason"],
        note=row["note"],
        agreements=row["agreements"],
        next_review_on=date_from_db(row["next_review_on"]),
        understood=Understanding(row["understood"]) if row["understood"] else None,
        calendar_sent=bool(row["calendar_sent"]),
        reminded=row["reminded"],
        finished_at=from_db(row["finished_at"]) if row["finished_at"] else None,
    )


class MeetingRepo:
    """The meetings of every placement."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def add(
        self,
        placement_id: int,
        kind: MeetingKind,
        starts_at: datetime,
        proposed_by: int,
        *,
        place: str | None,
        now: datetime,
    ) -> int:
        sql = """INSERT INTO meetings (placement_id, kind, state, starts_at, proposed_by, place,
                     created_at)
                 VALUES (?, ?, 'proposed', ?, ?, ?, ?)"""
        cur = await self._conn.execute(
            sql, (placement_id, kind.value, to_db(starts_at), proposed_by, place, to_db(now))
        )
        return int(cur.lastrowid or 0)

    async def by_id(self, meeting_id: int) -> Meeting | None:
        sql = f"SELECT {COLUMNS} FROM meetings m WHERE id = ?"
        async with self._conn.execute(sql, (meeting_id,)) as cur:
            row = await cur.fetchone()
        return meeting_from(row) if row else None

    async def of_placement(
        self, placement_id: int, kind: MeetingKind | None = None
    ) -> list[Meeting]:
        """A placement's meetings, in the order they finished, the unfinished last by time."""
        sql = f"""SELECT {COLUMNS} FROM meetings m WHERE placement_id = ?
                  AND (? IS NULL OR kind = ?)
                  ORDER BY finished_at IS NULL, finished_at, starts_at, id"""
        value = None if kind is None else kind.value
        async with self._conn.execute(sql, (placement_id, value, value)) as cur:
            return [meeting_from(row) for row in await cur.fetchall()]

    async def propose_again(
        self,
        meeting_id: int,
        starts_at: datetime,
        proposed_by: int,
        reason: str | None,
        sequence: int,
    ) -> bool:
        """A new time for a meeting: proposed again, its confirmations and reminders reset.

        Only from the version the proposer saw (`sequence`): a stale button changes nothing.
        """
        sql = """UPDATE meetings SET state = 'proposed', starts_at = ?, proposed_by = ?,
                     reason = ?, sequence = sequence + 1, reminded = NULL,
                     next_reminder_at = NULL
                 WHERE id = ? AND sequence = ? AND state IN ('proposed', 'confirmed', 'moved')"""
        cur = await self._conn.execute(
            sql, (to_db(starts_at), proposed_by, reason, meeting_id, sequence)
        )
        return cur.rowcount > 0

    async def confirm(self, meeting_id: int, person_id: int, sequence: int, now: datetime) -> bool:
        """Someone agreed to this version of the time; False when he had already."""
        sql = """INSERT OR IGNORE INTO meeting_confirmations
                     (meeting_id, sequence, person_id, confirmed_at) VALUES (?, ?, ?, ?)"""
        cur = await self._conn.execute(sql, (meeting_id, sequence, person_id, to_db(now)))
        return cur.rowcount > 0

    async def confirmed_by(self, meeting_id: int, sequence: int) -> set[int]:
        sql = """SELECT person_id FROM meeting_confirmations
                 WHERE meeting_id = ? AND sequence = ?"""
        async with self._conn.execute(sql, (meeting_id, sequence)) as cur:
            return {row[0] for row in await cur.fetchall()}

    async def set_state(
        self,
        meeting_id: int,
        old: MeetingState,
        new: MeetingState,
        now: datetime,
        *,
        sequence: int | None = None,
    ) -> bool:
        """Move a meeting from `old` to `new` (from that version only, when given)."""
        finished = to_db(now) if new in (MeetingState.HELD, MeetingState.CANCELLED) else None
        sql = """UPDATE meetings SET state = ?, finished_at = COALESCE(?, finished_at),
                     next_reminder_at = CASE WHEN ? IS NULL THEN next_reminder_at END
                 WHERE id = ? AND state = ? AND (? IS NULL OR sequence = ?)"""
        cur = await self._conn.execute(
            sql, (new.value, finished, finished, meeting_id, old.value, sequence, sequence)
        )
        return cur.rowcount > 0

    async def cancel_from(self, placement_id: int, moment: datetime, now: datetime) -> int:
        """Cancel a placement's planned meetings from a moment on (its end): no more reminders
        or outcome questions; returns how many."""
        sql = """UPDATE meetings SET state = 'cancelled', finished_at = ?, next_reminder_at = NULL
                 WHERE placement_id = ? AND state IN ('proposed', 'confirmed', 'moved')
                   AND starts_at >= ?"""
        cur = await self._conn.execute(sql, (to_db(now), placement_id, to_db(moment)))
        return cur.rowcount

    async def raise_sequence(self, meeting_id: int) -> None:
        """A cancellation is a new version of the calendar entry too."""
        await self._conn.execute(
            "UPDATE meetings SET sequence = sequence + 1 WHERE id = ?", (meeting_id,)
        )

    async def set_texts(
        self,
        meeting_id: int,
        *,
        reason: str | None = None,
        note: str | None = None,
        agreements: str | None = None,
        next_review_on: date | None = None,
    ) -> None:
        """Keep what was said about a meeting (only the texts given)."""
        sql = """UPDATE meetings SET reason = COALESCE(?, reason), note = COALESCE(?, note),
                     agreements = COALESCE(?, agreements),
                     next_review_on = COALESCE(?, next_review_on)
                 WHERE id = ?"""
        review = next_review_on.isoformat() if next_review_on else None
        await self._conn.execute(sql, (reason, note, agreements, review, meeting_id))

    async def set_understood(self, meeting_id: int, answer: Understanding) -> bool:
        """The student's answer to the agreements: a question first and then understood, or
        understood at once; never back."""
        sql = """UPDATE meetings SET understood = :answer
                 WHERE id = :id AND state = 'held' AND kind = 'tripartite'
                   AND agreements IS NOT NULL
                   AND (understood IS NULL
                        OR (understood = 'question' AND :answer = 'understood'))"""
        cur = await self._conn.execute(sql, {"answer": answer.value, "id": meeting_id})
        return cur.rowcount > 0

    async def calendar_went_out(self, meeting_id: int) -> None:
        await self._conn.execute(
            "UPDATE meetings SET calendar_sent = 1 WHERE id = ?", (meeting_id,)
        )

    async def schedule(
        self, meeting_id: int, reminded: str | None, next_at: datetime | None
    ) -> None:
        """Which reminder went out last, and when the tick looks at the meeting next."""
        sql = "UPDATE meetings SET reminded = ?, next_reminder_at = ? WHERE id = ?"
        await self._conn.execute(sql, (reminded, to_db(next_at) if next_at else None, meeting_id))

    async def due(self, now: datetime, limit: int) -> list[Meeting]:
        """Meetings with a reminder (or the outcome question) due by `now`."""
        sql = f"""SELECT {COLUMNS} FROM meetings m
                  WHERE next_reminder_at IS NOT NULL AND next_reminder_at <= ?
                  ORDER BY next_reminder_at LIMIT ?"""
        async with self._conn.execute(sql, (to_db(now), limit)) as cur:
            return [meeting_from(row) for row in await cur.fetchall()]

    async def listing(
        self,
        person_id: int,
        placement_id: int | None,
        *,
        coming: bool,
        now: datetime,
        limit: int,
        offset: int,
    ) -> list[Meeting]:
        """Meetings of a person's placements (or of one of them): coming, soonest first, or
        past (held, cancelled, moved, or their time gone by), latest first."""
        order = "ASC" if coming else "DESC"
        sql = f"""SELECT {COLUMNS} FROM meetings m JOIN placements p ON p.id = m.placement_id
                  WHERE :person IN (p.student_id, p.mentor_id, p.supervisor_id)
                    AND (:placement IS NULL OR p.id = :placement)
                    AND (m.state IN ('proposed', 'confirmed') AND m.starts_at >= :now) = :coming
                  ORDER BY m.starts_at {order}, m.id {order} LIMIT :limit OFFSET :offset"""
        args = {
            "person": person_id,
            "placement": placement_id,
            "now": to_db(now),
            "coming": int(coming),
            "limit": limit,
            "offset": offset,
        }
        async with self._conn.execute(sql, args) as cur:
            return [meeting_from(row) for row in await cur.fetchall()]

    async def add_note(
        self, meeting_id: int, person_id: int, kind: str, text: str, now: datetime
    ) -> bool:
        """A preparation, question or answer; False when that person already gave it."""
        sql = """INSERT OR IGNORE INTO meeting_notes (meeting_id, person_id, kind, text,
                     written_at) VALUES (?, ?, ?, ?, ?)"""
        cur = await self._conn.execute(sql, (meeting_id, person_id, kind, text, to_db(now)))
        return cur.rowcount > 0

    async def notes(self, meeting_id: int, kind: str) -> dict[int, str | None]:
        """The notes of one kind on a meeting, by who wrote them."""
        sql = "SELECT person_id, text FROM meeting_notes WHERE meeting_id = ? AND kind = ?"
        async with self._conn.execute(sql, (meeting_id, kind)) as cur:
            return {row[0]: row[1] for row in await cur.fetchall()}

    async def set_cadence(self, placement_id: int, kind: MeetingKind, value: int) -> bool:
        """A placement's cadence: days between mentor meetings, or weeks between reviews.

        The placement's meeting tracks are looked at again by a trigger (migration 0010).
        """
        column = (
            "mentor_meeting_every_days" if kind is MeetingKind.MENTOR else "tripartite_every_weeks"
        )
        sql = f"UPDATE placements SET {column} = ? WHERE id = ? AND {column} != ?"
        cur = await self._conn.execute(sql, (value, placement_id, value))
        return cur.rowcount > 0
