"""A supervisor never sees a placement he does not supervise — in the overview, the digest,
the student picture, nudges and exports — however he asks, forged buttons included; and the
nudge line from the supervisor to his student and back, as they use it."""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.demo import plain
from bot.demo.world import World, open_world
from bot.sandbox.users import SimUser
from tests.conftest import START
from tests.e2e.test_overview import school
from tests.supervision import State, local

PLAN = [
    ("Anna Ingrids", State.GREEN, "ingrid"),
    ("Bram Ingrids", State.RED, "ingrid"),
    ("Peer Peters", State.GREEN, "peter"),
]


@pytest.fixture
async def world(tmp_path: Path) -> AsyncIterator[World]:
    async with open_world(tmp_path / "bot.sqlite3", START) as world:
        yield world


def forge(user: SimUser, data: str) -> None:
    """Press a button the bot never gave this user: a message of his with that data."""
    message = user.new_message(
        from_bot=True,
        text="forged",
        reply_markup={"inline_keyboard": [[{"text": "x", "callback_data": data}]]},
    )
    user.press(data, message)


def everything_peter_saw(peter: SimUser) -> str:
    """Every text, caption and file name in his chat, and every file's bytes as text."""
    parts = []
    for message in peter.bot_messages:
        parts.append(message.text or "")
        if message.document is not None:
            parts.append(message.document[0] + message.document[1].decode("utf-8-sig", "replace"))
    return "\n".join(parts)


async def test_a_supervisor_never_sees_a_placement_he_does_not_supervise(world: World) -> None:
    seeded, users = await school(world, PLAN)
    peter = users["peter@school.example"]
    ingrids = [s.placement_id for s in seeded if s.supervisor == "ingrid@school.example"]
    for command in (
        "/overview",
        "/student Anna",
        "/student",
        "/nudge Anna",
        "/nudge Bram",
        "/export checkins",
        "/export alerts",
        "/export placements",
        "/export feedback",
        "/export meetings",
    ):
        peter.send_text(command)
        await world.settle()
    for placement_id in ingrids:
        for data in (f"sp:{placement_id}", f"ng:{placement_id}"):
            forge(peter, data)
            await world.settle()
            assert peter.answers[-1]["text"] in (
                "This button is not for you.",
                "You cannot write on this conversation.",
            )
    forge(peter, "ov:7")
    await world.settle()
    await world.move_to(local(3, 23, 8, 30))  # the digests
    seen = everything_peter_saw(peter)
    assert "Peer Peters" in seen  # he does see his own
    for name in ("Ingrids", "Company 1", "Company 2", "s1@student.example", "Mentor 1"):
        assert name not in seen, name
    # His exports hold exactly his one placement.
    export = next(
        m
        for m in reversed(peter.bot_messages)
        if m.document is not None and m.document[0].startswith("placements-")
    )
    assert export.document is not None
    rows = list(csv.DictReader(io.StringIO(export.document[1].decode("utf-8-sig")), delimiter=","))
    assert [row["student"] for row in rows] == ["Peer Peters"]


async def test_a_nudge_line_from_the_supervisor_to_his_student_and_back(world: World) -> None:
    _, users = await school(world, PLAN)
    ingrid, anna = users["ingrid@school.example"], users["s1@student.example"]
    ingrid.send_text("/nudge anna")
    await world.settle()
    assert plain(ingrid.texts()[-1]).startswith("💬 To Anna Ingrids:")
    ingrid.send_text("How are the croissants? 🥐 & the ovens <hot>?")
    await world.settle()
    assert ingrid.texts()[-1].startswith("✉️ Sent to Anna Ingrids.")
    arrived = anna.bot_messages[-1]
    assert plain(arrived.text or "").startswith(
        "💬 Ingrid, your school supervisor, writes:\nHow are the croissants? 🥐 & the ovens <hot>?"
    )
    # Her check-in question is open: she answers with Reply (the check-in is put aside).
    anna.press("↩️ Reply", arrived)
    await world.settle()
    anna.send_text("Burnt, but getting better")
    await world.settle()
    answer = ingrid.bot_messages[-1]
    assert plain(answer.text or "") == "💬 Anna Ingrids answers:\nBurnt, but getting better"
    # A 10,000-character message of & and emoji is refused whole; nothing goes out.
    before = len(anna.bot_messages)
    ingrid.send_text("&🥐" * 5000)
    await world.settle()
    assert ingrid.texts()[-1].startswith("That message is too long for me (10000 characters)")
    assert len(anna.bot_messages) == before
    # Ingrid goes on writing; Anna closes the line; Ingrid is told.
    ingrid.send_text("Well done!")
    await world.settle()
    assert plain(anna.bot_messages[-1].text or "").endswith(
        "Well done!\n\nJust write your answer here (or tap Reply). /cancel closes the "
        "conversation."
    )
    anna.send_text("/cancel")
    await world.settle()
    assert anna.texts()[-1] == "The conversation is closed."
    assert ingrid.texts()[-1] == "Anna Ingrids has closed the conversation."
    # Her old Reply button no longer opens it; Ingrid's text is no longer sent.
    anna.press("↩️ Reply", arrived)
    await world.settle()
    assert anna.answers[-1]["text"] == "This conversation has closed."
