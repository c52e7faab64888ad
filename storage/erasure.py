"""Erasing a person: rows stay (so counts do), names, free texts and Telegram ids go.

Every table that holds personal data must be handled here; a new one is added to `erase`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

import aiosqlite

from storage.db import to_db
from storage.inbox import without_quotes
from storage.privacy import AS_STUDENT

ERASED_TEXT = "[erased]"
# Shorter texts ("ok", "no") identify nobody, and replacing them would garble others' words.
MIN_SCRUB_LENGTH = 4


def _marks(values: Sequence[object]) -> str:
    return ",".join("?" * len(values))


# The placements whose meetings he organises (a mentor's meetings, a supervisor's reviews).
_ORGANISED = "SELECT id FROM placements WHERE mentor_id = :id OR supervisor_id = :id"

# His own free texts, and the ones others wrote about him as a student.
_TEXTS = f"""
    SELECT week_note FROM checkins WHERE placement_id IN ({AS_STUDENT})
    UNION SELECT details FROM alerts WHERE placement_id IN ({AS_STUDENT})
    UNION SELECT resolution_note FROM alerts WHERE placement_id IN ({AS_STUDENT})
    UNION SELECT resolution_note FROM alerts WHERE resolved_by = :id
    UNION SELECT x.details FROM alert_additions x JOIN alerts a ON a.id = x.alert_id
          WHERE a.placement_id IN ({AS_STUDENT})
    UNION SELECT text FROM feedback WHERE placement_id IN ({AS_STUDENT}) OR mentor_id = :id
    UNION SELECT q.text FROM feedback_questions q JOIN feedback f ON f.id = q.feedback_id
          WHERE f.placement_id IN ({AS_STUDENT}) OR f.mentor_id = :id
    UNION SELECT q.answer FROM feedback_questions q JOIN feedback f ON f.id = q.feedback_id
          WHERE f.placement_id IN ({AS_STUDENT}) OR f.mentor_id = :id
    UNION SELECT subject FROM feedback_requests WHERE placement_id IN ({AS_STUDENT})
    UNION SELECT text FROM reference_letters
          WHERE placement_id IN ({AS_STUDENT}) OR mentor_id = :id
    UNION SELECT reason FROM meetings WHERE placement_id IN ({AS_STUDENT}) OR proposed_by = :id
    UNION SELECT note FROM meetings WHERE placement_id IN ({_ORGANISED}) OR placement_id IN (
          {AS_STUDENT})
    UNION SELECT agreements FROM meetings WHERE placement_id IN ({_ORGANISED}) OR placement_id IN (
          {AS_STUDENT})
    UNION SELECT text FROM meeting_notes WHERE person_id = :id OR meeting_id IN (
          SELECT id FROM meetings WHERE placement_id IN ({AS_STUDENT}))
    UNION SELECT text FROM nudge_messages WHERE sender_id = :id OR line_id IN (
          SELECT id FROM nudge_lines WHERE student_id = :id)
    UNION SELECT text FROM training_submissions WHERE person_id = :id
    UNION SELECT d.answer FROM survey_drafts d JOIN survey_invitations i
          ON i.id = d.invitation_id WHERE i.person_id = :id
    UNION SELECT a.answer FROM survey_answers a JOIN survey_responses r ON r.id = a.response_id
          WHERE r.person_id = :id"""

_ERASE = [
    """UPDATE people SET name = :name, email = :email, telegram_id = NULL,
           undeliverable_at = NULL, erased_at = :now, company_id = NULL WHERE id = :id""",
    f"UPDATE checkins SET week_note = NULL WHERE placement_id IN ({AS_STUDENT})",
    f"""UPDATE alerts SET details = NULL, resolution_note = NULL
        WHERE placement_id IN ({AS_STUDENT})""",
    "UPDATE alerts SET resolution_note = NULL WHERE resolved_by = :id",
    # What he added to his reports beyond the hourly limit (alert_copies hold ids only).
    f"""UPDATE alert_additions SET details = NULL
        WHERE alert_id IN (SELECT id FROM alerts WHERE placement_id IN ({AS_STUDENT}))""",
    # Email copies of alerts still waiting go nowhere (his address is gone anyway).
    """UPDATE alert_copies SET status = 'dropped', next_attempt_at = NULL
       WHERE person_id = :id AND status = 'pending'""",
    "DELETE FROM flows WHERE person_id = :id",
    "DELETE FROM invites WHERE person_id = :id",
    "DELETE FROM invite_attempts WHERE telegram_id = :tg",
    "UPDATE audit_log SET detail = '' WHERE actor_id = :id OR subject = 'person:' || :id",
    # Messages hold ids, never names or texts (bot/domain/messages.py): those to him stay as
    # they are (counts), but go nowhere any more; those about him are worded when sent.
    """UPDATE outbox SET last_error = NULL,
           status = CASE status WHEN 'pending' THEN 'undeliverable' ELSE status END
       WHERE person_id = :id AND (status = 'pending' OR last_error IS NOT NULL)""",
    # Updates he sent carry his words and ids: found through their own indexed column, emptied
    # (the row stays: it holds the offset), and those not handled yet never will be.
    """UPDATE inbox SET payload = '{}', from_id = NULL,
           processed_at = COALESCE(processed_at, :now)
       WHERE from_id = :tg""",
    # Feedback about him as a student or written by him as a mentor, with its question
    # thread; what he asked feedback on; his learning goals; his reference, or those he wrote.
    # The rows stay (counts); a mentor's erasure takes his words from the student's record.
    f"""UPDATE feedback SET text = '{ERASED_TEXT}'
        WHERE placement_id IN ({AS_STUDENT}) OR mentor_id = :id""",
    f"""UPDATE feedback_questions SET text = '{ERASED_TEXT}', answer = NULL
        WHERE feedback_id IN (SELECT id FROM feedback
                              WHERE placement_id IN ({AS_STUDENT}) OR mentor_id = :id)""",
    f"UPDATE feedback_requests SET subject = NULL WHERE placement_id IN ({AS_STUDENT})",
    f"""UPDATE learning_goals SET title = '{ERASED_TEXT}'
        WHERE placement_id IN ({AS_STUDENT})""",
    f"""UPDATE reference_letters SET text = NULL
        WHERE placement_id IN ({AS_STUDENT}) OR mentor_id = :id""",
    # Meetings: what was written about his meetings as a student (place, reasons, notes,
    # agreements, the review's preparations, question and answer), the reasons he gave for
    # another time, and the notes and agreements he wrote as their organiser. Times, states
    # and confirmations (ids and dates) stay: the cadence's record.
    f"""UPDATE meetings SET place = NULL, reason = NULL, note = NULL, agreements = NULL
        WHERE placement_id IN ({AS_STUDENT})""",
    "UPDATE meetings SET reason = NULL WHERE proposed_by = :id",
    """UPDATE meetings SET note = NULL, agreements = NULL WHERE placement_id IN (
        SELECT id FROM placements WHERE (mentor_id = :id AND meetings.kind = 'mentor')
            OR (supervisor_id = :id AND meetings.kind = 'tripartite'))""",
    # Meeting messages to him waiting for the morning go nowhere now (ids only, like outbox).
    "DELETE FROM meeting_waiting WHERE person_id = :id",
    f"""UPDATE meeting_notes SET text = NULL WHERE person_id = :id OR meeting_id IN (
        SELECT id FROM meetings WHERE placement_id IN ({AS_STUDENT}))""",
    # /nudge lines: every word on a line with him as the student (both sides wrote about
    # him), and the words he wrote as a supervisor. Lines (ids and times) stay.
    """UPDATE nudge_messages SET text = NULL WHERE sender_id = :id OR line_id IN (
        SELECT id FROM nudge_lines WHERE student_id = :id)""",
    # Mentor training: his hand-ins (text and file), the trainer's comments and reasons about
    # him, the company on his certificates and the address they were emailed to. The rows
    # stay (counts); an erased person leaves the register, and his certificate no longer
    # verifies (storage/certificates.py).
    """UPDATE training_submissions SET text = '', file = NULL, file_name = NULL,
           comment = NULL WHERE person_id = :id""",
    "UPDATE training_enrolments SET override_reason = NULL WHERE person_id = :id",
    "UPDATE certificates SET company = '', employer_mail_to = NULL WHERE person_id = :id",
    # Surveys: his unfinished answers go; in the answers with his name, every answer but a
    # score or yes/no is emptied (free texts; an option's id goes with them). Invitations
    # (ids and dates) stay; anonymous answers hold nothing of him to erase.
    """DELETE FROM survey_drafts WHERE invitation_id IN (
        SELECT id FROM survey_invitations WHERE person_id = :id)""",
    """UPDATE survey_answers SET answer = '' WHERE answer NOT IN ('1', '2', '3', '4', '5',
        'yes', 'no') AND response_id IN (SELECT id FROM survey_responses WHERE person_id = :id)""",
]


class ErasureRepo:
    """Anonymising people, on request or when retention has run out."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def expired(self, cutoff: date, limit: int) -> list[int]:
        """People not erased yet whose every placement ended before `cutoff`.

        Only placements that ended since the last completed purge are looked at (an index
        range), so a tick with nothing to purge reads a handful of rows however big the school.
        """
        sql = """WITH crossed AS (
                     SELECT student_id, mentor_id, supervisor_id FROM placements
                     WHERE ends_on >= COALESCE((SELECT purged_through FROM retention), '')
                       AND ends_on < :cutoff),
                 who AS (SELECT student_id AS id FROM crossed
                         UNION SELECT mentor_id FROM crossed
                         UNION SELECT supervisor_id FROM crossed)
                 SELECT who.id FROM who JOIN people ON people.id = who.id
                 WHERE people.erased_at IS NULL AND NOT EXISTS (
                     SELECT 1 FROM placements p WHERE p.ends_on >= :cutoff
                       AND who.id IN (p.student_id, p.mentor_id, p.supervisor_id))
                 ORDER BY who.id LIMIT :limit"""
        async with self._conn.execute(sql, {"cutoff": cutoff.isoformat(), "limit": limit}) as cur:
            return [int(row[0]) for row in await cur.fetchall()]

    async def purged_through(self, cutoff: date) -> None:
        """Remember that everyone whose placements ended before `cutoff` has been purged."""
        sql = """INSERT INTO retention (id, purged_through) VALUES (1, ?)
                 ON CONFLICT (id) DO UPDATE SET purged_through = excluded.purged_through"""
        await self._conn.execute(sql, (cutoff.isoformat(),))

    async def erase(self, person_id: int, name: str, email: str, now: datetime) -> int | None:
        """Anonymise a person; returns the Telegram id he had (None if he never joined)."""
        return (await self.erase_all([(person_id, name, email)], now))[person_id]

    async def erase_all(
        self, people: Sequence[tuple[int, str, str]], now: datetime
    ) -> dict[int, int | None]:
        """Anonymise people (id, new name, new email); the Telegram id each had, by id.

        Each statement runs once for all of them (executemany: one trip to SQLite's thread
        per table, not per table and person), so a retention purge of a batch stays short.
        """
        ids = [person_id for person_id, _, _ in people]
        sql = f"SELECT id, name, email, telegram_id FROM people WHERE id IN ({_marks(ids)})"
        async with self._conn.execute(sql, ids) as cur:
            old = {row[0]: (row[1], row[2], row[3]) for row in await cur.fetchall()}
        args = [
            {
                "id": person_id,
                "tg": old[person_id][2],
                "name": name,
                "email": email,
                "now": to_db(now),
            }
            for person_id, name, email in people
        ]
        # Quoted elsewhere: in the bot's messages others pressed buttons of, in the few
        # updates still waiting (handled ones keep no quotes: storage/inbox.py).
        needles = await self._needles(args, old) if await self._waiting() else []
        for statement in _ERASE:
            await self._conn.executemany(statement, args)
        if needles:
            await self._unquote_waiting(needles)
        return {person_id: old[person_id][2] for person_id in ids}

    async def _waiting(self) -> list[tuple[int, str]]:
        """Updates not handled yet (an index of them: a few at most, never the whole inbox)."""
        sql = "SELECT update_id, payload FROM inbox WHERE processed_at IS NULL"
        async with self._conn.execute(sql) as cur:
            return [(row[0], row[1]) for row in await cur.fetchall()]

    async def _needles(
        self, args: list[dict[str, Any]], old: dict[int, tuple[str, str, int | None]]
    ) -> list[str]:
        """What would betray them in a quote: names, emails, Telegram ids and their texts."""
        needles: list[str] = []
        for arg in args:
            name, email, telegram_id = old[arg["id"]]
            async with self._conn.execute(_TEXTS, arg) as cur:
                texts = [text for (text,) in await cur.fetchall() if text]
            needles += [t for t in (name, email, *texts) if len(t) >= MIN_SCRUB_LENGTH]
            needles += [str(telegram_id)] if telegram_id else []
        return needles

    async def _unquote_waiting(self, needles: list[str]) -> None:
        """Updates of others not handled yet lose what they quote of them."""
        quoted = [json.dumps(needle, ensure_ascii=False)[1:-1] for needle in needles]
        found = [
            (update_id, payload)
            for update_id, payload in await self._waiting()
            if any(needle in payload for needle in quoted)
        ]
        await self._conn.executemany(
            "UPDATE inbox SET payload = ? WHERE update_id = ?",
            [
                (json.dumps(without_quotes(json.loads(payload)), ensure_ascii=False), update_id)
                for update_id, payload in found
            ],
        )

    async def checkpoint(self) -> None:
        """Copy the WAL into the database file and empty it, so erased text leaves the WAL."""
        await self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
