"""Email as the last resort: which alerts are emailed to whom, and what each reader may read."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import aiosqlite

from bot.domain.escalation import Alert, AlertKind, AlertStatus
from bot.domain.people import LANGUAGES, Role
from bot.domain.reports import Channel, Copy, Reader, is_mailable, may_read_words
from bot.services.deliveries import delivered
from bot.services.runtime import Services
from storage.alert_copies import CopyRepo
from storage.alerts import AlertRepo
from storage.people import PeopleRepo, PlacementRepo
from storage.reports import ReportRepo

BATCH = 200
MAX_RETRY_WAIT = timedelta(minutes=60)


@dataclass(frozen=True, slots=True)
class AlertEmail:
    """Everything one alert email says, for one reader; worded by the mailer."""

    copy_id: int
    alert_id: int
    to_name: str
    to_address: str
    language: str
    reader: Reader
    kind: AlertKind
    student: str
    company: str
    raised_at: datetime
    words: tuple[str, ...]  # the student's words this reader may read: report, additions
    has_words: bool  # whether the student wrote any at all
    word_readers: tuple[str, ...]  # who the student let read them


async def queue_unacknowledged_emails(svc: Services, now: datetime) -> int:
    """Alerts nobody acknowledged in time (or nobody can read on Telegram): queue an email to
    the supervisor and every coordinator with a real address. Returns how many."""
    if not svc.policy.email_enabled:
        return 0
    queued = 0
    async with svc.db.transaction() as conn:
        reports, people = ReportRepo(conn), PeopleRepo(conn)
        for alert_id in await reports.due_email(now, BATCH):
            await reports.emailed(alert_id)
            alert = await AlertRepo(conn).by_id(alert_id)
            if alert is None or alert.status is not AlertStatus.OPEN:
                continue
            placement = await PlacementRepo(conn).by_id(alert.placement_id)
            assert placement is not None
            supervisor = await people.by_id(placement.supervisor_id)
            readers = [(supervisor, Reader.SUPERVISOR)] + [
                (c, Reader.COORDINATOR) for c in await people.with_role(Role.COORDINATOR)
            ]
            for person, reader in readers:
                if person is not None and is_mailable(person.email):
                    queued += await CopyRepo(conn).add(
                        alert_id, person.id, reader, Channel.EMAIL, now
                    )
    return queued


async def due_emails(svc: Services, now: datetime, limit: int) -> list[AlertEmail]:
    """The emails to send now; one no longer needed (acknowledged, erased) is dropped."""
    due: list[AlertEmail] = []
    async with svc.db.transaction() as conn:
        copies = CopyRepo(conn)
        for copy in await copies.due_emails(now, limit):
            email = await _email(conn, svc.policy.default_language, copy)
            if email is None:
                await copies.drop(copy.id)
            else:
                due.append(email)
    return due


async def _email(
    conn: aiosqlite.Connection, default_language: str, copy: Copy
) -> AlertEmail | None:
    alert = await AlertRepo(conn).by_id(copy.alert_id)
    if alert is None or alert.status is not AlertStatus.OPEN:
        return None  # someone acknowledged it on Telegram meanwhile
    people = PeopleRepo(conn)
    placement = await PlacementRepo(conn).by_id(alert.placement_id)
    reader = await people.by_id(copy.person_id)
    if placement is None or reader is None or not is_mailable(reader.email):
        return None
    student = await people.by_id(placement.student_id)
    assert student is not None
    words = await _words(conn, alert)
    allowed = may_read_words(copy.reader, alert.shared_with_mentor)
    word_readers = [placement.supervisor_id] + (
        [placement.mentor_id] if alert.shared_with_mentor else []
    )
    names = [p.name for p in [await people.by_id(i) for i in word_readers] if p is not None]
    language = reader.language if reader.language in LANGUAGES else default_language
    return AlertEmail(
        copy_id=copy.id,
        alert_id=alert.id,
        to_name=reader.name,
        to_address=reader.email,
        language=language,
        reader=copy.reader,
        kind=alert.kind,
        student=student.name,
        company=placement.company,
        raised_at=alert.created_at,
        words=words if allowed else (),
        has_words=bool(words),
        word_readers=tuple(names),
    )


async def _words(conn: aiosqlite.Connection, alert: Alert) -> tuple[str, ...]:
    """The student's words: his report and what he added to it, oldest first."""
    additions = await ReportRepo(conn).additions(alert.id)
    texts = [alert.details, *(a.details for a in additions)]
    return tuple(text for text in texts if text)


async def email_sent(svc: Services, copy_id: int, now: datetime) -> None:
    """The SMTP server took an email: the copy is delivered, the student hears who has it."""
    async with svc.db.transaction() as conn:
        copy = await CopyRepo(conn).email_sent(copy_id, now)
        if copy is not None:
            await delivered(conn, copy, now)


async def email_failed(
    svc: Services, copy_id: int, error: str, now: datetime, *, final: bool
) -> None:
    """An email did not go: try again later (waiting longer each time), or give up."""
    async with svc.db.transaction() as conn:
        copies = CopyRepo(conn)
        attempts = await copies.attempts(copy_id)
        wait = min(MAX_RETRY_WAIT, timedelta(minutes=2**attempts))
        await copies.email_failed(copy_id, error, None if final else now + wait)
