"""Nudges on a real SQLite file: a line opened by the supervisor, answered by the student,
closed by either or by a day of silence; nobody else writes on it."""

from __future__ import annotations

from datetime import timedelta

from bot.domain.flows import Ending
from bot.domain.messages import Outgoing
from bot.domain.nudges import LineEnd, NudgeArrived, NudgeClosed
from bot.domain.people import Person
from bot.services.nudges import (
    NUDGE,
    NudgeResult,
    close_line,
    nudge_message,
    reply_on,
    start_nudge,
    write,
)
from bot.services.privacy import my_data
from bot.services.runtime import Services
from storage.erasure import ErasureRepo
from storage.flows import FlowRepo
from storage.outbox import OutboxRepo
from tests.services.test_supervision import person
from tests.supervision import State, local, seed

PLAN = [("Anna", State.GREEN, "ingrid"), ("Bram", State.GREEN, "peter")]
NOW = local(3, 20, 15)


async def people(svc: Services) -> tuple[Person, Person, Person]:
    await seed(svc, PLAN)
    return (
        await person(svc, "ingrid@school.example"),
        await person(svc, "s1@student.example"),
        await person(svc, "peter@school.example"),
    )


async def sent_to(svc: Services, person_id: int) -> list[object]:
    async with svc.db.reading() as conn:
        return [
            m.payload
            for m in await OutboxRepo(conn).since(0, "en")
            if isinstance(m, Outgoing)
            and m.person_id == person_id
            and isinstance(m.payload, NudgeArrived | NudgeClosed)
        ]


async def test_a_line_from_the_supervisor_to_the_student_and_back(svc: Services) -> None:
    ingrid, anna, _ = await people(svc)
    started = await start_nudge(svc, ingrid, 1, NOW, update_id=1)
    assert (started.result, started.other) == (NudgeResult.WRITE, "Anna")
    assert started.flow is not None
    sent = await write(svc, ingrid, started.flow.id, "How is the bakery going?", NOW, update_id=2)
    assert (sent.result, sent.other) == (NudgeResult.SENT, "Anna")
    [arrived] = await sent_to(svc, anna.id)
    assert isinstance(arrived, NudgeArrived)
    card = await nudge_message(svc, arrived.message_id)
    assert card is not None
    assert (card.sender_name, card.text) == ("Ingrid", "How is the bakery going?")
    # Anna's check-in question is open: the bot does not interrupt it. Her Reply button puts
    # her on the line (the check-in is put aside, and she is told so).
    async with svc.db.reading() as conn:
        assert NUDGE.narrow(await FlowRepo(conn).get(anna.id)) is None
    later = NOW + timedelta(hours=3)
    replying = await reply_on(svc, anna, card.line.id, later, update_id=3)
    assert (replying.result, replying.other) == (NudgeResult.WRITE, "Ingrid")
    assert replying.replaced is not None
    assert replying.replaced.flow.name == "checkin"
    assert replying.flow is not None
    answered = await write(
        svc, anna, replying.flow.id, "Great, I baked bread!", later, update_id=3
    )
    assert (answered.result, answered.other) == (NudgeResult.SENT, "Ingrid")
    back = [p for p in await sent_to(svc, ingrid.id) if isinstance(p, NudgeArrived)]
    assert len(back) == 1
    # Ingrid writes again on the same line (her flow was kept open by Anna's answer).
    again = await write(
        svc,
        ingrid,
        sent.flow.id if sent.flow else 0,
        "Well done!",
        later + timedelta(hours=20),
        update_id=4,
    )
    assert again.result is NudgeResult.SENT


async def test_either_side_closes_and_the_other_is_told(svc: Services) -> None:
    ingrid, anna, _ = await people(svc)
    started = await start_nudge(svc, ingrid, 1, NOW, update_id=1)
    assert started.flow is not None
    await write(svc, ingrid, started.flow.id, "Hi!", NOW, update_id=2)
    [arrived] = await sent_to(svc, anna.id)
    assert isinstance(arrived, NudgeArrived)
    card = await nudge_message(svc, arrived.message_id)
    assert card is not None
    await reply_on(svc, anna, card.line.id, NOW, update_id=3)
    closed = await close_line(svc, anna, NOW + timedelta(minutes=5), update_id=3)
    assert (closed.result, closed.other) == (NudgeResult.CLOSED, "Ingrid")
    [told] = [p for p in await sent_to(svc, ingrid.id) if isinstance(p, NudgeClosed)]
    assert told.by is LineEnd.STUDENT
    async with svc.db.reading() as conn:
        hers = await FlowRepo(conn).get(ingrid.id)
    assert hers is not None
    assert hers.ended is Ending.CANCELLED
    # Her old flow's id no longer writes: the line is closed.
    stale = await write(svc, ingrid, started.flow.id, "Still there?", NOW, update_id=4)
    assert stale.result is NudgeResult.STALE


