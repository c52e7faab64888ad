"""The tick's cost with 1,000 to 100,000 active placements: it should follow what is due."""

from __future__ import annotations

import shutil
import statistics
import time
from datetime import timedelta
from pathlib import Path

from bench.harness import NOW
from bench.report import Figure, Results
from bench.school import create_school
from bot.clock import FakeClock
from bot.domain.policy import Policy
from bot.services.runtime import Services
from scheduler.tick import STEPS, tick
from storage.db import Database

SECTION = "tick"
DUE = 1_000
POLICY = Policy(bot_username="mentorbot_bench_bot")


async def _timed_tick(path: Path) -> float:
    """Milliseconds of one tick at NOW, on a connection warmed by a tick when nothing was due."""
    db = await Database.open(path)
    try:
        svc = Services(db, FakeClock(NOW), POLICY)
        await tick(svc, NOW - timedelta(hours=1))  # warm: the bot's connection is long-lived
        started = time.perf_counter()
        await tick(svc, NOW)
        return (time.perf_counter() - started) * 1000
    finally:
        await db.close()


async def _idle_ms(path: Path, repeats: int) -> float:
    """Median milliseconds of a tick that finds nothing due."""
    db = await Database.open(path)
    try:
        svc = Services(db, FakeClock(NOW), POLICY)
        await tick(svc, NOW)
        times = []
        for _ in range(repeats):
            started = time.perf_counter()
            await tick(svc, NOW)
            times.append((time.perf_counter() - started) * 1000)
        return statistics.median(times)
    finally:
        await db.close()


async def _due_ms(path: Path, workdir: Path, repeats: int) -> float:
    """Median milliseconds of a tick that finds DUE check-ins due, each on a fresh copy."""
    times = []
    for n in range(repeats):
        copy = workdir / f"tick-copy-{n}.sqlite3"
        shutil.copyfile(path, copy)
        times.append(await _timed_tick(copy))
        copy.unlink()
    return statistics.median(times)


async def tick_scaling(results: Results, workdir: Path, sizes: list[int], *, repeats: int) -> None:
    """Tick duration by school size, with nothing due and with DUE check-ins due."""
    idle: dict[int, float] = {}
    due: dict[int, float] = {}
    for size in sizes:
        quiet, busy = workdir / f"tick-{size}-idle.sqlite3", workdir / f"tick-{size}-due.sqlite3"
        await create_school(quiet, size, due=0, now=NOW)
        await create_school(busy, size, due=DUE, now=NOW)
        idle[size] = await _idle_ms(quiet, repeats * 10)
        due[size] = await _due_ms(busy, workdir, repeats)
        results.add(
            Figure(
                SECTION,
                f"{size:,} placements, nothing due",
                idle[size],
                "ms",
                5.0 if size == max(sizes) else None,
                at_least=False,
            ),
            Figure(SECTION, f"{size:,} placements, {DUE:,} due", due[size], "ms"),
        )
        quiet.unlink()
        busy.unlink()
    small, large = min(sizes), max(sizes)
    for name, times in (("nothing due", idle), (f"{DUE:,} due", due)):
        results.add(
            Figure(
                SECTION,
                f"tick({large:,}) / tick({small:,}), {name}",
                times[large] / max(times[small], 1e-6),
                "×",
                2.0,
                at_least=False,
            )
        )
    results.note(
        f"tick: steps {[name for name, _ in STEPS] or 'none yet'}; medians of "
        f"{repeats * 10} idle ticks and of {repeats} due ticks (each on a fresh copy "
        "of the database, after a warming tick); the database is a real file"
    )
