"""The durable inbox on a real SQLite file: once only, stripped when handled, pruned in time."""

from __future__ import annotations

import json
import sqlite3
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.clock import FakeClock
from bot.services.inbox import (
    PRUNE_BATCH,
    keep_updates,
    next_offset,
    prune_handled_updates,
    unhandled_updates,
    update_handled,
)
from bot.services.runtime import Services
from scheduler.tick import tick
from storage.inbox import handled_payload, sender_id

TOKEN = "Zq3xV9bK2mR7tY1uW5eA8sD4fG6hJ0kL-_pQnMcXvBz"  # 43 characters, like a real one
SANNE = 8_675_309_421


def start(update_id: int, text: str = f"/start {TOKEN}") -> dict[str, Any]:
    """A private message, as Telegram sends it when someone opens an invite link."""
    return {
        "update_id": update_id,
        "message": {
            "message_id": update_id,
            "date": 1_772_438_400,
            "text": text,
            "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
            "chat": {"id": SANNE, "type": "private", "first_name": "Sanne", "username": "sanne"},
            "from": {
                "id": SANNE,
                "is_bot": False,
                "first_name": "Sanne",
                "last_name": "de Vries",
                "language_code": "nl",
            },
        },
    }


def press(update_id: int, who: int = 4343) -> dict[str, Any]:
    """A supervisor presses a button under an alert that quotes a student."""
    return {
        "update_id": update_id,
        "callback_query": {
            "id": "77",
            "data": "al:1:ack",
            "chat_instance": "c1",
            "from": {"id": who, "is_bot": False, "first_name": "Ingrid"},
            "message": {
                "message_id": 5,
                "date": 1_772_438_400,
                "text": "Sanne de Vries reported a problem: the oven burns me",
                "entities": [
                    {
                        "type": "text_link",
                        "offset": 0,
                        "length": 14,
                        "url": f"tg://user?id={SANNE}",
                    }
                ],
                "chat": {"id": who, "type": "private", "first_name": "Ingrid"},
                "reply_markup": {
                    "inline_keyboard": [[{"text": "Ack", "callback_data": "al:1:ack"}]]
                },
            },
        },
    }


def stored(database: Path) -> dict[int, tuple[str, str | None, str | None, int | None]]:
    """Each inbox row: payload, processed_at, error and from_id, read as another process would."""
    with sqlite3.connect(database) as conn:
        return {
            row[0]: row[1:]
            for row in conn.execute(
                "SELECT update_id, payload, processed_at, error, from_id FROM inbox"
            )
        }


async def test_an_update_sent_again_after_it_was_handled_is_not_handled_again(
    svc: Services,
    clock: FakeClock,
) -> None:
    assert await keep_updates(svc, [start(10), press(11)], clock.now()) == 2
    assert [update_id for update_id, _ in await unhandled_updates(svc)] == [10, 11]
    for update_id in (10, 11):
        await update_handled(svc, update_id, clock.now())
    clock.advance(timedelta(minutes=5))
    # Telegram (a lost confirmation, a webhook retry) sends both again, with a new one.
    assert await keep_updates(svc, [start(10), press(11), press(12)], clock.now()) == 1
    assert await keep_updates(svc, [], clock.now()) == 0
    assert [update_id for update_id, _ in await unhandled_updates(svc)] == [12]
    assert await next_offset(svc) == 13


async def test_the_sender_is_kept_in_a_column_of_its_own(
    svc: Services,
    clock: FakeClock,
    tmp_path: Path,
) -> None:
    channel_post = {
        "update_id": 3,
        "channel_post": {
            "message_id": 1,
            "date": 0,
            "text": "news",
            "chat": {"id": -100, "type": "channel"},
        },
    }
    await keep_updates(svc, [start(1), press(2), channel_post], clock.now())
    rows = stored(tmp_path / "test.sqlite3")
    assert {update_id: row[3] for update_id, row in rows.items()} == {1: SANNE, 2: 4343, 3: None}
    assert sender_id({"update_id": 4, "poll_answer": {"user": {"id": 7}}}) == 7


async def test_a_handled_update_keeps_neither_the_token_nor_what_it_quotes(
    svc: Services,
    clock: FakeClock,
    tmp_path: Path,
) -> None:
    database = tmp_path / "test.sqlite3"
    await keep_updates(svc, [start(1), press(2)], clock.now())
    before = stored(database)
    assert TOKEN in before[1][0]  # kept whole until handled: the handler needs it
    await update_handled(svc, 1, clock.now())
    await update_handled(svc, 2, clock.now(), "BadRequest: Message can't be edited")
    after = stored(database)
    joined, pressed = json.loads(after[1][0]), json.loads(after[2][0])
    assert joined == {
        "update_id": 1,
        "message": {
            "message_id": 1,
            "date": 1_772_438_400,
            "text": "/start",
            "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
            "chat": {"id": SANNE, "type": "private"},
            "from": {"id": SANNE, "is_bot": False, "language_code": "nl"},
        },
    }
    assert pressed == {
        "update_id": 2,
        "callback_query": {
            "id": "77",
            "data": "al:1:ack",
            "chat_instance": "c1",
            "from": {"id": 4343, "is_bot": False},
            "message": {"message_id": 5, "date": 0, "chat": {"id": 4343, "type": "private"}},
        },
    }
    assert after[2][2] == "BadRequest: Message can't be edited"
    assert after[1][2] is None
    # The token left the disk at once, not only the table (the WAL was checkpointed).
    wal = database.with_name(database.name + "-wal")
    disk = database.read_bytes() + (wal.read_bytes() if wal.exists() else b"")
    assert TOKEN.encode() not in disk


