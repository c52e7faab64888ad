"""Flows in SQLite: stored and read back typed, the bot's own starts, time-outs, old rows."""

from __future__ import annotations

import logging
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.domain.flows import Ending
from bot.domain.people import Person, Role
from bot.services.alert_notes import ALERT_NOTE, NoteStep, NoteTarget
from bot.services.checkins import CHECKIN, CheckInStep, CheckInTalk
from bot.services.flows import cancel_flow, current_flow, end_timed_out_flows
from bot.services.problems import REPORT, ReportDraft, ReportStep
from bot.services.runtime import Services
from storage.db import Database, migrations
from storage.flows import FlowRepo
from storage.people import PeopleRepo
from tests.conftest import START

HOURS = timedelta(hours=2)


async def someone(svc: Services, email: str = "sanne@student.example") -> Person:
    async with svc.db.transaction() as conn:
        people = PeopleRepo(conn)
        person_id = await people.add("Sanne", email, Role.STUDENT, "en", START)
        person = await people.by_id(person_id)
    assert person is not None
    return person


async def test_a_flow_reads_back_as_it_was_stored(svc: Services) -> None:
    sanne = await someone(svc)
    draft = ReportDraft(7, None, "Tom & Jerry 😀", None)
    async with svc.db.transaction() as conn:
        saved = await FlowRepo(conn).save(
            sanne.id, REPORT.start(ReportStep.AUDIENCE, draft, START, HOURS, update_id=5), START
        )
    assert saved.id > 0
    back = await current_flow(svc, sanne)
    assert back == saved
    assert REPORT.narrow(back) is back


async def test_each_start_gets_a_new_id_and_moving_on_keeps_it(svc: Services) -> None:
    sanne = await someone(svc)
    async with svc.db.transaction() as conn:
        repo = FlowRepo(conn)
        first = await repo.save(
            sanne.id, CHECKIN.start(CheckInStep.WEEK, CheckInTalk(1), START, HOURS), START
        )
        moved = await repo.save(
            sanne.id, first.moved(CheckInStep.HELP, CheckInTalk(1), START, HOURS), START
        )
        second = await repo.save(
            sanne.id, CHECKIN.start(CheckInStep.MOOD, CheckInTalk(2), START, HOURS), START
        )
    assert moved.id == first.id
    assert second.id not in (0, first.id)
    assert await current_flow(svc, sanne) == second


async def test_the_bot_starts_a_flow_only_for_whoever_is_in_none(svc: Services) -> None:
    busy, idle, done, late = [await someone(svc, f"{n}@example.org") for n in range(4)]
    async with svc.db.transaction() as conn:
        repo = FlowRepo(conn)
        await repo.save(
            busy.id, REPORT.start(ReportStep.DESCRIBE, ReportDraft(1), START, HOURS), START
        )
        ended = await repo.save(
            done.id, CHECKIN.start(CheckInStep.HELP, CheckInTalk(1), START, HOURS), START
        )
        await repo.save(done.id, ended.end(Ending.FINISHED), START)
        await repo.save(
            late.id,
            REPORT.start(ReportStep.DESCRIBE, ReportDraft(1), START - 2 * HOURS, HOURS),
            START,
        )
        now = START + timedelta(minutes=1)
        await repo.start_where_idle(
            [
                (person.id, CHECKIN.start(CheckInStep.MOOD, CheckInTalk(9), now, 30 * HOURS))
                for person in (busy, idle, done, late)
            ],
            now,
        )
    flows = {person.email: await current_flow(svc, person) for person in (busy, idle, done, late)}
    assert [
        (email, state.flow.name, state.step.value)
        for email, state in flows.items()
        if state is not None
    ] == [
        ("0@example.org", "report", "describe"),
        ("1@example.org", "checkin", "mood"),
        ("2@example.org", "checkin", "mood"),
        ("3@example.org", "checkin", "mood"),
    ]


