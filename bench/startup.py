"""Memory and start-up: `python -m bot run` as its own process, 100,000 placements on disk."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from bench.report import Figure, Results
from bench.school import create_school
from bot.sandbox.emulator import BotApiEmulator

SECTION = "start-up"
RUN_SECONDS = 3.0  # after the first getUpdates: the first tick (1 s after start) runs in it


def cpu_seconds(pid: int) -> float:
    """The CPU time (user and system) a running process has used so far: unlike the wall
    time, hardly changed by other work on the same cores."""
    fields = Path(f"/proc/{pid}/stat").read_text(encoding="ascii").rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime


def peak_rss_mb(pid: int) -> float:
    """The peak RSS of the running program itself (VmHWM of its memory after exec).

    Not `ru_maxrss`: Linux carries a forked child's pre-exec size, a copy of the parent's
    (this benchmark process, large after the fan-out), into it.
    """
    status = Path(f"/proc/{pid}/status").read_text(encoding="ascii")
    line = next(row for row in status.splitlines() if row.startswith("VmHWM:"))
    return int(line.split()[1]) / 1024  # kB


async def startup(
    results: Results, workdir: Path, placements: int, section: str = SECTION
) -> None:
    """Seconds from process start to the first getUpdates, and the peak RSS of the process."""
    path = workdir / f"{section}-startup.sqlite3"  # scale runs it too, in the same folder
    # The bot runs on the system clock here: nothing may be due by that clock.
    await create_school(path, placements, due=0, now=datetime.now(UTC))
    log = workdir / f"{section}-startup.log"
    async with BotApiEmulator() as emulator:
        env = {
            **os.environ,
            "TELEGRAM_BOT_TOKEN": emulator.token,
            "TELEGRAM_API_BASE_URL": emulator.base_url,
            "DATABASE_PATH": str(path),
            "WEBHOOK_URL": "",
        }
        with log.open("w") as output:
            started = time.monotonic()
            process = subprocess.Popen(  # noqa: ASYNC220
                [sys.executable, "-m", "bot", "run"],
                env=env,
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        try:
            await emulator.wait_for(lambda: emulator.poller > 0, timeout=60)
            first_poll = time.monotonic() - started
            cpu = cpu_seconds(process.pid)
            await asyncio.sleep(RUN_SECONDS)
            peak_mb = peak_rss_mb(process.pid)
        finally:
            process.send_signal(signal.SIGTERM)
            await asyncio.to_thread(process.wait)
    if process.returncode != 0:
        raise RuntimeError(f"python -m bot run ended with {process.returncode}; see {log}")
    results.add(
        Figure(
            section,
            f"start to first getUpdates, {placements:,} placements",
            first_poll,
            "s",
            1.5,
            at_least=False,
        ),
        Figure(
            section,
            f"CPU time to first getUpdates, {placements:,} placements",
            cpu,
            "s",
            0.5,
            at_least=False,
        ),
        Figure(
            section,
            f"peak RSS of `python -m bot run`, {placements:,} placements",
            peak_mb,
            "MB",
            150.0,
            at_least=False,
        ),
    )
    results.note(
        f"{section}: `python -m bot run` in a separate process against the emulator; it ran "
        f"{RUN_SECONDS:g} s after its first getUpdates (one tick included), then got SIGTERM"
    )
