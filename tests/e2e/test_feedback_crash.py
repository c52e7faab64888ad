"""Feedback's steps cut off by SIGKILL between saving and answering: asked again, sent once."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.sandbox.emulator import BotApiEmulator
from bot.sandbox.users import SimUser
from storage.db import Database
from storage.people import PeopleRepo
from tests.e2e.clockbot import set_clock
from tests.e2e.crashing import STEP_TIMEOUT, CrashingBot, problems_in, rows
from tests.e2e.test_crash import FRIDAY, OPENED, STUDENT, act, cut_off, prepared_database
from tests.processes import Processes

MENTOR = 4444
PREVIEW = "This is what your student will receive"
SENT = "Your feedback has been sent."
WRITE = "Write your feedback."


@dataclass
class Bakery:
    """A bot process, Sanne (student) and Mark (her mentor, who also has Daan)."""

    bot: CrashingBot
    student: SimUser
    mentor: SimUser


@pytest.fixture
async def bakery(tmp_path: Path, processes: Processes) -> AsyncIterator[Bakery]:
    """The bot running on Friday at 14:00 with Sanne and Mark joined."""
    database, clock = tmp_path / "bot.sqlite3", tmp_path / "clock.txt"
    await prepared_database(database, english=True)
    db = await Database.open(database)
    async with db.transaction() as conn:
        mark = await PeopleRepo(conn).by_email("mark@bakkerij.example")
        assert mark is not None
        await PeopleRepo(conn).link_telegram(mark.id, MENTOR, "en")
    await db.close()
    set_clock(clock, FRIDAY)
    async with BotApiEmulator() as emulator:
        bot = CrashingBot(
            emulator, ["tests.e2e.clockbot", str(clock)], database, tmp_path, processes=processes
        )
        bakery = Bakery(
            bot,
            emulator.user(STUDENT, "Sanne", language_code="en"),
            emulator.user(MENTOR, "Mark", language_code="en"),
        )
        await bot.start()
        await bakery.student.receives(OPENED, STEP_TIMEOUT)
        yield bakery
        if bot.alive:
            await bot.stop()
    assert bot.errors_logged() == []
    assert await problems_in(database) == []


async def handled(bot: CrashingBot, update_id: int) -> None:
    """Wait until the restarted bot has marked the update handled (then stopping loses nothing)."""
    await bot.until(
        lambda: (
            rows(
                bot.database,
                f"SELECT processed_at IS NOT NULL FROM inbox WHERE update_id = {update_id}",
            )
            == [(1,)]
        )
    )


async def write_feedback(mentor: SimUser) -> None:
    """Mark starts feedback for Sanne and writes one message."""
    for action, reply in (
        ("/feedback", "Who is your feedback for?"),
        ("[Sanne de Vries]", WRITE),
        ("Your bread rose perfectly.", "Got it"),
    ):
        act(mentor, action)
        await mentor.receives(reply, STEP_TIMEOUT)


@pytest.mark.parametrize(("cut", "then"), [("[Done]", PREVIEW), ("[Send]", SENT)])
async def test_a_feedback_step_cut_off_is_answered_once_after_the_restart(
    bakery: Bakery,
    cut: str,
    then: str,
) -> None:
    bot, mentor, student = bakery.bot, bakery.mentor, bakery.student
    await write_feedback(mentor)
    if cut == "[Send]":
        act(mentor, "[Done]")
        await mentor.receives(PREVIEW, STEP_TIMEOUT)
    update_id = await cut_off(bot, mentor, cut)
    assert rows(bot.database, f"SELECT processed_at FROM inbox WHERE update_id = {update_id}") == [
        (None,)
    ]
    await bot.start()
    await mentor.receives(then, STEP_TIMEOUT)
    if cut == "[Send]":
        await student.receives("Your bread rose perfectly.", STEP_TIMEOUT)
    await handled(bot, update_id)
    await bot.stop()
    assert sum(then in text for text in mentor.texts()) == 1
    assert rows(bot.database, "SELECT count(*) FROM feedback") == [(int(cut == "[Send]"),)]
    assert sum("Your bread rose perfectly." in text for text in student.texts()) == int(
        cut == "[Send]"
    )


async def test_a_question_cut_off_reaches_the_mentor_once(bakery: Bakery) -> None:
    bot, mentor, student = bakery.bot, bakery.mentor, bakery.student
    await write_feedback(mentor)
    for action, reply in (("[Done]", PREVIEW), ("[Send]", SENT)):
        act(mentor, action)
        await mentor.receives(reply, STEP_TIMEOUT)
    await student.receives("Your bread rose perfectly.", STEP_TIMEOUT)
    act(student, "[❓ I have a question]")
    await student.receives("What is your question about this feedback?", STEP_TIMEOUT)
    update_id = await cut_off(bot, student, "How long should it rise?")
    await bot.start()
    await student.receives("Your question has gone to your mentor.", STEP_TIMEOUT)
    await mentor.receives("How long should it rise?", STEP_TIMEOUT)
    await handled(bot, update_id)
    await bot.stop()
    assert rows(bot.database, "SELECT text FROM feedback_questions") == [
        ("How long should it rise?",)
    ]
    assert sum("How long should it rise?" in text for text in mentor.texts()) == 1
