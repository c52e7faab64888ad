"""What the operator's commands ask: placement counts by state."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.domain.localtime import local_date
from bot.services.runtime import Services
from storage.operations import OperationsRepo, PlacementCounts


async def placement_counts(svc: Services, now: datetime) -> PlacementCounts:
    """Active, ended and archived placements on the school's date of `now`."""
    today = local_date(now, ZoneInfo(svc.policy.timezone)).isoformat()
    async with svc.db.reading() as conn:
        return await OperationsRepo(conn).placement_counts(today)
