"""Migration 0019 moves the course evaluation onto the survey mechanism: the old form's answers
become anonymous answers to training_course version 1 grouped by their run, each participant's
invitation finished (he is not asked again), a half-answered survey keeps its answers, and the
old table and its queued messages are gone."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

from bot.clock import FakeClock
from bot.domain.policy import Policy
from bot.domain.survey_file import parse_survey
from bot.domain.survey_results import GroupBy
from bot.domain.survey_timing import SurveyRules
from bot.services.runtime import Services
from bot.services.survey_courses import send_course_surveys
from bot.services.survey_results import survey_results
from storage.db import Database, migrations
from storage.people import PeopleRepo

FILL = """
INSERT INTO people (id, name, email, role, language, telegram_id, created_at) VALUES
    (1, 'Carla', 'carla@school.example', 'coordinator', 'nl', 9001, '2026-03-01T09:00:00'),
    (2, 'Ingrid Bos', 'ingrid@school.example', 'supervisor', 'nl', 9002, '2026-03-01T09:00:00'),
    (3, 'Mark Jansen', 'mark@bakkerij.example', 'mentor', 'nl', 9003, '2026-03-01T09:00:00'),
    (4, 'Sanne de Vries', 'sanne@student.example', 'student', 'nl', 9004, '2026-03-01T09:00:00'),
    (5, 'Fatima El Amrani', 'fatima@zorg.example', 'mentor', 'nl', 9005, '2026-03-01T09:00:00');
INSERT INTO companies (id, name) VALUES (1, 'Bakkerij Jansen');
INSERT INTO placements (id, student_id, mentor_id, supervisor_id, company_id, starts_on,
    ends_on, timezone, checkin_weekday, checkin_time, mentor_meeting_every_days,
    tripartite_every_weeks, created_at)
    VALUES (1, 4, 3, 2, 1, '2026-03-02', '2026-06-26', 'Europe/Amsterdam', 4, '14:00', 7, 6,
            '2026-03-01T10:00:00');
INSERT INTO training_courses (id, name, created_at) VALUES (1, 'Coach', '2026-03-01T10:00:00');
INSERT INTO training_runs (id, course_id, trainer_id, created_at)
    VALUES (1, 1, 2, '2026-03-01T10:00:00');
INSERT INTO training_sessions (run_id, number, starts_at, minutes, link, due_at) VALUES
    (1, 1, '2026-03-12T14:00:00', 90, 'https://meet.example.org/1', '2026-03-10T14:00:00'),
    (1, 2, '2026-03-19T14:00:00', 90, 'https://meet.example.org/2', '2026-03-17T14:00:00');
INSERT INTO training_enrolments (run_id, person_id, invited_at, enrolled_at) VALUES
    (1, 3, '2026-03-01T10:00:00', '2026-03-01T11:00:00'),
    (1, 5, '2026-03-01T10:00:00', '2026-03-01T11:00:00');
INSERT INTO training_evaluations (run_id, person_id, question, answer, answered_at) VALUES
    (1, 3, 'useful', '5', '2026-03-19T16:00:00'),
    (1, 3, 'remark', 'Meer oefenen met rollenspel', '2026-03-19T16:01:00'),
    (1, 5, 'useful', '3', '2026-03-19T17:00:00'),
    (1, 5, 'remark', '', '2026-03-19T17:01:00');
INSERT INTO outbox (dedupe_key, person_id, kind, payload, created_at, status) VALUES
    ('training_evaluation:1:5', 5, 'training_evaluation', '{"run_id": 1}',
     '2026-03-19T15:31:00', 'pending'),
    ('training_evaluation:1:3', 3, 'training_evaluation', '{"run_id": 1}',
     '2026-03-19T15:31:00', 'sent');
