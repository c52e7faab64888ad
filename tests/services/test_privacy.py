"""/mydata, /forget and retention on a real SQLite file, down to the bytes on disk."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

from bot.clock import FakeClock
from bot.domain.escalation import AlertRaised
from bot.domain.messages import Message
from bot.domain.people import Person, Role
from bot.services.inbox import keep_updates, update_handled
from bot.services.privacy import (
    Decision,
    ForgetResult,
    decide_erasure,
    my_data,
    purge_expired,
    request_erasure,
)
from bot.services.roster import import_roster
from bot.services.runtime import Services
from scheduler.tick import tick
from storage.db import to_db
from storage.outbox import OutboxRepo
from storage.people import PeopleRepo
from tests.conftest import ROSTER

# Sanne's Telegram id is long enough that finding its digits (or its bytes) on disk means it.
SANNE_TG, INGRID_TG, COORDINATOR_TG = 8_675_309_421, 4343, 9001
WEEK_NOTE = "Baked bread with grandma Wilhelmina"
PROBLEM = "The oven burns me every single day"
TABLES = ("people", "placements", "checkins", "alerts", "outbox", "inbox", "audit_log")


async def school(svc: Services, now: datetime) -> dict[str, Person]:
    """The roster, Sanne and Ingrid joined, a check-in and an alert with Sanne's own words."""
    await import_roster(svc, ROSTER, skip_bad_rows=False, now=now)
    async with svc.db.transaction() as conn:
        people = PeopleRepo(conn)
        for email, telegram_id in (
            ("sanne@student.example", SANNE_TG),
            ("ingrid@school.example", INGRID_TG),
        ):
            person = await people.by_email(email)
            assert person is not None
            await people.link_telegram(person.id, telegram_id, "en")
        sanne, ingrid = (
            await people.by_telegram_id(SANNE_TG),
            await people.by_telegram_id(INGRID_TG),
        )
        assert sanne is not None
        assert ingrid is not None
        carla_id = await people.add("Carla", "carla@school.example", Role.COORDINATOR, "en", now)
        await people.link_telegram(carla_id, COORDINATOR_TG, "en")
        coordinator = await people.by_id(carla_id)
        assert coordinator is not None
        await conn.execute(
            "INSERT INTO checkins (placement_id, week, due_at, remind_at, closes_at, status, "
            "mood, week_note, answered_at) VALUES (1, '2026-W10', ?, ?, ?, 'answered', 2, ?, ?)",
            (to_db(now), to_db(now), to_db(now), WEEK_NOTE, to_db(now)),
        )
        await conn.execute(
            "INSERT INTO alerts (placement_id, kind, details, created_at, resolved_by, "
            "resolution_note) VALUES (1, 'problem', ?, ?, ?, 'Spoke with Sanne de Vries')",
            (PROBLEM, to_db(now), ingrid.id),
        )
        await OutboxRepo(conn).add([Message("alert:1", ingrid.id, AlertRaised(1))], now)
    # What Telegram sent us: Sanne's own words, and Ingrid pressing a button under the alert.
    await keep_updates(
        svc,
        [
            {
                "update_id": 1,
                "message": {
                    "message_id": 1,
                    "date": 0,
                    "text": PROBLEM,
                    "chat": {"id": SANNE_TG, "type": "private"},
                    "from": {"id": SANNE_TG, "first_name": "Sanne"},
                },
            },
            {
                "update_id": 2,
                "callback_query": {
                    "id": "77",
                    "data": "al:1:ack",
                    "from": {"id": INGRID_TG, "first_name": "Ingrid"},
                    "message": {
                        "message_id": 5,
                        "date": 0,
                        "text": f"Sanne de Vries: {PROBLEM}",
                        "chat": {"id": INGRID_TG, "type": "private"},
                    },
                },
            },
        ],
        now,
    )
    for update_id in (1, 2):
        await update_handled(svc, update_id, now)
    return {"sanne": sanne, "ingrid": ingrid, "carla": coordinator}


async def counts(svc: Services) -> dict[str, int]:
    async with svc.db.reading() as conn:
        found = {}
        for table in TABLES:
            async with conn.execute(f"SELECT COUNT(*) FROM {table}") as cur:
                row = await cur.fetchone()
                assert row is not None
                found[table] = row[0]
    return found


def on_disk(database: Path) -> bytes:
    """The raw bytes of the database file and its WAL, as someone with the disk would see."""
    wal = database.with_name(database.name + "-wal")
    return database.read_bytes() + (wal.read_bytes() if wal.exists() else b"")


