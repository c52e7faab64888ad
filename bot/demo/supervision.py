"""The demo's ending: the supervisor's overview, his weekly digest and one student's picture."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.demo.world import World
from bot.sandbox.users import SimUser

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def next_monday_morning(now: datetime) -> datetime:
    """The first Monday 08:30 in Amsterdam after `now`: when the digest goes out."""
    local = now.astimezone(AMSTERDAM)
    day = local.date() + timedelta(days=(7 - local.weekday()) % 7 or 7)
    return datetime.combine(day, time(8, 30), tzinfo=AMSTERDAM)


async def supervisors_picture(world: World, people: dict[str, SimUser]) -> None:
    """Ingrid looks at her overview, gets Monday's digest and opens Sanne's picture from it."""
    ingrid = people["Ingrid"]
    ingrid.send_text("/overview")
    await world.settle()
    await world.move_to(next_monday_morning(world.clock.now()))
    digest = next(
        (m for m in reversed(ingrid.bot_messages) if m.has_button("👤 Sanne de Vries")), None
    )
    if digest is not None:
        ingrid.press("👤 Sanne de Vries", digest)
    else:
        ingrid.send_text("/student Sanne")
    await world.settle()
