"""The typed outbox on a real SQLite file: bad rows, old rows, and erasure down to the bytes."""

from __future__ import annotations

import json
import logging
import sqlite3
import struct
from datetime import date, timedelta
from pathlib import Path

import pytest

from bot.app import VIEW_MODULES
from bot.clock import FakeClock
from bot.domain.checkins import (
    CheckInOpened,
    CheckInReminder,
    CheckInsPaused,
    CheckInsResumed,
)
from bot.domain.escalation import AlertEscalated, AlertKind, AlertRaised, ProblemShared
from bot.domain.messages import Message, Outgoing, decode
from bot.domain.people import Person, PersonUnreachable, Role
from bot.domain.privacy import ErasureRejected, ErasureRequested
from bot.services.alerts import raise_alert
from bot.services.outbox import chat_unreachable, next_messages
from bot.services.pauses import pause_checkins
from bot.services.privacy import decide_erasure, request_erasure
from bot.services.roster import import_roster
from bot.services.runtime import Services
from handlers.outgoing import Text, render
from storage.db import Database, migrations
from storage.outbox import OutboxRepo
from storage.people import PeopleRepo, PlacementRepo
from tests.conftest import ROSTER
from tests.kinds import Note

# Numbers that occur nowhere else in the file by chance.
SANNE_TG, INGRID_TG, MARK_TG, CARLA_TG = 731_954_862, 731_954_863, 731_954_864, 731_954_865
PROBLEM = "My hours at Bakkerij Jansen go on until midnight"


async def joined(svc: Services, people: dict[str, int]) -> dict[str, int]:
    """Link Telegram ids to people by email; returns their person ids by email."""
    ids = {}
    async with svc.db.transaction() as conn:
        repo = PeopleRepo(conn)
        for email, telegram_id in people.items():
            person = await repo.by_email(email)
            assert person is not None
            await repo.link_telegram(person.id, telegram_id, "en")
            ids[email] = person.id
    return ids


async def test_a_row_that_does_not_fit_its_kind_is_failed_loudly_and_the_rest_go(
    svc: Services,
    clock: FakeClock,
    caplog: pytest.LogCaptureFixture,
) -> None:
    await import_roster(svc, ROSTER, skip_bad_rows=False, now=clock.now())
    ids = await joined(svc, {"sanne@student.example": SANNE_TG})
    sanne = ids["sanne@student.example"]
    async with svc.db.transaction() as conn:
        await OutboxRepo(conn).add([Message("note:1", sanne, Note(1))], clock.now())
        # Written by hand, by an older version, or by a bug: a name where an id belongs.
        await conn.execute(
            "INSERT INTO outbox (dedupe_key, person_id, kind, payload, created_at) VALUES "
            "('bad:1', ?, 'checkin_open', '{\"checkin_id\": \"Sanne\"}', '2026-03-02T08:00:00'),"
            "('bad:2', ?, 'no_such_kind', '{}', '2026-03-02T08:00:00')",
            (sanne, sanne),
        )
        await OutboxRepo(conn).add([Message("note:2", sanne, Note(2))], clock.now())
    with caplog.at_level(logging.ERROR):
        ready = await next_messages(svc, 10)
    assert [m.payload for m in ready] == [Note(1), Note(2)]
    assert all(isinstance(m, Outgoing) for m in ready)
    async with (
        svc.db.reading() as conn,
        conn.execute("SELECT dedupe_key, status, last_error FROM outbox ORDER BY id") as cur,
    ):
        rows = [tuple(row) for row in await cur.fetchall()]
    assert [row[:2] for row in rows] == [
        ("note:1", "pending"),
        ("bad:1", "failed"),
        ("bad:2", "failed"),
        ("note:2", "pending"),
    ]
    assert "checkin_open.checkin_id must be int, not 'Sanne'" in rows[1][2]
    assert "unknown message kind 'no_such_kind'" in rows[2][2]
    errors = [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR]
    assert len(errors) == 2
    assert "cannot be read" in errors[0]
    assert await next_messages(svc, 10) == ready  # refused once, never looked at again


