"""The outbox's edges: what the operator reads of a bad row, how much of an error is kept,
and the dry run's view of what a tick queued."""

from __future__ import annotations

import logging

import pytest

from bot.clock import FakeClock
from bot.domain.messages import Message, Outgoing
from bot.services.outbox import (
    chat_unreachable,
    last_queued,
    message_failed,
    next_messages,
    queued_after,
)
from bot.services.roster import import_roster
from bot.services.runtime import Services
from storage.outbox import OutboxRepo
from tests.conftest import ROSTER
from tests.kinds import Note
from tests.services.test_outbox import SANNE_TG, joined

# Longer than the 500 characters kept, and each position tells how much was kept.
LONG_ERROR = "".join(f"{n:04d}|" for n in range(150))


async def outbox(svc: Services) -> list[tuple[object, ...]]:
    async with (
        svc.db.reading() as conn,
        conn.execute(
            "SELECT dedupe_key, status, attempts, last_error FROM outbox"
            " WHERE dedupe_key LIKE 'note:%'"
        ) as cur,
    ):
        return [tuple(row) for row in await cur.fetchall()]


async def test_an_unreadable_row_is_logged_with_its_id_its_kind_and_why(
    svc: Services, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    await import_roster(svc, ROSTER, skip_bad_rows=False, now=clock.now())
    sanne = (await joined(svc, {"sanne@student.example": SANNE_TG}))["sanne@student.example"]
    async with svc.db.transaction() as conn:
        await OutboxRepo(conn).add([Message("note:1", sanne, Note(1))], clock.now())
        await conn.execute(
            "INSERT INTO outbox (dedupe_key, person_id, kind, payload, created_at) VALUES "
            "('bad:1', ?, 'checkin_open', '{\"checkin_id\": \"Sanne\"}', '2026-03-02T08:00:00')",
            (sanne,),
        )
    with caplog.at_level(logging.ERROR):
        await next_messages(svc, 10)
    # The operator must be able to find the row: its id, its kind and what is wrong with it.
    assert [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR] == [
        "outbox 2 (checkin_open) cannot be read, not sending it: "
        "checkin_open.checkin_id must be int, not 'Sanne'"
    ]


async def test_a_failure_keeps_the_first_500_characters_of_its_error(
    svc: Services, clock: FakeClock
) -> None:
    await import_roster(svc, ROSTER, skip_bad_rows=False, now=clock.now())
    ids = await joined(
        svc, {"sanne@student.example": SANNE_TG, "daan@student.example": SANNE_TG + 1}
    )
    sanne, daan = ids["sanne@student.example"], ids["daan@student.example"]
    async with svc.db.transaction() as conn:
        await OutboxRepo(conn).add(
            [Message("note:1", sanne, Note(1)), Message("note:2", daan, Note(2))], clock.now()
        )
    await message_failed(svc, 1, LONG_ERROR, final=False)
    await message_failed(svc, 1, LONG_ERROR, final=True)
    await chat_unreachable(svc, daan, LONG_ERROR, clock.now())
    assert await outbox(svc) == [
        ("note:1", "failed", 2, LONG_ERROR[:500]),
        ("note:2", "undeliverable", 0, LONG_ERROR[:500]),
    ]


async def test_the_dry_run_sees_exactly_what_was_queued_after_it_looked(
    svc: Services, clock: FakeClock
) -> None:
    await import_roster(svc, ROSTER, skip_bad_rows=False, now=clock.now())
    assert await last_queued(svc) == 0  # an empty outbox
    sanne = (await joined(svc, {"sanne@student.example": SANNE_TG}))["sanne@student.example"]
    async with svc.db.transaction() as conn:
        await OutboxRepo(conn).add([Message("note:1", sanne, Note(1))], clock.now())
    before = await last_queued(svc)
    assert before == 1
    async with svc.db.transaction() as conn:
        await OutboxRepo(conn).add(
            [Message("note:2", sanne, Note(2)), Message("note:3", sanne, Note(3))], clock.now()
        )
    queued = await queued_after(svc, before)
    assert all(isinstance(m, Outgoing) for m in queued)
    assert [
        (m.id, m.person_id, m.telegram_id, m.language, m.name, m.payload)
        for m in queued
        if isinstance(m, Outgoing)
    ] == [  # to whom, as he is now: a greeting uses his name
        (2, sanne, SANNE_TG, "nl", "Sanne de Vries", Note(2)),
        (3, sanne, SANNE_TG, "nl", "Sanne de Vries", Note(3)),
    ]
    assert await last_queued(svc) == 3
    assert await queued_after(svc, 3) == []


async def test_the_messages_of_chats_that_must_wait_are_left_out(
    svc: Services, clock: FakeClock
) -> None:
    await import_roster(svc, ROSTER, skip_bad_rows=False, now=clock.now())
    ids = await joined(
        svc,
        {
            "sanne@student.example": SANNE_TG,
            "daan@student.example": SANNE_TG + 1,
            "lotte@student.example": SANNE_TG + 2,
        },
    )
    people = list(ids.values())
    async with svc.db.transaction() as conn:
        await OutboxRepo(conn).add(
            [Message(f"note:{n}", person, Note(n)) for n, person in enumerate(people)], clock.now()
        )
    left = await next_messages(svc, 10, skip=people[:2])  # two chats wait their turn
    assert [m.person_id for m in left] == [people[2]]
    assert [m.person_id for m in await next_messages(svc, 10, skip=people)] == []
