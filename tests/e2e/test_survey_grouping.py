"""/results grouped in the chat: the buttons under the results group them by mentor, school
year or course run; a supervisor sees only his own placements' groups, students, mentors and
strangers none, forged grouping buttons included."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.demo import plain
from bot.demo.world import World
from bot.sandbox.users import SimUser
from bot.services.surveys import list_surveys, load_shipped
from storage.survey_responses import Grouping, ResponseRepo
from tests.e2e.story import Cast, school_world
from tests.e2e.test_feedback import forged_press, last, rows

School = tuple[World, Cast, SimUser]
MID = {"learning": "4", "mentor_time": "5", "tasks": "mixed", "recommend": "yes", "remark": ""}
NOT_ALLOWED = "Survey results are for supervisors and coordinators."


@pytest.fixture
async def school(tmp_path: Path) -> AsyncIterator[School]:
    """The cast joined; Sanne (Mark, Ingrid) and Daan (Fatima, Peter) answered the mid survey."""
    async with school_world(tmp_path / "bot.sqlite3") as (world, people, coordinator):
        svc = world.bot.services
        now = svc.clock.now()
        await load_shipped(svc, now)
        [mid] = [s.id for s in await list_surveys(svc) if s.survey.name == "student_mid"]
        placements = [
            tuple(int(str(n)) for n in row)
            for row in await rows(
                world,
                "SELECT id, student_id, mentor_id, supervisor_id FROM placements ORDER BY id",
            )
        ]
        async with svc.db.transaction() as conn:
            for (placement, student, mentor, supervisor), company, year, safe in zip(
                placements,
                ("Bakkerij Jansen", "Zorgcentrum West"),
                ("2025-2026", "2026-2027"),
                ("4", "2"),
                strict=True,
            ):
                await ResponseRepo(conn).respond(
                    mid,
                    Grouping(company, year, student, placement, mentor, supervisor),
                    {**MID, "safe": safe},
                    now,
                )
        yield world, people, coordinator


async def grouped(world: World, user: SimUser, label: str) -> str:
    """/results, then one grouping button: what came after the press, as he reads it."""
    user.send_text("/results")
    await world.settle()
    before = len(user.texts())
    user.press(label)
    await world.settle()
    return plain("\n".join(user.texts()[before:]))


async def test_a_supervisor_groups_only_his_own_placements(school: School) -> None:
    world, people, carla = school
    ingrid, peter = people.supervisor, people.other_supervisor
    by_mentor = await grouped(world, ingrid, "Mentor")
    assert "Mark Jansen (1)" in by_mentor
    assert "I feel safe at my placement. — mean 4.0 of 1" in by_mentor
    assert "Fatima" not in by_mentor
    assert by_mentor.endswith("Grouped by: Mentor. Group the results another way:")
    by_year = await grouped(world, peter, "School year")
    assert "2026-2027 (1)" in by_year
    assert "mean 2.0 of 1" in by_year
    assert "2025-2026" not in by_year
    by_run = await grouped(world, ingrid, "Course run")
    assert by_run == "No results to show grouped by: Course run."
    everything = await grouped(world, carla, "Mentor")
    assert "Fatima El Amrani (1)" in everything
    assert "Mark Jansen (1)" in everything


async def test_grouping_buttons_are_refused_to_students_mentors_and_strangers(
    school: School,
) -> None:
    world, people, _ = school
    stranger = world.user("Eve", language="en")
    for user in (people.student, people.mentor, stranger):
        for data in ("sr:mentor", "sr:company", "sr:year", "sr:run"):
            forged_press(world, user, data)
            await world.settle()
            assert "📊" not in " ".join(user.texts()), data
    assert people.student.answers[-1].get("text") == NOT_ALLOWED
    assert people.mentor.answers[-1].get("text") == NOT_ALLOWED
    forged_press(world, people.supervisor, "sr:placement")  # no such grouping
    await world.settle()
    assert "📊" not in " ".join(people.supervisor.texts())
    people.mentor.send_text("/results")
    await world.settle()
    assert last(people.mentor) == NOT_ALLOWED
