"""The bot as its own process, killed with SIGKILL and started again."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path

from bot.clock import FakeClock
from bot.domain.policy import Policy
from bot.sandbox.emulator import BotApiEmulator
from bot.services.people import issue_invites
from bot.services.roster import import_roster
from bot.services.runtime import Services
from storage.db import Database
from tests.conftest import ROSTER


@asynccontextmanager
async def bot_process(emulator: BotApiEmulator, database: Path) -> AsyncIterator[
        asyncio.subprocess.Process]:
    """`python -m bot run` pointed at the emulator, as an operator would start it."""
    env = {**os.environ, "TELEGRAM_BOT_TOKEN": emulator.token,
           "TELEGRAM_API_BASE_URL": emulator.base_url, "DATABASE_PATH": str(database),
           "PER_CHAT_INTERVAL_SECONDS": "0"}
    polls_before = emulator.poller
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run", env=env,
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL,
    )
    try:
        await emulator.wait_for(lambda: emulator.poller > polls_before, 30)  # polling
        yield process
    finally:
        if process.returncode is None:
            process.kill()
        await process.wait()


async def prepared_database(path: Path) -> dict[str, str]:
    """A database with the roster imported; returns invite tokens by email."""
    db = await Database.open(path)
    now = datetime.now(UTC)
    svc = Services(db, FakeClock(now), Policy())
    await import_roster(svc, ROSTER, skip_bad_rows=False, now=now)
    tokens = {i.person.email: i.token for i in await issue_invites(svc, now)}
    await db.close()
    return tokens


async def inbox_rows(path: Path) -> list[tuple[int, bool]]:
    db = await Database.open(path)
    async with db.reading() as conn, conn.execute(
            "SELECT update_id, processed_at IS NOT NULL FROM inbox") as cur:
        rows = [(row[0], bool(row[1])) for row in await cur.fetchall()]
    await db.close()
    return rows


async def test_an_update_fetched_but_not_handled_is_handled_once_after_sigkill(
    tmp_path: Path,
) -> None:
    database = tmp_path / "bot.sqlite3"
    tokens = await prepared_database(database)
    async with BotApiEmulator() as emulator:
        sanne = emulator.user(4242, "Sanne", language_code="nl")
        async with bot_process(emulator, database) as process:
            # The handler's first call to Telegram hangs, so the update cannot finish.
            emulator.faults.script(["slow"])
            update_id = sanne.send_command("/start", tokens["sanne@student.example"])
            await emulator.wait_for(lambda: emulator.pending_updates == 0)  # stored, confirmed
            await emulator.wait_for(lambda: emulator.faults.scripted == 0)  # handler hangs
            process.send_signal(signal.SIGKILL)
            await process.wait()
        assert sanne.texts() == []
        assert await inbox_rows(database) == [(update_id, False)]

        async with bot_process(emulator, database) as process:
            await emulator.wait_for(lambda: len(sanne.texts()) == 1, 30)
            process.send_signal(signal.SIGTERM)
            assert await process.wait() == 0
        assert await inbox_rows(database) == [(update_id, True)]
        assert len(sanne.texts()) == 1
        assert sanne.texts()[0].startswith("Welkom, Sanne de Vries!")
        assert emulator.count("getUpdates") > 2
