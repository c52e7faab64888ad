"""Fuzzing one running bot with generated updates: it never fails, never leaves anyone unanswered.

FUZZ_UPDATES sets how many updates to inject (default 300 for CI; e.g. 10000 for a long run).
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import os
import sqlite3
import threading
import time
from collections import Counter
from collections.abc import Coroutine
from contextlib import AsyncExitStack
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from bot.demo.world import World, open_world
from bot.domain.people import LANGUAGES
from bot.i18n import t
from bot.sandbox.chats import SimChat
from tests.conftest import START
from tests.e2e.fuzz_updates import BOTS, CHANNELS, GROUPS, STRANGERS, Step, Updates, steps
from tests.e2e.story import COORDINATOR, cast

TOTAL = int(os.environ.get("FUZZ_UPDATES", "300"))
BATCH = 30
BURST = 3  # updates injected at once: Telegram hands them out in one getUpdates
PRIVATE_ONLY = {t(lang, "private_only", bot="mentorbot_test_bot") for lang in LANGUAGES}
T = TypeVar("T")


class Errors(logging.Handler):
    """Every error the bot logs (a failed handler, a refused message) while fuzzed."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


class Fuzz:
    """The running bot, the chats of everyone who may write, and what was injected."""

    def __init__(self, world: World, chats: dict[str, SimChat], errors: Errors) -> None:
        self.world, self.chats, self.errors = world, chats, errors
        self.updates = Updates()
        self.next_id = 1_000_000
        self.query_ids = itertools.count(1)
        self.kinds: Counter[str] = Counter()
        self.injected = self.replayed = 0
        self.started = time.monotonic()
        self.longest = 0

    def sender(self, step: Step) -> dict[str, Any] | None:
        chat = self.chats[step.sender]
        if step.sender in CHANNELS:
            return None
        if step.sender in GROUPS:  # a stranger writes in a group the bot is in
            return {"id": 7_000, "is_bot": False, "first_name": step.text[:64] or "G"}
        user = self.world.emulator.users[chat.chat_id].user_dict()
        if step.sender in BOTS:
            user["is_bot"] = True
        if step.sender in STRANGERS:
            user["first_name"] = step.text[:64] or "S"
        return user

    def update(self, step: Step) -> dict[str, Any] | None:
        """The raw update for a step (None: a button press where the bot sent no buttons)."""
        chat = self.chats[step.sender]
        date = self.world.emulator.date()
        if step.kind == "callback":
            if not chat.bot_messages:
                return None
            pressed = chat.bot_messages[step.number % len(chat.bot_messages)]
            return {
                "callback_query": {
                    "id": f"q{next(self.query_ids)}",
                    "from": self.sender(step),
                    "data": step.text or "x",
                    "chat_instance": f"ci{chat.chat_id}",
                    "message": chat.api_message(pressed),
                }
            }
        message = self.updates.message(chat.chat_dict(), self.sender(step), date, step)
        if step.kind == "edited":
            message["edit_date"] = date
            return {"edited_message": message}
        if step.kind.endswith("channel_post"):
            return {step.kind: message}
        return {"message": message}

    async def play(self, burst: list[Step]) -> None:
        """Inject a burst of updates at once (out of order, some twice), then check answers."""
        made = [(step, update) for step in burst if (update := self.update(step)) is not None]
        ids = list(range(self.next_id, self.next_id + len(made)))
        self.next_id += len(made)
        if burst[0].replay:
            ids.reverse()
        before = {name: len(chat.bot_messages) for name, chat in self.chats.items()}
        for (step, update), update_id in zip(made, ids, strict=True):
            self.world.emulator.inject_update({"update_id": update_id, **update})
            if step.replay:  # Telegram sends it again: it must be handled once
                self.world.emulator.inject_update({"update_id": update_id, **update})
                self.replayed += 1
            self.kinds[step.kind] += 1
            self.injected += 1
            self.longest = max(self.longest, len(step.text))
        await self.world.settle(timeout=60)
        answered = {
            a["callback_query_id"]
            for chat in self.chats.values()
            for a in getattr(chat, "answers", [])
        }
        needed: Counter[str] = Counter()
        for step, update in made:
            if "callback_query" in update:
                if step.sender not in BOTS + GROUPS:
                    assert update["callback_query"]["id"] in answered, (step, update)
            elif step.sender in GROUPS:
                needed[step.sender] += "message" in update
            elif step.sender not in BOTS + CHANNELS:
                needed[step.sender] += 1
        for name, chat in self.chats.items():
            new = chat.bot_messages[before[name] :]
            if name in GROUPS:
                assert [m.text for m in new if m.text not in PRIVATE_ONLY] == []
                assert len(new) == needed[name], name
            elif name in BOTS + CHANNELS:
                assert new == [], name
            else:
                assert len(new) >= needed[name], (name, [s for s, _ in made])
        assert self.errors.records == [], [r.getMessage() for r in self.errors.records]


