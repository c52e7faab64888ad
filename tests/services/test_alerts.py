"""Alerts on a real SQLite file: raised, sent again, handed to coordinators, acted on."""

from __future__ import annotations

from datetime import timedelta

from bot.clock import FakeClock
from bot.domain.escalation import AlertKind, AlertStatus
from bot.domain.people import Role
from bot.services.alerts import AlertResult, acknowledge_alert, raise_alert, resend_unacknowledged
from bot.services.roster import import_roster
from bot.services.runtime import Services
from storage.alerts import AlertRepo
from storage.people import PeopleRepo, PlacementRepo
from tests.conftest import ROSTER


async def outbox_keys(svc: Services) -> list[str]:
    async with (
        svc.db.reading() as conn,
        conn.execute("SELECT dedupe_key FROM outbox ORDER BY id") as cur,
    ):
        return [row[0] for row in await cur.fetchall()]


async def test_unacknowledged_alert_is_resent_then_escalated(
    svc: Services, clock: FakeClock
) -> None:
    await import_roster(svc, ROSTER, skip_bad_rows=False, now=clock.now())
    async with svc.db.transaction() as conn:
        await PeopleRepo(conn).add(
            "Carla", "carla@school.example", Role.COORDINATOR, "en", clock.now()
        )
        placement = await PlacementRepo(conn).by_id(1)
        assert placement is not None
        alert_id = await raise_alert(conn, svc.policy, placement, AlertKind.LOW_MOOD, clock.now())
    # Eight working hours (08:00-17:00, Monday to Friday) per sending, from Monday 09:00:
    # sent again at 17:00, handed to the coordinators on Tuesday at 16:00.
    assert await resend_unacknowledged(svc, clock.now() + timedelta(hours=7, minutes=59)) == 0
    assert await resend_unacknowledged(svc, clock.now() + timedelta(hours=8)) == 1
    assert await resend_unacknowledged(svc, clock.now() + timedelta(hours=30)) == 0
    assert await resend_unacknowledged(svc, clock.now() + timedelta(hours=31)) == 1
    assert await resend_unacknowledged(svc, clock.now() + timedelta(days=30)) == 0
    assert await outbox_keys(svc) == [
        f"alert:{alert_id}:1",
        f"alert:{alert_id}:2",
        f"alert-escalated:{alert_id}:8",
    ]


async def test_acknowledged_alert_is_not_resent(svc: Services, clock: FakeClock) -> None:
    await import_roster(svc, ROSTER, skip_bad_rows=False, now=clock.now())
    async with svc.db.transaction() as conn:
        placement = await PlacementRepo(conn).by_id(1)
        assert placement is not None
        alert_id = await raise_alert(
            conn, svc.policy, placement, AlertKind.MISSED_CHECKINS, clock.now()
        )
        supervisor = await PeopleRepo(conn).by_id(placement.supervisor_id)
        mentor = await PeopleRepo(conn).by_id(placement.mentor_id)
    assert supervisor is not None
    assert mentor is not None
    refused = await acknowledge_alert(svc, mentor, alert_id, clock.now())
    assert refused.result is AlertResult.REFUSED
    done = await acknowledge_alert(svc, supervisor, alert_id, clock.now())
    assert done.result is AlertResult.DONE
    again = await acknowledge_alert(svc, supervisor, alert_id, clock.now())
    assert again.result is AlertResult.ALREADY
    assert await resend_unacknowledged(svc, clock.now() + timedelta(days=3)) == 0
    async with svc.db.reading() as conn:
        alert = await AlertRepo(conn).by_id(alert_id)
    assert alert is not None
    assert (alert.status, alert.acknowledged_by) == (AlertStatus.ACKNOWLEDGED, "Ingrid Bos")