async def test_timed_out_flows_end_without_their_drafts(svc: Services) -> None:
    sanne, ingrid = await someone(svc), await someone(svc, "ingrid@school.example")
    async with svc.db.transaction() as conn:
        await FlowRepo(conn).save(
            sanne.id,
            REPORT.start(ReportStep.AUDIENCE, ReportDraft(1, None, "my words"), START, HOURS),
            START,
        )
        await FlowRepo(conn).save(
            ingrid.id, ALERT_NOTE.start(NoteStep.NOTE, NoteTarget(3), START, 3 * HOURS), START
        )
    assert await end_timed_out_flows(svc, START + HOURS - timedelta(seconds=1)) == 0
    assert await end_timed_out_flows(svc, START + HOURS) == 1
    report = await current_flow(svc, sanne)
    assert report is not None
    assert (report.ended, report.data) == (Ending.EXPIRED, ReportDraft(1, None, None))
    assert await cancel_flow(svc, sanne, None, START + 2 * HOURS, 8) is None  # nothing open
    note = await cancel_flow(svc, ingrid, None, START + 2 * HOURS, 9)
    assert note is not None
    assert (note.ended, note.update_id) == (Ending.CANCELLED, 9)
    async with svc.db.reading() as conn, conn.execute("SELECT data FROM flows") as cur:
        assert "my words" not in str([tuple(row) for row in await cur.fetchall()])


async def test_a_stored_flow_that_no_longer_fits_is_dropped_loudly(
    svc: Services,
    caplog: pytest.LogCaptureFixture,
) -> None:
    sanne = await someone(svc)
    async with svc.db.transaction() as conn:
        await FlowRepo(conn).save(
            sanne.id, CHECKIN.start(CheckInStep.WEEK, CheckInTalk(1), START, HOURS), START
        )
        await conn.execute('UPDATE flows SET data = \'{"checkin_id": "one"}\'')
    with caplog.at_level(logging.ERROR):
        assert await current_flow(svc, sanne) is None
    assert "does not read back" in caplog.text
    async with svc.db.reading() as conn, conn.execute("SELECT COUNT(*) FROM flows") as cur:
        assert tuple(await cur.fetchone() or ()) == (0,)


async def test_open_conversations_of_the_old_table_are_carried_over(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    with sqlite3.connect(path) as conn:
        for number, script in migrations():
            if number < 5:
                conn.executescript(script)
        conn.execute("PRAGMA user_version = 4")
        for n in range(5):
            conn.execute(
                "INSERT INTO people (name, email, role, created_at) "
                "VALUES (?, ?, 'student', '2026-03-06T13:00:00')",
                (f"P{n}", f"p{n}@example.org"),
            )
        conn.executemany(
            "INSERT INTO conversations (person_id, flow, step, data, updated_at) "
            "VALUES (?, ?, ?, ?, '2026-03-06T13:00:00')",
            [
                (1, "checkin", "week", '{"checkin_id": 4, "placement_id": 2}'),
                (
                    2,
                    "checkin",
                    "audience",
                    '{"checkin_id": 4, "placement_id": 2, "problem": "too loud"}',
                ),
                (3, "help", "describe", '{"placement_id": 2}'),
                (4, "alert_note", "note", '{"alert_id": 6}'),
                (5, "checkin", "nonsense", "{}"),  # nothing we know: not carried over
            ],
        )
    db = await Database.open(path)
    try:
        async with db.reading() as conn:
            repo = FlowRepo(conn)
            states = [await repo.get(person_id) for person_id in range(1, 6)]
    finally:
        await db.close()
    expires = datetime(2026, 3, 6, 15, 0, tzinfo=UTC)  # two hours after they were written
    assert [(s.flow, s.step, s.data, s.expires_at) if s else None for s in states] == [
        (CHECKIN, CheckInStep.WEEK, CheckInTalk(4), expires),
        (REPORT, ReportStep.AUDIENCE, ReportDraft(2, 4, "too loud", None), expires),
        (REPORT, ReportStep.DESCRIBE, ReportDraft(2, None, None, None), expires),
        (ALERT_NOTE, NoteStep.NOTE, NoteTarget(6, None), expires),
        None,
    ]
