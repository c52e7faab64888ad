"""A Friday-afternoon alert nobody acknowledges waits for Monday's working hours: it is not
sent again on Saturday, nor handed to the coordinators on Sunday (issue 12)."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.clock import FakeClock
from bot.domain.escalation import AlertKind
from bot.domain.people import Role
from bot.services.alerts import raise_alert, resend_unacknowledged
from bot.services.roster import import_roster
from bot.services.runtime import Services
from storage.people import PeopleRepo, PlacementRepo
from tests.conftest import ROSTER

AMS = ZoneInfo("Europe/Amsterdam")


async def keys(svc: Services) -> list[str]:
    async with (
        svc.db.reading() as conn,
        conn.execute("SELECT dedupe_key FROM outbox ORDER BY id") as cur,
    ):
        return [row[0] for row in await cur.fetchall()]


async def test_a_friday_afternoon_alert_is_not_resent_or_escalated_before_monday(
    svc: Services, clock: FakeClock
) -> None:
    await import_roster(svc, ROSTER, skip_bad_rows=False, now=clock.now())
    friday = datetime(2026, 3, 6, 14, 0, tzinfo=AMS)
    async with svc.db.transaction() as conn:
        await PeopleRepo(conn).add("Carla", "carla@school.example", Role.COORDINATOR, "en", friday)
        placement = await PlacementRepo(conn).by_id(1)
        assert placement is not None
        alert = await raise_alert(conn, svc.policy, placement, AlertKind.LOW_MOOD, friday)
    weekend = [friday + timedelta(hours=h) for h in range(1, 66)]  # to Monday 07:00
    for moment in weekend:
        assert await resend_unacknowledged(svc, moment) == 0, moment
    assert await resend_unacknowledged(svc, datetime(2026, 3, 9, 12, 59, tzinfo=AMS)) == 0
    # Eight working hours: three on Friday, five on Monday.
    assert await resend_unacknowledged(svc, datetime(2026, 3, 9, 13, 0, tzinfo=AMS)) == 1
    assert await keys(svc) == [f"alert:{alert}:1", f"alert:{alert}:2"]
    assert await resend_unacknowledged(svc, datetime(2026, 3, 10, 11, 59, tzinfo=AMS)) == 0
    assert await resend_unacknowledged(svc, datetime(2026, 3, 10, 12, 0, tzinfo=AMS)) == 1
    assert (await keys(svc))[-1] == f"alert-escalated:{alert}:8"
