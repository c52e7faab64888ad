"""A misbehaving Telegram: 5xx, timeouts and 429 bursts, and still every message arrives."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.demo.world import World, open_world
from tests.conftest import START
from tests.e2e.test_sender import queue_fan_out

CHATS, MESSAGES = 20, 100
IN_FLIGHT = 4  # SEND_CONCURRENCY
RETRY_AFTER = 2


@pytest.fixture
async def faulty_world(tmp_path: Path) -> AsyncIterator[World]:
    # The bot waits 3 s for an answer: long enough that a busy machine never turns a call
    # the emulator has carried out into a timeout (and a resend), short enough to keep the
    # test quick. A "slow" fault never answers (10 minutes, or until the emulator stops).
    async with open_world(
        tmp_path / "bot.sqlite3",
        START,
        enforce_limits=True,
        per_chat_interval_seconds=1.0,
        send_rate_per_second=25.0,
        request_timeout_seconds=3.0,
        send_concurrency=IN_FLIGHT,
    ) as world:
        faults = world.emulator.faults
        faults.seed(4)
        faults.server_error_rate = 0.10
        faults.timeout_rate = 0.05
        faults.slow_seconds = 600
        yield world


async def test_faults_and_429_bursts_delay_but_lose_nothing(faulty_world: World) -> None:
    world, emulator = faulty_world, faulty_world.emulator
    await queue_fan_out(world, CHATS, MESSAGES // 2)
    await emulator.wait_for(lambda: emulator.count("sendMessage", 200) >= 10, timeout=60)
    emulator.faults.flood(3, retry_after=RETRY_AFTER)
    await world.settle(timeout=300)
    sends = [c for c in emulator.calls if c.method == "sendMessage"]
    floods = [c for c in sends if c.status == 429]
    assert len(floods) >= 1
    assert sum(1 for c in sends if c.status >= 500) > 0
    assert emulator.count("sendMessage", 200) == MESSAGES // 2
    for n in range(CHATS):
        texts = emulator.user(50_000 + n, "").texts()
        assert texts == [f"Message {i} of the test run." for i in range(n, MESSAGES // 2, CHATS)]
    for flood in floods:
        during = [c for c in sends if flood.time < c.started < flood.time + RETRY_AFTER]
        # The chat Telegram refused waits retry_after whatever the machine's speed: the bot
        # only tries again once it has read the 429 and waited…
        assert [c for c in during if c.chat_id == flood.chat_id] == [], flood
        # …and so does everybody else: at 25 a second the pause would hold 50 sends; only
        # those already on their way when the 429 came back may arrive in it.
        assert len(during) <= IN_FLIGHT, (flood, during)
    # The sender does not spin: attempts stay close to the messages it had to send.
    assert len(sends) < 2 * (MESSAGES // 2)