async def opened(database: Path, errors: Errors, stack: AsyncExitStack) -> Fuzz:
    """The bot running with its cast joined, a coordinator, strangers, bots, groups."""
    # Every update stays in the inbox (a long run moves the clock by months), to be counted.
    world = await stack.enter_async_context(
        open_world(database, START, coordinator_ids=frozenset({COORDINATOR}), inbox_keep_days=3650)
    )
    people = await cast(world)
    coordinator = world.emulator.user(COORDINATOR, "Carla", language_code="en")
    coordinator.send_command("/start")
    emulator = world.emulator
    chats: dict[str, SimChat] = {
        "student": people.student,
        "other_student": people.other_student,
        "mentor": people.mentor,
        "supervisor": people.supervisor,
        "coordinator": coordinator,
        **{name: emulator.user(7_100 + n, f"S{n}") for n, name in enumerate(STRANGERS)},
        **{name: emulator.user(8_100 + n, f"B{n}") for n, name in enumerate(BOTS)},
        **{name: emulator.group(-100 - n, name, name) for n, name in enumerate(GROUPS)},
        "channel": emulator.group(-1_001_234, "News", "channel"),
    }
    # Friday 14:00: the week's check-ins are open, so their buttons mean something.
    await world.move_to(datetime(2026, 3, 6, 14, tzinfo=ZoneInfo("Europe/Amsterdam")))
    return Fuzz(world, chats, errors)


async def play_batch(fuzz: Fuzz, batch: list[Step]) -> None:
    """Bursts of a few updates each; a tick step moves the clock between them."""
    burst: list[Step] = []
    for step in [*batch, Step("tick", "", number=0)]:
        if step.kind != "tick" and len(burst) < BURST:
            burst.append(step)
            continue
        if burst:
            await fuzz.play(burst)
        burst = [step] if step.kind != "tick" else []
        if step.kind == "tick" and step.number:
            await fuzz.world.advance(hours=step.number)
            fuzz.kinds["tick"] += 1
    if burst:
        await fuzz.play(burst)


async def whole(fuzz: Fuzz) -> None:
    """After the fuzzing: every update handled without error, nothing refused, a whole file."""
    database: Path = fuzz.world.bot.settings.database_path
    await fuzz.world.settle(timeout=60)
    assert await fuzz.world.bot.services.db.integrity_problems() == []
    with sqlite3.connect(database) as conn:
        handled, failed, unhandled = conn.execute(
            "SELECT COUNT(*), COUNT(error), COUNT(*) - COUNT(processed_at) FROM inbox"
        ).fetchone()
        errors = conn.execute(
            "SELECT update_id, error FROM inbox WHERE error IS NOT NULL LIMIT 5"
        ).fetchall()
        refused = conn.execute("SELECT COUNT(*) FROM outbox WHERE status = 'failed'").fetchone()
    assert (failed, unhandled, refused[0]) == (0, 0, 0), errors
    assert fuzz.injected >= TOTAL
    assert handled >= fuzz.injected  # a replayed update is one row
    assert fuzz.world.emulator.count(status=400) == 0
    print(
        f"\nfuzz: {fuzz.injected} updates ({fuzz.replayed} sent twice) "
        f"({dict(sorted(fuzz.kinds.items()))}), {handled} inbox rows, "
        f"{fuzz.world.emulator.count()} Bot API calls, longest text {fuzz.longest}, "
        f"{time.monotonic() - fuzz.started:.1f}s"
    )


class BotThread:
    """An event loop in a thread of its own: the bot runs there while Hypothesis (which
    drives a test synchronously) sends it updates, and one test does all of it in order."""

    def __enter__(self) -> BotThread:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name="fuzzed-bot")
        self.thread.start()
        return self

    def run(self, work: Coroutine[Any, Any, T], timeout: float = 900) -> T:
        """Run a coroutine on the bot's loop and wait for its result."""
        return asyncio.run_coroutine_threadsafe(work, self.loop).result(timeout)

    def __exit__(self, *_: object) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join()
        self.loop.run_until_complete(self.loop.shutdown_asyncgens())
        self.loop.close()


def test_generated_updates_never_fail_and_always_get_an_answer(tmp_path: Path) -> None:
    errors = Errors()
    logging.getLogger().addHandler(errors)
    try:
        with BotThread() as bot:
            stack = AsyncExitStack()
            fuzz = bot.run(opened(tmp_path / "bot.sqlite3", errors, stack))
            try:
                # Some steps inject nothing (the clock moves, a button where there is none):
                # examples to spare; a run stops injecting at TOTAL.
                @settings(
                    max_examples=2 * TOTAL // BATCH + 1,
                    deadline=None,
                    database=None,
                    derandomize=True,
                    phases=[Phase.generate],  # a running bot cannot be shrunk
                    suppress_health_check=[
                        HealthCheck.too_slow,
                        HealthCheck.data_too_large,
                        HealthCheck.large_base_example,
                    ],
                )
                @given(batch=st.lists(steps, min_size=BATCH, max_size=BATCH))
                def fuzzed(batch: list[Step]) -> None:
                    if fuzz.injected < TOTAL:
                        bot.run(play_batch(fuzz, batch))

                fuzzed()
                bot.run(whole(fuzz))
            finally:
                bot.run(stack.aclose())
    finally:
        logging.getLogger().removeHandler(errors)