async def test_mydata_is_everything_about_the_student_and_nothing_secret(
    svc: Services,
    clock: FakeClock,
) -> None:
    cast = await school(svc, clock.now())
    data = json.loads(json.dumps(await my_data(svc, cast["sanne"], clock.now())))
    assert data["person"]["name"] == "Sanne de Vries"
    assert data["person"]["telegram_id"] == SANNE_TG
    assert [(p["company"], p["role"]) for p in data["placements"]] == [
        ("Bakkerij Jansen", "student")
    ]
    assert data["checkins"][0]["week_note"] == WEEK_NOTE
    assert data["alerts_about_you"][0]["details"] == PROBLEM
    assert "token_hash" not in json.dumps(data)


async def test_mydata_of_a_supervisor_has_no_students_texts(
    svc: Services, clock: FakeClock
) -> None:
    cast = await school(svc, clock.now())
    data = await my_data(svc, cast["ingrid"], clock.now())
    text = json.dumps(data, ensure_ascii=False)
    assert data["person"]["email"] == "ingrid@school.example"
    assert [p["role"] for p in data["placements"]] == ["supervisor", "supervisor"]
    assert (data["checkins"], data["alerts_about_you"]) == ([], [])
    assert WEEK_NOTE not in text
    assert PROBLEM not in text


async def test_an_approved_erasure_leaves_counts_and_no_trace_on_disk(
    svc: Services,
    clock: FakeClock,
    tmp_path: Path,
) -> None:
    cast = await school(svc, clock.now())
    database = tmp_path / "test.sqlite3"
    before = await counts(svc)
    assert b"Sanne de Vries" in on_disk(database)
    assert await request_erasure(svc, cast["sanne"], clock.now()) is ForgetResult.REQUESTED
    assert await request_erasure(svc, cast["sanne"], clock.now()) is ForgetResult.ALREADY_REQUESTED
    # Only a coordinator decides, and only once.
    refused = await decide_erasure(svc, cast["ingrid"], 1, approve=True, now=clock.now())
    assert refused.decision is Decision.NOT_ALLOWED
    done = await decide_erasure(svc, cast["carla"], 1, approve=True, now=clock.now())
    assert (done.decision, done.former_telegram_id) == (Decision.APPROVED, SANNE_TG)
    again = await decide_erasure(svc, cast["carla"], 1, approve=False, now=clock.now())
    assert again.decision is Decision.ALREADY_DECIDED

    after = await counts(svc)
    assert after == {
        **before,
        "outbox": before["outbox"] + 1,
        "audit_log": before["audit_log"] + 2,
    }
    async with svc.db.reading() as conn:
        erased = await PeopleRepo(conn).by_id(cast["sanne"].id)
        assert await PeopleRepo(conn).by_telegram_id(SANNE_TG) is None
    assert erased is not None
    assert (erased.name, erased.email) == (f"erased-{erased.id}", f"erased-{erased.id}@invalid")
    disk = on_disk(database)
    for trace in ("Sanne", "sanne@student.example", WEEK_NOTE, PROBLEM, "Wilhelmina"):
        assert trace.encode() not in disk, trace
    assert b"Ingrid Bos" in disk  # the others are untouched


async def test_a_rejected_erasure_changes_nothing_and_tells_the_person(
    svc: Services,
    clock: FakeClock,
) -> None:
    cast = await school(svc, clock.now())
    await request_erasure(svc, cast["sanne"], clock.now())
    outcome = await decide_erasure(svc, cast["carla"], 1, approve=False, now=clock.now())
    assert outcome.decision is Decision.REJECTED
    data = await my_data(svc, cast["sanne"], clock.now())
    assert data["person"]["name"] == "Sanne de Vries"
    assert [r["status"] for r in data["erasure_requests"]] == ["rejected"]
    # A coordinator may not approve his own erasure; with no other coordinator, nobody can.
    assert await request_erasure(svc, cast["carla"], clock.now()) is ForgetResult.NO_COORDINATOR


async def test_retention_erases_people_whose_placements_ended_long_ago(
    svc: Services,
    clock: FakeClock,
) -> None:
    cast = await school(svc, clock.now())
    # The placements end on 26 June 2026; retention is 24 months.
    clock.set(datetime.fromisoformat("2028-06-26T12:00:00+00:00"))
    assert await purge_expired(svc, clock.now()) == 0
    clock.advance(timedelta(days=1))
    report = await tick(svc, clock.now())
    assert report.counts["people_purged"] == 7
    assert await purge_expired(svc, clock.now()) == 0
    async with svc.db.reading() as conn:
        people = PeopleRepo(conn)
        sanne = await people.by_id(cast["sanne"].id)
        carla = await people.by_id(cast["carla"].id)
        assert await people.not_joined() == []
    assert sanne is not None
    assert sanne.name.startswith("erased-")
    assert carla is not None
    assert carla.role is Role.COORDINATOR
    assert carla.name == "Carla"  # no placements: retention does not apply