async def test_a_day_of_silence_closes_the_line(svc: Services) -> None:
    ingrid, anna, _ = await people(svc)
    started = await start_nudge(svc, ingrid, 1, NOW, update_id=1)
    assert started.flow is not None
    sent = await write(svc, ingrid, started.flow.id, "Hi!", NOW, update_id=2)
    assert sent.flow is not None
    [arrived] = await sent_to(svc, anna.id)
    assert isinstance(arrived, NudgeArrived)
    card = await nudge_message(svc, arrived.message_id)
    assert card is not None
    silent = NOW + timedelta(days=1, minutes=1)
    assert (await reply_on(svc, anna, card.line.id, silent, update_id=3)).result is (
        NudgeResult.STALE
    )
    assert (await write(svc, ingrid, sent.flow.id, "Hello?", silent, update_id=4)).result is (
        NudgeResult.STALE
    )
    # A new /nudge opens a new line.
    fresh = await start_nudge(svc, ingrid, 1, silent, update_id=5)
    assert fresh.flow is not None
    assert fresh.flow.data.line_id == 0


async def test_nobody_else_writes_on_a_line(svc: Services) -> None:
    ingrid, anna, peter = await people(svc)
    assert (await start_nudge(svc, peter, 1, NOW, update_id=1)).result is NudgeResult.REFUSED
    assert (await start_nudge(svc, anna, 1, NOW, update_id=1)).result is NudgeResult.REFUSED
    started = await start_nudge(svc, ingrid, 1, NOW, update_id=1)
    assert started.flow is not None
    await write(svc, ingrid, started.flow.id, "Hi!", NOW, update_id=2)
    [arrived] = await sent_to(svc, anna.id)
    assert isinstance(arrived, NudgeArrived)
    card = await nudge_message(svc, arrived.message_id)
    assert card is not None
    assert (await reply_on(svc, peter, card.line.id, NOW, update_id=3)).result is (
        NudgeResult.REFUSED
    )
    # A forged flow id writes nothing.
    assert (await write(svc, peter, started.flow.id, "Hi", NOW, update_id=4)).result is (
        NudgeResult.STALE
    )
    assert (await write(svc, ingrid, started.flow.id, "x" * 3501, NOW, update_id=5)).result is (
        NudgeResult.TOO_LONG
    )


async def test_mydata_and_erasure_know_the_lines(svc: Services) -> None:
    ingrid, anna, _ = await people(svc)
    started = await start_nudge(svc, ingrid, 1, NOW, update_id=1)
    assert started.flow is not None
    await write(svc, ingrid, started.flow.id, "How are the croissants?", NOW, update_id=2)
    [arrived] = await sent_to(svc, anna.id)
    assert isinstance(arrived, NudgeArrived)
    card = await nudge_message(svc, arrived.message_id)
    assert card is not None
    replying = await reply_on(svc, anna, card.line.id, NOW, update_id=3)
    assert replying.flow is not None
    await write(svc, anna, replying.flow.id, "Burnt, but Bartholomeus helped", NOW, update_id=4)
    hers = await my_data(svc, anna, NOW)
    assert [m["text"] for m in hers["nudge_messages"]] == [
        "How are the croissants?",
        "Burnt, but Bartholomeus helped",
    ]
    # The supervisor's own words, not the student's.
    his = await my_data(svc, ingrid, NOW)
    assert [m["text"] for m in his["nudge_messages"]] == ["How are the croissants?", None]
    async with svc.db.transaction() as conn:
        await ErasureRepo(conn).erase(anna.id, f"erased-{anna.id}", "x@invalid", NOW)
    async with svc.db.reading() as conn, conn.execute("SELECT text FROM nudge_messages") as cur:
        assert [row[0] for row in await cur.fetchall()] == [None, None]
