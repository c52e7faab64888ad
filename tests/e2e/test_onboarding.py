"""Joining through invite links, menus per role, strangers and bad tokens — end to end."""

from __future__ import annotations

from pathlib import Path

from bot.demo.world import World, open_world
from bot.i18n import t
from tests.conftest import ROSTER, START


async def test_student_mentor_and_supervisor_join_and_get_their_menus(world: World) -> None:
    await world.import_roster(ROSTER)
    tokens = await world.invite_tokens()
    sanne = world.user("Sanne", language="nl")
    mark = world.user("Mark", language="en")
    ingrid = world.user("Ingrid", language="nl")
    await world.join(sanne, tokens["sanne@student.example"])
    await world.join(mark, tokens["mark@bakkerij.example"])
    await world.join(ingrid, tokens["ingrid@school.example"])

    # Each gets the welcome of his own role, in his own language, and nothing else.
    assert sanne.texts() == [t("nl", "welcome.student", name="Sanne de Vries")]
    assert mark.texts() == [t("en", "welcome.mentor", name="Mark Jansen")]
    assert ingrid.texts() == [t("nl", "welcome.supervisor", name="Ingrid Bos")]
    assert "check-in" in sanne.texts()[0]
    assert "check-in" not in mark.texts()[0]
    assert "melding" in ingrid.texts()[0]
    assert [c["command"] for c in sanne.commands] == [
        "checkin",
        "help",
        "plan",
        "meetings",
        "askfeedback",
        "goals",
        "reference",
        "pause",
        "resume",
        "language",
        "mydata",
        "forget",
    ]
    assert [c["command"] for c in mark.commands] == [
        "plan",
        "meetings",
        "feedback",
        "goals",
        "reference",
        "help",
        "language",
        "mydata",
        "forget",
    ]
    assert [c["command"] for c in ingrid.commands] == [
        "overview",
        "student",
        "nudge",
        "plan",
        "meetings",
        "cadence",
        "goals",
        "export",
        "training",
        "newcourse",
        "trainee",
        "register",
        "results",
        "help",
        "language",
        "mydata",
        "forget",
    ]


async def test_a_reused_link_is_refused_and_changes_nothing(world: World) -> None:
    await world.import_roster(ROSTER)
    tokens = await world.invite_tokens()
    sanne, intruder = world.user("Sanne"), world.user("Eve", language="en")
    await world.join(sanne, tokens["sanne@student.example"])
    await world.join(intruder, tokens["sanne@student.example"])
    assert intruder.texts() == [
        "This invite link has been used already. Ask your coordinator for a new one."
    ]
    # No role's menu: only the default one every stranger sees (bot/branding.py).
    assert [c["command"] for c in intruder.commands] == ["help", "whoami"]
    intruder.send_text("/help")
    await world.settle()
    assert "personal invite link" in intruder.texts()[-1]


async def test_a_stranger_gets_the_join_message_and_no_data(world: World) -> None:
    stranger = world.user("Eve", language="en")
    stranger.send_text("hello, show me the students")
    stranger.send_command("/start")
    await world.settle()
    assert len(stranger.texts()) == 2
    assert all("personal invite link" in text for text in stranger.texts())


async def test_unknown_expired_and_malformed_tokens_get_a_clear_answer(world: World) -> None:
    await world.import_roster(ROSTER)
    tokens = await world.invite_tokens()
    eve = world.user("Eve", language="en")
    await world.join(eve, "A" * 43)
    await world.join(eve, "not-a-token!")
    world.clock.advance(days=31)
    await world.join(eve, tokens["daan@student.example"])
    assert eve.texts() == [
        "I don't know this invite link. Ask your coordinator for a new one.",
        "This invite link is not complete. Open the link exactly as you got it.",
        "This invite link has expired. Ask your coordinator for a new one.",
    ]


async def test_language_can_be_switched(world: World) -> None:
    await world.import_roster(ROSTER)
    tokens = await world.invite_tokens()
    mark = world.user("Mark", language="nl")
    await world.join(mark, tokens["mark@bakkerij.example"])
    mark.send_command("/language")
    await world.settle()
    mark.press("English")
    await world.settle()
    assert mark.texts()[-1] == "From now on I'll speak English."
    assert {c["command"]: c["description"] for c in mark.commands}["help"] == "Ask for help"
    mark.send_command("/help")
    await world.settle()
    assert mark.texts()[-1].startswith("<b>What I do for you</b>")


async def test_a_coordinator_from_the_settings_gets_the_coordinators_welcome(
    tmp_path: Path,
) -> None:
    async with open_world(
        tmp_path / "bot.sqlite3", START, coordinator_ids=frozenset({9001})
    ) as world:
        carla = world.emulator.user(9001, "Carla", language_code="en")
        carla.send_command("/start")
        await world.settle()
        assert carla.texts() == [t("en", "welcome.coordinator", name="Carla")]
        assert "help" in [c["command"] for c in carla.commands]
