"""Changing placements after their import: a re-imported row's changes, and ending one early."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from enum import StrEnum

import aiosqlite

from bot.domain.checkins import next_checkin_at
from bot.domain.feedback_timing import FeedbackRules
from bot.domain.localtime import local_date, zone_of
from bot.domain.messages import Message
from bot.domain.people import Placement, current_placement
from bot.domain.roster import RosterRow
from bot.domain.roster_changes import (
    QUIETED_BY_END,
    EndRefusal,
    Field,
    PlacementChange,
    PlacementEnded,
    early_end,
    placement_change,
)
from bot.domain.schedule import schedule_of
from bot.services.feedback_due import plan_placement
from bot.services.runtime import Services
from storage.audit import AuditRepo
from storage.meetings import MeetingRepo
from storage.outbox import OutboxRepo
from storage.people import PeopleRepo, PlacementRepo
from storage.placement_changes import PlacementChangeRepo
from storage.surveys import SurveyRepo

# A change to one of these moves the next check-in.
SCHEDULE = frozenset({Field.ENDS_ON, Field.CHECKIN_WEEKDAY, Field.CHECKIN_TIME})


async def apply_row(
    conn: aiosqlite.Connection,
    placement_id: int,
    row: RosterRow,
    *,
    mentor_id: int,
    supervisor_id: int,
    now: datetime,
    actor_id: int | None,
    feedback: FeedbackRules,
) -> PlacementChange | None:
    """Update a known placement to what its roster row says; None when it says the same."""
    placements = PlacementRepo(conn)
    current = await placements.by_id(placement_id)
    assert current is not None
    change = placement_change(row, await PlacementChangeRepo(conn).known(current))
    if change is None:
        return None
    updated = replace(
        current,
        mentor_id=mentor_id,
        supervisor_id=supervisor_id,
        ends_on=row.ends_on,
        checkin_weekday=row.checkin_weekday,
        checkin_time=row.checkin_time,
        mentor_meeting_every_days=row.mentor_meeting_every_days,
        tripartite_every_weeks=row.tripartite_every_weeks,
    )
    await PlacementChangeRepo(conn).update(updated)
    if SCHEDULE & {c.field for c in change.changes}:
        await placements.set_next_checkin(placement_id, next_checkin_at(schedule_of(updated), now))
    # Another mentor or last day moves the feedback prompt and the end notice.
    await plan_placement(conn, feedback, updated, now)
    # Which fields, not their values: names and emails in the log would outlive an erasure.
    await AuditRepo(conn).record(
        now,
        actor_id,
        "roster_change",
        f"placement:{placement_id}",
        ", ".join(c.field.value for c in change.changes),
    )
    return change


class EndResult(StrEnum):
    """How ending a placement early went."""

    ENDED = "ended"
    NO_PLACEMENT = "no_placement"
    ALREADY_OVER = EndRefusal.ALREADY_OVER.value
    NOT_EARLIER = EndRefusal.NOT_EARLIER.value


@dataclass(frozen=True, slots=True)
class EndOutcome:
    """The result, and the placement with its new last day when it ended."""

    result: EndResult
    placement: Placement | None = None
    checkins_closed: int = 0


@dataclass(frozen=True, slots=True)
class EndPreview:
    """What ending a placement as of today would do: the result, the placement as it would be
    (its new last day), and its student's name; nothing written."""

    result: EndResult
    placement: Placement | None = None
    student: str = ""


async def preview_end(svc: Services, placement_id: int, now: datetime) -> EndPreview:
    """What ending a placement as of today would do, for the coordinator to confirm."""
    async with svc.db.reading() as conn:
        placement = await PlacementRepo(conn).by_id(placement_id)
        student = await PeopleRepo(conn).by_id(placement.student_id) if placement else None
    if placement is None or student is None:
        return EndPreview(EndResult.NO_PLACEMENT)
    decision = early_end(placement, local_date(now, zone_of(placement.timezone)))
    if isinstance(decision, EndRefusal):
        return EndPreview(EndResult(decision.value), placement, student.name)
    return EndPreview(EndResult.ENDED, replace(placement, ends_on=decision.last_day), student.name)


async def end_placement(
    svc: Services,
    placement_id: int,
    now: datetime,
    *,
    last_day: date | None = None,
    actor_id: int | None = None,
) -> EndOutcome:
    """End a placement early: no check-in after its new last day (by default yesterday).

    When that day has passed, its open check-ins close as missed without an alert and nothing
    more is scheduled: a student who dropped out today gets no check-in today. Meetings planned
    after the last day are cancelled, unfinished surveys of it closed, alerts about its running
    stop (a report does not), and student, mentor and supervisor are each told, in this same
    transaction.
    """
    async with svc.db.transaction() as conn:
        placements = PlacementRepo(conn)
        placement = await placements.by_id(placement_id)
        if placement is None:
            return EndOutcome(EndResult.NO_PLACEMENT)
        today = local_date(now, zone_of(placement.timezone))
        decision = early_end(placement, today, last_day)
        if isinstance(decision, EndRefusal):
            return EndOutcome(EndResult(decision.value), placement)
        changes = PlacementChangeRepo(conn)
        await changes.end(placement.id, decision.last_day)
        ended = replace(placement, ends_on=decision.last_day)
        closed = 0
        if decision.stop_now:
            await placements.set_next_checkin(placement.id, None)
            closed = await changes.close_open_checkins(placement.id)
        else:
            await placements.set_next_checkin(
                placement.id, next_checkin_at(schedule_of(ended), now)
            )
        await AuditRepo(conn).record(
            now,
            actor_id,
            "placement_ended",
            f"placement:{placement.id}",
            decision.last_day.isoformat(),
        )
        after = datetime.combine(
            decision.last_day + timedelta(days=1), time(0), zone_of(placement.timezone)
        )
        await MeetingRepo(conn).cancel_from(placement.id, after, now)
        if decision.stop_now:  # over already; a later last day lets them run until then
            await changes.quiet_alerts(placement.id, QUIETED_BY_END)
            await SurveyRepo(conn).close_open_of_placement(placement.id, now)
        # Someone who has not joined gets it when he does; one who blocked the bot is marked
        # undeliverable by the sender: neither holds up the others or the end itself.
        await OutboxRepo(conn).add(
            [
                Message(f"placement_ended:{placement.id}:{who}", who, PlacementEnded(placement.id))
                for who in (placement.student_id, placement.mentor_id, placement.supervisor_id)
            ],
            now,
        )
    return EndOutcome(EndResult.ENDED, ended, closed)


async def placement_of_student(svc: Services, email: str, now: datetime) -> Placement | None:
    """The placement of the student with this email that is running (else coming, else last)."""
    async with svc.db.reading() as conn:
        ids = await PlacementChangeRepo(conn).of_student(email)
        placements = [p for p in [await PlacementRepo(conn).by_id(i) for i in ids] if p]
    if not placements:
        return None
    return current_placement(placements, local_date(now, zone_of(placements[0].timezone)))
