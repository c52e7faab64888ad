"""A misbehaving Telegram: 5xx, timeouts and 429 bursts, and still every message arrives."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.demo.world import World, open_world
from tests.conftest import START
from tests.e2e.test_sender import queue_fan_out

CHATS, MESSAGES = 20, 100


@pytest.fixture
async def faulty_world(tmp_path: Path) -> AsyncIterator[World]:
    async with open_world(tmp_path / "bot.sqlite3", START, enforce_limits=True,
                          per_chat_interval_seconds=1.0, send_rate_per_second=25.0,
                          request_timeout_seconds=0.5) as world:
        faults = world.emulator.faults
        faults.seed(4)
        faults.server_error_rate = 0.10
        faults.timeout_rate = 0.05
        faults.slow_seconds = 1.0  # longer than the bot waits: a timeout
        yield world


async def test_faults_and_429_bursts_delay_but_lose_nothing(faulty_world: World) -> None:
    world, emulator = faulty_world, faulty_world.emulator
    await queue_fan_out(world, CHATS, MESSAGES // 2)
    await emulator.wait_for(lambda: emulator.count("sendMessage", 200) >= 10, timeout=30)
    emulator.faults.flood(3, retry_after=2)
    await world.settle(timeout=120)
    sends = [c for c in emulator.calls if c.method == "sendMessage"]
    floods = [c for c in sends if c.status == 429]
    assert len(floods) >= 1
    assert sum(1 for c in sends if c.status >= 500) > 0
    assert emulator.count("sendMessage", 200) == MESSAGES // 2
    for n in range(CHATS):
        texts = emulator.user(50_000 + n, "").texts()
        assert texts == [f"Message {i} of the test run." for i in range(n, MESSAGES // 2, CHATS)]
    # After a 429 nothing is sent to anyone before retry_after has passed…
    for flood in floods:
        assert not [c for c in sends if flood.time < c.started < flood.time + 2.0], flood
    # …and the sender does not spin: attempts stay close to the messages it had to send.
    assert len(sends) < 2 * (MESSAGES // 2)
