"""`run` as an IT person starts it: which database, whether it is new, and only one bot on it."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from bot.sandbox.emulator import BotApiEmulator
from tests.e2e.crashing import START_TIMEOUT, CrashingBot
from tests.e2e.test_crash import prepared_database
from tests.processes import Processes


async def test_a_second_bot_on_the_same_database_is_refused_in_one_line(
    tmp_path: Path,
    processes: Processes,
) -> None:
    home, elsewhere = tmp_path / "home", tmp_path / "elsewhere"
    home.mkdir()
    elsewhere.mkdir()
    async with BotApiEmulator() as emulator:
        # A relative DATABASE_PATH, started from another folder: the file is in MENTORBOT_HOME.
        relative = {"MENTORBOT_HOME": str(home), "DATABASE_PATH": "school.sqlite3"}
        bot = CrashingBot(
            emulator,
            ["bot", "run"],
            home / "school.sqlite3",
            elsewhere,
            processes=processes,
            settings=relative,
        )
        await bot.start()
        log = bot.log.read_text()
        database = (home / "school.sqlite3").resolve()
        assert f"database {database}: 0 placements" in log
        assert f"created a new, empty database at {database}" in log
        assert not (elsewhere / "school.sqlite3").exists()

        second = await processes.start(
            sys.executable,
            "-m",
            "bot",
            "run",
            env=bot.environment(),
            cwd=home,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        out, err = await asyncio.wait_for(second.communicate(), START_TIMEOUT)
        assert second.returncode == 1
        assert out == b""
        lines = err.decode().splitlines()
        assert len(lines) == 1, lines
        assert lines[0].startswith("mentorbot: another mentorbot (process ")
        assert f"is already running on {database}" in lines[0]
        assert bot.alive  # the first one serves on, untouched
        await bot.stop()


async def test_a_populated_database_is_named_with_its_placements_and_no_warning(
    tmp_path: Path,
    processes: Processes,
) -> None:
    database = tmp_path / "bot.sqlite3"
    await prepared_database(database, english=False)
    async with BotApiEmulator() as emulator:
        bot = CrashingBot(emulator, ["bot", "run"], database, tmp_path, processes=processes)
        await bot.start()
        await bot.stop()
        # After a clean stop (or a crash: the kernel drops the lock) the next one starts.
        await bot.start()
        await bot.kill()
        await bot.start()
        await bot.stop()
    log = bot.log.read_text()
    assert log.count(f"database {database}: 3 placements (") == 3
    assert "empty database" not in log
