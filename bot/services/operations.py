"""What the operator's commands ask: placement counts by state, the bot's health marks."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.domain.localtime import local_date
from bot.services.runtime import Services
from storage.operations import HealthRepo, OperationsRepo, PlacementCounts


async def placement_counts(svc: Services, now: datetime) -> PlacementCounts:
    """Active, ended and archived placements on the school's date of `now`."""
    today = local_date(now, ZoneInfo(svc.policy.timezone)).isoformat()
    async with svc.db.reading() as conn:
        return await OperationsRepo(conn).placement_counts(today)


async def mark_health(svc: Services, name: str, at: datetime) -> None:
    """Note that the bot got its updates ('updates') or ran its tick ('tick') at `at`."""
    async with svc.db.single_write() as conn:
        await HealthRepo(conn).mark(name, at)


async def health_marks(svc: Services) -> dict[str, datetime]:
    """When the bot last got its updates and last ran its tick."""
    async with svc.db.reading() as conn:
        return await HealthRepo(conn).marks()
