"""A Telegram user guessing invite links is slowed down — end to end."""

from __future__ import annotations

from bot.demo.world import World
from tests.conftest import ROSTER


async def test_a_guesser_gets_slow_down_after_five_wrong_links(world: World) -> None:
    await world.import_roster(ROSTER)
    tokens = await world.invite_tokens()
    eve = world.user("Eve", language="en")
    for n in range(5):
        eve.send_command("/start", f"guessed-token-{n:010d}")
    eve.send_command("/start", tokens["sanne@student.example"])
    await world.settle()
    assert (
        eve.texts()[:5]
        == ["I don't know this invite link. Ask your coordinator for a new one."] * 5
    )
    assert eve.texts()[5] == "Too many wrong invite links. Wait an hour and try again."
    world.clock.advance(hours=1)
    await world.join(eve, tokens["sanne@student.example"])
    assert eve.texts()[6].startswith("Welkom, Sanne de Vries!")  # the roster says nl


async def test_a_start_look_alike_without_a_command_entity_is_a_stranger_message(
    world: World,
) -> None:
    # Found by fuzzing: "/start xyz" as plain text (no bot_command entity) got past the guard
    # and reached a handler that needs a registered person.
    eve = world.user("Eve", language="en")
    message = eve.new_message(from_bot=False, text="/start tomorrow", sender_id=eve.user_id)
    payload = eve.api_message(message)
    payload.pop("entities", None)
    world.emulator.inject_update({"message": payload})
    await world.settle()
    assert len(eve.texts()) == 1
    assert "personal invite link" in eve.texts()[0]
    assert world.emulator.count("sendMessage", 200) == 1