"""


def database_before_0019(path: Path, fill: bool) -> None:
    """A database with every migration before 0019, a student's half-answered mid survey, and
    (fill) the old form's answers."""
    raw = sqlite3.connect(path, isolation_level=None)
    try:
        raw.execute("PRAGMA foreign_keys=ON")
        for number, script in migrations():
            if number < 19:
                raw.executescript(f"BEGIN;\n{script}\nPRAGMA user_version = {number};\nCOMMIT;")
        raw.executescript(FILL if fill else FILL.split("INSERT INTO training_evaluations", 1)[0])
        source = (resources.files("bot") / "surveys" / "student_mid.toml").read_text("utf-8")
        raw.execute(
            """INSERT INTO survey_versions (id, name, version, audience, moment, anonymous,
               source, loaded_at) VALUES (7, 'student_mid', 1, 'student', 'mid', 0, ?,
               '2026-03-01T09:00:00')""",
            (source,),
        )
        raw.execute(
            """INSERT INTO survey_invitations (id, version_id, name, person_id, placement_id,
               sent_at) VALUES (11, 7, 'student_mid', 4, 1, '2026-04-14T08:00:00')"""
        )
        raw.execute("INSERT INTO survey_drafts VALUES (11, 'safe', '4')")
    finally:
        raw.close()


async def test_the_old_form_becomes_anonymous_answers_grouped_by_their_run(
    tmp_path: Path,
) -> None:
    database_before_0019(tmp_path / "bot.sqlite3", fill=True)
    db = await Database.open(tmp_path / "bot.sqlite3")
    try:
        async with db.reading() as conn:

            async def rows(sql: str) -> list[tuple[object, ...]]:
                async with conn.execute(sql) as cur:
                    return [tuple(r) for r in await cur.fetchall()]

            [(version_id, source)] = await rows(
                "SELECT id, source FROM survey_versions WHERE name = 'training_course'"
            )
            shipped = (resources.files("bot") / "surveys" / "training_course.toml").read_text(
                "utf-8"
            )
            assert parse_survey(str(source)) == parse_survey(shipped)
            assert await rows(
                """SELECT person_id, placement_id, run_id, sent_at, finished_at
                   FROM survey_invitations ORDER BY person_id"""
            ) == [
                (3, None, 1, "2026-03-19T16:00:00", "2026-03-19T16:01:00"),
                (4, 1, None, "2026-04-14T08:00:00", None),
                (5, None, 1, "2026-03-19T17:00:00", "2026-03-19T17:01:00"),
            ]
            assert await rows("SELECT * FROM survey_drafts") == [(11, "safe", "4")]
            responses = await rows(
                """SELECT version_id, person_id, placement_id, mentor_id, answered_at, company,
                          school_year, run_id FROM survey_responses"""
            )
            assert sorted(responses, key=str) == [  # Fatima has no placement, no company
                (version_id, None, None, None, None, "", "2025-2026", 1),
                (version_id, None, None, None, None, "Bakkerij Jansen", "2025-2026", 1),
            ]
            assert sorted(await rows("SELECT question, answer FROM survey_answers")) == [
                ("remark", ""),
                ("remark", "Meer oefenen met rollenspel"),
                ("useful", "3"),
                ("useful", "5"),
            ]
            tables = await rows("SELECT name FROM sqlite_master WHERE type = 'table'")
            assert ("training_evaluations",) not in tables
            assert await rows("SELECT dedupe_key, status FROM outbox") == [
                ("training_evaluation:1:3", "sent")
            ]
        # Nobody is asked again; the coordinator's results per run count both answers.
        now = datetime(2026, 3, 20, 9, tzinfo=UTC)
        svc = Services(
            db, FakeClock(now), Policy(bot_username="b", surveys=SurveyRules(min_group=2))
        )
        assert await send_course_surveys(svc, now) == 0
        async with db.reading() as conn:
            carla = await PeopleRepo(conn).by_id(1)
        assert carla is not None
        found = await survey_results(svc, carla, GroupBy.RUN)
        assert not isinstance(found, str)
        [course] = found
        [run] = course.groups
        key = "2026-03-12T14:00:00\x1f1\x1fCoach"  # first session, run, course: run_group
        assert (run.group, run.responses, run.hidden) == (key, 2, False)
        useful = next(q for q in run.questions if q.question.id == "useful")
        assert useful.mean == 4.0
    finally:
        await db.close()


async def test_a_database_without_old_answers_gets_no_survey_version(tmp_path: Path) -> None:
    database_before_0019(tmp_path / "bot.sqlite3", fill=False)
    db = await Database.open(tmp_path / "bot.sqlite3")
    try:
        async with (
            db.reading() as conn,
            conn.execute("SELECT name FROM survey_versions ORDER BY name") as cur,
        ):
            assert [r[0] for r in await cur.fetchall()] == ["student_mid"]
    finally:
        await db.close()
