"""Alert routing's edges: the 48-hour escalation's copies are followed to delivery, and the
start-up check says truthfully whether a rerouted report could reach a coordinator."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from bot.clock import FakeClock
from bot.domain.escalation import AlertKind
from bot.domain.people import Role
from bot.services.alerts import raise_alert, resend_unacknowledged
from bot.services.deliveries import Readiness, coordinator_readiness, outbox_sent
from bot.services.outbox import next_messages
from bot.services.roster import import_roster
from bot.services.runtime import Services
from storage.people import PeopleRepo, PlacementRepo
from tests.conftest import ROSTER

CARLA_TG, PETRA_TG, INGRID_TG = 5_550_001, 5_550_002, 5_550_003


async def copies(svc: Services, alert_id: int) -> list[tuple[object, ...]]:
    async with (
        svc.db.reading() as conn,
        conn.execute(
            "SELECT person_id, reader, channel, outbox_key, status FROM alert_copies "
            "WHERE alert_id = ? ORDER BY id",
            (alert_id,),
        ) as cur,
    ):
        return [tuple(row) for row in await cur.fetchall()]


async def test_the_escalations_copies_are_recorded_and_followed_to_delivery(
    svc: Services, clock: FakeClock
) -> None:
    await import_roster(svc, ROSTER, skip_bad_rows=False, now=clock.now())
    async with svc.db.transaction() as conn:
        people = PeopleRepo(conn)
        carla = await people.add(
            "Carla", "carla@school.example", Role.COORDINATOR, "en", clock.now()
        )
        petra = await people.add(
            "Petra", "petra@school.example", Role.COORDINATOR, "en", clock.now()
        )
        await people.link_telegram(carla, CARLA_TG, "en")
        await people.link_telegram(petra, PETRA_TG, "en")
        placement = await PlacementRepo(conn).by_id(1)
        assert placement is not None
        # The supervisor can read it: nobody else is told before the 48 hours are over.
        await people.link_telegram(placement.supervisor_id, INGRID_TG, "en")
        alert_id = await raise_alert(conn, svc.policy, placement, AlertKind.LOW_MOOD, clock.now())
    supervisor = placement.supervisor_id
    assert [row[0] for row in await copies(svc, alert_id)] == [supervisor]
    await resend_unacknowledged(svc, clock.now() + timedelta(hours=8))
    assert await resend_unacknowledged(svc, clock.now() + timedelta(hours=31)) == 1

    escalated = [f"alert-escalated:{alert_id}:{carla}", f"alert-escalated:{alert_id}:{petra}"]
    assert await copies(svc, alert_id) == [
        (supervisor, "supervisor", "telegram", f"alert:{alert_id}:1", "pending"),
        (carla, "coordinator", "telegram", escalated[0], "pending"),
        (petra, "coordinator", "telegram", escalated[1], "pending"),
    ]
    # Telegram takes Carla's message: her copy is delivered, Petra's still on its way.
    carlas = next(m for m in await next_messages(svc, 10) if m.person_id == carla)
    await outbox_sent(svc, carlas, 901, clock.now())
    assert [row[-1] for row in await copies(svc, alert_id)] == ["pending", "delivered", "pending"]
    async with (
        svc.db.reading() as conn,
        conn.execute("SELECT status, message_id FROM outbox WHERE id = ?", (carlas.id,)) as cur,
    ):
        assert tuple(await cur.fetchone() or ()) == ("sent", 901)


async def test_the_start_up_check_says_whether_a_coordinator_can_get_a_report_now(
    svc: Services, clock: FakeClock
) -> None:
    assert await coordinator_readiness(svc) is Readiness.NONE
    # Coordinators named in the settings but not known yet: they can still come.
    named = Services(
        svc.db, svc.clock, replace(svc.policy, coordinator_telegram_ids=frozenset({7}))
    )
    assert await coordinator_readiness(named) is Readiness.NOT_JOINED
    async with svc.db.transaction() as conn:
        carla = await PeopleRepo(conn).add(
            "Carla", "carla@school.example", Role.COORDINATOR, "en", clock.now()
        )
    assert await coordinator_readiness(svc) is Readiness.NOT_JOINED  # invited, not joined
    async with svc.db.transaction() as conn:
        await PeopleRepo(conn).link_telegram(carla, CARLA_TG, "en")
    assert await coordinator_readiness(svc) is Readiness.READY
    async with svc.db.transaction() as conn:  # she blocked the bot
        await PeopleRepo(conn).mark_undeliverable(carla, clock.now())
    assert await coordinator_readiness(svc) is Readiness.NOT_JOINED
    async with svc.db.transaction() as conn:  # a second one, who can read it
        petra = await PeopleRepo(conn).add(
            "Petra", "petra@school.example", Role.COORDINATOR, "en", clock.now()
        )
        await PeopleRepo(conn).link_telegram(petra, PETRA_TG, "en")
    assert await coordinator_readiness(svc) is Readiness.READY


async def test_only_a_reported_problem_tells_the_student_when_nobody_has_it(
    svc: Services, clock: FakeClock
) -> None:
    await import_roster(svc, ROSTER, skip_bad_rows=False, now=clock.now())
    async with svc.db.transaction() as conn:
        placement = await PlacementRepo(conn).by_id(1)
        assert placement is not None
        mood = await raise_alert(conn, svc.policy, placement, AlertKind.LOW_MOOD, clock.now())
        problem = await raise_alert(
            conn, svc.policy, placement, AlertKind.PROBLEM_REPORTED, clock.now(), details="help"
        )
    async with (
        svc.db.reading() as conn,
        conn.execute("SELECT id, unreached_at IS NOT NULL FROM alerts ORDER BY id") as cur,
    ):
        # A low mark is about the student, not from him: he is not waiting for anyone.
        assert [tuple(row) for row in await cur.fetchall()] == [(mood, 0), (problem, 1)]
