"""Joining through invite links, menus per role, strangers and bad tokens — end to end."""

from __future__ import annotations

from bot.demo.world import World
from tests.conftest import ROSTER


async def test_student_mentor_and_supervisor_join_and_get_their_menus(world: World) -> None:
    await world.import_roster(ROSTER)
    tokens = await world.invite_tokens()
    sanne = world.user("Sanne", language="nl")
    mark = world.user("Mark", language="en")
    ingrid = world.user("Ingrid", language="nl")
    await world.join(sanne, tokens["sanne@student.example"])
    await world.join(mark, tokens["mark@bakkerij.example"])
    await world.join(ingrid, tokens["ingrid@school.example"])

    assert "Welkom, Sanne de Vries" in sanne.texts()[-1]
    assert "Welcome, Mark Jansen" in mark.texts()[-1]
    assert "bpv-begeleider" not in ingrid.texts()[-1] or "Welkom" in ingrid.texts()[-1]
    assert [c["command"] for c in sanne.commands] == ["checkin", "help", "pause", "resume",
                                                     "language", "mydata", "forget"]
    assert [c["command"] for c in mark.commands] == ["help", "language", "mydata", "forget"]
    assert [c["command"] for c in ingrid.commands] == ["help", "language", "mydata", "forget"]


async def test_a_reused_link_is_refused_and_changes_nothing(world: World) -> None:
    await world.import_roster(ROSTER)
    tokens = await world.invite_tokens()
    sanne, intruder = world.user("Sanne"), world.user("Eve", language="en")
    await world.join(sanne, tokens["sanne@student.example"])
    await world.join(intruder, tokens["sanne@student.example"])
    assert intruder.texts() == ["This invite link has been used already. "
                                "Ask your coordinator for a new one."]
    assert intruder.commands == []
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
    assert mark.commands[0]["description"] == "Ask for help"
    mark.send_command("/help")
    await world.settle()
    assert mark.texts()[-1].startswith("<b>What I do for you</b>")
