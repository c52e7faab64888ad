"""A student's report: filed as an alert or an addition, and what he is told of it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

import aiosqlite

from bot.domain.escalation import AlertKind, AlertStatus
from bot.domain.messages import Message
from bot.domain.people import Placement, Role
from bot.domain.policy import Policy
from bot.domain.reports import (
    Addition,
    Admission,
    Channel,
    CopyStatus,
    Reach,
    Reader,
    ReportAddition,
    ReportUnreached,
    admit_report,
    is_mailable,
    reach_of,
)
from bot.services.alerts import raise_alert
from bot.services.runtime import Services
from storage.alert_copies import CopyRepo
from storage.alerts import AlertRepo
from storage.outbox import OutboxRepo
from storage.people import PeopleRepo, PlacementRepo
from storage.reports import ReportRepo

BATCH = 200


class Reached(StrEnum):
    """Who a new report can reach at once."""

    TELEGRAM = "telegram"  # someone reads Telegram now: a receipt follows when it arrives
    EMAIL = "email"  # nobody on Telegram; emailed, a receipt follows when the email went
    NOBODY = "nobody"  # nobody at all until the supervisor joins or unblocks


@dataclass(frozen=True, slots=True)
class Holder:
    """Someone who has (a copy of) a report, as the student is told of him."""

    name: str
    reader: Reader
    channel: Channel


@dataclass(frozen=True, slots=True)
class ReportState:
    """Where a report stands: who has it, and whom it waits for."""

    alert_id: int
    created_at: datetime
    company: str
    supervisor: str
    supervisor_email: str | None  # for "contact him directly", when it is a real address
    supervisor_reach: Reach
    mentor: str
    holders: tuple[Holder, ...]  # delivered copies, the first to arrive first
    coordinators_configured: bool

    @property
    def supervisor_has_it(self) -> bool:
        """Whether the supervisor himself has received it (on any channel)."""
        return any(h.reader is Reader.SUPERVISOR for h in self.holders)


@dataclass(frozen=True, slots=True)
class Filed:
    """What became of a report: a new alert or an addition, and whom it reaches now."""

    admission: Admission
    state: ReportState
    reached: Reached
    going_to: tuple[Holder, ...]  # who gets it at once (Telegram) or by email
    recent: int  # the student's reports in the last hour, this one included
    addition: Addition | None = None


@dataclass(frozen=True, slots=True)
class Audience:
    """Whom a student chooses between for his report, by name."""

    supervisor: str
    mentor: str
    company: str


async def audience(conn: aiosqlite.Connection, placement_id: int) -> Audience:
    """The supervisor and mentor of a placement, named on the buttons of a report."""
    placement = await PlacementRepo(conn).by_id(placement_id)
    assert placement is not None
    people = PeopleRepo(conn)
    supervisor = await people.by_id(placement.supervisor_id)
    mentor = await people.by_id(placement.mentor_id)
    assert supervisor is not None
    assert mentor is not None
    return Audience(supervisor.name, mentor.name, placement.company)


async def file_report(
    conn: aiosqlite.Connection,
    policy: Policy,
    placement: Placement,
    details: str,
    now: datetime,
    *,
    shared_with_mentor: bool,
    checkin_id: int | None = None,
) -> Filed:
    """A student's report: a new alert, or (beyond REPORTS_PER_HOUR) an addition to his open
    one, which tells the same readers without a new alert and a new escalation."""
    reports = ReportRepo(conn)
    earlier = await reports.reported_since(placement.id, now - timedelta(hours=1))
    open_report = await reports.open_report(placement.id)
    admission = admit_report(
        earlier, now, policy.reports_per_hour, has_open_report=open_report is not None
    )
    addition = None
    if admission is Admission.ADDITION:
        assert open_report is not None
        alert_id = open_report
        addition = await _add(
            conn, placement, alert_id, details, now, shared_with_mentor=shared_with_mentor
        )
    else:
        alert_id = await raise_alert(
            conn,
            policy,
            placement,
            AlertKind.PROBLEM_REPORTED,
            now,
            checkin_id=checkin_id,
            details=details,
            shared_with_mentor=shared_with_mentor,
        )
    state = await _state(conn, alert_id)
    reached, going_to = await _reach(conn, policy, alert_id)
    if reached is Reached.NOBODY:
        await reports.reached(alert_id)  # he is told so now: no second "nobody has it" later
    return Filed(admission, state, reached, going_to, len(earlier) + 1, addition)


async def _add(
    conn: aiosqlite.Connection,
    placement: Placement,
    alert_id: int,
    details: str,
    now: datetime,
    *,
    shared_with_mentor: bool,
) -> Addition:
    reports = ReportRepo(conn)
    addition_id = await reports.add_addition(alert_id, details, shared_with_mentor, now)
    readers = [placement.supervisor_id] + ([placement.mentor_id] if shared_with_mentor else [])
    await OutboxRepo(conn).add(
        [
            Message(f"report-addition:{addition_id}:{person}", person, ReportAddition(addition_id))
            for person in readers
        ],
        now,
    )
    addition = await reports.addition(addition_id)
    assert addition is not None
    return addition


async def _reach(
    conn: aiosqlite.Connection, policy: Policy, alert_id: int
) -> tuple[Reached, tuple[Holder, ...]]:
    """Whom a report gets to now: readers on Telegram, else the email it will take."""
    people = PeopleRepo(conn)
    telegram: list[Holder] = []
    for copy in await CopyRepo(conn).of_alert(alert_id):
        person = await people.by_id(copy.person_id)
        if (
            person is not None
            and copy.channel is Channel.TELEGRAM
            and copy.reader is not Reader.MENTOR
            and copy.status is not CopyStatus.LOST
            and (copy.status is CopyStatus.DELIVERED or reach_of(person) is Reach.REACHABLE)
        ):
            telegram.append(Holder(person.name, copy.reader, copy.channel))
    if telegram:
        return Reached.TELEGRAM, tuple(telegram)
    alert = await AlertRepo(conn).by_id(alert_id)
    placement = await PlacementRepo(conn).by_id(alert.placement_id) if alert else None
    if not policy.email_enabled or placement is None:
        return Reached.NOBODY, ()
    supervisor = await people.by_id(placement.supervisor_id)
    readers = [(supervisor, Reader.SUPERVISOR)] + [
        (c, Reader.COORDINATOR) for c in await people.with_role(Role.COORDINATOR)
    ]
    mail = tuple(
        Holder(p.name, reader, Channel.EMAIL)
        for p, reader in readers
        if p is not None and is_mailable(p.email)
    )
    return (Reached.EMAIL, mail) if mail else (Reached.NOBODY, ())


async def _state(conn: aiosqlite.Connection, alert_id: int) -> ReportState:
    alert = await AlertRepo(conn).by_id(alert_id)
    assert alert is not None
    placement = await PlacementRepo(conn).by_id(alert.placement_id)
    assert placement is not None
    people = PeopleRepo(conn)
    supervisor = await people.by_id(placement.supervisor_id)
    mentor = await people.by_id(placement.mentor_id)
    assert supervisor is not None
    assert mentor is not None
    holders = []
    copies = [
        c for c in await CopyRepo(conn).of_alert(alert_id) if c.status is CopyStatus.DELIVERED
    ]
    for copy in copies:
        person = await people.by_id(copy.person_id)
        if person is not None:
            holders.append(Holder(person.name, copy.reader, copy.channel))
    return ReportState(
        alert_id=alert.id,
        created_at=alert.created_at,
        company=placement.company,
        supervisor=supervisor.name,
        supervisor_email=supervisor.email if is_mailable(supervisor.email) else None,
        supervisor_reach=reach_of(supervisor),
        mentor=mentor.name,
        holders=tuple(holders),
        coordinators_configured=bool(await people.with_role(Role.COORDINATOR)),
    )


async def report_state(svc: Services, alert_id: int) -> ReportState | None:
    """Where a report (or any alert) stands now: who has it; None if there is no such alert."""
    async with svc.db.reading() as conn:
        if await AlertRepo(conn).by_id(alert_id) is None:
            return None
        return await _state(conn, alert_id)


@dataclass(frozen=True, slots=True)
class AdditionCard:
    """An addition as its reader sees it: whose, to which report, his words."""

    student: str
    student_telegram_id: int | None
    company: str
    reported_at: datetime
    details: str
    open: bool


async def addition_card(svc: Services, addition_id: int) -> AdditionCard | None:
    """An addition to a report, for the supervisor's (and maybe the mentor's) message."""
    async with svc.db.reading() as conn:
        addition = await ReportRepo(conn).addition(addition_id)
        alert = await AlertRepo(conn).by_id(addition.alert_id) if addition else None
        placement = await PlacementRepo(conn).by_id(alert.placement_id) if alert else None
        student = await PeopleRepo(conn).by_id(placement.student_id) if placement else None
    if addition is None or alert is None or placement is None or student is None:
        return None
    return AdditionCard(
        student.name,
        student.telegram_id,
        placement.company,
        alert.created_at,
        addition.details or "",
        alert.status is not AlertStatus.RESOLVED,
    )


async def tell_unreached(svc: Services, now: datetime) -> int:
    """Reports nobody has received within REPORT_UNREACHED_MINUTES: the student is told."""
    told = 0
    async with svc.db.transaction() as conn:
        reports = ReportRepo(conn)
        for alert_id in await reports.due_unreached(now, BATCH):
            await reports.reached(alert_id)  # told once, whatever happens next
            copies = await CopyRepo(conn).of_alert(alert_id)
            if any(c.status is CopyStatus.DELIVERED for c in copies):
                continue
            alert = await AlertRepo(conn).by_id(alert_id)
            placement = await PlacementRepo(conn).by_id(alert.placement_id) if alert else None
            if placement is None:
                continue
            told += await OutboxRepo(conn).add(
                [
                    Message(
                        f"report-unreached:{alert_id}",
                        placement.student_id,
                        ReportUnreached(alert_id),
                    )
                ],
                now,
            )
    return told
