"""The paced sender against an emulator that enforces Telegram's flood limits."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.demo.world import World, open_world
from bot.domain.messages import Message
from bot.domain.people import Role
from storage.outbox import OutboxRepo
from storage.people import PeopleRepo
from tests.conftest import START
from tests.e2e.story import cast
from tests.kinds import Note, note_text

CHATS = 50
MESSAGES = 200


async def queue_fan_out(world: World, chats: int, messages: int) -> None:
    """Register `chats` joined people and queue `messages` notices spread over them."""
    now = world.clock.now()
    async with world.bot.services.db.transaction() as conn:
        people = PeopleRepo(conn)
        ids = []
        for n in range(chats):
            person_id = await people.add(
                f"Student {n}", f"s{n}@example.org", Role.STUDENT, "en", now
            )
            await people.link_telegram(person_id, 50_000 + n, "en")
            world.emulator.user(50_000 + n, f"Student {n}")
            ids.append(person_id)
        await OutboxRepo(conn).add(
            [Message(f"test:{i}", ids[i % chats], Note(i)) for i in range(messages)],
            now,
        )
    world.bot.sender.wake()


@pytest.fixture
async def limited_world(tmp_path: Path) -> AsyncIterator[World]:
    async with open_world(
        tmp_path / "bot.sqlite3",
        START,
        enforce_limits=True,
        per_chat_interval_seconds=1.0,
        send_rate_per_second=25.0,
    ) as world:
        yield world


async def test_fan_out_within_telegram_limits_gets_no_429(limited_world: World) -> None:
    world = limited_world
    await queue_fan_out(world, CHATS, MESSAGES)
    await world.settle(timeout=60)
    emulator = world.emulator
    assert emulator.count("sendMessage", 200) == MESSAGES
    assert emulator.count(status=429) == 0
    assert emulator.min_gap_per_chat() >= 1.0
    for n in range(CHATS):
        texts = emulator.user(50_000 + n, "").texts()
        assert texts == [note_text(i) for i in range(n, MESSAGES, CHATS)]


async def test_fan_out_with_one_in_five_calls_failing_still_delivers_all(
    limited_world: World,
) -> None:
    world = limited_world
    world.emulator.faults.server_error_rate = 0.2
    world.emulator.faults.seed(20)
    await queue_fan_out(world, CHATS, MESSAGES)
    await world.settle(timeout=90)
    emulator = world.emulator
    assert emulator.count("sendMessage", 200) == MESSAGES
    assert emulator.count("sendMessage", 500) + emulator.count("sendMessage", 502) > 10
    assert emulator.count(status=429) == 0
    assert emulator.min_gap_per_chat() >= 1.0
    delivered = [len(emulator.user(50_000 + n, "").texts()) for n in range(CHATS)]
    assert delivered == [MESSAGES // CHATS] * CHATS


async def test_a_blocked_chat_is_given_up_and_the_supervisor_told(world: World) -> None:
    people = await cast(world)
    people.student.block_bot()
    await world.move_to(datetime(2026, 3, 6, 14, tzinfo=ZoneInfo("Europe/Amsterdam")))
    assert world.emulator.count("sendMessage", 403) == 1
    notice = people.supervisor.texts()[-1]
    assert notice.startswith("⚠️ Messages to Sanne de Vries (student) can no longer be delivered")
    async with (
        world.bot.services.db.reading() as conn,
        conn.execute("SELECT status FROM outbox WHERE dedupe_key LIKE 'checkin:%'") as cur,
    ):
        assert [row[0] for row in await cur.fetchall()] == ["undeliverable"]
    await world.move_to(datetime(2026, 3, 7, 14, tzinfo=ZoneInfo("Europe/Amsterdam")))
    assert world.emulator.count("sendMessage", 403) == 1  # no more attempts, no second notice
    people.student.unblock_bot()
    people.student.send_text("/checkin")
    await world.settle()
    # He is reachable again: the answer to /checkin, and the reminder queued meanwhile.
    assert "How was your week? Tap 1 (bad) to 5 (great)." in people.student.texts()[-2:]
    assert people.student.texts()[-1].startswith(("How was your week?", "Your weekly check-in"))