def test_only_a_start_command_loses_its_argument() -> None:
    for text, kept in [
        (f"/start {TOKEN}", "/start"),
        (f"/start@mentor_bot {TOKEN}", "/start@mentor_bot"),
        ("/start", "/start"),
        ("/startle me", "/startle me"),
        (f"/START\n{TOKEN}", "/START"),
        ("hello /start x", "hello /start x"),
    ]:
        assert handled_payload(start(1, text))["message"]["text"] == kept, text


async def test_handled_updates_are_pruned_after_inbox_keep_days(
    svc: Services,
    clock: FakeClock,
    tmp_path: Path,
) -> None:
    first = clock.now()
    await keep_updates(svc, [start(n) for n in range(1, 6)], first)
    for update_id in (1, 2, 3):
        await update_handled(svc, update_id, first)
    clock.advance(timedelta(days=1))
    await update_handled(svc, 4, clock.now())
    # Day 14 after the first three: not yet.
    clock.set(first + timedelta(days=14))
    assert await prune_handled_updates(svc, clock.now()) == 0
    clock.advance(timedelta(seconds=1))
    report = await tick(svc, clock.now())
    assert report.counts["updates_pruned"] == 3
    # Update 4 is younger, update 5 is not handled: both stay.
    assert sorted(stored(tmp_path / "test.sqlite3")) == [4, 5]
    clock.advance(timedelta(days=30))
    await update_handled(svc, 5, clock.now() - timedelta(days=20))
    assert await prune_handled_updates(svc, clock.now()) == 1
    # The newest update stays whatever its age: it holds the getUpdates offset.
    assert sorted(stored(tmp_path / "test.sqlite3")) == [5]
    assert await next_offset(svc) == 6


async def test_a_tick_prunes_a_batch_at_a_time(svc: Services, clock: FakeClock) -> None:
    updates = [start(n) for n in range(1, PRUNE_BATCH + 11)]
    await keep_updates(svc, updates, clock.now())
    async with svc.db.transaction() as conn:
        await conn.execute("UPDATE inbox SET processed_at = received_at")
    clock.advance(timedelta(days=15))
    assert await prune_handled_updates(svc, clock.now()) == PRUNE_BATCH
    assert await prune_handled_updates(svc, clock.now()) == 9  # the newest stays
    assert await prune_handled_updates(svc, clock.now()) == 0


def test_a_start_token_keeps_only_the_command_s_own_entity() -> None:
    # The token is as long as "/start": only the entity at offset 0 is the command's.
    update = start(1, "/start abcdef")
    update["message"]["entities"] += [{"type": "url", "offset": 7, "length": 6}, "not an entity"]
    assert handled_payload(update)["message"]["entities"] == [
        {"type": "bot_command", "offset": 0, "length": 6}
    ]


def test_a_field_telegram_may_add_that_is_not_an_object_is_kept_as_it_is() -> None:
    update = {
        "update_id": 5,
        "is_test": True,
        "poll_answer": {"user": {"id": 7, "first_name": "A"}},
    }
    assert handled_payload(update) == {
        "update_id": 5,
        "is_test": True,
        "poll_answer": {"user": {"id": 7}},
    }
    assert sender_id(update) == 7


def test_a_handled_update_of_another_kind_keeps_only_who_and_where() -> None:
    # Someone blocks the bot: Telegram sends his name and the chat's, which are not kept.
    update = {
        "update_id": 6,
        "my_chat_member": {
            "chat": {"id": SANNE, "type": "private", "first_name": "Sanne"},
            "from": {"id": SANNE, "is_bot": False, "first_name": "Sanne", "language_code": "nl"},
            "date": 1_772_438_400,
            "old_chat_member": {"status": "member", "user": {"id": 1, "first_name": "Bot"}},
            "new_chat_member": {"status": "kicked", "user": {"id": 1, "first_name": "Bot"}},
        },
    }
    assert handled_payload(update) == {
        "update_id": 6,
        "my_chat_member": {
            "chat": {"id": SANNE, "type": "private"},
            "from": {"id": SANNE, "is_bot": False, "language_code": "nl"},
        },
    }


async def test_only_an_update_that_carried_a_token_checkpoints_the_database(
    svc: Services, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    checkpoints = 0

    async def checkpoint() -> None:
        nonlocal checkpoints
        checkpoints += 1

    monkeypatch.setattr(svc.db, "checkpoint", checkpoint)
    await keep_updates(svc, [start(1, "hello"), press(2), start(3)], clock.now())
    await update_handled(svc, 1, clock.now())
    await update_handled(svc, 2, clock.now())
    await update_handled(svc, 404, clock.now())  # not stored: nothing to strip
    assert checkpoints == 0  # a checkpoint per update would slow every answer
    await update_handled(svc, 3, clock.now())
    assert checkpoints == 1
