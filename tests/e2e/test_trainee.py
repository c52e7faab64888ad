"""A trainee mentor end to end: a trainer invites an employee who is no mentor yet by name and
email in the chat, he joins with the personal link and is enrolled, sees only his training,
hands in an assignment, and every placement command and button is refused to him."""

from __future__ import annotations

import json
import re

import pytest

from bot.demo.world import World
from bot.i18n import t
from bot.sandbox.users import SimUser
from handlers.reference_views import plain
from tests.e2e.story import Cast
from tests.e2e.test_feedback import forged_press, last, rows, shows
from tests.e2e.test_training import REFUSED, school

__all__ = ["school"]  # the fixture, shared with the training story

School = tuple[World, Cast, SimUser]
TOM = "/trainee 1 Tom Bakker-Çelik; Tom@Bakkerij.example; Bakkerij Jansen"
PLACEMENT_COMMANDS = (
    "/checkin",
    "/plan",
    "/meetings",
    "/cadence",
    "/feedback",
    "/askfeedback",
    "/goals",
    "/reference",
    "/pause 2026-04-01",
    "/resume",
    "/overview",
    "/student Sanne",
    "/nudge Sanne",
    "/export checkins",
    "/placements",
    "/invite Sanne",
    "/invites",
    "/letters",
    "/end sanne@student.example",
    "/register",
    "/results",
    "/training",
    "/trainee 1 Eve; eve@x.example",
    "/coordinator",
)
PLACEMENT_BUTTONS = (
    "ci:1:m:3",
    "al:1:ack",
    "al:1:res",
    "mp:1",
    "mt:1:0:ok",
    "mo:1:0:h",
    "mw:1:p",
    "mm:1:0",
    "cd:1",
    "cd:1:m:14",
    "fb:give:1",
    "fb:goal:1:1",
    "fb:ok:1",
    "fb:ask:1",
    "fb:answer:1",
    "gl:show:1",
    "gl:set:1",
    "rf:write:1",
    "sp:1",
    "ov:0",
    "ng:1",
    "nr:1",
    "pl:0",
    "ip:1",
    "ic:1",
    "ec:1",
    "iv:all",
    "er:1:ok",
    "pb:s",
)
STATE = ("people", "placements", "checkins", "alerts", "invites", "training_enrolments")


async def state(world: World) -> list[list[tuple[object, ...]]]:
    """Every row a refused action must not touch."""
    return [await rows(world, f"SELECT * FROM {table} ORDER BY 1") for table in STATE]


@pytest.fixture
async def tom(school: School) -> tuple[World, Cast, SimUser]:
    """Ingrid invites Tom in the chat; he joins with the link she passes on."""
    world, people, _ = school
    ingrid = people.supervisor
    ingrid.send_text(TOM)
    await world.settle()
    link = re.search(r"https://t\.me/\S+\?start=([A-Za-z0-9_-]+)", last(ingrid))
    assert link is not None, last(ingrid)
    assert "Tom Bakker-Çelik" in last(ingrid)
    assert "enrolled in Praktijkopleider & coach" in last(ingrid)
    tom = world.user("Tom", language="en")
    await world.join(tom, link.group(1))
    return world, people, tom


async def test_only_trainers_invite_and_nobody_gets_a_second_role(school: School) -> None:
    world, people, _ = school
    ingrid, mark, sanne = people.supervisor, people.mentor, people.student
    before = await state(world)
    for user in (mark, sanne):  # not the run's trainer, no coordinator
        user.send_text(TOM)
        await world.settle()
        assert user.texts()[-1] == t("en", "trainee.not_allowed"), user.first_name
    stranger = world.user("Eve", language="en")
    stranger.send_text(TOM)
    await world.settle()
    assert "invite link" in last(stranger)
    hostile = "&<b>😀" * 2_000
    for line, key in (
        ("/trainee", "trainee.usage"),
        ("/trainee one Tom; tom@x.example", "trainee.usage"),
        ("/trainee 1 Tom; not-an-email", "trainee.usage"),
        (f"/trainee 1 {hostile}; tom@x.example", "trainee.usage"),
        ("/trainee 99 Tom; tom@x.example", "trainee.unknown"),
    ):
        ingrid.send_text(line)
        await world.settle()
        assert ingrid.texts()[-1] == t("en", key, run="99"), line
    # Sanne is a student: one email is one person with one role.
    ingrid.send_text("/trainee 1 Sanne; SANNE@student.example; Bakkerij Jansen")
    await world.settle()
    assert ingrid.texts()[-1] == t("en", "trainee.other_role", name="Sanne", role="student")
    assert await state(world) == before
    # A mentor of the roster is invited as the roster's mentors are: the Enrol button.
    ingrid.send_text("/trainee 1 Mark Jansen; mark@bakkerij.example")
    await world.settle()
    assert "gets the Enrol button" in last(ingrid)
    await mark.receives(shows("Mentor training: Praktijkopleider & coach"))
    assert await rows(world, "SELECT role FROM people WHERE email = 'mark@bakkerij.example'") == [
        ("mentor",)
    ]


