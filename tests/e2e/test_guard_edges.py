"""The guard at its edges: a /start that is no command, a stranger who blocked the bot, and a
fault of ours while it answers: each update stops at the guard, and the log says why."""

from __future__ import annotations

import logging

import pytest
from telegram.ext import ApplicationHandlerStop

from bot.demo.world import World
from bot.i18n import t
from handlers.guard import _last_word
from tests.conftest import ROSTER

TOKEN = "A" * 43  # looks like one of our tokens


async def test_a_start_whose_first_entity_is_no_command_gets_the_strangers_answer(
    world: World,
) -> None:
    eve = world.user("Eve", language="en")
    text = f"/start {TOKEN}"
    # Bold, not a bot command: no command handler takes it, so the guard must not let it by.
    world.emulator.inject_update(
        {
            "message": {
                "message_id": 1,
                "date": 0,
                "chat": eve.chat_dict(),
                "from": eve.user_dict(),
                "text": text,
                "entities": [{"type": "bold", "offset": 0, "length": len(text)}],
            }
        }
    )
    await world.settle()
    assert eve.texts() == [t("en", "stranger", bot=world.bot.services.policy.bot_username)]


async def test_a_stranger_who_blocked_the_bot_is_noted_and_his_update_stops(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    eve = world.user("Eve", language="en")
    eve.block_bot()
    with caplog.at_level(logging.INFO, logger="handlers.guard"):
        update_id = eve.send_text("hello")
        await world.settle()
    said = [r for r in caplog.records if r.name == "handlers.guard"]
    assert [r.levelno for r in said] == [logging.INFO]
    assert isinstance(said[0].args, tuple)
    error = said[0].args[0]
    assert "blocked" in str(error)
    assert said[0].getMessage() == f"the guard's answer could not be delivered: {error}"
    async with (
        world.bot.services.db.reading() as conn,
        conn.execute("SELECT error FROM inbox WHERE update_id = ?", (update_id,)) as cur,
    ):
        assert tuple(await cur.fetchone() or ()) == (None,)  # handled, no handler failed


async def test_a_fault_of_ours_while_the_guard_answers_is_logged_and_the_update_stops(
    caplog: pytest.LogCaptureFixture,
) -> None:
    async def broken_answer() -> None:
        raise ValueError("a bug")

    with caplog.at_level(logging.ERROR), pytest.raises(ApplicationHandlerStop):
        await _last_word(broken_answer())
    assert [(r.getMessage(), r.exc_info is not None) for r in caplog.records] == [
        ("the guard's answer failed", True)
    ]


async def test_a_start_addressed_to_the_bot_by_name_joins(world: World) -> None:
    await world.import_roster(ROSTER)
    tokens = await world.invite_tokens()
    daan = world.user("Daan", language="nl")
    command = f"/start@{world.bot.services.policy.bot_username}"
    # What a client sends when the command is picked from a list that names the bot.
    daan.send_text(f"{command} {tokens['daan@student.example']}")
    await world.settle()
    assert daan.texts()[0].startswith("Welkom, Daan Smit!")
