"""Failures leave a trace where someone looks: the inbox row, the log line, the outbox row.

And while a person's update is in hand the limiter knows it (his answer may be coming).
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass

import pytest
from telegram import Update
from telegram.ext import MessageHandler, filters

from bot.demo.world import World
from bot.domain.messages import Outgoing, Payload, UnsendableError, message_kind
from bot.i18n import t
from bot.services.runtime import Services
from handlers.context import BotContext
from handlers.outgoing import Text, view
from tests.e2e.test_sender_failures import outbox, queue
from tests.kinds import Note

WORDS = "boom & 🎉 <b>x</b> " * 40  # longer than the 500 characters the row keeps
BEFORE_THE_GUARD = -5


@message_kind("test.gone_for_good")
@dataclass(frozen=True, slots=True)
class Gone(Payload):
    """A message about something that is no longer there: its view cannot make it."""

    n: int


@view(Gone)
async def _gone(svc: Services, message: Outgoing, payload: Gone) -> Text:
    raise UnsendableError(f"thing {payload.n} is not there")


async def inbox_rows(world: World) -> list[tuple[object, ...]]:
    async with (
        world.bot.services.db.reading() as conn,
        conn.execute("SELECT update_id, processed_at IS NOT NULL, error FROM inbox") as cur,
    ):
        return [tuple(row) for row in await cur.fetchall()]


def errors(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]


async def test_a_failing_handler_leaves_its_error_in_the_inbox_and_the_person_is_told(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    async def fail(update: Update, context: BotContext) -> None:
        raise RuntimeError(WORDS)

    world.bot.application.add_handler(
        MessageHandler(filters.Regex("^boom$"), fail), group=BEFORE_THE_GUARD
    )
    eve = world.user("Eve", language="en")
    with caplog.at_level(logging.ERROR):
        fine = eve.send_text("hello")
        failed = eve.send_text("boom")
        await world.settle()
    assert await inbox_rows(world) == [
        (fine, 1, None),
        (failed, 1, f"RuntimeError: {WORDS}"[:500]),
    ]
    assert t("en", "error.generic") in eve.texts()
    assert errors(caplog) == [f"update {failed} failed"]


async def test_an_error_outside_any_update_is_logged_once_and_breaks_nothing(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    # A job's or a task's error reaches the error handlers without an update.
    with caplog.at_level(logging.ERROR):
        await world.bot.application.process_error(None, RuntimeError("outside"))
    assert errors(caplog) == ["update None failed"]
    eve = world.user("Eve", language="en")
    eve.send_text("hello")
    await world.settle()
    assert len(eve.texts()) == 1


async def test_a_message_that_cannot_be_made_is_failed_and_logged_with_its_id(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR):
        people = await queue(world, (5001, Gone(7)), (5001, Note(1)))
        await world.settle()
    assert outbox(world) == [
        (people[5001], "test.gone_for_good", "failed", 1),
        (people[5001], "test.note", "sent", 0),
    ]
    assert errors(caplog) == ["outbox 1 cannot be sent: thing 7 is not there"]


async def test_while_a_persons_update_is_in_hand_the_limiter_knows_he_is_being_answered(
    world: World,
) -> None:
    started, release = asyncio.Event(), asyncio.Event()

    async def hold(update: Update, context: BotContext) -> None:
        started.set()
        await release.wait()

    world.bot.application.add_handler(
        MessageHandler(filters.Regex("^wait$"), hold), group=BEFORE_THE_GUARD
    )
    eve, bob = world.user("Eve", language="en"), world.user("Bob", language="en")
    inbox = world.bot.inbox
    assert not inbox.answering(eve.chat_id)
    eve.send_text("wait")
    await asyncio.wait_for(started.wait(), timeout=60)
    assert inbox.answering(eve.chat_id)
    assert not inbox.answering(bob.chat_id)
    release.set()
    await world.settle()
    assert not inbox.answering(eve.chat_id)


async def test_an_update_that_cannot_be_read_is_marked_with_why_and_the_next_ones_go(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    inbox = world.bot.inbox
    before = inbox.handled
    eve = world.user("Eve", language="en")
    with caplog.at_level(logging.ERROR):
        await inbox.accept([{"update_id": 9001, "message": {"text": "no chat, no date"}}])
        eve.send_text("hello")
        await world.settle()
    rows = {row[0]: row[2] for row in await inbox_rows(world)}
    assert str(rows[9001]).startswith(("KeyError: ", "TypeError: "))
    assert len(eve.texts()) == 1
    assert inbox.handled == before + 2
    assert [r.getMessage() for r in caplog.records if r.name == "bot.inbox"] == [
        "update 9001 could not be handled"
    ]
