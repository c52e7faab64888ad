"""Polling at its edges: what the first getUpdates asks after a restart, and what a failed one
leaves in the log."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from telegram import Update
from telegram.error import TelegramError

from bot.clock import FakeClock
from bot.demo.world import open_world
from bot.domain.policy import Policy
from bot.services.inbox import keep_updates
from bot.services.runtime import Services
from storage.db import Database
from tests.conftest import START

STORED = 41  # the newest update the inbox holds when the bot starts


async def test_the_first_get_updates_confirms_what_the_inbox_holds_and_asks_for_every_type(
    tmp_path: Path,
) -> None:
    database = tmp_path / "bot.sqlite3"
    db = await Database.open(database)
    # Stored before a crash, never confirmed: a channel post, which the bot ignores.
    post = {"message_id": 1, "date": 0, "chat": {"id": -100, "type": "channel"}, "text": "x"}
    await keep_updates(
        Services(db, FakeClock(START), Policy(bot_username="mentorbot_test_bot")),
        [{"update_id": STORED, "channel_post": post}],
        START,
    )
    await db.close()
    async with open_world(database, START) as world:
        calls = world.emulator.calls
        await world.emulator.wait_for(lambda: any(c.method == "getUpdates" for c in calls))
        first = next(c for c in calls if c.method == "getUpdates")
        inbox = world.bot.inbox
        await world.emulator.wait_for(lambda: inbox.polled_at is not None)
        polled_at, now = inbox.polled_at, world.clock.now()
    # Telegram may forget everything up to the newest stored update: it is safe on disk.
    assert first.params["offset"] == STORED + 1
    assert first.params["timeout"] == 1  # a long poll (the world's 1 s; 25 s when running)
    assert polled_at == now  # what `python -m bot health` reads
    assert sorted(first.params["allowed_updates"]) == sorted(Update.ALL_TYPES)


async def test_a_failed_get_updates_is_logged_as_a_warning_with_its_error(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="bot.inbox"):
        async with open_world(tmp_path / "bot.sqlite3", START) as world:
            world.emulator.faults.include_get_updates = True
            world.emulator.faults.script(["500"], method="getUpdates")
            eve = world.user("Eve", language="en")
            eve.send_text("hello?")
            await world.settle(timeout=120)
    warnings = [r for r in caplog.records if r.name == "bot.inbox"]
    assert len(warnings) == 1
    record = warnings[0]
    assert record.levelno == logging.WARNING
    assert isinstance(record.args, tuple)
    assert len(record.args) == 1
    error = record.args[0]
    assert isinstance(error, TelegramError)
    assert record.getMessage() == f"getUpdates failed ({error}); retrying"
