"""Certificates and the registers: issuing them to who completed a run, checking a number and
code, the register of certified mentors and the register of host companies (also as exports).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from bot.domain.company_file import CompanyDetails
from bot.domain.localtime import local_date
from bot.domain.messages import Message
from bot.domain.people import Person, Role
from bot.domain.training import (
    Completion,
    TrainingSession,
    certificate_number,
    completion,
    is_genuine,
    normal_number,
    valid_until,
    verification_code,
)
from bot.domain.training_records import (
    CertificateDocument,
    CertificateRecord,
    CompanyEntry,
)
from bot.services.exports import Cell, ExportKind, exporter, local
from bot.services.runtime import Services
from bot.services.training import Invited, TrainingResult, invite_mentors, is_trainer
from storage.certificates import CertificateRepo
from storage.exports import ExportRepo, Window
from storage.outbox import OutboxRepo
from storage.training import TrainingRepo
from storage.training_work import TrainingWorkRepo

REGISTER_ROLES = (Role.COORDINATOR, Role.SUPERVISOR)


@dataclass(frozen=True, slots=True)
class Issued:
    """Certificates issued for a run; who did not complete it (by name)."""

    result: TrainingResult
    issued: int = 0
    before: int = 0  # had theirs already
    incomplete: tuple[str, ...] = ()
    incomplete_ids: tuple[int, ...] = ()  # the same people, for the trainer's override


@dataclass(frozen=True, slots=True)
class Verified:
    """What /verify shows of a genuine certificate: no more than name, course and date."""

    name: str
    course: str
    issued_on: date


@dataclass(frozen=True, slots=True)
class CertificateFacts:
    """What the certificate PDF prints."""

    record: CertificateRecord
    code: str
    sessions: tuple[TrainingSession, ...]


async def issue_certificates(svc: Services, person: Person, run_id: int, now: datetime) -> Issued:
    """After the last session: a certificate for each participant who completed the run."""
    today = local_date(now, ZoneInfo(svc.policy.timezone))
    rules = svc.policy.training
    async with svc.db.transaction() as conn:
        run = await TrainingRepo(conn).run(run_id)
        if run is None or not is_trainer(person, run):
            return Issued(TrainingResult.UNKNOWN if run is None else TrainingResult.NOT_ALLOWED)
        sessions = await TrainingRepo(conn).sessions(run_id)
        if not sessions or sessions[-1].ends_at > now:
            return Issued(TrainingResult.NOT_ALLOWED)
        attended = await TrainingWorkRepo(conn).attended(run_id)
        certs = CertificateRepo(conn)
        await certs.secret()  # made with the first certificate, in this transaction
        issued, before = 0, 0
        incomplete: list[tuple[int, str]] = []
        messages: list[Message] = []
        for enrolment in await TrainingRepo(conn).enrolments(run_id):
            if enrolment.enrolled_at is None:
                continue
            done = completion(
                [s.id for s in sessions],
                attended.get(enrolment.person_id, set()),
                enrolment.override_reason,
            )
            if done is Completion.INCOMPLETE:
                incomplete.append((enrolment.person_id, enrolment.name))
                continue
            number = certificate_number(today.year, await certs.count_in_year(today.year) + 1)
            cert_id = await certs.add(
                number,
                enrolment.person_id,
                run_id,
                company=await certs.company_of(enrolment.person_id),
                course=run.course,
                issued_on=today,
                valid_until=valid_until(today, rules.certificate_valid_months),
                completion=done,
            )
            if cert_id is None:
                before += 1
                continue
            issued += 1
            messages.append(
                Message(
                    f"certificate:{cert_id}", enrolment.person_id, CertificateDocument(cert_id)
                )
            )
        await OutboxRepo(conn).add(messages, now)
    return Issued(
        TrainingResult.DONE,
        issued,
        before,
        tuple(n for _, n in incomplete),
        tuple(i for i, _ in incomplete),
    )


async def verify(svc: Services, number: str, code: str) -> Verified | None:
    """A certificate's name, course and date if number and code belong together; else None."""
    number = normal_number(number)[:40]
    async with svc.db.reading() as conn:
        repo = CertificateRepo(conn)
        secret = await repo.stored_secret()
        record = await repo.by_number(number)
    if secret is None or record is None or not is_genuine(secret, number, code[:40]):
        return None
    return Verified(record.name, record.course, record.issued_on)


