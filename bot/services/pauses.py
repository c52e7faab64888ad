"""Pausing check-ins for holidays or sick leave, and resuming them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from bot.domain.checkins import CheckInsPaused, CheckInsResumed, next_checkin_at
from bot.domain.messages import Message
from bot.domain.people import Person, Role
from bot.domain.schedule import schedule_of
from bot.services.problems import student_placement
from bot.services.runtime import Services
from storage.audit import AuditRepo
from storage.outbox import OutboxRepo
from storage.people import PeopleRepo, PlacementRepo

# Longer absences are a matter for the school, not for a chat command.
MAX_PAUSE = timedelta(days=183)


class PauseResult(StrEnum):
    """How a /pause or /resume ended."""

    PAUSED = "paused"
    RESUMED = "resumed"
    NOT_PAUSED = "not_paused"
    NO_PLACEMENT = "no_placement"
    IN_PAST = "in_past"
    TOO_FAR = "too_far"


@dataclass(frozen=True, slots=True)
class PauseOutcome:
    """The result, and the next check-in when there is one."""

    result: PauseResult
    next_checkin: datetime | None = None
    timezone: str = "UTC"


async def pause_checkins(
    svc: Services, person: Person, until: date, now: datetime
) -> PauseOutcome:
    """No check-ins up to and including `until`; the supervisor is told."""
    return await _set_pause(svc, person, until, now)


async def resume_checkins(svc: Services, person: Person, now: datetime) -> PauseOutcome:
    """Check-ins start again from the next agreed moment; the supervisor is told."""
    return await _set_pause(svc, person, None, now)


async def _set_pause(
    svc: Services, person: Person, until: date | None, now: datetime
) -> PauseOutcome:
    async with svc.db.transaction() as conn:
        placement = (
            await student_placement(conn, person, now) if (person.role is Role.STUDENT) else None
        )
        if placement is None:
            return PauseOutcome(PauseResult.NO_PLACEMENT)
        today = now.astimezone(ZoneInfo(placement.timezone)).date()
        if until is not None and until < today:
            return PauseOutcome(PauseResult.IN_PAST)
        if until is not None and until - today > MAX_PAUSE:
            return PauseOutcome(PauseResult.TOO_FAR)
        if until is None and (placement.paused_until is None or placement.paused_until < today):
            return PauseOutcome(PauseResult.NOT_PAUSED)
        placements = PlacementRepo(conn)
        await placements.set_paused_until(placement.id, until)
        updated = await placements.by_id(placement.id)
        assert updated is not None
        following = next_checkin_at(schedule_of(updated), now)
        await placements.set_next_checkin(placement.id, following)
        notice = CheckInsPaused(placement.id, until) if until else CheckInsResumed(placement.id)
        await OutboxRepo(conn).add(
            [
                Message(
                    f"{notice.kind}:{placement.id}:{now.isoformat()}",
                    placement.supervisor_id,
                    notice,
                )
            ],
            now,
        )
        await AuditRepo(conn).record(
            now,
            person.id,
            notice.kind,
            f"placement:{placement.id}",
            until.isoformat() if until else "",
        )
    result = PauseResult.PAUSED if until else PauseResult.RESUMED
    return PauseOutcome(result, following, placement.timezone)


async def paused_student(svc: Services, placement_id: int) -> Person | None:
    """The student of a placement, as he is now (for the supervisor's pause notices)."""
    async with svc.db.reading() as conn:
        placement = await PlacementRepo(conn).by_id(placement_id)
        return await PeopleRepo(conn).by_id(placement.student_id) if placement else None
