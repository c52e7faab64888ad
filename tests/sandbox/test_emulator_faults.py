"""The Bot API emulator: flood limits and injected faults, as the real PTB Bot sees them."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from telegram import (
    Bot,
)
from telegram.error import (
    NetworkError,
    RetryAfter,
    TimedOut,
)

from bot.sandbox import BotApiEmulator, Faults
from tests.sandbox.conftest import ANN


async def test_per_chat_limit_answers_retry_after(
    emu: BotApiEmulator, bot: Bot, timedelta_retry_after: None
) -> None:
    emu.user(ANN, "Ann")
    emu.user(ANN + 1, "Bob")
    emu.enforce_limits = True
    await bot.send_message(ANN, "one")
    with pytest.raises(RetryAfter) as caught:
        await bot.send_message(ANN, "two")
    assert caught.value.retry_after == timedelta(seconds=1)
    await bot.send_message(ANN + 1, "another chat is fine")
    assert emu.count(status=429) == 1


async def test_global_limit_counts_every_chat(
    emu: BotApiEmulator, bot: Bot, timedelta_retry_after: None
) -> None:
    emu.enforce_limits, emu.global_per_second = True, 3
    for chat_id in range(1, 5):
        emu.user(chat_id, f"u{chat_id}")
    for chat_id in range(1, 4):
        await bot.send_message(chat_id, "hi")
    with pytest.raises(RetryAfter):
        await bot.send_message(4, "hi")


async def test_min_gap_per_chat_measures_successful_sends(emu: BotApiEmulator, bot: Bot) -> None:
    emu.user(ANN, "Ann")
    emu.enforce_limits, emu.per_chat_interval = True, 0.05
    assert emu.min_gap_per_chat() == float("inf")
    await bot.send_message(ANN, "one")
    await asyncio.sleep(0.06)  # what the (shortened) per-chat limit demands, or longer
    await bot.send_message(ANN, "two")
    first, second = (call for call in emu.calls if call.method == "sendMessage")
    # Measured between the two sends as the emulator took them in: at least the interval it
    # enforces, at most from the first request's arrival to the second one's answer, however
    # long the pause or a busy machine made it.
    assert 0.05 <= emu.min_gap_per_chat() <= second.time - first.started


async def test_server_errors_raise_network_error_without_side_effect(
    emu: BotApiEmulator, bot: Bot
) -> None:
    ann = emu.user(ANN, "Ann")
    emu.faults.server_error_rate = 1.0
    with pytest.raises(NetworkError):
        await bot.send_message(ANN, "lost")
    assert ann.chat == []
    assert emu.count("sendMessage", 500) + emu.count("sendMessage", 502) == 1


async def test_script_plays_outcomes_in_order_and_spares_get_updates(
    emu: BotApiEmulator, bot: Bot, timedelta_retry_after: None
) -> None:
    ann = emu.user(ANN, "Ann")
    emu.faults.script(["500", "429:3", "drop"])
    with pytest.raises(NetworkError, match=r"(?i)Internal Server Error"):
        await bot.send_message(ANN, "a")
    assert await bot.get_updates() == ()  # getUpdates does not consume the script
    with pytest.raises(RetryAfter) as caught:
        await bot.send_message(ANN, "b")
    assert caught.value.retry_after == timedelta(seconds=3)
    with pytest.raises(NetworkError, match=r"(?i)disconnected"):
        await bot.send_message(ANN, "c")
    await bot.send_message(ANN, "d")
    assert ann.texts() == ["d"]
    assert emu.count(status=0) == 1


async def test_flood_hits_only_sends(
    emu: BotApiEmulator, bot: Bot, timedelta_retry_after: None
) -> None:
    emu.user(ANN, "Ann")
    sent = await bot.send_message(ANN, "first")
    emu.faults.flood(2, retry_after=7)
    await bot.edit_message_text("edited", chat_id=ANN, message_id=sent.message_id)
    for _ in range(2):
        with pytest.raises(RetryAfter) as caught:
            await bot.send_message(ANN, "x")
        assert caught.value.retry_after == timedelta(seconds=7)
    await bot.send_message(ANN, "through")


async def test_slow_answer_times_out_the_client(emu: BotApiEmulator, bot: Bot) -> None:
    ann = emu.user(ANN, "Ann")
    emu.faults.slow_seconds = 0.3
    emu.faults.script(["slow", "slow"])
    with pytest.raises(TimedOut):
        await bot.send_message(ANN, "not delivered", read_timeout=0.1)
    emu.faults.slow_applies = True  # like Telegram: delivered although the client gave up
    with pytest.raises(TimedOut):
        await bot.send_message(ANN, "delivered anyway", read_timeout=0.1)
    await ann.receives("delivered anyway")
    assert ann.texts() == ["delivered anyway"]


def test_seeded_faults_are_reproducible() -> None:
    def run(seed: int) -> list[str]:
        faults = Faults(seed)
        faults.server_error_rate, faults.drop_rate = 0.3, 0.2
        return [faults.next_outcome("sendMessage", is_send=True) for _ in range(50)]

    assert run(7) == run(7)
    assert {"ok", "drop"} <= set(run(7))
    with pytest.raises(ValueError, match="unknown fault"):
        Faults().script(["boom"])
