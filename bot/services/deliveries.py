"""Who has each alert: routing it to a person, and hearing back what Telegram did with it.

Every step here runs inside the caller's transaction: the copy is recorded with the outbox row
that carries it, marked delivered with the row marked sent, and rerouted with the row given
up. So a crash at any point leaves the record and the outbox agreeing, and the student's
receipt is queued in the same commit that learns the copy arrived.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

import aiosqlite

from bot.domain.escalation import (
    AlertKind,
    AlertRaised,
    AlertStatus,
    ProblemShared,
    routing_for,
)
from bot.domain.messages import Message, Outgoing
from bot.domain.people import Person, Placement, Role
from bot.domain.policy import Policy
from bot.domain.reports import (
    FOLLOWED_KINDS,
    AlertRerouted,
    Channel,
    Copy,
    CopyStatus,
    Reach,
    Reader,
    Recipient,
    ReportReceipt,
    Route,
    email_due_at,
    reach_of,
    route_alert,
    unreached_due_at,
)
from bot.services.runtime import Services
from storage.alert_copies import CopyRepo
from storage.alerts import AlertRepo
from storage.db import to_db
from storage.outbox import OutboxRepo
from storage.people import PeopleRepo, PlacementRepo
from storage.reports import ReportRepo


async def route_copies(
    conn: aiosqlite.Connection, policy: Policy, alert_id: int, now: datetime
) -> Route:
    """Record the copies `raise_alert` queued, reroute to coordinators if need be, and plan
    the follow-ups: the email if nobody acknowledges, the student told if nobody has it."""
    alert = await AlertRepo(conn).by_id(alert_id)
    assert alert is not None
    placement = await PlacementRepo(conn).by_id(alert.placement_id)
    assert placement is not None
    kind, copies = alert.kind, CopyRepo(conn)
    await copies.add(
        alert_id,
        placement.supervisor_id,
        Reader.SUPERVISOR,
        Channel.TELEGRAM,
        now,
        outbox_key=f"alert:{alert_id}:1",
    )
    if routing_for(kind, alert.shared_with_mentor).mentor:
        await copies.add(
            alert_id,
            placement.mentor_id,
            Reader.MENTOR,
            Channel.TELEGRAM,
            now,
            outbox_key=f"alert:{alert_id}:mentor",
        )
    route = await _reroute(conn, alert_id, placement, now, supervisor_lost=False)
    email_at = email_due_at(
        now, policy.alert_email_after, reaches_someone=route.reaches_someone_now
    )
    unreached_at = (
        unreached_due_at(now, policy.report_unreached_after)
        if kind is AlertKind.PROBLEM_REPORTED
        else None
    )
    await ReportRepo(conn).follow_up(
        alert_id, email_at=email_at if policy.email_enabled else None, unreached_at=unreached_at
    )
    return route


async def _reroute(
    conn: aiosqlite.Connection,
    alert_id: int,
    placement: Placement,
    now: datetime,
    *,
    supervisor_lost: bool,
) -> Route:
    """Queue the alert for the coordinators at once when the supervisor cannot read it."""
    people = PeopleRepo(conn)
    supervisor = await people.by_id(placement.supervisor_id)
    assert supervisor is not None
    reach = Reach.UNREACHABLE if supervisor_lost else reach_of(supervisor)
    coordinators = await people.with_role(Role.COORDINATOR)
    route = route_alert(
        Recipient(supervisor.id, reach), [Recipient(c.id, reach_of(c)) for c in coordinators]
    )
    copies, messages = CopyRepo(conn), []
    for coordinator in route.coordinators:
        # The key of the 48-hour escalation: a coordinator told now is not told again then.
        key = f"alert-escalated:{alert_id}:{coordinator}"
        if await copies.add(
            alert_id, coordinator, Reader.COORDINATOR, Channel.TELEGRAM, now, outbox_key=key
        ):
            messages.append(Message(key, coordinator, AlertRerouted(alert_id, reach)))
    await OutboxRepo(conn).add(messages, now)
    return route


async def escalated_copies(
    conn: aiosqlite.Connection, alert_id: int, coordinators: list[Person], now: datetime
) -> None:
    """The 48-hour escalation's messages are copies too: the student hears who has it."""
    for coordinator in coordinators:
        await CopyRepo(conn).add(
            alert_id,
            coordinator.id,
            Reader.COORDINATOR,
            Channel.TELEGRAM,
            now,
            outbox_key=f"alert-escalated:{alert_id}:{coordinator.id}",
        )


async def outbox_sent(
    svc: Services, message: Outgoing, message_id: int | None, now: datetime
) -> None:
    """Telegram accepted an outbox message; for a copy of an alert, record who has it now."""
    if message.kind not in FOLLOWED_KINDS:
        async with svc.db.single_write() as conn:  # the hot path: one statement
            await OutboxRepo(conn).sent(message.id, message_id, now)
        return
    async with svc.db.transaction() as conn:
        await OutboxRepo(conn).sent(message.id, message_id, now)
        await copy_delivered(conn, message.id, now)


