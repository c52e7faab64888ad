"""Fan-out and pacing: the whole pipeline tick → outbox → sender → HTTP → emulator."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from bench.harness import NOW, bot_settings, queue_messages
from bench.remote import RemoteEmulator
from bench.report import Figure, Results
from bench.school import TELEGRAM_BASE, create_school, telegram_id
from bot.app import running
from bot.clock import FakeClock
from bot.demo.world import open_world

FAN_OUT = "fan-out"
PACING = "pacing"
UNPACED: dict[str, Any] = {"send_rate_per_second": 1e9, "per_chat_interval_seconds": 0.0}


def _how(queued_by_tick: int, count: int) -> str:
    return (
        "by the tick"
        if queued_by_tick >= count
        else f"queued as notices ({queued_by_tick} by the tick, which has no such step yet)"
    )


async def fan_out_in_process(results: Results, workdir: Path, count: int) -> None:
    """Emulator, sender and SQLite in one process: what one core does end to end."""
    path = workdir / "fanout-local.sqlite3"
    await create_school(path, count, due=count, now=NOW)
    async with open_world(path, NOW, **UNPACED) as world:
        emulator = world.emulator
        for n in range(count):
            emulator.user(telegram_id(n), f"Student {n}")
        started = time.perf_counter()
        await queue_messages(world.bot, count)
        await emulator.wait_for(
            lambda: emulator.count("sendMessage", 200) >= count, timeout=max(60.0, count / 50)
        )
        elapsed = time.perf_counter() - started
    results.add(
        Figure(FAN_OUT, f"{count:,} chats, emulator in the same process", count / elapsed, "msg/s")
    )


async def fan_out(results: Results, workdir: Path, count: int) -> None:
    """The bot alone in its process (the emulator has its own): the bot's own throughput."""
    path = workdir / "fanout.sqlite3"
    await create_school(path, count, due=count, now=NOW)
    with RemoteEmulator() as emulator:
        await emulator.ask(users=[TELEGRAM_BASE, count])
        settings = bot_settings(emulator.base_url, emulator.token, path, **UNPACED)
        async with running(
            settings, clock=FakeClock(NOW), poll_timeout=1, schedule_tick=False
        ) as bot:
            started = time.monotonic()
            by_tick = await queue_messages(bot, count)
            queued = time.monotonic()
            stats = await emulator.wait_sent(count, timeout=max(60.0, count / 50))
    elapsed = stats["last"] - started
    results.note(
        f"fan-out: {count:,} messages {_how(by_tick, count)}; the emulator runs in "
        "a process of its own (the in-process figure shares one core with it)"
    )
    results.add(
        Figure(
            FAN_OUT, f"{count:,} messages to {count:,} chats", count / elapsed, "msg/s", 1000.0
        ),
        Figure(FAN_OUT, "  of which the tick queueing them", queued - started, "s"),
        Figure(
            FAN_OUT, "  sender alone, after the tick", count / (stats["last"] - queued), "msg/s"
        ),
    )


async def pacing(results: Results, workdir: Path, chats: int, per_chat: int) -> None:
    """Default pacing (25/s, 1 s a chat) against an emulator enforcing Telegram's limits."""
    count = chats * per_chat
    path = workdir / "pacing.sqlite3"
    await create_school(path, chats, due=0, now=NOW)
    with RemoteEmulator(limits=True) as emulator:
        await emulator.ask(users=[TELEGRAM_BASE, chats])
        settings = bot_settings(emulator.base_url, emulator.token, path)
        rate = settings.send_rate_per_second
        async with running(
            settings, clock=FakeClock(NOW), poll_timeout=1, schedule_tick=False
        ) as bot:
            # A chat's messages queued one after another: the sender must skip ahead.
            await queue_messages(bot, count, chat_of=lambda n: 1 + n // per_chat)
            stats = await emulator.wait_sent(count, timeout=count / rate * 3 + 30)
    achieved = (count - 1) / (stats["last"] - stats["first"])
    results.note(
        f"pacing: {count} messages, {per_chat} to each of {chats} chats, queued "
        f"chat by chat; configured {rate:g}/s and "
        f"{settings.per_chat_interval_seconds:g} s a chat"
    )
    results.add(
        Figure(PACING, "achieved / configured rate", 100 * achieved / rate, "%", 95.0),
        Figure(PACING, "429 answers", stats["too_many"], "", 0.0, at_least=False),
        Figure(PACING, "smallest gap in one chat", stats["min_gap"], "s", 1.0),
    )