def old_database(path: Path) -> None:
    """A database as version 4 left it, with outbox rows in the old shape (names, ids)."""
    with sqlite3.connect(path) as conn:
        for number, script in migrations():
            if number <= 4:
                conn.executescript(script)
        conn.execute("PRAGMA user_version = 4")
        for n, (name, role) in enumerate(
            (
                ("Sanne de Vries", "student"),
                ("Ingrid Bos", "supervisor"),
                ("Carla", "coordinator"),
            ),
            start=1,
        ):
            conn.execute(
                "INSERT INTO people (id, name, email, role, telegram_id, created_at) "
                "VALUES (?, ?, ?, ?, ?, '2026-03-02T08:00:00')",
                (n, name, f"p{n}@example.org", role, 100 + n),
            )
        rows = [
            ("checkin:7:2026-W10", 1, "checkin_open", {"checkin_id": 12, "name": "Sanne"}),
            ("checkin-reminder:12", 1, "checkin_reminder", {"checkin_id": 12}),
            (
                "alert:5:1",
                2,
                "alert",
                {
                    "alert_id": 5,
                    "kind": "problem",
                    "student": "Sanne",
                    "student_tg": 101,
                    "details": PROBLEM,
                },
            ),
            ("alert:5:2", 2, "alert", {"alert_id": 5, "student": "Sanne", "resent": 1}),
            (
                "alert-escalated:5:3",
                3,
                "alert_escalated",
                {"alert_id": 5, "hours": 48, "student": "Sanne"},
            ),
            ("alert:5:mentor", 2, "problem_shared", {"alert_id": 5, "details": PROBLEM}),
            (
                "paused:7:2026-03-03T10:00:00+00:00",
                2,
                "paused",
                {"student": "Sanne", "until": "2026-03-20"},
            ),
            ("resumed:7:2026-03-04T10:00:00+00:00", 2, "resumed", {"student": "Sanne"}),
            (
                "undeliverable:1:2:2026-03-05",
                2,
                "undeliverable",
                {"name": "Sanne de Vries", "role": "student"},
            ),
            (
                "erasure:4:3",
                3,
                "erasure_request",
                {"request": 4, "name": "Sanne de Vries", "role": "student"},
            ),
            ("erasure-rejected:4", 1, "notice", {"key": "privacy.rejected_notice"}),
            ("test:1", 1, "notice", {"key": "notice.test", "n": 1}),
        ]
        conn.executemany(
            "INSERT INTO outbox (dedupe_key, person_id, kind, params, created_at) "
            "VALUES (?, ?, ?, ?, '2026-03-02T08:00:00')",
            [(key, person, kind, json.dumps(params)) for key, person, kind, params in rows],
        )


async def test_migration_6_rewrites_old_rows_to_ids_and_drops_their_names(
    tmp_path: Path,
) -> None:
    path = tmp_path / "old.sqlite3"
    old_database(path)
    db = await Database.open(path)
    await db.close()
    with sqlite3.connect(path) as conn:
        rows = conn.execute("SELECT kind, payload, status FROM outbox ORDER BY id").fetchall()
    assert [decode(kind, payload) for kind, payload, _ in rows[:-1]] == [
        CheckInOpened(12),
        CheckInReminder(12),
        AlertRaised(5),
        AlertRaised(5, resent=True),
        AlertEscalated(5, 48),
        ProblemShared(5),
        CheckInsPaused(7, date(2026, 3, 20)),
        CheckInsResumed(7),
        PersonUnreachable(1),
        ErasureRequested(4),
        ErasureRejected(4),
    ]
    assert rows[-1] == ("notice", "{}", "failed")  # a test's notice: never sent
    assert all(status == "pending" for _, _, status in rows[:-1])
    with sqlite3.connect(path) as conn:
        text = "".join(payload for (payload,) in conn.execute("SELECT payload FROM outbox"))
    assert "Sanne" not in text
    assert "Bakkerij" not in text
    assert '"student_tg"' not in text


