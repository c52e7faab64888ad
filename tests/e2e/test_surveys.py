"""Surveys end to end: the mid survey answered with a back step and a pause, the flagged
answer's alert, the end surveys' reminder and close, an anonymous survey stored without the
person; forged and stale presses refused."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from importlib import resources
from pathlib import Path

import pytest
from PIL import Image

from bot.demo import plain
from bot.demo.world import World
from bot.sandbox.users import SimUser
from tests.e2e.story import Cast, school_world
from tests.e2e.test_feedback import forged_press, last, local, rows, shows

School = tuple[World, Cast, SimUser]
HOSTILE = "Meer over deeg & <b>zuurdesem</b> 🍞🥖 " * 20
REFUSED = "This button no longer works."


async def pairs(world: World, sql: str) -> dict[str, str]:
    """Two-column rows as a dict of texts."""
    return {str(k): str(v) for k, v in await rows(world, sql)}


@pytest.fixture
async def school(tmp_path: Path) -> AsyncIterator[School]:
    """The cast joined: Sanne's placement runs 2026-03-02 to 2026-05-29."""
    async with school_world(tmp_path / "bot.sqlite3") as (world, people, coordinator):
        yield world, people, coordinator


async def test_the_mid_survey_with_a_back_step_a_pause_and_the_flagged_alert(
    school: School,
) -> None:
    world, people, _ = school
    sanne, mark, ingrid = people.student, people.mentor, people.supervisor
    await world.move_to(local(4, 14, 10))
    await world.move_to(local(4, 15, 10))  # halfway between 2 March and 29 May, but:
    assert "Your weekly check-in is still open" in last(sanne)  # the survey waits
    assert not any("Mid-placement survey" in m for m in sanne.texts())
    await world.move_to(local(4, 17, 11))  # the check-in closed unanswered
    invitation = await sanne.receives(shows("Mid-placement survey"))
    assert "not anonymous" in (invitation.text or "")
    forged_press(world, mark, "sv:s:1")  # not his
    await world.settle()
    assert mark.answers[-1]["text"] == REFUSED

    sanne.press("▶️ Start")
    await world.settle()
    await sanne.receives(shows("1/6\nI feel safe at my placement."))
    sanne.press("2")  # flagged: the supervisor's alert
    await world.settle()
    alert = await ingrid.receives(shows("has reported a problem"))
    assert "Sanne" in (alert.text or "")
    await sanne.receives(shows("2/6\nI learn enough"))
    sanne.press("4")
    await world.settle()
    await sanne.receives(shows("3/6\nMy workplace mentor"))
    sanne.press("⬅️ Back")
    await world.settle()
    await sanne.receives(shows("2/6\nI learn enough"))
    sanne.press("1")  # now the condition asks why
    await world.settle()
    await sanne.receives(shows("3/7\nWhat would you like to learn more of?"))
    sanne.send_text("Wat?" * 300)  # too long
    await world.settle()
    assert last(sanne) == "That is too long: at most 1000 characters, please."
    sanne.send_text(HOSTILE[:1000])
    await world.settle()
    await sanne.receives(shows("4/7\nMy workplace mentor"))
    sanne.send_text("vijf")  # text where a button is expected
    await world.settle()
    await sanne.receives(shows("Please tap one of the buttons"))
    sanne.press("⏸ Later")
    await world.settle()
    assert "Your answers so far are saved" in last(sanne)

    await world.advance(days=1)
    sanne.press("sv:s:1", invitation)  # Start under the invitation continues
    await world.settle()
    await sanne.receives(shows("4/7\nMy workplace mentor"))
    sanne.press("5")
    await world.settle()
    sanne.press("A mix")
    await world.settle()
    tasks = next(m for m in sanne.bot_messages if "What kind of work" in (m.text or ""))
    assert plain(tasks.text or "").endswith("→ A mix")  # the choice's words, not its id
    sanne.press("Yes")
    await world.settle()
    await sanne.receives(shows("7/7\nAnything else"))
    sanne.press("Skip")
    await world.settle()
    assert last(sanne) == "Thank you for your answers! ✅"
    [(person_id, placement_id, answered_at)] = await rows(
        world, "SELECT person_id, placement_id, answered_at FROM survey_responses"
    )
    assert (person_id, placement_id) == (1, 1)
    assert answered_at is not None
    answers = await pairs(world, "SELECT question, answer FROM survey_answers")
    assert answers == {
        "safe": "2",
        "learning": "1",
        "learning_why": HOSTILE[:1000].strip(),
        "mentor_time": "5",
        "tasks": "mixed",
        "recommend": "yes",
        "remark": "",
    }
    assert await rows(world, "SELECT * FROM survey_drafts") == []
    assert len(await rows(world, "SELECT id FROM alerts WHERE kind = 'problem_reported'")) == 1
    sanne.press("sv:s:1", invitation)
    await world.settle()
    assert sanne.answers[-1]["text"] == "You have answered this survey already. Thank you!"

    # The results: the coordinator and Sanne's supervisor see them; Peter has none; not Sanne.
    carla = school[2]
    for reader in (carla, ingrid):
        reader.send_text("/results")
        await world.settle()
        text, chart, grouping = reader.bot_messages[-3:]
        assert plain(grouping.text or "").startswith("Grouped by: Company.")
        shown = plain(text.text or "")
        assert shown.startswith("📊 Mid-placement survey (version 1): 1 answered")
        assert "I feel safe at my placement. — mean 2.0 of 1 (1: 0 · 2: 1 · 3: 0" in shown
        assert "A mix: 1" in shown
        assert chart.photo is not None  # the scale questions' means as bars
        assert Image.open(io.BytesIO(chart.photo)).format == "PNG"
    people.other_supervisor.send_text("/results")
    await world.settle()
    assert last(people.other_supervisor) == "No survey has been answered yet."
    sanne.send_text("/results")
    await world.settle()
    assert last(sanne) == "Survey results are for supervisors and coordinators."


