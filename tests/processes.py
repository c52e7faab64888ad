"""Processes the tests start: each one stopped by a fixture, and none left behind.

A test that fails half-way must not leave a bot polling the next test's emulator, nor a
process holding a database file: every process goes through `Processes.start`, whose fixture
kills what is still running when the test ends, whatever the outcome. `leftovers()` lists
what runs under the test process all the same; the fixtures in tests/conftest.py fail a test
(and the run) that leaves one.
"""

from __future__ import annotations

import asyncio
import os
import signal
from contextlib import suppress
from pathlib import Path
from typing import Any

Process = asyncio.subprocess.Process


def _children(pid: int) -> list[int]:
    found: list[int] = []
    try:
        tasks = list(Path(f"/proc/{pid}/task").iterdir())
    except OSError:
        return found
    for task in tasks:
        try:
            found += [int(child) for child in (task / "children").read_text().split()]
        except OSError:
            continue
    return found


def _running(pid: int) -> bool:
    """Whether a process exists and has not ended (a zombie only waits to be reaped)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    state = stat.rsplit(")", 1)[1].split()[0]
    return state not in ("Z", "X")


def leftovers(root: int | None = None) -> dict[int, str]:
    """Every running process below this one (Linux /proc), with its command line."""
    pending, found = [root or os.getpid()], {}
    while pending:
        for child in _children(pending.pop()):
            pending.append(child)
            if _running(child):
                try:
                    command = Path(f"/proc/{child}/cmdline").read_bytes()
                except OSError:
                    continue
                found[child] = command.replace(b"\0", b" ").decode(errors="replace").strip()
    return found


def kill(pids: list[int]) -> None:
    """SIGKILL each of them (they are ours: children of this test process)."""
    for pid in pids:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            continue


class Processes:
    """The processes one test started; `stop_all` ends those still running."""

    def __init__(self) -> None:
        self.started: list[Process] = []

    async def start(self, program: str, *args: str, **options: Any) -> Process:
        """asyncio.create_subprocess_exec, remembered for the teardown."""
        process = await asyncio.create_subprocess_exec(program, *args, **options)
        self.started.append(process)
        return process

    async def stop_all(self) -> list[str]:
        """Kill what still runs and reap it; returns what had to be killed."""
        killed = []
        for process in self.started:
            if process.returncode is None:
                killed.append(str(process.pid))
                with suppress(ProcessLookupError):  # it ended just now
                    process.kill()
            await process.wait()
        return killed
