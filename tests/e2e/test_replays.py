"""Telegram sends an update again after it was handled: nothing happens a second time.

Polling: the copy comes in a later getUpdates batch than the original. Webhook: Telegram posts
it again because our 200 did not reach it. Either way the stored update is found and skipped:
the effects in the database and what every chat shows are exactly what one handling gave.
"""

from __future__ import annotations

import copy
import json
import sqlite3
from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from tornado.httpclient import AsyncHTTPClient, HTTPRequest

from bot.demo.world import World
from bot.sandbox.emulator import BotApiEmulator
from bot.webhook import SECRET_HEADER
from tests.e2e.story import Cast, school_world
from tests.e2e.test_webhook import free_port

FRIDAY = datetime(2026, 3, 6, 14, tzinfo=ZoneInfo("Europe/Amsterdam"))
SECRET = "replay-secret"
# What a repeated update could change a second time.
TABLES = (
    "people",
    "checkins",
    "alerts",
    "outbox",
    "invite_attempts",
    "audit_log",
    "erasure_requests",
)


class Recorder:
    """Keeps a copy of every update queued at the emulator, and counts hand-outs by id."""

    def __init__(self, emulator: BotApiEmulator) -> None:
        self.updates: list[dict[str, Any]] = []
        self.handed_out: dict[int, int] = {}
        queue = emulator.queue
        add, hand_out = queue.add, queue.hand_out

        def recording_add(update: dict[str, Any], *, again: bool = False) -> int:
            update_id = add(update, again=again)
            self.updates.append({**copy.deepcopy(update), "update_id": update_id})
            return update_id

        def counting_hand_out(limit: int) -> list[dict[str, Any]]:
            batch = hand_out(limit)
            for update in batch:
                update_id = int(update["update_id"])
                self.handed_out[update_id] = self.handed_out.get(update_id, 0) + 1
            return batch

        queue.add = recording_add  # type: ignore[method-assign]
        queue.hand_out = counting_hand_out  # type: ignore[method-assign]


def effects(database: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row a handled update may have written, read as another process would."""
    with sqlite3.connect(database) as conn:
        return {
            table: conn.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall() for table in TABLES
        }


def seen(world: World) -> dict[int, tuple[list[str], list[str]]]:
    """What each chat shows: the bot's messages (edits applied) and the button answers."""
    return {
        chat_id: (chat.texts(), [str(a.get("text")) for a in getattr(chat, "answers", [])])
        for chat_id, chat in world.emulator.chats.items()
    }


async def act(world: World, people: Cast) -> None:
    """A stranger guesses a link, the student answers his check-in, the supervisor acts."""
    eve = world.user("Eve", language="en")
    eve.send_command("/start", "A" * 43)  # an unknown token: counts as a wrong guess
    await world.settle()
    student = people.student
    opened = await student.receives("Time for your weekly check-in", new=False)
    for step in (
        "🙁 2",
        "Hard week at the oven",
        "Yes",
        "I burn myself every day",
        "Only Ingrid Bos (school)",
    ):
        if step.startswith(("Hard", "I burn")):
            student.send_text(step)
        else:
            student.press(step, opened if step == "🙁 2" else None)
        await world.settle()
    people.supervisor.press("👀 Acknowledge")
    await world.settle()


@pytest.fixture
async def school(tmp_path: Path) -> AsyncIterator[tuple[World, Cast, Recorder]]:
    async with school_world(tmp_path / "bot.sqlite3") as (world, people, _):
        recorder = Recorder(world.emulator)
        await world.move_to(FRIDAY)
        yield world, people, recorder


async def test_an_update_sent_again_in_a_later_batch_is_handled_once(
    school: tuple[World, Cast, Recorder],
) -> None:
    world, people, recorder = school
    await act(world, people)
    database = world.bot.settings.database_path
    before, shown = effects(database), seen(world)
    assert len(before["invite_attempts"]) == 1
    assert [row[1] for row in before["alerts"]] == [1]  # one alert, for placement 1
    replayed = [u for u in recorder.updates if recorder.handed_out.get(u["update_id"])]
    assert len(replayed) == 7
    for update in replayed:
        update_id = update["update_id"]
        # Telegram sends it again while the bot long-polls for the next batch; if that poll's
        # offset drops it before it is handed out, send it again.
        while recorder.handed_out[update_id] < 2:
            world.emulator.inject_update(copy.deepcopy(update), again=True)
            await world.settle()
    assert effects(database) == before
    assert seen(world) == shown
    with sqlite3.connect(database) as conn:
        rows = conn.execute(
            "SELECT update_id, processed_at IS NOT NULL, error FROM inbox ORDER BY update_id"
        ).fetchall()
    assert rows[-7:] == [(u["update_id"], 1, None) for u in replayed]


async def test_a_webhook_retry_of_a_handled_update_is_handled_once(tmp_path: Path) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}/hook"
    async with school_world(
        tmp_path / "bot.sqlite3", webhook_url=url, webhook_secret=SECRET, webhook_port=port
    ) as (world, people, _):
        recorder = Recorder(world.emulator)
        await world.move_to(FRIDAY)
        await act(world, people)
        database = world.bot.settings.database_path
        before, shown = effects(database), seen(world)
        client = AsyncHTTPClient(force_instance=True)
        try:
            for update in recorder.updates:
                response = await client.fetch(
                    HTTPRequest(
                        url,
                        method="POST",
                        body=json.dumps(update),
                        headers={"Content-Type": "application/json", SECRET_HEADER: SECRET},
                    )
                )
                assert response.code == 200
                await world.settle()
        finally:
            client.close()
        assert len(recorder.updates) == 7
        assert effects(database) == before
        assert seen(world) == shown
        assert world.emulator.count("getUpdates") == 0
