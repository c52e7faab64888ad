"""/mydata and /forget in the chat: a JSON file, a confirmation, a coordinator's approval."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.demo.world import World
from bot.sandbox.users import SimUser
from tests.e2e.story import Cast, school_world

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
WEEK_NOTE = "Helped Wilhelmina with the sourdough"
PROBLEM = "The night shifts at the oven exhaust me"


@pytest.fixture
async def school(tmp_path: Path) -> AsyncIterator[tuple[World, Cast, SimUser]]:
    async with school_world(tmp_path / "bot.sqlite3") as (world, people, coordinator):
        # One check-in with a note and a problem for the supervisor, in Sanne's own words.
        student = people.student
        await world.move_to(datetime(2026, 3, 6, 14, tzinfo=AMSTERDAM))
        for step in ("🙁 2", WEEK_NOTE, "Yes", PROBLEM, "Only Ingrid Bos (school)"):
            if step in (WEEK_NOTE, PROBLEM):
                student.send_text(step)
            else:
                student.press(step)
            await world.settle()
        yield world, people, coordinator


def json_file(user: SimUser) -> dict[str, object]:
    message = user.bot_messages[-1]
    assert message.document is not None
    name, content = message.document
    assert name == "mydata.json"
    data = json.loads(content)
    assert isinstance(data, dict)
    return data


def on_disk(database: Path) -> bytes:
    """The database file and its WAL, byte for byte."""
    wal = database.with_name(database.name + "-wal")
    return database.read_bytes() + (wal.read_bytes() if wal.exists() else b"")


def counts(database: Path) -> tuple[int, ...]:
    with sqlite3.connect(database) as conn:
        return tuple(
            conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
            for table in ("people", "placements", "checkins", "alerts")
        )


async def test_mydata_sends_a_student_his_data_and_a_mentor_only_his_own(
    school: tuple[World, Cast, SimUser],
) -> None:
    world, people, _ = school
    people.student.send_command("/mydata")
    people.mentor.send_command("/mydata")
    await world.settle()
    student = json_file(people.student)
    assert people.student.texts()[-1] == "Here is everything I store about you."
    assert json.dumps(student["person"]).count("sanne@student.example") == 1
    assert WEEK_NOTE in json.dumps(student["checkins"])
    assert PROBLEM in json.dumps(student["alerts_about_you"])
    mentor = json.dumps(json_file(people.mentor), ensure_ascii=False)
    assert "mark@bakkerij.example" in mentor
    assert "Bakkerij Jansen" in mentor
    assert WEEK_NOTE not in mentor
    assert PROBLEM not in mentor


async def test_forget_asks_first_and_a_coordinator_approves(
    school: tuple[World, Cast, SimUser],
) -> None:
    world, people, coordinator = school
    student, supervisor = people.student, people.supervisor
    database = world.bot.settings.database_path
    before = counts(database)
    assert WEEK_NOTE.encode() in on_disk(database)

    student.send_command("/forget")
    await world.settle()
    student.press("No, keep it")
    await world.settle()
    assert student.texts()[-1] == "OK, nothing changes."
    student.send_command("/forget")
    await world.settle()
    student.press("Yes, erase my data")
    await world.settle()
    assert student.texts()[-1].startswith("Your request has gone to the coordinator.")
    request = await coordinator.receives("asks to have his or her personal data erased", new=False)
    assert "<b>Sanne de Vries</b> (student)" in (request.text or "")

    # The supervisor forges the coordinator's button: refused, nothing erased.
    supervisor.press("Approve and erase", request)
    await world.settle()
    assert supervisor.answers[-1]["text"] == "This button is not for you."
    assert counts(database) == before

    coordinator.press("Approve and erase")
    await world.settle()
    assert (request.text or "").startswith("✅ Approved: the personal data of person #")
    assert student.texts()[-1] == "Your personal data has been erased. Goodbye!"
    # His own menu is gone: he sees what anyone who has not joined sees.
    assert student.commands == world.user("Eve", language="en").commands
    assert counts(database) == before
    disk = on_disk(database)
    for trace in ("Sanne", "sanne@student.example", WEEK_NOTE, PROBLEM, "Wilhelmina"):
        assert trace.encode() not in disk, trace
    assert b"Ingrid Bos" in disk

    student.send_text("hello?")  # a stranger now
    await world.settle()
    assert "personal invite link" in student.texts()[-1]