def on_disk(database: Path) -> bytes:
    """The raw bytes of the database file and its WAL, as someone with the disk would see."""
    wal = database.with_name(database.name + "-wal")
    return database.read_bytes() + (wal.read_bytes() if wal.exists() else b"")


async def test_erasure_leaves_no_trace_in_the_outbox_and_rewrites_nobody_elses_messages(
    svc: Services,
    clock: FakeClock,
    tmp_path: Path,
) -> None:
    await import_roster(svc, ROSTER, skip_bad_rows=False, now=clock.now())
    ids = await joined(
        svc,
        {
            "sanne@student.example": SANNE_TG,
            "ingrid@school.example": INGRID_TG,
            "mark@bakkerij.example": MARK_TG,
        },
    )
    sanne, ingrid = ids["sanne@student.example"], ids["ingrid@school.example"]
    async with svc.db.transaction() as conn:
        carla = await PeopleRepo(conn).add(
            "Carla", "carla@school.example", Role.COORDINATOR, "en", clock.now()
        )
        await PeopleRepo(conn).link_telegram(carla, CARLA_TG, "en")
        placement = await PlacementRepo(conn).by_id(1)
        assert placement is not None
        # Messages about Sanne to others, and to her: each kind the product has for that.
        await raise_alert(
            conn,
            svc.policy,
            placement,
            AlertKind.PROBLEM_REPORTED,
            clock.now(),
            details=PROBLEM,
            shared_with_mentor=True,
        )
        await OutboxRepo(conn).add(
            [Message("checkin:1:2026-W10", sanne, CheckInOpened(1))], clock.now()
        )
        student = await PeopleRepo(conn).by_id(sanne)
    assert student is not None
    await pause_checkins(svc, student, date(2026, 3, 20), clock.now())
    await chat_unreachable(svc, sanne, "Forbidden: bot was blocked by the user", clock.now())

    async def outbox() -> dict[str, tuple[int, str, str, str]]:
        async with (
            svc.db.reading() as conn,
            conn.execute("SELECT dedupe_key, person_id, kind, payload, status FROM outbox") as cur,
        ):
            return {row[0]: tuple(row[1:]) for row in await cur.fetchall()}

    before = await outbox()
    assert {kind for _, kind, _, _ in before.values()} >= {
        "alert",
        "problem_shared",
        "paused",
        "undeliverable",
        "checkin_open",
    }
    carla_person = await svc_person(svc, carla)
    clock.advance(timedelta(minutes=5))
    await request_erasure(svc, student, clock.now())
    done = await decide_erasure(svc, carla_person, 1, approve=True, now=clock.now())
    assert done.former_telegram_id == SANNE_TG

    after = await outbox()
    to_others = {key: row for key, row in before.items() if row[0] != sanne}
    # Nothing about her was written into anyone else's message, so nothing had to be rewritten.
    assert {key: after[key] for key in to_others} == to_others
    assert {row[3] for key, row in after.items() if row[0] == sanne} == {"undeliverable"}
    disk = on_disk(tmp_path / "test.sqlite3")
    for trace in (
        b"Sanne",
        b"de Vries",
        b"sanne@student.example",
        PROBLEM.encode(),
        str(SANNE_TG).encode(),
        struct.pack(">i", SANNE_TG),
    ):
        assert trace not in disk, trace
    # The byte search works: the others' ids are there, as SQLite stores integers.
    assert struct.pack(">i", INGRID_TG) in disk
    # What Ingrid still gets about her is worded when sent, with the name she has now (by
    # the views the running bot has: VIEW_MODULES).
    assert VIEW_MODULES
    pending = [m for m in await next_messages(svc, 50) if m.person_id == ingrid]
    texts = [await render(svc, m) for m in pending]
    assert texts
    for rendered in texts:
        assert isinstance(rendered, Text)
        assert "Sanne" not in rendered.text
    assert any(f"erased-{sanne}" in r.text for r in texts if isinstance(r, Text))


async def svc_person(svc: Services, person_id: int) -> Person:
    """A person as the services see him."""
    async with svc.db.reading() as conn:
        person = await PeopleRepo(conn).by_id(person_id)
    assert person is not None
    return person
