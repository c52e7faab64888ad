"""What the training messages show, read by id when they are sent (no permission check: the
outbox row was written for its reader by a service that checked)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.domain.training import TrainingSession
from bot.domain.training_records import CompanyEntry, Enrolment, Submission, TrainingRun
from bot.services.runtime import Services
from storage.certificates import CertificateRepo
from storage.people import PeopleRepo
from storage.training import TrainingRepo
from storage.training_work import TrainingWorkRepo


@dataclass(frozen=True, slots=True)
class RunFacts:
    """A run, its sessions and its trainer's name."""

    run: TrainingRun
    sessions: tuple[TrainingSession, ...]
    trainer: str


@dataclass(frozen=True, slots=True)
class SubmissionFacts:
    """A hand-in with who made it, for which session, and its file if any."""

    submission: Submission
    session: TrainingSession
    course: str
    name: str
    file: bytes | None


@dataclass(frozen=True, slots=True)
class SheetFacts:
    """A session's attendance sheet: the enrolled and who is marked present."""

    session: TrainingSession
    course: str
    enrolled: tuple[Enrolment, ...]
    present: frozenset[int]


async def run_facts(svc: Services, run_id: int) -> RunFacts | None:
    """A run with its plan."""
    async with svc.db.reading() as conn:
        run = await TrainingRepo(conn).run(run_id)
        if run is None:
            return None
        trainer = await PeopleRepo(conn).by_id(run.trainer_id)
        sessions = await TrainingRepo(conn).sessions(run_id)
    return RunFacts(run, tuple(sessions), trainer.name if trainer else "")


async def session_facts(svc: Services, session_id: int) -> tuple[TrainingSession, RunFacts] | None:
    """A session and its run."""
    async with svc.db.reading() as conn:
        session = await TrainingRepo(conn).session(session_id)
    facts = None if session is None else await run_facts(svc, session.run_id)
    return (session, facts) if session and facts else None


async def submission_facts(svc: Services, submission_id: int) -> SubmissionFacts | None:
    """A hand-in for the trainer."""
    async with svc.db.reading() as conn:
        work = TrainingWorkRepo(conn)
        submission = await work.submission(submission_id)
        if submission is None:
            return None
        session = await TrainingRepo(conn).session(submission.session_id)
        run = await TrainingRepo(conn).run(session.run_id) if session else None
        person = await PeopleRepo(conn).by_id(submission.person_id)
        if session is None or run is None or person is None:
            return None
        file = await work.file_of(submission_id) if submission.file_name else None
    return SubmissionFacts(submission, session, run.course, person.name, file)


async def sheet_facts(svc: Services, session_id: int) -> SheetFacts | None:
    """Who is enrolled in a session's run and who is marked present."""
    async with svc.db.reading() as conn:
        session = await TrainingRepo(conn).session(session_id)
        run = await TrainingRepo(conn).run(session.run_id) if session else None
        if session is None or run is None:
            return None
        enrolled = [e for e in await TrainingRepo(conn).enrolments(run.id) if e.enrolled_at]
        attended = await TrainingWorkRepo(conn).attended(run.id)
    present = frozenset(p for p, ids in attended.items() if session_id in ids)
    return SheetFacts(session, run.course, tuple(enrolled), present)


@dataclass(frozen=True, slots=True)
class UncertifiedFacts:
    """Mentors with students now and no valid certificate, and the next run to invite them to."""

    mentors: tuple[CompanyEntry, ...]
    next_run: TrainingRun | None


async def uncertified_facts(svc: Services, now: datetime) -> UncertifiedFacts:
    """The weekly list as it stands when it is sent."""
    today = now.astimezone(ZoneInfo(svc.policy.timezone)).date()
    async with svc.db.reading() as conn:
        entries = await CertificateRepo(conn).companies(today)
        next_run = await TrainingRepo(conn).next_run(now)
    return UncertifiedFacts(
        tuple(e for e in entries if not e.certified and e.students_now), next_run
    )
