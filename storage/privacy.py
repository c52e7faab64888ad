"""What is stored about one person, and the requests to erase it."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import aiosqlite

from storage.db import from_db, to_db

Record = dict[str, Any]

# The placements a person takes part in, with the role he has in each.
_HIS_PLACEMENTS = """
    SELECT p.id, c.name AS company, p.starts_on, p.ends_on, p.timezone, p.checkin_weekday,
           p.checkin_time, p.paused_until,
           CASE :id WHEN p.student_id THEN 'student' WHEN p.mentor_id THEN 'mentor'
                ELSE 'supervisor' END AS role
    FROM placements p JOIN companies c ON c.id = p.company_id
    WHERE :id IN (p.student_id, p.mentor_id, p.supervisor_id) ORDER BY p.starts_on, p.id"""
# The placements in which a person is the student.
AS_STUDENT = "SELECT id FROM placements WHERE student_id = :id"


@dataclass(frozen=True, slots=True)
class ErasureRequest:
    """A person's request to be erased, waiting for or decided by a coordinator."""

    id: int
    person_id: int
    requested_at: datetime
    status: str


class PrivacyRepo:
    """Reads everything about one person; keeps the erasure requests."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def _records(self, sql: str, params: dict[str, Any]) -> list[Record]:
        async with self._conn.execute(sql, params) as cur:
            return [dict(row) for row in await cur.fetchall()]

    async def person(self, person_id: int) -> Record | None:
        found = await self._records(
            "SELECT p.*, c.name AS company FROM people p "
            "LEFT JOIN companies c ON c.id = p.company_id WHERE p.id = :id",
            {"id": person_id},
        )
        return found[0] if found else None

    async def export(self, person_id: int, telegram_id: int | None) -> Record:
        """Every row about a person; check-ins and alerts only of his own placements as student.

        Invite hashes are left out: they are credentials, not information about him.
        """
        args = {"id": person_id, "tg": telegram_id}
        conversation = await self._records(
            "SELECT flow, step, data, updated_at, ended FROM flows WHERE person_id = :id", args
        )
        for row in conversation:
            row["data"] = json.loads(row["data"])
        return {
            "person": await self.person(person_id),
            "placements": await self._records(_HIS_PLACEMENTS, args),
            "checkins": await self._records(
                "SELECT placement_id, week, due_at, status, mood, week_note, week_skipped, "
                f"needs_help, answered_at FROM checkins WHERE placement_id IN ({AS_STUDENT}) "
                "ORDER BY due_at",
                args,
            ),
            "alerts_about_you": await self._records(
                "SELECT id AS alert_id, placement_id, kind, details, shared_with_mentor, status, "
                "created_at, acknowledged_at, resolved_at, resolution_note FROM alerts "
                f"WHERE placement_id IN ({AS_STUDENT}) ORDER BY created_at",
                args,
            ),
            # What he added to a report beyond the hourly limit, and who received each alert
            # about him (Telegram or email): the recipients of his data (docs/DECISIONS.md).
            "additions_to_your_reports": await self._records(
                "SELECT x.alert_id, x.details, x.shared_with_mentor, x.created_at "
                "FROM alert_additions x JOIN alerts a ON a.id = x.alert_id "
                f"WHERE a.placement_id IN ({AS_STUDENT}) ORDER BY x.id",
                args,
            ),
            "who_received_alerts_about_you": await self._records(
                "SELECT c.alert_id, p.name, c.reader AS as_role, c.channel, c.status, "
                "c.delivered_at FROM alert_copies c JOIN alerts a ON a.id = c.alert_id "
                "JOIN people p ON p.id = c.person_id "
                f"WHERE a.placement_id IN ({AS_STUDENT}) ORDER BY c.id",
                args,
            ),
            "invites": await self._records(
                "SELECT created_at, expires_at, used_at FROM invites WHERE person_id = :id "
                "ORDER BY id",
                args,
            ),
            "wrong_invite_attempts": await self._records(
                "SELECT at FROM invite_attempts WHERE telegram_id = :tg ORDER BY at", args
            ),
            "audit_log": await self._records(
                "SELECT at, action, subject, detail FROM audit_log "
                "WHERE actor_id = :id OR subject = 'person:' || :id ORDER BY id",
                args,
            ),
            "conversation": conversation[0] if conversation else None,
            "messages_to_you": await self._records(
                "SELECT kind, created_at, status, sent_at FROM outbox WHERE person_id = :id "
                "ORDER BY id",
                args,
            ),
            "erasure_requests": await self._records(
                "SELECT requested_at, status, decided_at FROM erasure_requests "
                "WHERE person_id = :id ORDER BY id",
                args,
            ),
            **await self._feedback(args),
            **await self._meetings(args),
            **await self._nudges(args),
            **await self._training(args),
            **await self._surveys(args),
        }

    async def _feedback(self, args: dict[str, Any]) -> Record:
        """Feedback to him as a student and by him as a mentor, the threads, his goals and
        references. A mentor gets his own words and answers, not his students' questions."""
        mine = f"(placement_id IN ({AS_STUDENT}) OR mentor_id = :id)"
        return {
            "learning_goals": await self._records(
                "SELECT placement_id, position, title, created_at, retired_at FROM learning_goals "
                f"WHERE placement_id IN ({AS_STUDENT}) ORDER BY placement_id, position",
                args,
            ),
            "feedback": await self._records(
                "SELECT id, placement_id, goal_id, text, sent_at, understood_at FROM feedback "
                f"WHERE {mine} ORDER BY sent_at, id",
                args,
            ),
            "feedback_questions": await self._records(
                "SELECT q.feedback_id, q.asked_at, CASE WHEN f.placement_id IN "
                f"({AS_STUDENT}) THEN q.text END AS question, q.answer, q.answered_at "
                "FROM feedback_questions q JOIN feedback f ON f.id = q.feedback_id "
                f"WHERE f.placement_id IN ({AS_STUDENT}) OR f.mentor_id = :id "
                "ORDER BY q.asked_at, q.id",
                args,
            ),
            "feedback_requests": await self._records(
                "SELECT placement_id, asked_at, subject FROM feedback_requests "
                f"WHERE placement_id IN ({AS_STUDENT}) ORDER BY asked_at",
                args,
            ),
            "references": await self._records(
                "SELECT placement_id, status, requested_at, language, text, sent_at "
                f"FROM reference_letters WHERE {mine} ORDER BY requested_at",
                args,
            ),
        }

    async def _meetings(self, args: dict[str, Any]) -> Record:
        """The meetings of his placements. A student gets all that was written about his
        meetings; a mentor or supervisor the times and states, and the words he wrote."""
        student = f"m.placement_id IN ({AS_STUDENT})"
        organiser = (
            "(m.kind = 'mentor' AND p.mentor_id = :id) OR "
            "(m.kind = 'tripartite' AND p.supervisor_id = :id)"
        )
        return {
            "meetings": await self._records(
                "SELECT m.id, m.placement_id, m.kind, m.state, m.starts_at, m.place, "
                f"CASE WHEN {student} OR m.proposed_by = :id THEN m.reason END AS reason, "
                f"CASE WHEN {student} OR {organiser} THEN m.note END AS note, "
                f"CASE WHEN {student} OR {organiser} THEN m.agreements END AS agreements, "
                "m.next_review_on, m.understood, m.finished_at FROM meetings m "
                "JOIN placements p ON p.id = m.placement_id "
                "WHERE :id IN (p.student_id, p.mentor_id, p.supervisor_id) "
                "ORDER BY m.starts_at, m.id",
                args,
            ),
            "meeting_confirmations": await self._records(
                "SELECT meeting_id, sequence, confirmed_at FROM meeting_confirmations "
                "WHERE person_id = :id ORDER BY confirmed_at",
                args,
            ),
            "meeting_messages_waiting_for_the_morning": await self._records(
                "SELECT kind, release_at FROM meeting_waiting WHERE person_id = :id "
                "ORDER BY release_at",
                args,
            ),
            "meeting_notes": await self._records(
                "SELECT n.meeting_id, n.kind, n.text, n.written_at, "
                "n.person_id = :id AS written_by_you FROM meeting_notes n "
                "JOIN meetings m ON m.id = n.meeting_id "
                f"WHERE n.person_id = :id OR {student} ORDER BY n.written_at",
                args,
            ),
        }

    async def _nudges(self, args: dict[str, Any]) -> Record:
        """The /nudge lines he is on. A student gets everything written on his lines; a
        supervisor his own words (and when the student answered), not the student's."""
        return {
            "nudge_lines": await self._records(
                "SELECT id, placement_id, opened_at, last_at, closed_at FROM nudge_lines "
                "WHERE supervisor_id = :id OR student_id = :id ORDER BY id",
                args,
            ),
            "nudge_messages": await self._records(
                "SELECT m.line_id, m.sender_id = :id AS written_by_you, "
                "CASE WHEN m.sender_id = :id OR l.student_id = :id THEN m.text END AS text, "
                "m.sent_at FROM nudge_messages m JOIN nudge_lines l ON l.id = m.line_id "
                "WHERE l.supervisor_id = :id OR l.student_id = :id ORDER BY m.id",
                args,
            ),
        }

    async def _training(self, args: dict[str, Any]) -> Record:
        """Mentor training: his invitations and enrolments, hand-ins (the text, the file's
        name), attendance, certificates; the runs he trains."""
        return {
            "training_enrolments": await self._records(
                "SELECT run_id, invited_at, enrolled_at, override_reason FROM training_enrolments "
                "WHERE person_id = :id ORDER BY id",
                args,
            ),
            "training_submissions": await self._records(
                "SELECT session_id, handed_in_at, text, file_name, comment "
                "FROM training_submissions WHERE person_id = :id ORDER BY id",
                args,
            ),
            "training_attendance": await self._records(
                "SELECT session_id, attended, marked_at FROM training_attendance "
                "WHERE person_id = :id ORDER BY session_id",
                args,
            ),
            "certificates": await self._records(
                "SELECT number, course, company, issued_on, valid_until, completion, "
                "employer_mailed_at, employer_mail_to "
                "FROM certificates WHERE person_id = :id ORDER BY id",
                args,
            ),
            "training_runs_you_train": await self._records(
                "SELECT id, course_id, created_at FROM training_runs WHERE trainer_id = :id "
                "ORDER BY id",
                args,
            ),
        }

    async def _surveys(self, args: dict[str, Any]) -> Record:
        """Surveys: which he was asked, his unfinished answers, his answers with his name (his
        anonymous answers cannot be found: nothing links them to him)."""
        return {
            "survey_invitations": await self._records(
                "SELECT i.name, v.version, i.placement_id, i.run_id, i.sent_at, i.reminded_at, "
                "i.finished_at, i.closed_at FROM survey_invitations i "
                "JOIN survey_versions v ON v.id = i.version_id WHERE i.person_id = :id "
                "ORDER BY i.id",
                args,
            ),
            "survey_drafts": await self._records(
                "SELECT i.name, d.question, d.answer FROM survey_drafts d "
                "JOIN survey_invitations i ON i.id = d.invitation_id WHERE i.person_id = :id "
                "ORDER BY i.id, d.question",
                args,
            ),
            "survey_answers": await self._records(
                "SELECT v.name, v.version, r.placement_id, r.answered_at, a.question, a.answer "
                "FROM survey_responses r JOIN survey_versions v ON v.id = r.version_id "
                "JOIN survey_answers a ON a.response_id = r.id WHERE r.person_id = :id "
                "ORDER BY r.id, a.question",
                args,
            ),
        }

    async def coordinators(self) -> list[int]:
        """The ids of every coordinator who has not been erased."""
        sql = "SELECT id FROM people WHERE role = 'coordinator' AND erased_at IS NULL ORDER BY id"
        async with self._conn.execute(sql) as cur:
            return [int(row[0]) for row in await cur.fetchall()]

    async def pending_request(self, person_id: int) -> ErasureRequest | None:
        sql = "SELECT * FROM erasure_requests WHERE person_id = ? AND status = 'pending'"
        return await self._request(sql, person_id)

    async def request(self, request_id: int) -> ErasureRequest | None:
        return await self._request("SELECT * FROM erasure_requests WHERE id = ?", request_id)

    async def _request(self, sql: str, key: int) -> ErasureRequest | None:
        async with self._conn.execute(sql, (key,)) as cur:
            row = await cur.fetchone()
        if row is None:
            return None
        return ErasureRequest(
            row["id"], row["person_id"], from_db(row["requested_at"]), row["status"]
        )

    async def add_request(self, person_id: int, now: datetime) -> int:
        sql = "INSERT INTO erasure_requests (person_id, requested_at) VALUES (?, ?)"
        cur = await self._conn.execute(sql, (person_id, to_db(now)))
        return int(cur.lastrowid or 0)

    async def decide(self, request_id: int, status: str, by: int, now: datetime) -> bool:
        """Record a coordinator's decision; False when someone decided first."""
        sql = """UPDATE erasure_requests SET status = ?, decided_by = ?, decided_at = ?
                 WHERE id = ? AND status = 'pending'"""
        cur = await self._conn.execute(sql, (status, by, to_db(now), request_id))
        return cur.rowcount > 0
