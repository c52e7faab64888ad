"""The weekly digest: queued for every supervisor at its moment, composed when it is sent."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from bot.domain.digest import (
    Digest,
    DigestFacts,
    WeeklyDigest,
    WeekStatus,
    compose_digest,
    digest_week,
    next_digest_at,
)
from bot.domain.localtime import local_date, zone_of
from bot.domain.messages import Message
from bot.domain.policy import Policy
from bot.domain.roster import WEEKDAYS
from bot.services.runtime import Services
from storage.digests import DigestScheduleRepo
from storage.outbox import OutboxRepo
from storage.overview import OverviewRepo

# A student's week text in the digest: a line or two, not his whole story.
TEXT_LIMIT = 160
STATUS = {"answered": WeekStatus.ANSWERED, "missed": WeekStatus.MISSED, "open": WeekStatus.OPEN}


def following_digest(policy: Policy, after: datetime) -> datetime:
    """The first digest moment after `after` (the setting's weekday and time, school time)."""
    return next_digest_at(
        after,
        WEEKDAYS.index(policy.digest_weekday),
        time.fromisoformat(policy.digest_time),
        policy.timezone,
    )


async def queue_digests(svc: Services, now: datetime) -> int:
    """When the digest's moment has come: one per supervisor who follows a placement.

    Until then the tick reads one row. After downtime the digest goes out once, late (the
    week it covers is the one before its scheduled day).
    """
    async with svc.db.transaction() as conn:
        schedule = DigestScheduleRepo(conn)
        due = await schedule.next_at()
        if due is None or due > now:
            if due is None:  # the first run plans the first digest; nothing is owed yet
                await schedule.set_next_at(following_digest(svc.policy, now))
            return 0
        on = local_date(due, zone_of(svc.policy.timezone))
        supervisors = await OverviewRepo(conn).supervisors_with_placements(
            on - timedelta(days=7), on - timedelta(days=1)
        )
        queued = await OutboxRepo(conn).add(
            [
                Message(f"digest:{supervisor}:{on.isoformat()}", supervisor, WeeklyDigest(on))
                for supervisor in supervisors
            ],
            now,
        )
        await schedule.set_next_at(following_digest(svc.policy, now))
    return queued


async def digest_for(svc: Services, supervisor_id: int, on: date) -> Digest | None:
    """A supervisor's digest of the week before `on`: his placements that ran in it."""
    since, until = digest_week(on, svc.policy.timezone)
    async with svc.db.reading() as conn:
        repo = OverviewRepo(conn)
        followed = [
            f
            for f in await repo.followed(
                supervisor_id, on - timedelta(days=7), on - timedelta(days=1)
            )
            if f.placement.starts_on <= local_date(until, zone_of(f.placement.timezone))
            and f.placement.ends_on >= local_date(since, zone_of(f.placement.timezone))
        ]
        ids = [f.placement.id for f in followed]
        asked = await repo.checkins_between(ids, since, until)
        alerts = await repo.open_alerts(ids)
    week = []
    for f in followed:
        checkin = asked.get(f.placement.id)
        status = (
            STATUS.get(checkin.status, WeekStatus.NOT_ASKED) if checkin else (WeekStatus.NOT_ASKED)
        )
        week.append(
            DigestFacts(
                f.placement.id,
                f.student,
                status,
                checkin.mood if checkin else None,
                checkin.week_note if checkin else None,
                alerts.get(f.placement.id, 0),
            )
        )
    return compose_digest(
        week, low_mood_at_most=svc.policy.low_mood_at_most, text_limit=TEXT_LIMIT
    )
