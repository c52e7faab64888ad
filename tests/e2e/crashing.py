"""The bot as its own process, which a crash test kills and starts again; what it counts."""

import asyncio
import os
import random
import re
import signal
import sqlite3
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.sandbox.emulator import BotApiEmulator
from bot.sandbox.users import SimUser
from storage.db import Database
from tests.processes import Processes

ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT = 30.0  # a cold start of the bot process on a busy CI machine
STEP_TIMEOUT = 60.0  # one answer of a student, across however many kills fall in between


@dataclass(frozen=True)
class CrashRun:
    """The seed and the number of kills of this run."""

    seed: int
    kills: int

    def random(self, part: str) -> random.Random:
        """A random sequence of its own for one part of one test."""
        return random.Random(f"{self.seed}:{part}")

    def __str__(self) -> str:
        return f"CRASH_SEED={self.seed} CRASH_KILLS={self.kills}"


@dataclass
class CrashingBot:
    """The bot as its own process, which the test kills with SIGKILL and starts again."""

    emulator: BotApiEmulator
    module: list[str]  # what follows `python -m`
    database: Path
    workdir: Path
    in_flight: int = 1  # SEND_CONCURRENCY: messages the sender may have in flight at once
    # The test's `processes` fixture: it kills the bot when the test ends, however it ends.
    processes: Processes = field(kw_only=True)
    settings: dict[str, str] = field(default_factory=dict, kw_only=True)  # more environment
    kills: int = 0
    process: asyncio.subprocess.Process | None = None
    _exited: asyncio.Task[int] | None = field(default=None, repr=False)

    @property
    def log(self) -> Path:
        """Everything the bot processes logged, one after the other."""
        return self.workdir / "bot.log"

    def environment(self) -> dict[str, str]:
        """The environment an operator would set, pointing at the emulator."""
        path = os.environ.get("PYTHONPATH")
        return {
            **os.environ,
            "PYTHONPATH": f"{ROOT}{os.pathsep}{path}" if path else str(ROOT),
            "TELEGRAM_BOT_TOKEN": self.emulator.token,
            "TELEGRAM_API_BASE_URL": self.emulator.base_url,
            "DATABASE_PATH": str(self.database),
            "WEBHOOK_URL": "",
            "PER_CHAT_INTERVAL_SECONDS": "0",
            "SEND_RATE_PER_SECOND": "1000",
            "SEND_CONCURRENCY": str(self.in_flight),
            **self.settings,
        }

    async def start(self) -> None:
        """Start the process and return once it polls for updates."""
        polls = self.emulator.poller
        with self.log.open("ab") as log:  # the child keeps its own copy of the descriptor
            process = await self.processes.start(
                sys.executable,
                "-m",
                *self.module,
                env=self.environment(),
                cwd=self.workdir,
                stdin=asyncio.subprocess.DEVNULL,
                stdout=log,
                stderr=log,
            )
        self.process = process
        self._exited = asyncio.create_task(self._watch(process))
        await self.until(lambda: self.emulator.poller > polls, START_TIMEOUT)

    async def _watch(self, process: asyncio.subprocess.Process) -> int:
        code = await process.wait()
        self.emulator.signal.notify()  # whoever waits on the emulator looks again
        return code

    @property
    def alive(self) -> bool:
        """Whether the process runs (it never ends by itself)."""
        return self.process is not None and self.process.returncode is None

    def errors_logged(self) -> list[str]:
        """The ERROR (and CRITICAL) lines every bot process wrote, each with its next line."""
        lines = self.log.read_text(encoding="utf-8", errors="replace").splitlines()
        return [
            " | ".join(lines[n : n + 2])
            for n, line in enumerate(lines)
            if re.search(r" (ERROR|CRITICAL) ", line)
        ]

    def failure(self, what: str) -> AssertionError:
        """An error naming what went wrong, with the end of the bot's log."""
        tail = self.log.read_text(encoding="utf-8", errors="replace")[-3000:]
        return AssertionError(f"{what}\n--- end of {self.log} ---\n{tail}")

    async def until(self, predicate: Callable[[], bool], timeout: float = STEP_TIMEOUT) -> None:  # noqa: ASYNC109
        """Wait for predicate() on the emulator's events; fail at once if the bot died."""
        await self.emulator.wait_for(lambda: predicate() or not self.alive, timeout)
        if not self.alive:
            code = self.process.returncode if self.process else None
            raise self.failure(f"the bot process ended by itself (exit code {code})")

    async def kill(self) -> None:
        """SIGKILL: no clean-up of any kind runs in the bot."""
        assert self.process is not None
        assert self._exited is not None
        self.process.send_signal(signal.SIGKILL)
        self.process = None  # not alive, but not a death to report either
        await self._exited
        self.kills += 1

    async def restart(self) -> None:
        """Kill and start again."""
        await self.kill()
        await self.start()

    async def stop(self) -> None:
        """A clean stop (SIGTERM), which must succeed."""
        assert self.process is not None
        assert self._exited is not None
        self.process.send_signal(signal.SIGTERM)
        process, self.process = self.process, None
        if await self._exited != 0:
            raise self.failure(f"a clean stop ended with exit code {process.returncode}")


async def problems_in(path: Path) -> list[str]:
    """What `PRAGMA integrity_check` and `foreign_key_check` report, empty when clean."""
    db = await Database.open(path, migrate=False)
    try:
        return await db.integrity_problems()
    finally:
        await db.close()


def rows(path: Path, sql: str) -> list[tuple[Any, ...]]:
    """Rows of a query on the bot's database, read after the bot stopped."""
    with sqlite3.connect(path) as conn:
        return [tuple(row) for row in conn.execute(sql)]


def extra_messages(chats: list[SimUser]) -> int:
    """How many bot messages repeat one that chat had already (same text)."""
    return sum(n - 1 for chat in chats for n in Counter(chat.texts()).values() if n > 1)
