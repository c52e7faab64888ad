"""getUpdates going wrong: a passing fault is retried, a revoked token or a second bot stops it."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from telegram import Bot
from telegram.error import Conflict, InvalidToken

from bot.demo.world import World, open_world
from tests.conftest import START


@pytest.fixture
async def world(tmp_path: Path) -> AsyncIterator[World]:
    async with open_world(tmp_path / "bot.sqlite3", START) as world:
        yield world


async def ended(world: World) -> BaseException | None:
    """Wait for the first of the bot's loops to end by itself; its exception."""
    done, _ = await asyncio.wait(world.bot.tasks, timeout=60, return_when=asyncio.FIRST_COMPLETED)
    assert done, "no loop of the bot ended"
    return next(iter(done)).exception()


async def test_a_failed_get_updates_is_tried_again_and_nothing_is_lost(world: World) -> None:
    faults = world.emulator.faults
    faults.include_get_updates = True
    faults.script(["500", "drop", "502"], method="getUpdates")
    eve = world.user("Eve", language="en")
    eve.send_text("hello?")
    await world.settle(timeout=120)
    assert faults.scripted == 0
    # An answer 500, a dropped connection (no answer: status 0), a 502: each tried again.
    assert [world.emulator.count("getUpdates", status) for status in (500, 0, 502)] == [1, 1, 1]
    assert len(eve.texts()) == 1
    assert "personal invite link" in eve.texts()[0]
    assert all(not task.done() for task in world.bot.tasks)


async def test_a_revoked_token_stops_polling_instead_of_retrying_for_ever(
    world: World,
) -> None:
    world.emulator.token = "123456:REVOKED"  # every call of the bot now answers 401
    assert isinstance(await ended(world), InvalidToken)
    polls = world.emulator.count("getUpdates", 401)
    assert polls == 1


async def test_a_second_bot_polling_with_the_same_token_stops_this_one(world: World) -> None:
    emulator = world.emulator
    async with Bot(emulator.token, base_url=f"{emulator.base_url}/bot") as other:
        # The other bot's long poll replaces ours: Telegram answers ours 409 Conflict.
        await other.get_updates(timeout=0)
        assert isinstance(await ended(world), Conflict)
    assert emulator.count("getUpdates", 409) == 1
