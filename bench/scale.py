"""A school of 10,000 placements: start-up, memory, and the first wave of its Friday peak.

`python -m bench --only scale` (about 15 minutes; not part of the plain full run). Start-up and
peak RSS are `python -m bot run` in its own process, as in bench/startup.py. The peak: every
placement's check-in due at the same minute, the emulator (own process, with the students)
enforcing Telegram's limits, the bot at its defaults (25/s, 1 s a chat). Every check-in goes
out; every `ANSWERING_EVERY`-th student answers his on arrival (mood, a line, help: three
answers, as in bench/peak.py), the others only read theirs. The whole peak, every student
answering, would be about six messages a student: 10,000 × 6 / 25 ≈ 40 minutes of sending.
While the outbox holds the wave the bench samples what a school would feel: a tick (the
scheduler's, nothing due), the messages still queued, the bot process's memory and how late
its event loop is.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench import startup
from bench.harness import NOW, bot_settings
from bench.peak import RATE, percentile
from bench.remote import RemoteEmulator
from bench.report import Figure, Results
from bench.school import create_school
from bench.students import INTERVAL, Tap
from bot.app import MentorBot, running
from bot.clock import FakeClock

SECTION = "scale"
ANSWERING_EVERY = 10  # one student in ten answers at once: 1,000 of 10,000
SAMPLE_SECONDS = 10.0  # how often the bench looks at the bot while the wave goes out
LAG_STEP = 0.05  # the event loop's lateness is measured on a sleep this long
MESSAGES_PER_ANSWERING = 6  # check-in, two questions, thanks and two edits


@dataclass
class Watch:
    """What the bench saw of the bot while the wave went out."""

    ticks_ms: list[float] = field(default_factory=list)
    ticks_at: list[float] = field(default_factory=list)  # seconds into the peak of each
    queued: list[int] = field(default_factory=list)
    rss_mb: list[float] = field(default_factory=list)
    lag_ms: list[float] = field(default_factory=list)


def rss_mb() -> float:
    """The resident memory of this process now (VmRSS), in MB."""
    status = Path("/proc/self/status").read_text(encoding="ascii")
    line = next(row for row in status.splitlines() if row.startswith("VmRSS:"))
    return int(line.split()[1]) / 1024


async def pending(bot: MentorBot) -> int:
    """Messages still waiting in the outbox."""
    async with (
        bot.services.db.reading() as conn,
        conn.execute("SELECT count(*) FROM outbox WHERE status = 'pending'") as cursor,
    ):
        row = await cursor.fetchone()
    return int(row[0]) if row else 0


async def _sample(bot: MentorBot, watch: Watch, peak_started: float) -> None:
    while True:
        watch.ticks_at.append(time.monotonic() - peak_started)
        started = time.perf_counter()
        await bot.tick()  # nothing is due: the scheduler's tick of every minute
        watch.ticks_ms.append(1000 * (time.perf_counter() - started))
        watch.queued.append(await pending(bot))
        watch.rss_mb.append(rss_mb())
        await asyncio.sleep(SAMPLE_SECONDS)


async def _lag(watch: Watch) -> None:
    while True:
        started = time.perf_counter()
        await asyncio.sleep(LAG_STEP)
        watch.lag_ms.append(1000 * (time.perf_counter() - started - LAG_STEP))


async def scale(results: Results, workdir: Path, placements: int) -> None:
    """Start-up and RSS with `placements`, then the first wave of their Friday peak."""
    await startup.startup(results, workdir, placements, section=SECTION)
    await first_wave(results, workdir, placements)


async def first_wave(results: Results, workdir: Path, placements: int) -> None:
    """Every check-in due at once; one student in ANSWERING_EVERY answers his on arrival."""
    path = workdir / "scale.sqlite3"
    await create_school(path, placements, due=placements, now=NOW)
    answering = len(range(0, placements, ANSWERING_EVERY))
    messages = placements + answering * (MESSAGES_PER_ANSWERING - 1)
    timeout = messages / RATE * 2 + 60
    watch = Watch()
    with RemoteEmulator(limits=True) as emulator:
        await emulator.ask(peak=placements, answering_every=ANSWERING_EVERY, timeout=timeout)
        settings = bot_settings(
            emulator.base_url,
            emulator.token,
            path,
            per_chat_interval_seconds=INTERVAL,
            send_rate_per_second=RATE,
        )
        async with running(
            settings, clock=FakeClock(NOW), poll_timeout=1, schedule_tick=False
        ) as bot:
            rss_before = rss_mb()
            started = time.monotonic()
            report = await bot.tick()
            queueing = time.monotonic() - started
            watchers = [
                asyncio.create_task(_sample(bot, watch, started)),
                asyncio.create_task(_lag(watch)),
            ]
            try:
                summary = await emulator.ask(peak_done=True)
            finally:
                for task in watchers:
                    task.cancel()
                await asyncio.gather(*watchers, return_exceptions=True)
            elapsed = time.monotonic() - started
            left = await pending(bot)
    _report(
        results,
        summary,
        watch,
        placements=placements,
        answering=answering,
        queued=report.total,
        queueing=queueing,
        elapsed=elapsed,
        rss_before=rss_before,
        left=left,
    )


def _report(
    results: Results,
    summary: dict[str, Any],
    watch: Watch,
    *,
    placements: int,
    answering: int,
    queued: int,
    queueing: float,
    elapsed: float,
    rss_before: float,
    left: int,
) -> None:
    taps = [Tap(at, previous, answered) for at, previous, answered in summary["taps"]]
    answered = [tap.answered - tap.at for tap in taps if tap.answered is not None]
    checkins, sent = summary["checkins"], summary["sent"]
    first, last_checkin = min(sent, default=0.0), max(checkins, default=0.0)
    during = [
        tap.answered - tap.at for tap in taps if tap.answered is not None and tap.at < last_checkin
    ]
    rate = (len(sent) - 1) / (max(sent) - first) if len(sent) > 1 else 0.0
    n = f"{placements:,}"
    results.add(
        Figure(SECTION, f"peak, {n} due at once: tick queueing the check-ins", queueing, "s"),
        Figure(SECTION, "  check-ins queued by that tick", queued, ""),
        Figure(SECTION, "  check-ins delivered", 100 * len(checkins) / placements, "%", 100.0),
        Figure(SECTION, "  first to last check-in delivered", last_checkin - first, "s"),
        Figure(SECTION, "  429 answers", summary["floods"], "", 0.0, at_least=False),
        Figure(SECTION, "  messages per second / configured rate", 100 * rate / RATE, "%", 95.0),
        Figure(SECTION, "  messages sent (check-ins, answers, edits)", len(sent), ""),
        Figure(
            SECTION,
            f"  answers answered ({answering:,} students answering, 3 answers each)",
            100 * len(answered) / max(1, 3 * answering),
            "%",
            100.0,
        ),
        Figure(
            SECTION,
            "  p99 tap → next question, while check-ins go out",
            percentile(during, 99),
            "s",
            1.5,
            at_least=False,
        ),
        Figure(
            SECTION,
            "  p50 / p99 tap → next question, whole peak",
            percentile(answered, 50),
            f"s / {percentile(answered, 99):.2f} s",
        ),
        Figure(SECTION, "  the peak lasted", elapsed, "s"),
        Figure(
            SECTION, "  outbox: most messages queued at a sample", max(watch.queued, default=0), ""
        ),
        Figure(SECTION, "  outbox: queued at the end", left, ""),
        Figure(
            SECTION, "  tick (nothing due) while queued: max", max(watch.ticks_ms, default=0), "ms"
        ),
        Figure(
            SECTION,
            "  tick (nothing due) while queued: median",
            percentile(watch.ticks_ms, 50),
            "ms",
        ),
        Figure(SECTION, "  event loop late: p99", percentile(watch.lag_ms, 99), "ms"),
        Figure(SECTION, "  event loop late: max", max(watch.lag_ms, default=0), "ms"),
        Figure(SECTION, "  RSS of the bench process: before the tick", rss_before, "MB"),
        Figure(
            SECTION,
            "  RSS of the bench process: most while queued",
            max(watch.rss_mb, default=0),
            "MB",
        ),
    )
    results.note(
        f"scale: {n} placements, every check-in due at the same minute; every "
        f"{ANSWERING_EVERY}th student ({answering:,}) answers his on arrival (mood, a line, "
        "help), the others only read theirs. The emulator and the students run in a process "
        "of their own; the bot runs in the bench process, so its RSS is that process's. "
        f"Every {SAMPLE_SECONDS:g} s the bench ran a tick (nothing due) and counted the "
        f"outbox ({len(watch.ticks_ms)} samples); lateness is of a {1000 * LAG_STEP:g} ms "
        "sleep on the bot's event loop."
    )
    slowest = sorted(zip(watch.ticks_ms, watch.ticks_at, strict=True), reverse=True)[:3]
    results.note(
        "scale: the slowest ticks while queued: "
        + ", ".join(f"{ms:,.0f} ms at {at:.0f} s into the peak" for ms, at in slowest)
    )
    for method, chat, at, last_second, since in summary["flooded"]:
        results.note(
            f"scale: 429 for {method} to chat {chat}, {at - first:.2f} s into it, "
            f"{last_second} messages in the second before it, {since:.2f} s after "
            "the chat's last message"
        )
