"""A small cast for check-in stories: one placement, its three people joined."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.demo.world import World, open_world
from bot.sandbox.users import SimUser
from tests.conftest import START

COORDINATOR = 9001  # a Telegram id in COORDINATOR_IDS

ROSTER = """student_name,student_email,mentor_name,mentor_email,company,supervisor_name,supervisor_email,starts_on,ends_on,language
Sanne de Vries,sanne@student.example,Mark Jansen,mark@bakkerij.example,Bakkerij Jansen,Ingrid Bos,ingrid@school.example,2026-03-02,2026-05-29,en
Daan Smit,daan@student.example,Fatima El Amrani,fatima@zorg.example,Zorgcentrum West,Peter Mulder,peter@school.example,2026-09-01,2026-12-18,en
"""  # noqa: E501


@dataclass
class Cast:
    """The people of the first placement, and those of another one (starting in September)."""

    student: SimUser
    mentor: SimUser
    supervisor: SimUser
    other_student: SimUser
    other_mentor: SimUser
    other_supervisor: SimUser


async def cast(world: World) -> Cast:
    """Import the roster and let all six people join through their links."""
    await world.import_roster(ROSTER)
    tokens = await world.invite_tokens()
    people = Cast(
        *(
            world.user(name, language="en")
            for name in ("Sanne", "Mark", "Ingrid", "Daan", "Fatima", "Peter")
        )
    )
    emails = (
        "sanne@student.example",
        "mark@bakkerij.example",
        "ingrid@school.example",
        "daan@student.example",
        "fatima@zorg.example",
        "peter@school.example",
    )
    for user, email in zip(
        (
            people.student,
            people.mentor,
            people.supervisor,
            people.other_student,
            people.other_mentor,
            people.other_supervisor,
        ),
        emails,
        strict=True,
    ):
        await world.join(user, tokens[email])
    return people


@asynccontextmanager
async def school_world(
    database: Path, **settings: Any
) -> AsyncIterator[tuple[World, Cast, SimUser]]:
    """A running bot with the cast joined and a coordinator (from settings) who said hello."""
    async with open_world(
        database, START, coordinator_ids=frozenset({COORDINATOR}), **settings
    ) as world:
        people = await cast(world)
        coordinator = world.emulator.user(COORDINATOR, "Carla", language_code="en")
        coordinator.send_command("/start")
        await world.settle()
        yield world, people, coordinator
