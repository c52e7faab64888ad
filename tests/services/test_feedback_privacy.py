"""/mydata and erasure for feedback, goals and references; and every table is accounted for."""

from __future__ import annotations

import inspect
import json
import re
from datetime import datetime
from pathlib import Path

import storage.erasure
import storage.privacy
from bot.clock import FakeClock
from bot.domain.goals import goal_changes
from bot.domain.people import Person, Role
from bot.services.privacy import decide_erasure, my_data, request_erasure
from bot.services.runtime import Services
from storage.feedback import FeedbackRepo, FeedbackRequestRepo
from storage.goals import GoalRepo
from storage.people import PeopleRepo
from storage.references import ReferenceRepo
from tests.services.test_privacy import on_disk, school

FEEDBACK = "Wilhelmina kneads dough like a master baker"
QUESTION = "What does Bartholomeus mean by proofing?"
ANSWER = "Letting the dough rest until Zaterdagochtend"
SUBJECT = "the sourdough of Gijsbrecht"
GOAL = "Work safely near the Vulcanus oven"
REFERENCE = "Sanne worked with us at the Bakkerij; Ermengarde liked her bread"

# Tables with nothing about a person, and tables one side leaves alone on purpose.
NOT_PERSONAL = {
    "companies": "a company's name is nobody's personal data",
    "retention": "one date: how far the retention purge has got",
    "feedback_timers": "when the tick looks at a placement again",
    "meeting_tracks": "when the tick looks at a placement's meeting cadence again",
    "digest_schedule": "one moment: when the next weekly digest goes out",
    "health": "two moments: the bot's last getUpdates and tick",
    "training_courses": "a course's name",
    "training_sessions": "a run's plan: times, links, assignments",
    "certificate_secret": "the school's key for verification codes",
    "company_details": "a company's address, contact and sector, about no registered person",
    "survey_versions": "a survey's definition",
}
NOT_EXPORTED = {"inbox": "raw Telegram traffic, emptied on erasure, pruned after days"}
NOT_ERASED = {
    "erasure_requests": "ids and dates: the record of the decision",
    "meeting_confirmations": "ids and dates: who agreed to which time",
    "nudge_lines": "ids and times: who wrote to whom when (the words are erased)",
    "training_attendance": "ids and dates: who attended which session",
    "training_runs": "ids: who trains a run",
    "companies": "no person",
}


async def feedback_about_sanne(svc: Services, now: datetime) -> dict[str, Person]:
    """The school of test_privacy, with Mark's feedback to Sanne, her question, his answer,
    her request, a goal and her reference."""
    cast = await school(svc, now)
    async with svc.db.transaction() as conn:
        mark = await PeopleRepo(conn).by_email("mark@bakkerij.example")
        assert mark is not None
        goals = GoalRepo(conn)
        await goals.apply(1, goal_changes([], [GOAL]), cast["ingrid"].id, now)
        [goal] = await goals.current(1)
        feedback = FeedbackRepo(conn)
        feedback_id = await feedback.add(1, mark.id, goal.id, FEEDBACK, now)
        question_id = await feedback.add_question(feedback_id, QUESTION, now)
        await feedback.answer(question_id, ANSWER, now)
        await FeedbackRequestRepo(conn).add(1, SUBJECT, now)
        references = ReferenceRepo(conn)
        await references.confirm(await references.request(1, mark.id, "en", now), REFERENCE, now)
    return {**cast, "mark": mark}


async def test_mydata_holds_the_feedback_thread_goals_and_reference_about_the_student(
    svc: Services,
    clock: FakeClock,
) -> None:
    cast = await feedback_about_sanne(svc, clock.now())
    data = await my_data(svc, cast["sanne"], clock.now())
    assert [item["text"] for item in data["feedback"]] == [FEEDBACK]
    assert [(q["question"], q["answer"]) for q in data["feedback_questions"]] == [
        (QUESTION, ANSWER)
    ]
    assert [r["subject"] for r in data["feedback_requests"]] == [SUBJECT]
    assert [g["title"] for g in data["learning_goals"]] == [GOAL]
    assert [r["text"] for r in data["references"]] == [REFERENCE]


async def test_mydata_of_the_mentor_has_his_words_not_the_students_question(
    svc: Services,
    clock: FakeClock,
) -> None:
    cast = await feedback_about_sanne(svc, clock.now())
    data = await my_data(svc, cast["mark"], clock.now())
    assert [item["text"] for item in data["feedback"]] == [FEEDBACK]
    assert [(q["question"], q["answer"]) for q in data["feedback_questions"]] == [(None, ANSWER)]
    assert [r["text"] for r in data["references"]] == [REFERENCE]
    assert (data["feedback_requests"], data["learning_goals"]) == ([], [])
    # Another student's data holds none of it.
    other = await my_data(svc, cast["ingrid"], clock.now())
    assert QUESTION not in json.dumps(other, ensure_ascii=False)


async def test_erasing_the_student_removes_his_feedback_thread_goals_and_reference(
    svc: Services,
    clock: FakeClock,
    tmp_path: Path,
) -> None:
    cast = await feedback_about_sanne(svc, clock.now())
    for text in (FEEDBACK, QUESTION, ANSWER, SUBJECT, GOAL, REFERENCE):
        assert text.encode() in on_disk(tmp_path / "test.sqlite3")
    await request_erasure(svc, cast["sanne"], clock.now())
    await decide_erasure(svc, cast["carla"], 1, approve=True, now=clock.now())
    disk = on_disk(tmp_path / "test.sqlite3")
    for text in (FEEDBACK, QUESTION, ANSWER, SUBJECT, GOAL, REFERENCE):
        assert text.encode() not in disk, text
    async with svc.db.reading() as conn:
        items = await FeedbackRepo(conn).for_placement(1)
    assert [(item.text, len(item.questions)) for item in items] == [("[erased]", 1)]


async def test_erasing_the_mentor_removes_the_words_he_wrote(
    svc: Services,
    clock: FakeClock,
    tmp_path: Path,
) -> None:
    cast = await feedback_about_sanne(svc, clock.now())
    await request_erasure(svc, cast["mark"], clock.now())
    await decide_erasure(svc, cast["carla"], 1, approve=True, now=clock.now())
    disk = on_disk(tmp_path / "test.sqlite3")
    for text in (FEEDBACK, ANSWER, REFERENCE):
        assert text.encode() not in disk, text
    data = await my_data(svc, cast["sanne"], clock.now())
    assert [g["title"] for g in data["learning_goals"]] == [GOAL]  # hers, not his
    assert cast["mark"].role is Role.MENTOR


async def test_every_table_is_exported_and_erased_or_says_why_not(svc: Services) -> None:
    """A new table with personal data fails here until /mydata and erasure know it."""
    async with (
        svc.db.reading() as conn,
        conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        ) as cur,
    ):
        tables = [row[0] for row in await cur.fetchall()]
    exported, erased = inspect.getsource(storage.privacy), inspect.getsource(storage.erasure)
    missing = []
    for table in tables:
        used = re.compile(rf"\b(FROM|JOIN|UPDATE|INTO)\s+{table}\b", re.IGNORECASE)
        if table in NOT_PERSONAL:
            continue
        if table not in NOT_EXPORTED and not used.search(exported):
            missing.append(f"{table}: not in /mydata (storage/privacy.py)")
        if table not in NOT_ERASED and not used.search(erased):
            missing.append(f"{table}: not erased (storage/erasure.py)")
    assert missing == []
    assert {"feedback", "feedback_questions", "reference_letters"} <= set(tables)
