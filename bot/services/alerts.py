"""Alerts: raising them, acknowledging and resolving, sending again, escalating."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

import aiosqlite

from bot.domain.escalation import (
    Alert,
    AlertEscalated,
    AlertKind,
    AlertRaised,
    ProblemShared,
    alert_resend_at,
    routing_for,
)
from bot.domain.messages import Message
from bot.domain.people import Person, Placement, Role, may_act_on
from bot.domain.policy import Policy
from bot.domain.working_time import alert_look_at
from bot.services.alert_notes import ask_for_note
from bot.services.deliveries import escalated_copies, route_copies
from bot.services.runtime import Services
from storage.alerts import AlertRepo
from storage.audit import AuditRepo
from storage.outbox import OutboxRepo
from storage.people import PeopleRepo, PlacementRepo


class AlertResult(StrEnum):
    """What became of a press on an alert's button."""

    DONE = "done"
    ALREADY = "already"
    REFUSED = "refused"


@dataclass(frozen=True, slots=True)
class AlertCard:
    """An alert with what its message shows: the student and his company."""

    alert: Alert
    student: str
    student_telegram_id: int | None
    company: str


@dataclass(frozen=True, slots=True)
class AlertOutcome:
    """The result of acting on an alert, and the alert as it stands now."""

    result: AlertResult
    card: AlertCard | None = None


async def raise_alert(
    conn: aiosqlite.Connection,
    policy: Policy,
    placement: Placement,
    kind: AlertKind,
    now: datetime,
    *,
    checkin_id: int | None = None,
    details: str | None = None,
    shared_with_mentor: bool = False,
) -> int:
    """Record an alert and queue it for the supervisor (and the mentor, if the student shared)."""
    alerts = AlertRepo(conn)
    alert_id = await alerts.add(
        placement.id,
        kind,
        checkin_id=checkin_id,
        details=details,
        shared_with_mentor=shared_with_mentor,
        now=now,
        resend_at=look_again_at(policy, now, 1),
    )
    routing = routing_for(kind, shared_with_mentor)
    messages = [Message(f"alert:{alert_id}:1", placement.supervisor_id, AlertRaised(alert_id))]
    if routing.mentor:
        messages.append(
            Message(f"alert:{alert_id}:mentor", placement.mentor_id, ProblemShared(alert_id))
        )
    await OutboxRepo(conn).add(messages, now)
    # Who has it is followed from here: coordinators at once if the supervisor can't read it.
    await route_copies(conn, policy, alert_id, now)
    await AuditRepo(conn).record(now, None, "alert_raised", f"alert:{alert_id}", kind.value)
    return alert_id


def look_again_at(policy: Policy, created_at: datetime, times_sent: int) -> datetime:
    """When an unacknowledged alert is sent again or escalated: ALERT_RESEND_HOURS of working
    time per sending (a Friday-afternoon alert waits for Monday), never in the quiet hours."""
    hours = policy.alert_resend_after.total_seconds() / 3600
    return alert_look_at(created_at, hours, times_sent, policy.working, policy.meetings.quiet)


async def _card(conn: aiosqlite.Connection, alert_id: int) -> AlertCard:
    alert = await AlertRepo(conn).by_id(alert_id)
    assert alert is not None
    placement = await PlacementRepo(conn).by_id(alert.placement_id)
    assert placement is not None
    student = await PeopleRepo(conn).by_id(placement.student_id)
    assert student is not None
    return AlertCard(alert, student.name, student.telegram_id, placement.company)


async def alert_card(svc: Services, alert_id: int) -> AlertCard | None:
    """An alert as its message shows it now (None when there is no such alert)."""
    async with svc.db.reading() as conn:
        if await AlertRepo(conn).by_id(alert_id) is None:
            return None
        return await _card(conn, alert_id)


async def _act(
    svc: Services,
    person: Person,
    alert_id: int,
    now: datetime,
    *,
    resolve: bool,
    update_id: int | None,
) -> AlertOutcome:
    async with svc.db.transaction() as conn:
        alert = await AlertRepo(conn).by_id(alert_id)
        placement = await PlacementRepo(conn).by_id(alert.placement_id) if alert else None
        if (
            placement is None
            or person.role not in (Role.SUPERVISOR, Role.COORDINATOR)
            or (not may_act_on(person.role, person.id, placement))
        ):
            return AlertOutcome(AlertResult.REFUSED)
        repo = AlertRepo(conn)
        changed = await (
            repo.resolve(alert_id, person.id, now)
            if resolve
            else repo.acknowledge(alert_id, person.id, now)
        )
        if changed:
            action = "alert_resolved" if resolve else "alert_acknowledged"
            await AuditRepo(conn).record(now, person.id, action, f"alert:{alert_id}")
            if resolve:  # the supervisor may add a note next; the flow survives restarts
                await ask_for_note(conn, svc.policy, person.id, alert_id, now, update_id=update_id)
        card = await _card(conn, alert_id)
        return AlertOutcome(AlertResult.DONE if changed else AlertResult.ALREADY, card)


async def acknowledge_alert(
    svc: Services, person: Person, alert_id: int, now: datetime, update_id: int | None = None
) -> AlertOutcome:
    """The supervisor (or a coordinator) has seen the alert and takes it on."""
    return await _act(svc, person, alert_id, now, resolve=False, update_id=update_id)


async def resolve_alert(
    svc: Services, person: Person, alert_id: int, now: datetime, update_id: int | None = None
) -> AlertOutcome:
    """The supervisor (or a coordinator) has dealt with the alert; a note is asked next."""
    return await _act(svc, person, alert_id, now, resolve=True, update_id=update_id)


async def resend_unacknowledged(svc: Services, now: datetime) -> int:
    """Send alerts nobody acknowledged again, then hand them to the coordinators."""
    count = 0
    async with svc.db.transaction() as conn:
        alerts, outbox = AlertRepo(conn), OutboxRepo(conn)
        for alert in await alerts.due_resend(now, 500):
            placement = await PlacementRepo(conn).by_id(alert.placement_id)
            assert placement is not None
            after = svc.policy.alert_resend_after
            if (
                alert_resend_at(
                    alert.created_at, after, alert.times_sent, svc.policy.alert_max_resends
                )
                is not None
            ):
                sent = alert.times_sent + 1
                await outbox.add(
                    [
                        Message(
                            f"alert:{alert.id}:{sent}",
                            placement.supervisor_id,
                            AlertRaised(alert.id, resent=True),
                        )
                    ],
                    now,
                )
                await alerts.sent_again(
                    alert.id, sent, look_again_at(svc.policy, alert.created_at, sent)
                )
            else:
                hours = int((now - alert.created_at).total_seconds() // 3600)
                coordinators = await PeopleRepo(conn).with_role(Role.COORDINATOR)
                await outbox.add(
                    [
                        Message(
                            f"alert-escalated:{alert.id}:{c.id}",
                            c.id,
                            AlertEscalated(alert.id, hours),
                        )
                        for c in coordinators
                    ],
                    now,
                )
                await escalated_copies(conn, alert.id, coordinators, now)
                await alerts.sent_again(alert.id, alert.times_sent, None)
                await AuditRepo(conn).record(now, None, "alert_escalated", f"alert:{alert.id}")
            count += 1
    return count