async def test_retention_waits_for_a_persons_last_placement(
    svc: Services, clock: FakeClock
) -> None:
    lines = ROSTER.splitlines()
    lines[2] = lines[2].replace("2026-06-26", "2027-06-25")  # Daan stays a year longer
    await import_roster(svc, "\n".join(lines), skip_bad_rows=False, now=clock.now())

    async def names() -> dict[int, str]:
        async with svc.db.reading() as conn, conn.execute("SELECT id, name FROM people") as cur:
            return {row[0]: row[1] for row in await cur.fetchall()}

    async with svc.db.reading() as conn, conn.execute("SELECT email, id FROM people") as cur:
        ids = {row[0]: row[1] for row in await cur.fetchall()}

    clock.set(datetime.fromisoformat("2028-06-27T12:00:00+00:00"))
    # Sanne's and Lotte's placements ended two years ago; Mark and Ingrid still have Daan's.
    assert await purge_expired(svc, clock.now()) == 4
    erased = {who for who, name in (await names()).items() if name.startswith("erased-")}
    assert erased == {
        ids[email]
        for email in (
            "sanne@student.example",
            "lotte@student.example",
            "fatima@zorg.example",
            "peter@school.example",
        )
    }
    clock.set(datetime.fromisoformat("2029-06-26T12:00:00+00:00"))
    await purge_expired(svc, clock.now())
    assert all(name.startswith("erased-") for name in (await names()).values())


async def test_the_erased_students_telegram_id_is_nowhere_on_disk(
    svc: Services,
    clock: FakeClock,
    tmp_path: Path,
) -> None:
    cast = await school(svc, clock.now())
    database = tmp_path / "test.sqlite3"
    link = f"tg://user?id={SANNE_TG}"
    await keep_updates(
        svc,
        [
            # Sanne's own updates: one handled, one still waiting when she is erased.
            {
                "update_id": 3,
                "message": {
                    "message_id": 2,
                    "date": 0,
                    "text": "/start AAAA",
                    "chat": {"id": SANNE_TG, "type": "private"},
                    "from": {"id": SANNE_TG, "first_name": "Sanne"},
                },
            },
            {
                "update_id": 4,
                "message": {
                    "message_id": 3,
                    "date": 0,
                    "text": "Are you there?",
                    "chat": {"id": SANNE_TG, "type": "private"},
                    "from": {"id": SANNE_TG, "first_name": "Sanne"},
                },
            },
            # Ingrid presses a button under an alert that links to Sanne, not handled yet.
            {
                "update_id": 5,
                "callback_query": {
                    "id": "78",
                    "data": "al:1:res",
                    "from": {"id": INGRID_TG, "first_name": "Ingrid"},
                    "message": {
                        "message_id": 5,
                        "date": 0,
                        "text": f"Sanne de Vries: {PROBLEM}",
                        "entities": [
                            {"type": "text_link", "offset": 0, "length": 14, "url": link}
                        ],
                        "chat": {"id": INGRID_TG, "type": "private"},
                    },
                },
            },
        ],
        clock.now(),
    )
    await update_handled(svc, 3, clock.now())
    async with svc.db.transaction() as conn:  # she guessed a link once
        await conn.execute(
            "INSERT INTO invite_attempts (telegram_id, at) VALUES (?, ?)",
            (SANNE_TG, to_db(clock.now())),
        )
    number, packed = str(SANNE_TG).encode(), SANNE_TG.to_bytes(6, "big")
    assert number in on_disk(database)

    await request_erasure(svc, cast["sanne"], clock.now())
    done = await decide_erasure(svc, cast["carla"], 1, approve=True, now=clock.now())
    assert done.former_telegram_id == SANNE_TG

    disk = on_disk(database)
    assert number not in disk  # as text: in a payload, a link, a message
    assert packed not in disk  # as an integer column or an index entry (6 bytes in SQLite)
    async with svc.db.reading() as conn:
        async with conn.execute(
            "SELECT update_id, payload, from_id, processed_at IS NOT NULL "
            "FROM inbox ORDER BY update_id"
        ) as cur:
            inbox = [tuple(row) for row in await cur.fetchall()]
        async with conn.execute("SELECT payload FROM outbox") as cur:
            outbox = [row[0] for row in await cur.fetchall()]
    assert all(str(SANNE_TG) not in text for text in outbox)
    # Her updates are emptied and count as handled (she is no one now); Ingrid's press is
    # still to be handled, without what it quoted of her.
    assert [(u, p, f, h) for u, p, f, h in inbox if u in (1, 3, 4)] == [
        (1, "{}", None, 1),
        (3, "{}", None, 1),
        (4, "{}", None, 1),
    ]
    pressed = json.loads(inbox[-1][1])
    assert (inbox[-1][0], inbox[-1][2:]) == (5, (INGRID_TG, 0))
    assert pressed["callback_query"]["data"] == "al:1:res"
    assert pressed["callback_query"]["message"] == {
        "message_id": 5,
        "date": 0,
        "chat": {"id": INGRID_TG, "type": "private"},
    }
