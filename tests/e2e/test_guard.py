"""The guard's answer to a stranger ends his update, even when it cannot be delivered."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from bot.demo.world import open_world
from bot.i18n import t
from tests.conftest import START
from tests.e2e.test_feedback import forged_press, rows


async def test_a_stranger_who_blocked_the_bot_gets_one_attempt_and_no_error(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    async with open_world(tmp_path / "bot.sqlite3", START) as world:
        stranger = world.user("Hanna", language="en")
        stranger.block_bot()  # 403 Forbidden for every message to her from now on
        stranger.send_text("hello? & 😀 " * 900)
        await world.settle()
        calls = [
            c
            for c in world.emulator.calls
            if c.chat_id == stranger.chat_id and c.method.startswith(("send", "edit"))
        ]
        # Exactly the guard's one answer was tried: no fallback, no apology after it.
        assert [(c.method, c.status, c.params["text"]) for c in calls] == [
            ("sendMessage", 403, t("en", "stranger", bot=world.bot.services.policy.bot_username))
        ]
        stranger.send_command("/overview")
        forged_press(world, stranger, "al:1:ack")
        await world.settle()
        assert stranger.texts() == []
        # Nothing failed: no update marked with an error, no ERROR logged, and no handler that
        # needs a registered person was reached.
        assert await rows(world, "SELECT COUNT(*) FROM inbox WHERE error IS NOT NULL") == [(0,)]
    logged = [r.getMessage() for r in caplog.records]
    assert [
        m for r, m in zip(caplog.records, logged, strict=True) if r.levelno >= logging.ERROR
    ] == []
    assert not any("without a registered person" in m for m in logged)
    assert any("could not be delivered" in m for m in logged)
