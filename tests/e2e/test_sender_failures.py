"""What the sender does when Telegram says no for good, and when a round fails on our side."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.demo.world import World, open_world
from bot.domain.messages import Message, Outgoing, Payload, message_kind
from bot.domain.people import Role
from bot.services import outbox as outbox_service
from bot.services.runtime import Services
from handlers.outgoing import Text, view
from storage.outbox import OutboxRepo
from storage.people import PeopleRepo
from tests.conftest import START
from tests.kinds import Note, note_text

UNKNOWN_CHAT = 77_777  # a Telegram id the emulator has no chat for


@message_kind("test.refused")
@dataclass(frozen=True, slots=True)
class Refused(Payload):
    """A text with a button Telegram refuses (its data is over 64 bytes): a bug in a view."""

    n: int


@view(Refused)
async def _refused(svc: Services, message: Outgoing, payload: Refused) -> Text:
    button = InlineKeyboardButton("Press", callback_data="x" * 65)
    return Text(f"Message {payload.n}", InlineKeyboardMarkup([[button]]))


@pytest.fixture
async def world(tmp_path: Path) -> AsyncIterator[World]:
    async with open_world(tmp_path / "bot.sqlite3", START) as world:
        yield world


async def queue(world: World, *messages: tuple[int, Payload]) -> dict[int, int]:
    """People with these Telegram ids, each sent these payloads; returns person id by chat."""
    now = world.clock.now()
    people: dict[int, int] = {}
    async with world.bot.services.db.transaction() as conn:
        repo = PeopleRepo(conn)
        for chat, _ in messages:
            if chat not in people:
                people[chat] = await repo.add(
                    f"Person {chat}", f"p{chat}@example.org", Role.STUDENT, "en", now
                )
                await repo.link_telegram(people[chat], chat, "en")
                if chat != UNKNOWN_CHAT:
                    world.emulator.user(chat, f"Person {chat}")
        await OutboxRepo(conn).add(
            [
                Message(f"test:{chat}:{n}", people[chat], payload)
                for n, (chat, payload) in enumerate(messages)
            ],
            now,
        )
    world.bot.sender.wake()
    return people


def outbox(world: World) -> list[tuple[Any, ...]]:
    with sqlite3.connect(world.bot.settings.database_path) as conn:
        return conn.execute(
            "SELECT person_id, kind, status, last_error IS NOT NULL FROM outbox ORDER BY id"
        ).fetchall()


async def test_a_chat_telegram_does_not_know_is_given_up_and_the_others_still_get_theirs(
    world: World,
) -> None:
    people = await queue(world, (UNKNOWN_CHAT, Note(1)), (UNKNOWN_CHAT, Note(2)), (5001, Note(3)))
    await world.settle(timeout=120)
    lost, kept = people[UNKNOWN_CHAT], people[5001]
    assert outbox(world) == [
        (lost, "test.note", "undeliverable", 1),
        (lost, "test.note", "undeliverable", 1),
        (kept, "test.note", "sent", 0),
    ]
    assert world.emulator.user(5001, "").texts() == [note_text(3)]
    # Given up after one try: no retries against a chat that is not there.
    assert world.emulator.count("sendMessage", 400) == 1
    with sqlite3.connect(world.bot.settings.database_path) as conn:
        unreachable = conn.execute(
            "SELECT id FROM people WHERE undeliverable_at IS NOT NULL"
        ).fetchall()
    assert unreachable == [(lost,)]


async def test_a_message_telegram_refuses_fails_once_and_the_next_ones_go(
    world: World,
) -> None:
    people = await queue(world, (5002, Refused(1)), (5002, Note(2)), (5003, Note(3)))
    await world.settle(timeout=120)
    assert outbox(world) == [
        (people[5002], "test.refused", "failed", 1),
        (people[5002], "test.note", "sent", 0),
        (people[5003], "test.note", "sent", 0),
    ]
    assert world.emulator.user(5002, "").texts() == [note_text(2)]
    refused = [c for c in world.emulator.calls if c.status == 400]
    assert len(refused) == 1
    assert refused[0].description == "Bad Request: BUTTON_DATA_INVALID"


async def test_a_failed_round_is_tried_again_and_nothing_is_lost(
    world: World,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls = 0
    real = outbox_service.next_messages

    async def hiccup(svc: Services, limit: int, skip: Iterable[int] = ()) -> list[Outgoing]:
        nonlocal calls
        calls += 1
        if calls == 1:
            raise sqlite3.OperationalError("database is locked")
        return await real(svc, limit, skip=skip)

    monkeypatch.setattr("bot.sender.next_messages", hiccup)
    await queue(world, (5004, Note(1)), (5004, Note(2)))
    progress = world.bot.sender.progress
    while calls == 0:  # the sender's rounds, not a clock
        progress.clear()
        await asyncio.wait_for(progress.wait(), 60)
    # The failed round waits for news before trying again: a new message is news.
    await queue(world, (5005, Note(3)))
    await world.settle(timeout=120)
    assert world.emulator.user(5004, "").texts() == [note_text(1), note_text(2)]
    assert world.emulator.user(5005, "").texts() == [note_text(3)]
    assert calls > 1
