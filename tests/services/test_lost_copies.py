"""A copy of an alert that is lost (the reader blocked the bot, his chat is gone) is rescued:
the coordinators get the alert at once, and with email on it is emailed at once when no
school person has it or can get it on Telegram. The mentor's copy never counts: he is told,
he is not who acts. A resolved alert is not rescued.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from bot.clock import FakeClock
from bot.domain.escalation import AlertKind
from bot.domain.people import Role
from bot.services.alerts import raise_alert, resolve_alert
from bot.services.deliveries import outbox_refused, outbox_sent
from bot.services.outbox import chat_unreachable, next_messages
from bot.services.roster import import_roster
from bot.services.runtime import Services
from storage.db import to_db
from storage.people import PeopleRepo, PlacementRepo
from tests.conftest import ROSTER

INGRID_TG, MARK_TG, CARLA_TG, DIRK_TG = 6_100_001, 6_100_002, 6_100_003, 6_100_004
EMAIL_AFTER = timedelta(minutes=30)


async def school(svc: Services, *, joined: dict[str, int]) -> dict[str, int]:
    """The roster, two coordinators (Carla, Dirk); those in `joined` have Telegram."""
    now = svc.clock.now()
    await import_roster(svc, ROSTER, skip_bad_rows=False, now=now)
    async with svc.db.transaction() as conn:
        people = PeopleRepo(conn)
        for name in ("Carla", "Dirk"):
            await people.add(name, f"{name.lower()}@school.example", Role.COORDINATOR, "en", now)
        ids = {}
        for email in (
            "ingrid@school.example",
            "mark@bakkerij.example",
            "carla@school.example",
            "dirk@school.example",
        ):
            person = await people.by_email(email)
            assert person is not None
            ids[email.split("@")[0]] = person.id
            if email.split("@")[0] in joined:
                await people.link_telegram(person.id, joined[email.split("@")[0]], "en")
    return ids


async def report(svc: Services) -> int:
    """Sanne reports a problem and shares it with her mentor."""
    async with svc.db.transaction() as conn:
        placement = await PlacementRepo(conn).by_id(1)
        assert placement is not None
        return await raise_alert(
            conn,
            svc.policy,
            placement,
            AlertKind.PROBLEM_REPORTED,
            svc.clock.now(),
            details="It is not going well",
            shared_with_mentor=True,
        )


async def copies(svc: Services, alert_id: int) -> list[tuple[object, ...]]:
    async with (
        svc.db.reading() as conn,
        conn.execute(
            "SELECT person_id, reader, status FROM alert_copies WHERE alert_id = ? ORDER BY id",
            (alert_id,),
        ) as cur,
    ):
        return [tuple(row) for row in await cur.fetchall()]


async def email_at(svc: Services, alert_id: int) -> str | None:
    async with (
        svc.db.reading() as conn,
        conn.execute("SELECT email_at FROM alerts WHERE id = ?", (alert_id,)) as cur,
    ):
        row = await cur.fetchone()
    assert row is not None
    return None if row[0] is None else str(row[0])


async def delivered(svc: Services, person_id: int) -> None:
    """Telegram takes every message waiting for this person."""
    for message in await next_messages(svc, 100):
        if message.person_id == person_id:
            await outbox_sent(svc, message, 1, svc.clock.now())


def emailing(svc: Services) -> Services:
    return Services(svc.db, svc.clock, replace(svc.policy, email_enabled=True))


def at(moment: datetime) -> str:
    return to_db(moment)


async def test_a_blocked_supervisors_alert_goes_to_the_coordinators_and_waits_for_email(
    svc: Services, clock: FakeClock
) -> None:
    svc = emailing(svc)
    ids = await school(svc, joined={"ingrid": INGRID_TG, "mark": MARK_TG, "carla": CARLA_TG})
    alert = await report(svc)
    assert await email_at(svc, alert) == at(clock.now() + EMAIL_AFTER)
    clock.advance(minutes=5)
    await chat_unreachable(svc, ids["ingrid"], "Forbidden: bot was blocked", clock.now())
    assert await copies(svc, alert) == [
        (ids["ingrid"], "supervisor", "lost"),
        (ids["mark"], "mentor", "pending"),
        (ids["carla"], "coordinator", "pending"),  # Dirk has not joined: not told now
    ]
    # Carla can read it on Telegram now: the email keeps its time.
    assert await email_at(svc, alert) == at(clock.now() - timedelta(minutes=5) + EMAIL_AFTER)


async def test_when_only_the_mentor_has_it_a_blocked_supervisors_alert_is_emailed_at_once(
    svc: Services, clock: FakeClock
) -> None:
    svc = emailing(svc)
    ids = await school(svc, joined={"ingrid": INGRID_TG, "mark": MARK_TG})
    alert = await report(svc)
    await delivered(svc, ids["mark"])  # the mentor has read it; he is not who acts
    clock.advance(minutes=5)
    await chat_unreachable(svc, ids["ingrid"], "Forbidden: bot was blocked", clock.now())
    assert await copies(svc, alert) == [
        (ids["ingrid"], "supervisor", "lost"),
        (ids["mark"], "mentor", "delivered"),
    ]
    assert await email_at(svc, alert) == at(clock.now())


async def test_a_coordinator_who_has_it_already_spares_the_email_when_another_is_lost(
    svc: Services, clock: FakeClock
) -> None:
    svc = emailing(svc)
    # Ingrid has not joined: Carla and Dirk are told at once.
    ids = await school(svc, joined={"mark": MARK_TG, "carla": CARLA_TG, "dirk": DIRK_TG})
    alert = await report(svc)
    await delivered(svc, ids["carla"])
    clock.advance(minutes=5)
    await chat_unreachable(svc, ids["dirk"], "Forbidden: bot was blocked", clock.now())
    assert [row[2] for row in await copies(svc, alert) if row[1] == "coordinator"] == [
        "delivered",
        "lost",
    ]
    assert await email_at(svc, alert) == at(clock.now() - timedelta(minutes=5) + EMAIL_AFTER)
    # Carla blocks the bot after she had it: she still has it, nothing is lost.
    await chat_unreachable(svc, ids["carla"], "Forbidden: bot was blocked", clock.now())
    assert await email_at(svc, alert) == at(clock.now() - timedelta(minutes=5) + EMAIL_AFTER)


async def test_with_email_off_a_lost_alert_is_never_queued_for_email(
    svc: Services, clock: FakeClock
) -> None:
    ids = await school(svc, joined={"ingrid": INGRID_TG, "mark": MARK_TG})
    alert = await report(svc)
    await chat_unreachable(svc, ids["ingrid"], "Forbidden: bot was blocked", clock.now())
    assert await email_at(svc, alert) is None


async def test_a_resolved_alert_is_not_rescued_and_the_open_one_after_it_is(
    svc: Services, clock: FakeClock
) -> None:
    ids = await school(svc, joined={"ingrid": INGRID_TG, "mark": MARK_TG, "carla": CARLA_TG})
    first = await report(svc)
    async with svc.db.reading() as conn:
        ingrid = await PeopleRepo(conn).by_id(ids["ingrid"])
    assert ingrid is not None
    await resolve_alert(svc, ingrid, first, clock.now())
    second = await report(svc)
    await chat_unreachable(svc, ids["ingrid"], "Forbidden: bot was blocked", clock.now())
    assert [row for row in await copies(svc, first) if row[1] == "coordinator"] == []
    assert [row for row in await copies(svc, second) if row[1] == "coordinator"] == [
        (ids["carla"], "coordinator", "pending")
    ]


async def test_an_alert_telegram_refuses_for_the_only_coordinator_is_emailed_at_once(
    svc: Services, clock: FakeClock
) -> None:
    svc = emailing(svc)
    # Ingrid has not joined: Carla is told at once, and Telegram refuses that message for good
    # (she can still be reached; this message cannot).
    ids = await school(svc, joined={"mark": MARK_TG, "carla": CARLA_TG})
    alert = await report(svc)
    carlas = [m for m in await next_messages(svc, 100) if m.person_id == ids["carla"]]
    assert [m.kind for m in carlas] == ["alert_rerouted"]
    clock.advance(minutes=5)
    await outbox_refused(svc, carlas[0], "Bad Request: message is too long", clock.now())
    assert [row[2] for row in await copies(svc, alert) if row[1] == "coordinator"] == ["lost"]
    assert await email_at(svc, alert) == at(clock.now())
