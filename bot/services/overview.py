"""The supervisor's overview: every placement he follows, its traffic light, worst first."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from bot.domain.cadence import Term, Track, due_at, is_planned, plan_reminder_at
from bot.domain.localtime import local_date, zone_of
from bot.domain.meetings import Meeting, MeetingKind, MeetingState
from bot.domain.overview import OverviewLine, PlacementFacts, overview_lines
from bot.domain.people import Person, Role
from bot.domain.policy import Policy
from bot.services.runtime import Services
from storage.audit import AuditRepo
from storage.overview import Followed, OverviewRepo

PLANNED = (MeetingState.PROPOSED, MeetingState.CONFIRMED)


@dataclass(frozen=True, slots=True)
class Overview:
    """The lines of someone's overview, or None when his role has none."""

    lines: tuple[OverviewLine, ...]
    timezone: str  # the school's, in which its dates and times are shown


@dataclass(frozen=True, slots=True)
class Scope:
    """Whose placements someone looks at: a supervisor his own, a coordinator the school's."""

    supervisor_id: int | None  # None: every placement


def scope_of(person: Person) -> Scope | None:
    """The placements a person's overview, digest and student pictures may show; None: none."""
    if person.role is Role.SUPERVISOR:
        return Scope(person.id)
    return Scope(None) if person.role is Role.COORDINATOR else None


async def running(
    conn: aiosqlite.Connection, supervisor_id: int | None, now: datetime
) -> list[Followed]:
    """The placements of a supervisor (None: all) that run today in their own time zone."""
    found = await OverviewRepo(conn).followed(supervisor_id, now.date(), now.date())
    return [
        f
        for f in found
        if f.placement.starts_on
        <= local_date(now, zone_of(f.placement.timezone))
        <= f.placement.ends_on
    ]


async def overview_of(svc: Services, person: Person, now: datetime) -> Overview | None:
    """The overview a supervisor (his placements) or a coordinator (all) sees now; logged."""
    scope = scope_of(person)
    if scope is None:
        return None
    async with svc.db.transaction() as conn:
        followed = await running(conn, scope.supervisor_id, now)
        facts = await placement_facts(conn, svc.policy, followed, now)
        await AuditRepo(conn).record(
            now, person.id, "overview_viewed", f"person:{person.id}", f"{len(facts)} placements"
        )
    return Overview(tuple(overview_lines(facts)), svc.policy.timezone)


async def placement_facts(
    conn: aiosqlite.Connection, policy: Policy, followed: Sequence[Followed], now: datetime
) -> list[PlacementFacts]:
    """What the overview needs of each placement, in seven statements for all of them."""
    repo = OverviewRepo(conn)
    ids = [f.placement.id for f in followed]
    alerts = await repo.open_alerts(ids)
    closed = await repo.latest_checkins(ids, ("answered", "missed"))
    answered = await repo.latest_checkins(ids, ("answered",))
    meetings = await repo.meetings(ids)
    waiting = await repo.feedback_waiting(ids, now - policy.feedback.remind_student_after)
    uncertified = await repo.uncertified(ids, local_date(now, zone_of(policy.timezone)))
    facts = []
    for f in followed:
        p = f.placement
        last = answered.get(p.id)
        own = meetings.get(p.id, [])
        coming = [m.starts_at for m in own if m.state in PLANNED and m.starts_at > now]
        facts.append(
            PlacementFacts(
                placement_id=p.id,
                student=f.student,
                company=p.company,
                open_alerts=alerts.get(p.id, 0),
                last_checkin_missed=closed[p.id].status == "missed" if p.id in closed else False,
                meetings_lapsing=meetings_lapsing(policy, f, own, now),
                feedback_unacknowledged=waiting.get(p.id, 0),
                last_mood=last.mood if last else None,
                last_checkin_on=local_date(last.due_at, zone_of(p.timezone)) if last else None,
                next_meeting_at=min(coming, default=None),
                paused_until=p.paused_until
                if p.paused_until and p.paused_until >= local_date(now, zone_of(p.timezone))
                else None,
                mentor_uncertified=p.id in uncertified,
            )
        )
    return facts


def meetings_lapsing(
    policy: Policy, followed: Followed, meetings: Sequence[Meeting], now: datetime
) -> bool:
    """Whether mentor meetings are past their grace period, or the tripartite review past its
    due moment, with nothing planned (the alert comes later, when they lapse)."""
    p = followed.placement
    starts = max(p.starts_on, local_date(followed.created_at, zone_of(p.timezone)))
    if starts > p.ends_on:
        return False
    term = Term(starts, p.ends_on, p.timezone, p.paused_until)
    for kind in MeetingKind:
        track = Track(
            kind,
            term,
            policy.meetings.cadence(kind, p.mentor_meeting_every_days, p.tripartite_every_weeks),
            tuple(m.record for m in meetings if m.kind is kind),
        )
        if any(is_planned(m, now) for m in track.own):
            continue
        slipping = (
            plan_reminder_at(track, now) if kind is MeetingKind.MENTOR else due_at(track, now)
        )
        if slipping is not None and slipping <= now:
            return True
    return False
