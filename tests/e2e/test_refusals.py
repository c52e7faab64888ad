"""Presses and links that must change nothing, and say so: twice, someone else's, undecidable."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.demo.world import World
from bot.i18n import t
from bot.sandbox.users import SimUser
from tests.e2e.story import ROSTER, Cast, school_world

FRIDAY = datetime(2026, 3, 6, 14, tzinfo=ZoneInfo("Europe/Amsterdam"))
LATER_ROSTER = (
    ROSTER.splitlines()[0]
    + "\n"
    + (
        "Noor Bakker,noor@student.example,Mark Jansen,mark@bakkerij.example,Bakkerij Jansen,"
        "Ingrid Bos,ingrid@school.example,2026-03-02,2026-05-29,en\n"
    )
)


def rows(world: World, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(world.bot.settings.database_path) as conn:
        return conn.execute(sql).fetchall()


def press_again(world: World, user: SimUser, data: str) -> None:
    """The same button once more, under the same message (a double tap, a second device)."""
    message = next(m for m in reversed(user.bot_messages) if m.buttons or m.edited)
    world.emulator.inject_update(
        {
            "callback_query": {
                "id": world.emulator.open_callback_query(user.user_id),
                "from": user.user_dict(),
                "chat_instance": "x",
                "data": data,
                "message": user.api_message(message),
            }
        }
    )


@pytest.fixture
async def school(tmp_path: Path) -> AsyncIterator[tuple[World, Cast, SimUser]]:
    async with school_world(tmp_path / "bot.sqlite3") as (world, people, coordinator):
        yield world, people, coordinator


async def report(world: World, student: SimUser) -> None:
    """The student asks for help and shares it with his supervisor only."""
    student.send_command("/help")
    await world.settle()
    student.press("🆘 I want to ask for help")
    await world.settle()
    student.send_text("The oven burns me")
    await world.settle()
    student.press("Only Ingrid Bos (school)")
    await world.settle()


async def test_acknowledging_twice_says_so_and_changes_nothing(
    school: tuple[World, Cast, SimUser],
) -> None:
    world, people, _ = school
    await world.move_to(FRIDAY)
    await report(world, people.student)
    supervisor = people.supervisor
    alert = await supervisor.receives("has reported a problem", new=False)
    data = alert.callback_data_for("👀 Acknowledge")
    assert data is not None
    supervisor.press("👀 Acknowledge", alert)
    await world.settle()
    before = rows(world, "SELECT * FROM alerts"), rows(world, "SELECT * FROM audit_log")
    shown = alert.text
    press_again(world, supervisor, data)
    await world.settle()
    assert supervisor.answers[-1]["text"] == t("en", "alert.already_acknowledged")
    assert (rows(world, "SELECT * FROM alerts"), rows(world, "SELECT * FROM audit_log")) == before
    assert alert.text == shown


async def test_a_joined_account_cannot_take_someone_elses_link(
    school: tuple[World, Cast, SimUser],
) -> None:
    world, people, _ = school
    await world.import_roster(LATER_ROSTER)
    tokens = await world.invite_tokens()
    mentor = people.mentor  # joined as Mark: his account is Mark's for good
    await world.join(mentor, tokens["noor@student.example"])
    assert mentor.texts()[-1] == t("en", "join.other_account")
    assert rows(
        world, "SELECT telegram_id IS NULL FROM people WHERE email = 'noor@student.example'"
    ) == [(1,)]
    # The link still works for its owner.
    noor = world.user("Noor", language="en")
    await world.join(noor, tokens["noor@student.example"])
    assert noor.texts()[-1].startswith("Welcome, Noor Bakker!")


async def test_forget_twice_and_with_no_other_coordinator_asks_nothing_more(
    school: tuple[World, Cast, SimUser],
) -> None:
    world, people, coordinator = school
    for _ in range(2):
        people.student.send_command("/forget")
        await world.settle()
        people.student.press("Yes, erase my data")
        await world.settle()
    assert people.student.texts()[-2:] == [
        t("en", "privacy.forget_requested"),
        t("en", "privacy.forget_already_requested"),
    ]
    # The only coordinator cannot approve his own erasure: nobody can.
    coordinator.send_command("/forget")
    await world.settle()
    coordinator.press("Yes, erase my data")
    await world.settle()
    assert coordinator.texts()[-1] == t("en", "privacy.forget_no_coordinator")
    assert rows(world, "SELECT person_id, status FROM erasure_requests") == [(1, "pending")]


async def test_an_erasure_is_decided_once_and_a_request_that_is_not_there_is_refused(
    school: tuple[World, Cast, SimUser],
) -> None:
    world, people, coordinator = school
    student = people.student
    student.send_command("/forget")
    await world.settle()
    student.press("Yes, erase my data")
    await world.settle()
    request = await coordinator.receives("asks to have his or her personal data erased", new=False)
    coordinator.press("Reject", request)
    await world.settle()
    assert (request.text or "").startswith("Rejected: person #1")
    assert student.texts()[-1] == t("en", "privacy.rejected_notice")
    press_again(world, coordinator, "er:1:ok")  # approving after all: too late
    await world.settle()
    assert coordinator.answers[-1]["text"] == t("en", "privacy.already_decided")
    press_again(world, coordinator, "er:999:ok")
    await world.settle()
    assert coordinator.answers[-1]["text"] == t("en", "button.stale")
    assert rows(world, "SELECT name FROM people WHERE id = 1") == [("Sanne de Vries",)]


async def test_an_erasure_goes_through_when_the_person_has_blocked_the_bot(
    school: tuple[World, Cast, SimUser],
) -> None:
    world, people, coordinator = school
    student = people.student
    student.send_command("/forget")
    await world.settle()
    student.press("Yes, erase my data")
    await world.settle()
    student.block_bot()  # the goodbye cannot reach him
    coordinator.press("Approve and erase")
    await world.settle()
    assert rows(world, "SELECT name, telegram_id FROM people WHERE id = 1") == [("erased-1", None)]
    assert t("en", "privacy.erased") not in student.texts()
