"""The bot as its own process, killed with SIGKILL and started again."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.clock import FakeClock
from bot.domain.policy import Policy
from bot.sandbox.emulator import BotApiEmulator
from bot.services.checkins import open_due_checkins
from bot.services.people import issue_invites
from bot.services.roster import import_roster
from bot.services.runtime import Services
from storage.db import Database
from storage.people import PeopleRepo
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


async def test_a_checkin_survives_a_sigkill_between_two_answers(tmp_path: Path) -> None:
    database = tmp_path / "bot.sqlite3"
    now = datetime.now(UTC)
    db = await Database.open(database)
    svc = Services(db, FakeClock(now), Policy())
    roster = ROSTER.replace("2026-03-02", (now.date() - timedelta(days=14)).isoformat())
    roster = roster.replace("2026-06-26", (now.date() + timedelta(days=60)).isoformat())
    await import_roster(svc, roster, skip_bad_rows=False, now=now - timedelta(days=15))
    async with db.transaction() as conn:
        sanne = await PeopleRepo(conn).by_email("sanne@student.example")
        assert sanne is not None
        await PeopleRepo(conn).link_telegram(sanne.id, 4242, "en")
    assert await open_due_checkins(svc, now) >= 1  # last week's check-in, queued
    await db.close()

    async with BotApiEmulator() as emulator:
        student = emulator.user(4242, "Sanne", language_code="en")
        async with bot_process(emulator, database) as process:
            await student.receives("Tijd voor je wekelijkse check-in", timeout=30)
            student.press("🙂 4")
            await student.receives("Hoe ging je week?", timeout=30)
            process.send_signal(signal.SIGKILL)
            await process.wait()
        async with bot_process(emulator, database) as process:
            student.send_text("Busy but fine")
            await student.receives("Is er iets waarbij je hulp nodig hebt?", timeout=30)
            student.press("Nee")
            await student.receives("Je check-in is opgeslagen", timeout=30)
            process.send_signal(signal.SIGTERM)
            assert await process.wait() == 0
    db = await Database.open(database)
    async with db.reading() as conn, conn.execute(
            "SELECT mood, week_note, needs_help, status FROM checkins") as cur:
        rows = [tuple(row) for row in await cur.fetchall()]
    assert await db.integrity_problems() == []
    await db.close()
    assert (4, "Busy but fine", 0, "answered") in rows
    week_question = "Hoe ging je week? Schrijf een paar woorden, of tik Overslaan."
    # The kill fell after the question went out but before the press was marked handled:
    # the press is handled again and asks again, the one message in flight going twice.
    assert student.texts().count(week_question) in (1, 2)
