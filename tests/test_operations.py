"""check, status and health as an IT person runs them: fresh, populated and broken databases."""

from __future__ import annotations

import asyncio
import json
import os
import sqlite3
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.health import TICK, UPDATES, problems
from bot.sandbox.emulator import BotApiEmulator
from storage.db import migrations
from tests.conftest import ROSTER
from tests.e2e.crashing import CrashingBot, rows
from tests.e2e.test_crash import prepared_database
from tests.processes import Processes

NOW = datetime(2026, 3, 6, 13, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("marks", "polling", "expected"),
    [
        ({}, True, ["tick: never", "updates: never"]),
        ({UPDATES: NOW - timedelta(seconds=30), TICK: NOW - timedelta(seconds=50)}, True, []),
        ({UPDATES: NOW - timedelta(minutes=5), TICK: NOW}, True, ["updates: last at"]),
        ({UPDATES: NOW, TICK: NOW - timedelta(minutes=5)}, True, ["tick: last at"]),
        ({TICK: NOW}, False, []),  # a webhook: no getUpdates to ask about
    ],
)
def test_health_is_recent_updates_and_a_recent_tick(
    marks: dict[str, datetime],
    polling: bool,
    expected: list[str],
) -> None:
    found = problems(marks, NOW, polling=polling, tick_seconds=60)
    assert [line[: len(start)] for line, start in zip(found, expected, strict=True)] == expected


async def run(*args: str, env: dict[str, str], cwd: Path) -> tuple[int, str, str]:
    """The command line as a process, while this test's loop serves the emulator."""
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        *args,
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent), **env},
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(), 120)
    assert process.returncode is not None
    return process.returncode, out.decode(), err.decode()


async def test_check_and_status_on_a_fresh_a_populated_and_a_broken_database(
    tmp_path: Path,
) -> None:
    database = tmp_path / "school.sqlite3"
    async with BotApiEmulator() as emulator:
        env = {
            "TELEGRAM_BOT_TOKEN": emulator.token,
            "DATABASE_PATH": "school.sqlite3",
            "TELEGRAM_API_BASE_URL": emulator.base_url,
            "MENTORBOT_HOME": str(tmp_path),
        }
        code, out, _ = await run("check", env=env, cwd=Path("/"))
        assert code == 0
        lines = out.splitlines()
        assert [line.split(":")[0] for line in lines] == [
            "ok   settings",
            "warn database",
            "ok   token",
            "ok   webhook",
        ]
        assert f"{database} does not exist yet" in lines[1]  # absolute, from MENTORBOT_HOME
        assert "@" in lines[2]
        assert not database.exists()  # check changes nothing

        roster = tmp_path / "roster.csv"
        roster.write_text(ROSTER, encoding="utf-8")
        assert (await run("import", str(roster), env=env, cwd=tmp_path))[0] == 0
        code, out, _ = await run("check", env=env, cwd=tmp_path)
        assert code == 0
        assert (
            f"ok   database: {database}, version {migrations()[-1][0]}, integrity ok, "
            "3 placements ("
        ) in out
        code, out, _ = await run("status", env=env, cwd=tmp_path)
        assert code == 0
        assert out.splitlines()[-2].startswith("placements: ")
        assert "3 of 3" not in out
        assert "joined: 0 of 7" in out

        # A webhook somebody else set, while this bot polls: said, not changed.
        emulator.webhook_url = "https://elsewhere.example/hook"
        code, out, _ = await run("check", env=env, cwd=tmp_path)
        assert code == 0
        assert "warn webhook: a webhook to https://elsewhere.example/hook is set" in out

        database.write_bytes(b"this is no database at all " * 200)
        code, out, err = await run("check", env=env, cwd=tmp_path)
        assert code == 1
        assert "FAIL database: " in out
        assert "cannot be read" in out
        code, out, err = await run("status", env=env, cwd=tmp_path)
        assert code == 1
        assert err.count("\n") == 1
        assert "Traceback" not in err
        assert err.startswith("mentorbot: the database at DATABASE_PATH cannot be used")

        wrong = {**env, "TELEGRAM_BOT_TOKEN": "123:wrong"}
        code, out, _ = await run("check", env=wrong, cwd=tmp_path)
        assert code == 1
        assert "FAIL token: TELEGRAM_BOT_TOKEN was refused" in out
        assert "123:wrong" not in out


async def test_health_says_unhealthy_until_the_bot_runs_and_healthy_while_it_does(
    tmp_path: Path,
    processes: Processes,
) -> None:
    database = tmp_path / "bot.sqlite3"
    env = {"DATABASE_PATH": str(database)}
    code, _, err = await run("health", env=env, cwd=tmp_path)
    assert (code, err) == (1, f"unhealthy: no database at {database}\n")
    async with BotApiEmulator() as emulator:
        bot = CrashingBot(emulator, ["bot", "run"], database, tmp_path, processes=processes)
        await bot.start()
        stranger = emulator.user(4711, "Tess", language_code="en")
        stranger.send_text("hello")  # getUpdates answers now, not after its long poll
        await stranger.receives("personal invite link")
        await bot.until(lambda: len(rows(database, "SELECT name FROM health")) == 2)
        code, out, err = await run("health", env=env, cwd=tmp_path)
        assert code == 0, err
        assert out.startswith("healthy: tick 20")
        await bot.stop()
    # Stopped an hour ago: the marks are old.
    with sqlite3.connect(database) as conn:
        conn.execute("UPDATE health SET at = '2026-01-01T00:00:00'")
    code, _, err = await run("health", env=env, cwd=tmp_path)
    assert code == 1
    assert err.startswith("unhealthy: tick: last at 2026-01-01T00:00:00+00:00")


async def test_json_logs_are_one_object_per_line_with_no_personal_data(
    tmp_path: Path,
    processes: Processes,
) -> None:
    database = tmp_path / "bot.sqlite3"
    tokens = await prepared_database(database, english=False)
    async with BotApiEmulator() as emulator:
        bot = CrashingBot(
            emulator,
            ["bot", "run"],
            database,
            tmp_path,
            processes=processes,
            settings={"LOG_FORMAT": "json"},
        )
        await bot.start()
        sanne = emulator.user(5151, "Sanne", language_code="nl")
        sanne.send_command("/start", tokens["sanne@student.example"])
        await sanne.receives("Welkom, Sanne de Vries!")
        await bot.stop()
    lines = bot.log.read_text(encoding="utf-8").splitlines()
    events = [json.loads(line) for line in lines]  # every line is one JSON object
    assert {"time", "level", "logger", "message"} <= set(events[0])
    assert any(e["message"].startswith(f"database {database}: 3 placements") for e in events)
    for secret in (
        "Sanne",
        "sanne@student.example",
        "de Vries",
        emulator.token,
        tokens["sanne@student.example"],
    ):
        assert secret not in bot.log.read_text(encoding="utf-8"), secret