async def outbox_refused(svc: Services, message: Outgoing, error: str, now: datetime) -> None:
    """Telegram refused a message for good (or it cannot be made); a copy of an alert that
    is lost so goes to the coordinators at once, never silently `failed`."""
    async with svc.db.transaction() as conn:
        await OutboxRepo(conn).failed(message.id, error, final=True)
        if message.kind in FOLLOWED_KINDS:
            await copy_lost(conn, svc.policy, message.id, error, now)


async def copy_delivered(conn: aiosqlite.Connection, outbox_id: int, now: datetime) -> None:
    """Telegram accepted an outbox row: if it carried a copy of an alert, record it."""
    copy = await CopyRepo(conn).delivered_by_outbox(outbox_id, now)
    if copy is not None:
        await delivered(conn, copy, now)


async def delivered(conn: aiosqlite.Connection, copy: Copy, now: datetime) -> None:
    """A copy arrived: the student's report has reached someone; queue his receipt."""
    await ReportRepo(conn).reached(copy.alert_id)
    alert = await AlertRepo(conn).by_id(copy.alert_id)
    if alert is None or alert.kind is not AlertKind.PROBLEM_REPORTED:
        return  # the student is told only of his own reports
    placement = await PlacementRepo(conn).by_id(alert.placement_id)
    assert placement is not None
    # One receipt waiting is enough: it is worded when sent and names everyone who has it.
    prefix = f"report-receipt:{alert.id}:"
    if not await CopyRepo(conn).waiting_in_outbox(prefix):
        await OutboxRepo(conn).add(
            [Message(f"{prefix}{copy.id}", placement.student_id, ReportReceipt(alert.id))], now
        )


async def copy_lost(
    conn: aiosqlite.Connection, policy: Policy, outbox_id: int, error: str, now: datetime
) -> None:
    """Telegram refused an outbox row for good: a lost copy of an alert is rerouted."""
    copy = await CopyRepo(conn).lost_by_outbox(outbox_id, error)
    if copy is not None:
        await _rescue(conn, policy, [copy], now)


async def person_unreachable(
    conn: aiosqlite.Connection, policy: Policy, person_id: int, error: str, now: datetime
) -> None:
    """Someone blocked the bot or his chat is gone: his waiting copies are rerouted."""
    lost = await CopyRepo(conn).lost_for_person(person_id, error)
    await _rescue(conn, policy, lost, now)


async def _rescue(
    conn: aiosqlite.Connection, policy: Policy, lost: list[Copy], now: datetime
) -> None:
    """After copies were lost: coordinators at once, and email at once if nobody is left."""
    for copy in lost:
        alert = await AlertRepo(conn).by_id(copy.alert_id)
        if alert is None or alert.status is AlertStatus.RESOLVED or copy.reader is Reader.MENTOR:
            continue
        placement = await PlacementRepo(conn).by_id(alert.placement_id)
        assert placement is not None
        await _reroute(
            conn, alert.id, placement, now, supervisor_lost=copy.reader is Reader.SUPERVISOR
        )
        if policy.email_enabled and not await _someone_has_or_gets(conn, alert.id):
            await ReportRepo(conn).email_now(alert.id, now)


async def _someone_has_or_gets(conn: aiosqlite.Connection, alert_id: int) -> bool:
    """Whether a school person has this alert on Telegram, or can get it there now."""
    people = PeopleRepo(conn)
    for copy in await CopyRepo(conn).of_alert(alert_id):
        if copy.channel is not Channel.TELEGRAM or copy.reader is Reader.MENTOR:
            continue
        if copy.status is CopyStatus.DELIVERED:
            return True
        person = await people.by_id(copy.person_id)
        if copy.status is CopyStatus.PENDING and person and reach_of(person) is Reach.REACHABLE:
            return True
    return False


async def person_reachable_again(conn: aiosqlite.Connection, person_id: int, now: datetime) -> int:
    """He unblocked the bot or wrote again: the alerts he lost meanwhile go out to him now,
    unless someone resolved them. Returns how many."""
    copies, messages = CopyRepo(conn), []
    for copy in await copies.lost_of_unresolved(person_id):
        payload = {
            Reader.SUPERVISOR: AlertRaised(copy.alert_id),
            Reader.MENTOR: ProblemShared(copy.alert_id),
        }.get(copy.reader)
        if payload is None:
            continue  # the other coordinators and the supervisor have had it
        key = f"alert:{copy.alert_id}:again:{copy.id}:{to_db(now)}"
        messages.append(Message(key, person_id, payload))
        await copies.carried_by(copy.id, key)
    await OutboxRepo(conn).add(messages, now)
    return len(messages)


class Readiness(StrEnum):
    """Whether a report can reach a coordinator when its supervisor cannot be reached."""

    READY = "ready"
    NOT_JOINED = "not_joined"  # coordinators are configured or invited, none can read yet
    NONE = "none"  # nobody is configured or invited


async def coordinator_readiness(svc: Services) -> Readiness:
    """Whether some coordinator can get a rerouted report on Telegram now (said at start)."""
    async with svc.db.reading() as conn:
        coordinators = await PeopleRepo(conn).with_role(Role.COORDINATOR)
    if any(reach_of(c) is Reach.REACHABLE for c in coordinators):
        return Readiness.READY
    if coordinators or svc.policy.coordinator_telegram_ids:
        return Readiness.NOT_JOINED
    return Readiness.NONE
