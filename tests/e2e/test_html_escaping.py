"""Names and texts full of HTML reach the chat literally, and Telegram accepts every message."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.demo.world import World, open_world
from bot.sandbox.checks import plain_text
from bot.sandbox.users import SimUser
from tests.conftest import START
from tests.e2e.story import COORDINATOR

NASTY = '<b>Eve</b> & <a href="https://evil.example">Co</a>'
TEXT = 'Help <a href="tg://user?id=1">me</a> & <b>now</b> &amp; <i>'
CSV_NASTY = NASTY.replace('"', '""')
ROSTER = f"""student_name,student_email,mentor_name,mentor_email,company,supervisor_name,supervisor_email,starts_on,ends_on,language
"{CSV_NASTY}",eve@student.example,"Mark <i>",mark@bakkerij.example,"A&B <Bakery>","Ingrid & <u>Bos",ingrid@school.example,2026-03-02,2026-05-29,en
"""  # noqa: E501


def visible(user: SimUser) -> list[str]:
    """What the user reads: the bot's messages as Telegram shows them."""
    return [plain_text(m.text or "", m.parse_mode) for m in user.bot_messages]


@pytest.fixture
async def world(tmp_path: Path) -> AsyncIterator[World]:
    async with open_world(
        tmp_path / "bot.sqlite3", START, coordinator_ids=frozenset({COORDINATOR})
    ) as world:
        yield world


async def test_html_in_names_and_texts_is_shown_literally(world: World) -> None:
    outcome = await world.import_roster(ROSTER)
    assert outcome.errors == ()
    tokens = await world.invite_tokens()
    eve, ingrid = world.user("Eve", language="en"), world.user("Ingrid", language="en")
    await world.join(eve, tokens["eve@student.example"])
    await world.join(ingrid, tokens["ingrid@school.example"])
    carla = world.emulator.user(COORDINATOR, "<b>Carla</b> & Co", language_code="en")
    carla.send_command("/start")
    eve.send_command("/language", "<b>")
    await world.settle()

    # A problem in the student's own words, shared with the supervisor.
    await world.move_to(datetime(2026, 3, 6, 14, tzinfo=ZoneInfo("Europe/Amsterdam")))
    for step in ("🙁 2", "Skip", "Yes", TEXT, "Only Ingrid & <u>Bos (school)"):
        if step == TEXT:
            eve.send_text(step)
        else:
            eve.press(step)
        await world.settle()

    assert visible(eve)[0].startswith(f"Welcome, {NASTY}!")
    assert "I don't speak “<b>”." in visible(eve)[1]
    assert visible(ingrid)[0].startswith("Welcome, Ingrid & <u>Bos!")
    assert visible(carla)[0].startswith("Welcome, <b>Carla</b> & Co!")
    alert = visible(ingrid)[-1]
    assert NASTY in alert
    assert TEXT in alert
    # Telegram refused nothing the bot sent, and nothing is stuck in the outbox.
    assert world.emulator.count(status=400) == 0
    assert world.emulator.count("sendMessage", 200) >= 8
    async with (
        world.bot.services.db.reading() as conn,
        conn.execute("SELECT COUNT(*) FROM outbox WHERE status != 'sent'") as cur,
    ):
        row = await cur.fetchone()
    assert row is not None
    assert row[0] == 0
