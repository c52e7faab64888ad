"""Update handling: ours (durable inbox, guard, services) against the PTB peer and bare PTB."""

from __future__ import annotations

import asyncio
import bisect
import statistics
import time
from collections import defaultdict
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from telegram import Update
from telegram.ext import (
    ApplicationBuilder,
    CallbackQueryHandler,
    ContextTypes,
    MessageHandler,
    TypeHandler,
    filters,
)

from bench.answers import Action, Sent, checkin_script, language_script
from bench.harness import NOW
from bench.peer import peer
from bench.report import Figure, Results
from bench.school import create_school, telegram_id
from bot.demo.world import open_world
from bot.sandbox.emulator import BotApiEmulator
from bot.sandbox.updates import Signal
from bot.sandbox.users import SimUser

Script = Callable[..., list[Action]]
SECTION = "updates"
CONCURRENT = 20  # students answering at the same moment in the throughput phase


@dataclass
class Target:
    """A running bot as the driver sees it: its emulator and how many updates it finished."""

    emulator: BotApiEmulator
    handled: Callable[[], int]
    progress: Signal


@dataclass(frozen=True, slots=True)
class Phase:
    """What one phase measured."""

    rate: float  # updates per second
    latencies: list[float]  # ms from getUpdates handing the update out to the first answer

    def percentile(self, p: float) -> float:
        """The p-th percentile latency in ms."""
        return statistics.quantiles(self.latencies, n=100, method="inclusive")[int(p) - 1]


async def drive(
    target: Target, users: list[SimUser], script: list[Action], count: int, concurrency: int
) -> Phase:
    """Students work through the script; each waits for the bot to finish his last update."""
    emulator, base, injected = target.emulator, target.handled(), 0
    sent: list[Sent] = []
    todo = iter([(user, action) for user in users for action in script][:count])
    per_user: dict[int, list[Action]] = defaultdict(list)
    for user, action in todo:
        per_user[user.user_id].append(action)
    queue = list(per_user.items())
    finished = 0.0

    async def student() -> None:
        nonlocal injected, finished
        while queue:
            user_id, actions = queue.pop()
            for action in actions:
                sent.append(action(emulator, emulator.users[user_id]))
                injected += 1
                mine = injected
                while target.handled() - base < mine:
                    await target.progress.wait(10.0)
                finished = time.monotonic()

    await asyncio.gather(*(student() for _ in range(concurrency)))
    delivered = emulator.queue.delivered_at
    start = min(delivered[s.update_id] for s in sent)
    return Phase(len(sent) / (finished - start), _latencies(emulator, sent))


def _latencies(emulator: BotApiEmulator, sent: list[Sent]) -> list[float]:
    answered: dict[str, float] = {}
    messages: dict[int, list[float]] = defaultdict(list)
    for call in emulator.calls:
        if call.method == "answerCallbackQuery" and call.status == 200:
            answered.setdefault(str(call.params.get("callback_query_id")), call.time)
        elif call.method == "sendMessage" and call.status == 200 and call.chat_id is not None:
            messages[call.chat_id].append(call.time)
    out = []
    for s in sent:
        at = emulator.queue.delivered_at[s.update_id]
        if s.query_id is not None:
            answer = answered[s.query_id]
        else:
            times = messages[s.chat_id]
            answer = times[bisect.bisect_left(times, at)]
        out.append((answer - at) * 1000)
    return out


@asynccontextmanager
async def ours(workdir: Path, students: int) -> AsyncIterator[tuple[Target, Script]]:
    """Our bot with `students` joined students, each with this week's check-in open."""
    path = workdir / "updates.sqlite3"
    await create_school(path, students, due=students, now=NOW)
    async with open_world(path, NOW) as world:
        for n in range(students):
            world.emulator.user(telegram_id(n), f"Student {n}")
        report = await world.bot.tick()
        await world.settle(timeout=60 + students / 20)
        # Before check-ins existed the bench pressed /language buttons; kept for older trees.
        script = checkin_script if report.counts.get("checkins_opened") else language_script
        inbox, signal = world.bot.inbox, Signal()

        async def relay() -> None:
            while True:
                await inbox.progress.wait()
                inbox.progress.clear()
                signal.notify()

        relaying = asyncio.create_task(relay())
        try:
            yield Target(world.emulator, lambda: inbox.handled, signal), script
        finally:
            relaying.cancel()
            with suppress(asyncio.CancelledError):
                await relaying


