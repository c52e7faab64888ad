"""Telegram's flood limits kept for every call, replies and outbox alike (one limiter).

The emulator enforces the limits as Telegram states them (30 messages a second, one a second
in a chat, edits included) and answers 429 beyond; the bot paces at its defaults (25/s, 1 s).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.demo.world import World, open_world
from bot.i18n import t
from bot.sandbox.emulator import BotApiEmulator
from bot.sandbox.model import ApiCall, ChatMessage
from bot.sandbox.users import SimUser
from tests.conftest import START

FRIDAY = datetime(2026, 3, 6, 14, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))
HEADER = (
    "student_name,student_email,mentor_name,mentor_email,company,supervisor_name,"
    "supervisor_email,starts_on,ends_on,language\n"
)


@pytest.fixture
async def limited(tmp_path: Path) -> AsyncIterator[World]:
    """The bot at its default pacing against an emulator that answers 429 beyond the limits."""
    async with open_world(
        tmp_path / "bot.sqlite3",
        START,
        enforce_limits=True,
        per_chat_interval_seconds=1.0,
        send_rate_per_second=25.0,
    ) as world:
        yield world


def roster(rows: int, *, own_adults: bool) -> str:
    """`rows` placements; each with its own mentor and supervisor, or all sharing two."""

    def adult(kind: str, n: int) -> str:
        k = n if own_adults else 0
        return f"{kind.title()} {k},{kind}{k}@school.example"

    return HEADER + "".join(
        f"Student {n},student{n}@school.example,{adult('mentor', n)},Company {n},"
        f"{adult('supervisor', n)},2026-03-02,2026-06-26,en\n"
        for n in range(rows)
    )


async def everyone_opens_his_link(world: World, size: int, *, own_adults: bool) -> list[SimUser]:
    """Import the roster, then every person taps his invite link at the same moment."""
    outcome = await world.import_roster(roster(size, own_adults=own_adults))
    assert outcome.written
    tokens = await world.invite_tokens()
    people = [world.user(email.split("@")[0], language="en") for email in tokens]
    for user, token in zip(people, tokens.values(), strict=True):
        user.send_command("/start", token)
    await world.settle(timeout=120)
    return people


def sends(emulator: BotApiEmulator, chat_id: int | None = None) -> list[ApiCall]:
    """The bot's message calls (sends and edits), optionally to one chat."""
    return [
        c
        for c in emulator.calls
        if c.method.startswith(("send", "edit"))
        and c.method != "sendChatAction"
        and (chat_id is None or c.chat_id == chat_id)
    ]


async def test_69_people_opening_their_links_at_once_are_all_welcomed_without_a_429(
    limited: World,
) -> None:
    world, emulator = limited, limited.emulator
    people = await everyone_opens_his_link(world, 23, own_adults=True)
    assert len(people) == 69
    assert emulator.count(status=429) == 0
    for user in people:
        assert [(m.text or "")[:8] for m in user.bot_messages] == ["Welcome,"], user.first_name
    assert emulator.min_gap_per_chat() >= 1.0


async def answer_the_mood_on_arrival(student: SimUser) -> ChatMessage:
    """A student taps 3 on his check-in the moment it arrives; returns the bot's next message."""

    def opened(message: ChatMessage) -> bool:
        return sum(len(row) for row in message.buttons) == 5

    checkin = await student.receives(opened, timeout=120)
    student.press(checkin.buttons[0][2][1], checkin)
    return await student.receives(lambda m: m.message_id > checkin.message_id, timeout=120)


async def test_120_students_tapping_as_their_checkin_arrives_all_get_the_next_question(
    limited: World,
) -> None:
    world, emulator = limited, limited.emulator
    people = await everyone_opens_his_link(world, 120, own_adults=False)
    students = [user for user in people if user.first_name.startswith("student")]
    assert len(students) == 120
    world.clock.set(FRIDAY)
    answering = [asyncio.create_task(answer_the_mood_on_arrival(s)) for s in students]
    await world.bot.tick()
    next_messages = await asyncio.gather(*answering)
    await world.settle(timeout=60)
    assert emulator.count(status=429) == 0
    assert [m.text for m in next_messages] == [t("en", "checkin.ask_week")] * 120
    assert emulator.min_gap_per_chat() >= 1.0
    # Each tap was answered and the question above it shows the choice: nothing skipped.
    assert emulator.count("answerCallbackQuery", 200) == 120
    assert emulator.count("editMessageText", 200) == 120


async def test_a_reply_that_meets_a_429_waits_for_it_and_still_arrives(limited: World) -> None:
    world, emulator = limited, limited.emulator
    first, second = world.user("Eva", language="en"), world.user("Finn", language="en")
    emulator.faults.script(["429:2"])  # the first call after this is told to wait 2 s
    first.send_text("hello?")
    second.send_text("hello?")
    await world.settle(timeout=30)
    assert first.texts()[-1] == t("en", "stranger") == second.texts()[-1]
    flood = next(c for c in emulator.calls if c.status == 429)
    retried = sends(emulator, flood.chat_id)
    assert [c.status for c in retried] == [429, 200]
    assert retried[1].started >= flood.time + 2.0
    # Nothing went to anyone during the pause. A call already on its way when the 429 came back
    # cannot be held (on a loaded machine the other reply is sometimes in flight by then).
    paused = [c for c in sends(emulator) if flood.time <= c.started < flood.time + 2.0]
    assert paused == []
    assert emulator.count(status=429) == 1


async def test_a_reply_that_meets_a_5xx_and_a_dropped_connection_still_arrives(
    limited: World,
) -> None:
    world, emulator = limited, limited.emulator
    stranger = world.user("Gijs", language="en")
    emulator.faults.script(["502", "drop"])
    stranger.send_text("hello?")
    await world.settle(timeout=30)
    assert stranger.texts() == [t("en", "stranger")]
    assert [c.status for c in sends(emulator, stranger.chat_id)] == [502, 0, 200]


async def test_a_reply_to_someone_who_blocked_the_bot_is_tried_once(limited: World) -> None:
    world, emulator = limited, limited.emulator
    stranger = world.user("Hanna", language="en")
    stranger.block_bot()
    stranger.send_text("hello?")
    await world.settle(timeout=30)
    refused = [c for c in sends(emulator, stranger.chat_id) if c.status == 403]
    assert [c.params["text"] for c in refused].count(t("en", "stranger")) == 1
    stranger.unblock_bot()
    stranger.send_text("hello again")
    await world.settle(timeout=30)
    assert stranger.texts() == [t("en", "stranger")]