async def test_a_trainee_joins_enrolled_and_sees_only_his_training(
    tom: tuple[World, Cast, SimUser],
) -> None:
    world, people, tom_user = tom
    ingrid = people.supervisor
    welcome = next(text for text in tom_user.texts() if "Welcome, Tom Bakker-Çelik" in text)
    assert "mentor training" in welcome
    assert [c["command"] for c in tom_user.commands] == [
        "course",
        "help",
        "verify",
        "language",
        "mydata",
        "forget",
    ]
    # Joined: enrolled in the run at once, his instructions and links come.
    instructions = await tom_user.receives(shows("Camera aan, koptelefoon op."))
    assert "https://meet.example.org/s1" in (instructions.text or "")
    assert await rows(
        world,
        "SELECT p.role, c.name, e.enrolled_at IS NOT NULL FROM people p "
        "JOIN companies c ON c.id = p.company_id "
        "JOIN training_enrolments e ON e.person_id = p.id WHERE p.email = 'tom@bakkerij.example'",
    ) == [("trainee_mentor", "Bakkerij Jansen", 1)]

    # Every placement command and button is refused in his language; nothing changes.
    before = await state(world)
    refusal = t("en", "trainee.only_training")
    for command in PLACEMENT_COMMANDS:
        tom_user.send_text(command)
        await world.settle()
        assert tom_user.texts()[-1] == refusal, command
    for data in PLACEMENT_BUTTONS:
        answers = len(tom_user.answers)
        forged_press(world, tom_user, data)
        await world.settle()
        assert len(tom_user.answers) == answers + 1, data
        assert tom_user.answers[-1]["text"] == plain(refusal), data
    # The trainer's own training buttons are refused by the training itself.
    for data in ("tr:r:1", "tr:i:1", "tr:a:1", "tr:s:1", "tr:c:1", "tr:k:1", "tr:m:1:3", "tr:x:1"):
        forged_press(world, tom_user, data)
        await world.settle()
        assert tom_user.answers[-1]["text"] in REFUSED, data
    assert await state(world) == before
    assert not any("Sanne" in text for text in tom_user.texts())

    # What is his: help, his course again, his data, the hand-in.
    tom_user.send_text("/help")
    await world.settle()
    assert tom_user.texts()[-1] == t("en", "help.trainee_mentor")
    tom_user.send_text("/course")
    await world.settle()
    again = await tom_user.receives(shows("Camera aan, koptelefoon op."))
    assert again is not instructions
    tom_user.send_text("/mydata")
    await world.settle()
    message = tom_user.bot_messages[-1]
    assert message.document is not None
    data = json.loads(message.document[1])
    assert data["person"]["company"] == "Bakkerij Jansen"
    assert data["person"]["role"] == "trainee_mentor"
    assert [e["run_id"] for e in data["training_enrolments"]] == [1]
    tom_user.press("Hand in assignment 1", again)
    await world.settle()
    tom_user.send_text("Mijn lastige gesprek & wat ik ervan leerde")
    await world.settle()
    assert "Your assignment for session 1 is handed in" in last(tom_user)
    await ingrid.receives(shows("Tom Bakker-Çelik handed in the assignment for session 1"))

    # Invited again once he has joined: nothing new, no second link.
    ingrid.send_text(TOM)
    await world.settle()
    assert last(ingrid) == plain(
        t("en", "trainee.already", name="Tom Bakker-Çelik", course="Praktijkopleider & coach")
    )
    failed = await rows(world, "SELECT COUNT(*) FROM inbox WHERE error IS NOT NULL")
    assert failed == [(0,)]
