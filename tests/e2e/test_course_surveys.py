"""The course evaluation on the survey mechanism, end to end: a two-session run ends, each
participant gets the training_course survey and answers it in the chat, the trainer sees his
run's results (and not another run's); a participant cannot open someone else's survey, a
mentor who is not trainer sees no results (forged buttons too); an unanswered one is reminded
and closed like every survey; the answers are stored without the person."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from PIL import Image

from bot.demo import plain
from bot.demo.world import World
from bot.domain.localtime import zone_of
from bot.domain.training import DEFAULT_DUE_BEFORE
from bot.domain.training_file import read_course_file
from bot.sandbox.users import SimUser
from bot.services.joining import person_by_email
from bot.services.training import create_run, enrol, invite_mentors
from tests.e2e.story import Cast, school_world
from tests.e2e.test_feedback import forged_press, last, local, rows, shows

School = tuple[World, Cast, SimUser]
HEADER = "course;date;time;minutes;link;assignment\n"
COURSES = (
    "Praktijkopleider & coach;2026-03-12;15:00;90;https://meet.example.org/a1;\n"
    "Praktijkopleider & coach;2026-03-19;15:00;90;https://meet.example.org/a2;\n",
    "Begeleiden in de zorg;2026-03-13;10:00;60;https://meet.example.org/b1;\n"
    "Begeleiden in de zorg;2026-03-20;10:00;60;https://meet.example.org/b2;\n",
)
REFUSED = ("That is not for you.", "This button no longer works.")
HOSTILE = "Meer oefenen & <b>rollenspel</b> 🎭🍞 " * 3


@pytest.fixture
async def school(tmp_path: Path) -> AsyncIterator[School]:
    """Ingrid trains run 1, Peter run 2; Mark and Fatima are enrolled in both. Groups of two
    answers are shown (SURVEY_MIN_GROUP=2)."""
    async with school_world(tmp_path / "bot.sqlite3", survey_min_group=2) as (
        world,
        people,
        coordinator,
    ):
        svc, now = world.bot.services, world.bot.services.clock.now()
        for email, course in zip(("ingrid", "peter"), COURSES, strict=True):
            plan = read_course_file(
                (HEADER + course).encode(), zone_of("Europe/Amsterdam"), DEFAULT_DUE_BEFORE
            )
            assert plan.errors == ()
            trainer = await person_by_email(svc, f"{email}@school.example")
            assert trainer is not None
            run_id = await create_run(
                svc, trainer, plan.course, list(plan.sessions), instructions="", now=now
            )
            assert isinstance(run_id, int)
            await invite_mentors(svc, trainer, run_id, now)
            for mentor in ("mark@bakkerij.example", "fatima@zorg.example"):
                person = await person_by_email(svc, mentor)
                assert person is not None
                await enrol(svc, person, run_id, now)
        await world.settle()
        yield world, people, coordinator


async def answer(world: World, user: SimUser, *presses: str, text: str | None = None) -> None:
    """Answer the survey asked now: buttons, then a remark or Skip."""
    for label in presses:
        user.press(label)
        await world.settle()
    if text is None:
        user.press("Skip")
    else:
        user.send_text(text)
    await world.settle()


async def test_participants_evaluate_their_run_and_only_its_trainer_sees_the_results(
    school: School,
) -> None:
    world, people, carla = school
    mark, fatima, ingrid = people.mentor, people.other_mentor, people.supervisor
    sanne, peter = people.student, people.other_supervisor
    await world.move_to(local(3, 19, 16, 29))  # the last session of run 1 has not ended
    assert not any("Course evaluation" in plain(m) for m in mark.texts())
    await world.move_to(local(3, 19, 16, 31))
    invitation = await mark.receives(shows("Course evaluation"))
    assert "This survey is anonymous" in plain(invitation.text or "")
    await fatima.receives(shows("Course evaluation"))
    [(marks,)] = await rows(world, "SELECT id FROM survey_invitations WHERE person_id = 2")

    # Hostile first: someone else's survey, a forged id, a student.
    for user, data in ((fatima, f"sv:s:{marks}"), (sanne, f"sv:s:{marks}"), (mark, "sv:s:999")):
        forged_press(world, user, data)
        await world.settle()
        assert user.answers[-1]["text"] in REFUSED, data

    await answer(world, mark, "▶️ Start", "5", "4", text=HOSTILE)
    assert last(mark) == "Thank you for your answers! ✅"
    mark.press("▶️ Start", invitation)
    await world.settle()
    assert mark.answers[-1]["text"] == "You have answered this survey already. Thank you!"
    fatima.press("▶️ Start")
    await world.settle()
    await fatima.receives(shows("1/3\nHow useful was the training"))
    await answer(world, fatima, "3", "2")
    assert last(fatima) == "Thank you for your answers! ✅"

    # Run 2 ends the next day: Mark answers, Fatima does not.
    await world.move_to(local(3, 20, 11, 1))
    await mark.receives(shows("Course evaluation"))
    await answer(world, mark, "▶️ Start", "1", "1")
    await world.advance(days=3)
    await fatima.receives(shows("Course evaluation is still waiting"))

    # The trainer of run 1 sees its two answers, with a chart; nothing of run 2.
    ingrid.send_text("/training")
    await world.settle()
    ingrid.press("Praktijkopleider & coach (run 1)")
    await world.settle()
    ingrid.press("Evaluation")
    await world.settle()
    text, chart = ingrid.bot_messages[-2:]
    shown = plain(text.text or "")
    assert shown.startswith("📊 Course evaluation (version 1): 2 answered"), shown
    assert "Praktijkopleider & coach, from Thu 12 Mar 2026 (2)" in shown
    assert "How useful was the training for your work as a workplace mentor? — mean 4.0 of 2" in (
        shown
    )
    assert "How well did the trainer explain? — mean 3.0 of 2" in shown
    assert "Begeleiden in de zorg" not in shown  # run 2: not his
    assert "mean 1.0" not in shown
    assert chart.photo is not None
    assert Image.open(io.BytesIO(chart.photo)).format == "PNG"
    for user, data in (
        (ingrid, "tr:x:2"),
        (mark, "tr:x:1"),
        (fatima, "tr:x:2"),
        (sanne, "sr:run"),
    ):
        forged_press(world, user, data)
        await world.settle()
        assert user.answers[-1].get("text") in (
            *REFUSED,
            "Survey results are for supervisors and coordinators.",
        ), data
    mark.send_text("/results")
    await world.settle()
    assert last(mark) == "Survey results are for supervisors and coordinators."

    # Peter's run has one answer so far: below the minimum of two, hidden even to its trainer.
    peter.send_text("/training")
    await world.settle()
    peter.press("Begeleiden in de zorg (run 2)")
    await world.settle()
    peter.press("Evaluation")
    await world.settle()
    assert (
        "Begeleiden in de zorg, from Fri 13 Mar 2026: 1 answered, fewer than 2: not shown"
        in last(peter)
    )

    # The coordinator groups by course run; the unanswered survey closes after 14 days.
    await world.advance(days=12)
    fatima.press("▶️ Start")
    await world.settle()
    assert fatima.answers[-1]["text"] == "This survey has closed."
    carla.send_text("/results")
    await world.settle()
    carla.press("Course run")
    await world.settle()
    runs = plain(" ".join(carla.texts()[-4:]))
    assert "Praktijkopleider & coach, from Thu 12 Mar 2026 (2)" in runs
    assert "Begeleiden in de zorg, from Fri 13 Mar 2026: 1 answered, fewer than 2" in runs
    assert await rows(
        world,
        """SELECT person_id, placement_id, mentor_id, answered_at, run_id
           FROM survey_responses ORDER BY run_id""",
    ) == [(None, None, None, None, 1), (None, None, None, None, 1), (None, None, None, None, 2)]
    remarks = await rows(world, "SELECT answer FROM survey_answers WHERE question = 'remark'")
    assert sorted(remarks, key=str) == [("",), ("",), (HOSTILE.strip(),)]
