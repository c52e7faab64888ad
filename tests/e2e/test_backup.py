"""`python -m bot backup` while the bot runs and writes: the copy is whole and consistent."""

from __future__ import annotations

import asyncio
import os
import sqlite3
import sys
from pathlib import Path

from bot.demo.world import World
from storage.db import migrations
from tests.processes import Processes

ROOT = Path(__file__).parent.parent.parent


def check(copy: Path) -> tuple[str, int, int]:
    """integrity_check, the schema version and the handled updates of a backup file."""
    with sqlite3.connect(copy) as conn:
        integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        handled = conn.execute(
            "SELECT COUNT(*) FROM inbox WHERE processed_at IS NOT NULL"
        ).fetchone()[0]
    return integrity, version, handled


async def test_a_backup_taken_while_the_bot_writes_is_consistent(
    world: World,
    tmp_path: Path,
    processes: Processes,
) -> None:
    strangers = [world.user(f"Visitor {n}", language="en") for n in range(10)]
    done = asyncio.Event()

    async def keep_writing() -> int:
        """Strangers keep writing, a round at a time: each round is answered before the next."""
        sent = 0
        while not done.is_set() or sent < 100:
            for user in strangers:
                user.send_text(f"message {sent}")
                sent += 1
            answered = sent // len(strangers)
            # Progress, not a clock: however slow the machine, the round gets its answers.
            await world.emulator.wait_for(
                lambda: all(len(user.texts()) >= answered for user in strangers),  # noqa: B023
                300,
            )
        return sent

    async def progress_since(handled: int) -> None:
        """Wait until the bot has handled more updates than it had."""
        await world.emulator.wait_for(lambda: world.bot.inbox.handled > handled, 300)

    writing = asyncio.create_task(keep_writing())
    env = {
        **os.environ,
        "DATABASE_PATH": str(world.bot.settings.database_path),
        "PYTHONPATH": str(ROOT),
    }
    copies = [tmp_path / f"copy-{n}.sqlite3" for n in range(2)]
    for copy in copies:
        await progress_since(world.bot.inbox.handled)  # the copies catch different moments
        process = await processes.start(
            sys.executable,
            "-m",
            "bot",
            "backup",
            str(copy),
            env=env,
            cwd=tmp_path,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        out, err = await process.communicate()
        assert process.returncode == 0, err.decode()
        assert out.decode().startswith(f"backup written to {copy}")
    await progress_since(world.bot.inbox.handled)
    in_process = tmp_path / "copy-in-process.sqlite3"
    await world.bot.services.db.backup(in_process)
    done.set()
    sent = await writing
    await world.settle(timeout=300)

    latest = migrations()[-1][0]
    counts = []
    for copy in [*copies, in_process]:
        integrity, version, handled = check(copy)
        assert (integrity, version) == ("ok", latest)
        counts.append(handled)
    # Each copy caught the bot mid-stream: the writing went on between the copies.
    assert 0 < counts[0] < counts[1] < counts[2] <= sent
    assert sum(len(user.texts()) for user in strangers) == sent