async def certificate_facts(svc: Services, certificate_id: int) -> CertificateFacts | None:
    """A certificate with its code and the run's sessions, for its PDF."""
    async with svc.db.reading() as conn:
        repo = CertificateRepo(conn)
        record, secret = await repo.by_id(certificate_id), await repo.stored_secret()
        if record is None or secret is None:
            return None
        sessions = await TrainingRepo(conn).sessions(record.run_id)
    return CertificateFacts(record, verification_code(secret, record.number), tuple(sessions))


async def register(
    svc: Services, person: Person, search: str = ""
) -> list[CertificateRecord] | None:
    """The register of certified mentors, searched by mentor or company; None if not his."""
    if person.role not in REGISTER_ROLES:
        return None
    async with svc.db.reading() as conn:
        return await CertificateRepo(conn).register(search.strip()[:100])


async def company_register(
    svc: Services, person: Person, today: date
) -> list[CompanyEntry] | None:
    """Every host company with its mentors, certified or not, and their students."""
    if person.role not in REGISTER_ROLES:
        return None
    async with svc.db.reading() as conn:
        return await CertificateRepo(conn).companies(today)


async def invite_uncertified(svc: Services, person: Person, run_id: int, now: datetime) -> Invited:
    """The weekly list's button: invite the mentors with students and no valid certificate."""
    async with svc.db.reading() as conn:
        mentors = await CertificateRepo(conn).uncertified_with_students(
            local_date(now, ZoneInfo(svc.policy.timezone))
        )
    return await invite_mentors(svc, person, run_id, now, only=mentors)


class _UnknownCompaniesError(Exception):
    """Companies the rosters do not know: the transaction is rolled back."""

    def __init__(self, lines: list[str]) -> None:
        super().__init__("; ".join(lines))
        self.lines = lines


async def import_companies(svc: Services, details: Sequence[CompanyDetails]) -> list[str]:
    """Store the company details file, all or nothing (like a roster); else each company the
    rosters do not know, by line."""
    try:
        async with svc.db.transaction() as conn:
            repo = CertificateRepo(conn)
            unknown = [
                f"line {d.line}: no company {d.company!r} in the rosters"
                for d in details
                if not await repo.set_details(d.company, d.address, d.contact_email, d.sector)
            ]
            if unknown:
                raise _UnknownCompaniesError(unknown)
    except _UnknownCompaniesError as error:
        return error.lines
    return []


@exporter(
    ExportKind.REGISTER,
    (
        "certificate_number",
        "mentor",
        "company",
        "course",
        "issued_on",
        "valid_until",
        "completion",
    ),
)
async def _register(repo: ExportRepo, window: Window, zone: ZoneInfo) -> Sequence[list[Cell]]:
    # The register is the school's public list: the same for a coordinator and a supervisor.
    return [
        [
            c.number,
            c.name,
            c.company,
            c.course,
            c.issued_on.isoformat(),
            c.valid_until.isoformat() if c.valid_until else None,
            c.completion.value,
        ]
        for c in await CertificateRepo(repo.connection).register()
    ]


@exporter(
    ExportKind.COMPANIES,
    (
        "company",
        "address",
        "contact_email",
        "sector",
        "mentor",
        "mentor_email",
        "certified",
        "students_now",
        "students_before",
    ),
)
async def _companies(repo: ExportRepo, window: Window, zone: ZoneInfo) -> Sequence[list[Cell]]:
    # As of the export's last day; the command line and the chat give today's.
    today = window.last_day or window.today
    return [
        [
            e.company,
            e.address,
            e.contact_email,
            e.sector,
            e.mentor,
            e.mentor_email,
            int(e.certified),
            e.students_now,
            e.students_before,
        ]
        for e in await CertificateRepo(repo.connection).companies(today)
    ]


@exporter(
    ExportKind.ENROLMENTS,
    (
        "run",
        "course",
        "mentor",
        "mentor_email",
        "company",
        "company_contact_email",
        "invited_at",
        "enrolled_at",
        "sessions_attended",
        "certificate_number",
    ),
)
async def _enrolments(repo: ExportRepo, window: Window, zone: ZoneInfo) -> Sequence[list[Cell]]:
    rows = []
    for row in await CertificateRepo(repo.connection).enrolments():
        cells: list[Cell] = [v if v is None or isinstance(v, str | int) else str(v) for v in row]
        cells[6], cells[7] = local(row[6], zone), local(row[7], zone)
        rows.append(cells)
    return rows
