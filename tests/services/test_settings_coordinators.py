"""A coordinator named in COORDINATOR_IDS becomes a person the first time he writes, with his
Telegram first name (or 'Coordinator' when it is empty), and the audit log says so."""

from __future__ import annotations

from dataclasses import replace

from bot.clock import FakeClock
from bot.domain.people import Role
from bot.services.people import identify
from bot.services.runtime import Services

CARLA_TG, NAMELESS_TG = 9001, 9002


async def test_a_coordinator_from_the_settings_is_made_a_person_when_he_first_writes(
    svc: Services, clock: FakeClock
) -> None:
    svc = Services(
        svc.db,
        svc.clock,
        replace(svc.policy, coordinator_telegram_ids=frozenset({CARLA_TG, NAMELESS_TG})),
    )
    assert await identify(svc, 1234, "Eve", "en", clock.now()) is None  # not in the settings
    carla = await identify(svc, CARLA_TG, "C" * 300, "en", clock.now())
    nameless = await identify(svc, NAMELESS_TG, "", "nl", clock.now())
    assert carla is not None
    assert nameless is not None
    assert (carla.name, carla.role, carla.telegram_id) == ("C" * 200, Role.COORDINATOR, CARLA_TG)
    assert nameless.name == "Coordinator"
    async with (
        svc.db.reading() as conn,
        conn.execute("SELECT actor_id, action, subject FROM audit_log ORDER BY id") as cur,
    ):
        rows = [tuple(row) for row in await cur.fetchall()]
    assert rows == [
        (carla.id, "coordinator_from_settings", str(CARLA_TG)),
        (nameless.id, "coordinator_from_settings", str(NAMELESS_TG)),
    ]
    again = await identify(svc, CARLA_TG, "Carla", "en", clock.now())
    assert again is not None
    assert again.id == carla.id  # made once
