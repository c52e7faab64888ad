"""The inbox loops without the emulator: with a backlog, at most 1,000 updates in hand, taken 100
at a time, the rest as room frees up; a loop that waits when nothing is stored (it never
spins); a failed getUpdates tried again after a second's pause."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from telegram.error import Conflict, NetworkError

import bot.inbox
from bot.clock import FakeClock
from bot.domain.policy import Policy
from bot.inbox import BATCH, MOST_HELD, Inbox
from bot.services.inbox import keep_updates, unhandled_updates
from bot.services.runtime import Services
from storage.db import Database
from tests.conftest import START

BACKLOG = MOST_HELD + 5 * BATCH  # 1,500 updates stored while the bot was down


class Application:
    """What the inbox asks of PTB's Application; each update waits at the gate."""

    def __init__(self) -> None:
        self.bot = None
        self.gate = asyncio.Event()
        self.processed: list[int] = []

    def add_error_handler(self, callback: object) -> None:
        pass

    async def process_update(self, update: Any) -> None:
        await self.gate.wait()
        self.processed.append(update.update_id)


@pytest.fixture
async def backlog(tmp_path: Path) -> AsyncIterator[Services]:
    db = await Database.open(tmp_path / "bot.sqlite3")
    svc = Services(db, FakeClock(START), Policy(bot_username="mentorbot_test_bot"))
    await keep_updates(svc, [{"update_id": n} for n in range(1, BACKLOG + 1)], START)
    yield svc
    await db.close()


# First: a loop that never waits makes the tests after it hang until mutmut's CPU limit.
async def test_the_loop_waits_when_nothing_is_stored(
    backlog: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked = 0

    async def nothing(svc: Services, limit: int = 100) -> list[tuple[int, dict[str, Any]]]:
        nonlocal asked
        asked += 1
        await asyncio.sleep(0)
        return []

    monkeypatch.setattr(bot.inbox, "unhandled_updates", nothing)
    inbox = Inbox(backlog, Application())  # type: ignore[arg-type]
    handling = asyncio.create_task(inbox.handle())
    for _ in range(100):  # a loop that went round again would ask about 100 times by now
        await asyncio.sleep(0)
    assert asked == 1
    inbox.stop()
    await handling


async def test_a_backlog_is_taken_in_hand_a_hundred_at_a_time_up_to_a_thousand(
    backlog: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    limits: list[int] = []

    async def recorded(svc: Services, limit: int = 7) -> list[tuple[int, dict[str, Any]]]:
        limits.append(limit)
        return await unhandled_updates(svc, limit)

    monkeypatch.setattr(bot.inbox, "unhandled_updates", recorded)
    app = Application()
    inbox = Inbox(backlog, app)  # type: ignore[arg-type]
    assert await inbox.handle_pending() == MOST_HELD
    # Each round asks for what is in hand plus a batch: only the batch is new.
    assert limits == [held + BATCH for held in range(0, MOST_HELD, BATCH)]
    assert await inbox.handle_pending() == 0  # full: nothing more until one is handled
    assert app.processed == []
    inbox.stop()
    app.gate.set()


async def test_the_whole_backlog_is_handled_in_order_as_room_frees_up(backlog: Services) -> None:
    app = Application()
    inbox = Inbox(backlog, app)  # type: ignore[arg-type]
    assert await inbox.handle_pending() == MOST_HELD  # a full hand, waiting at the gate
    handling = asyncio.create_task(inbox.handle())
    app.gate.set()
    # When one of a full hand is done, the loop takes the next: a stall stops here.
    while inbox.handled < BACKLOG:
        await asyncio.wait_for(inbox.progress.wait(), 60)
        inbox.progress.clear()
    assert app.processed == list(range(1, BACKLOG + 1))
    assert await unhandled_updates(backlog, BACKLOG) == []
    inbox.stop()
    await handling


class FailingBot:
    """getUpdates fails as given, in turn."""

    def __init__(self, *errors: Exception) -> None:
        self.errors = list(errors)

    async def get_updates(self, **params: object) -> list[object]:
        raise self.errors.pop(0)


async def test_a_failed_get_updates_is_tried_again_after_a_second(
    backlog: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    pauses: list[float] = []

    async def pause(seconds: float) -> None:
        pauses.append(seconds)

    monkeypatch.setattr(asyncio, "sleep", pause)
    app = Application()
    app.bot = FailingBot(NetworkError("down"), NetworkError("still down"), Conflict("another"))  # type: ignore[assignment]
    inbox = Inbox(backlog, app)  # type: ignore[arg-type]
    with pytest.raises(Conflict):  # another bot polls with this token: stop, never retry
        await inbox.poll()
    assert pauses == [1.0, 1.0]
