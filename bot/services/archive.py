"""`python -m bot archive --ended-before DATE`: close the school year's ended placements."""

from __future__ import annotations

from datetime import date, datetime

from bot.domain.archive import ArchiveOutcome, PlacementGoodbye, erased_on
from bot.domain.messages import Message
from bot.services.runtime import Services
from storage.archive import ArchiveRepo
from storage.audit import AuditRepo
from storage.outbox import OutboxRepo


async def archive_ended(svc: Services, before: date, now: datetime) -> ArchiveOutcome:
    """Archive placements ended before `before`; a goodbye, once, to whoever has none left."""
    async with svc.db.transaction() as conn:
        repo = ArchiveRepo(conn)
        archived = await repo.archive_ended(before, now)
        done = await repo.done_with(archived)
        goodbyes = [
            # Keyed by person and day: running the archive again sends nobody a second one.
            Message(
                f"goodbye:{person_id}:{before.isoformat()}",
                person_id,
                PlacementGoodbye(erased_on(last_day, svc.policy.retention_months)),
            )
            for person_id, last_day in done
        ]
        queued = await OutboxRepo(conn).add(goodbyes, now)
        if archived:
            await AuditRepo(conn).record(
                now,
                None,
                "placements_archived",
                f"{len(archived)} ended before {before.isoformat()}",
            )
    return ArchiveOutcome(len(archived), queued)
