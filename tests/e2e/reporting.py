"""A school for safeguarding stories: Sanne reports, who is there to receive it, what each saw."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.demo.story import plain
from bot.demo.world import World, open_world
from bot.sandbox.users import SimUser
from tests.conftest import START

COORDINATOR = 9001
ROSTER = """student_name,student_email,mentor_name,mentor_email,company,supervisor_name,supervisor_email,starts_on,ends_on,language
Sanne de Vries,sanne@student.example,Mark Jansen,mark@bakkerij.example,Bakkerij Jansen,Ingrid Bos,ingrid@school.example,2026-03-02,2026-05-29,en
"""  # noqa: E501
WORDS = "My mentor shouts at me & I feel unsafe <really>"
ONLY = "Only Ingrid Bos (school)"
BOTH = "Ingrid Bos and Mark Jansen (Bakkerij Jansen)"


@dataclass
class School:
    """The running bot, the placement's three people and the coordinator (if any)."""

    world: World
    student: SimUser
    mentor: SimUser
    supervisor: SimUser
    coordinator: SimUser | None
    tokens: dict[str, str]

    async def supervisor_joins(self) -> None:
        await self.world.join(self.supervisor, self.tokens["ingrid@school.example"])


@asynccontextmanager
async def school(
    tmp_path: Path, *, supervisor_joined: bool = True, coordinator: bool = True, **settings: Any
) -> AsyncIterator[School]:
    """Sanne (student), Mark (mentor), Ingrid (supervisor) and Carla (coordinator, from
    COORDINATOR_IDS, said hello); who has joined is the story's choice."""
    ids = frozenset({COORDINATOR}) if coordinator else frozenset()
    async with open_world(
        tmp_path / "bot.sqlite3", START, coordinator_ids=ids, **settings
    ) as world:
        await world.import_roster(ROSTER)
        tokens = await world.invite_tokens()
        student, mentor, supervisor = (
            world.user(n, language="en") for n in ("Sanne", "Mark", "Ingrid")
        )
        await world.join(student, tokens["sanne@student.example"])
        await world.join(mentor, tokens["mark@bakkerij.example"])
        carla = None
        if coordinator:
            carla = world.emulator.user(COORDINATOR, "Carla", language_code="en")
            carla.send_command("/start")
            await world.settle()
        found = School(world, student, mentor, supervisor, carla, tokens)
        if supervisor_joined:
            await found.supervisor_joins()
        yield found


async def report(s: School, words: str, audience: str = ONLY, *, settle: bool = True) -> None:
    """The student asks for help with /help, describes it and chooses who may read it.

    Without `settle`, only the student's answer is waited for (a message that keeps failing
    would keep the bot from ever being idle).
    """
    s.student.send_command("/help")
    await s.world.settle()
    s.student.press("🆘 I want to ask for help")
    await s.world.settle()
    s.student.send_text(words)
    await s.world.settle()
    assert [label for row in s.student.bot_messages[-1].buttons for label, _ in row][:2] == [
        ONLY,
        BOTH,
    ], "the buttons name who will read it"
    s.student.mark_read()
    s.student.press(audience)
    if settle:
        await s.world.settle()
    else:
        await s.student.receives("Thank you for telling me", timeout=15)


def seen(user: SimUser) -> list[str]:
    """What a person read in the chat from the bot, as plain text, in order."""
    return [plain(m.text or "") for m in user.bot_messages]


def said_since(user: SimUser, before: int) -> list[str]:
    return seen(user)[before:]


async def outbox_statuses(world: World) -> dict[str, int]:
    async with (
        world.bot.services.db.reading() as conn,
        conn.execute("SELECT status, COUNT(*) FROM outbox GROUP BY status") as cur,
    ):
        return {row[0]: row[1] for row in await cur.fetchall()}


async def sent_count(world: World) -> int:
    async with (
        world.bot.services.db.reading() as conn,
        conn.execute("SELECT COUNT(*) FROM outbox") as cur,
    ):
        row = await cur.fetchone()
    return int(row[0]) if row else 0


async def queued(world: World, key_prefix: str) -> int:
    async with (
        world.bot.services.db.reading() as conn,
        conn.execute(
            "SELECT COUNT(*) FROM outbox WHERE dedupe_key LIKE ?", (key_prefix + "%",)
        ) as cur,
    ):
        row = await cur.fetchone()
    return int(row[0]) if row else 0


async def table_count(world: World, table: str) -> int:
    async with (
        world.bot.services.db.reading() as conn,
        conn.execute(f"SELECT COUNT(*) FROM {table}") as cur,
    ):
        row = await cur.fetchone()
    return int(row[0]) if row else 0


def unblank(text: str) -> str:
    """A text without its blanks: a cut between two messages may drop the blank it fell on."""
    return re.sub(r"\s+", "", text)


async def handler_errors(world: World) -> list[str]:
    """The errors handlers raised on updates (the inbox records them)."""
    async with (
        world.bot.services.db.reading() as conn,
        conn.execute("SELECT error FROM inbox WHERE error IS NOT NULL") as cur,
    ):
        return [str(row[0]) for row in await cur.fetchall()]