@asynccontextmanager
async def bare(students: int) -> AsyncIterator[Target]:
    """PTB alone, polling with its own Updater: answers a press, replies to a text."""
    async with BotApiEmulator() as emulator:
        for n in range(students):
            emulator.user(telegram_id(n), f"Student {n}")
        signal, done = Signal(), [0]

        async def answer(update: Update, _: ContextTypes.DEFAULT_TYPE) -> None:
            assert update.callback_query is not None
            await update.callback_query.answer()

        async def reply(update: Update, _: ContextTypes.DEFAULT_TYPE) -> None:
            assert update.effective_message is not None
            await update.effective_message.reply_text("Thanks!")

        async def count(_: Update, __: ContextTypes.DEFAULT_TYPE) -> None:
            done[0] += 1
            signal.notify()

        app = (
            ApplicationBuilder().token(emulator.token).base_url(f"{emulator.base_url}/bot").build()
        )
        app.add_handlers([CallbackQueryHandler(answer), MessageHandler(filters.TEXT, reply)])
        app.add_handler(TypeHandler(Update, count), group=1)
        async with app:
            assert app.updater is not None
            await app.updater.start_polling(poll_interval=0.0, timeout=1)
            await app.start()
            try:
                yield Target(emulator, lambda: done[0], signal)
            finally:
                await app.updater.stop()
                await app.stop()


def _users(target: Target, first: int, count: int) -> list[SimUser]:
    return [target.emulator.users[telegram_id(n)] for n in range(first, first + count)]


async def update_handling(results: Results, workdir: Path, count: int) -> None:
    """`count` answers at CONCURRENT students at once (throughput), then one at a time."""
    per_phase = -(-count // 3)  # students needed for `count` updates of three-step scripts
    students = 2 * per_phase
    measured: dict[str, tuple[Phase, Phase]] = {}
    async with ours(workdir, students) as (target, make_script):
        # Our bot presses the buttons it really sent (the language buttons it does not send).
        script = make_script(synthetic=make_script is language_script)
        burst = await drive(target, _users(target, 0, per_phase), script, count, CONCURRENT)
        single = await drive(target, _users(target, per_phase, per_phase), script, count, 1)
        measured["ours"] = (burst, single)
    bare_script = make_script(synthetic=True)
    async with peer(workdir, students) as (emulator, signal, done):
        target = Target(emulator, lambda: done[0], signal)
        burst = await drive(target, _users(target, 0, per_phase), bare_script, count, CONCURRENT)
        single = await drive(target, _users(target, per_phase, per_phase), bare_script, count, 1)
        measured["peer"] = (burst, single)
    async with bare(students) as target:
        burst = await drive(target, _users(target, 0, per_phase), bare_script, count, CONCURRENT)
        single = await drive(target, _users(target, per_phase, per_phase), bare_script, count, 1)
        measured["bare"] = (burst, single)
    _report(results, measured, count, script)


def _report(
    results: Results, measured: dict[str, tuple[Phase, Phase]], count: int, script: list[Any]
) -> None:
    (ours_burst, ours_single), (bare_burst, bare_single) = measured["ours"], measured["bare"]
    peer_burst, peer_single = measured["peer"]
    results.add(
        Figure(
            SECTION,
            f"ours: {count:,} answers, {CONCURRENT} students at once",
            ours_burst.rate,
            "upd/s",
        ),
        Figure(
            SECTION,
            "PTB peer (ConversationHandler + PicklePersistence): the same",
            peer_burst.rate,
            "upd/s",
        ),
        Figure(
            SECTION,
            "time per update, ours / PTB peer",
            peer_burst.rate / ours_burst.rate,
            "×",
            1.5,
            at_least=False,
        ),
        Figure(SECTION, "bare PTB (one call per update): the same", bare_burst.rate, "upd/s"),
        Figure(SECTION, "time per update, ours / bare", bare_burst.rate / ours_burst.rate, "×"),
        Figure(
            SECTION, "ours: p50 latency, one student at a time", ours_single.percentile(50), "ms"
        ),
        Figure(
            SECTION,
            "ours: p99 latency, one student at a time",
            ours_single.percentile(99),
            "ms",
            20.0,
            at_least=False,
        ),
        Figure(
            SECTION,
            "PTB peer: p50 / p99 latency, one at a time",
            peer_single.percentile(50),
            f"ms / {peer_single.percentile(99):.1f} ms",
        ),
        Figure(
            SECTION,
            "bare PTB: p50 / p99 latency, one at a time",
            bare_single.percentile(50),
            f"ms / {bare_single.percentile(99):.1f} ms",
        ),
        Figure(
            SECTION, f"ours: p99 latency, {CONCURRENT} at once", ours_burst.percentile(99), "ms"
        ),
    )
    results.note(
        f"updates: {len(script)}-step script per student; ours answers check-ins "
        "(mood button, text, help button) through the durable inbox; the PTB peer "
        "answers the same steps with the same calls (ConversationHandler, "
        "PicklePersistence writing every 60 s, PTB's Updater); bare PTB only "
        "answers the button or replies to the text; latency is from getUpdates handing "
        "the update out to the bot's first answer (answerCallbackQuery or sendMessage)"
    )