async def test_the_end_surveys_anonymous_answers_hold_no_person_and_the_unanswered_close(
    school: School,
) -> None:
    world, people, _ = school
    sanne, mark = people.student, people.mentor
    await world.move_to(local(5, 25, 15))  # the last week; a check-in opens at this jump
    await world.move_to(local(5, 28, 16))  # it closed: now the surveys come
    end = await sanne.receives(shows("End-of-placement survey"))
    assert "This survey is anonymous" in (end.text or "")
    mentors = await mark.receives(shows("Mentoring evaluation"))
    assert "not anonymous" in (mentors.text or "")

    sanne.press("▶️ Start", end)
    await world.settle()
    await sanne.receives(shows("1/5\nHow satisfied are you"))
    for score in ("4", "5", "3"):
        sanne.press(score)
        await world.settle()
    sanne.press("Yes")
    await world.settle()
    sanne.send_text("Fijne plek & goede sfeer 🍞")
    await world.settle()
    assert last(sanne) == "Thank you for your answers! ✅"
    stored = await rows(
        world,
        """SELECT r.id, r.person_id, r.placement_id, r.mentor_id,
        r.supervisor_id, r.answered_at, r.company, r.school_year FROM survey_responses r
        JOIN survey_versions v ON v.id = r.version_id WHERE v.name = 'student_end'""",
    )
    [(response_id, *person_keys, company, year)] = stored
    assert person_keys == [None, None, None, None, None]
    assert (company, year) == ("Bakkerij Jansen", "2025-2026")
    assert response_id != 1  # a random id: the order of rows tells nobody who answered when
    assert await pairs(
        world, f"SELECT question, answer FROM survey_answers WHERE response_id = {response_id}"
    ) == {
        "overall": "4",
        "guidance": "5",
        "school": "3",
        "recommend": "yes",
        "remark": "Fijne plek & goede sfeer 🍞",
    }

    carla = school[2]
    carla.send_text("/results")
    await world.settle()
    assert (
        "Bakkerij Jansen: 1 answered, fewer than 5: not shown, the survey is anonymous."
        in plain(" ".join(carla.texts()[-3:]))
    )
    people.supervisor.send_text("/results")  # an anonymous survey: never to a supervisor
    await world.settle()
    assert "End-of-placement" not in " ".join(people.supervisor.texts()[-2:])

    await world.advance(days=3)  # Mark has not answered: one reminder
    reminder = await mark.receives(shows("Mentoring evaluation is still waiting"))
    await world.advance(days=3)
    assert sum("still waiting" in m for m in mark.texts()) == 1
    await world.move_to(local(6, 11, 16, 1))  # 14 days after it was sent: closed
    mark.press("▶️ Start", reminder)
    await world.settle()
    assert mark.answers[-1]["text"] == "This survey has closed."
    assert await rows(
        world, "SELECT closed_at IS NOT NULL FROM survey_invitations WHERE name = 'mentor_end'"
    ) == [(1,)]


async def test_a_coordinator_loads_a_definition_sent_as_a_document(school: School) -> None:
    world, people, carla = school
    source = (resources.files("bot") / "surveys" / "mentor_end.toml").read_text("utf-8")
    bad = source.replace('kind = "yes_no"', 'kind = "<b>maybe</b>"')
    people.student.upload_document("mine.toml", bad.encode(), mime_type="text/plain")
    await world.settle()
    assert "survey" not in last(people.student).lower()  # a student's file: the usual answer
    carla.upload_document("mine.toml", bad.encode(), mime_type="text/plain")
    await world.settle()
    assert last(carla) == (
        "❌ Nothing was stored: errors in this survey definition (1):\n"
        "• line 41, question 'again': unknown_kind: kind = '<b>maybe</b>'"
    )
    mine = source.replace('name = "mentor_end"', 'name = "our_mentors"')
    carla.upload_document("mine.toml", mine.encode(), mime_type="text/plain")
    await world.settle()
    assert last(carla) == "✅ Survey our_mentors, version 1, is loaded: 5 questions."
    carla.upload_document(
        "mine.toml", mine.replace("De student", "Je student").encode(), mime_type="text/plain"
    )
    await world.settle()
    assert last(carla).startswith("Survey our_mentors, version 1, is stored already with other")
    carla.upload_document("latin1.toml", "naam = 'café'".encode("latin-1"), mime_type="text/plain")
    await world.settle()
    assert last(carla) == "That file is not UTF-8 text. Save it as UTF-8 and send it again."
