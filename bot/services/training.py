"""Mentor training for the trainer: make a run, invite the roster's mentors, see who enrolled and
handed in, mark attendance. Enrolling is the mentor's one button.

A trainer is the run's trainer or any coordinator; nobody else sees a run's participants or
their hand-ins. Every button's ids are checked here again (a forged or stale one is refused).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

import aiosqlite

from bot.domain.messages import Message
from bot.domain.people import Person, Role
from bot.domain.training import TrainingSession
from bot.domain.training_plan import SessionPlan, check_plan
from bot.domain.training_records import (
    Enrolment,
    TrainingAttendanceSheet,
    TrainingInstructions,
    TrainingInvitation,
    TrainingRun,
)
from bot.services.runtime import Services
from storage.outbox import OutboxRepo
from storage.people import PeopleRepo
from storage.training import TrainingRepo
from storage.training_work import TrainingWorkRepo

# A session's attendance sheet goes to its trainer when it ends, and not later than this
# after it began (after a long downtime an old sheet is no use).
SHEET_WINDOW = timedelta(days=8)


class TrainingResult(StrEnum):
    """What came of a training action."""

    DONE = "done"
    NOT_ALLOWED = "not_allowed"  # not this run's trainer, not invited, not his assignment
    UNKNOWN = "unknown"  # no such run, session or person (a forged or stale button)
    ALREADY = "already"  # enrolled before
    OVER = "over"  # the run's last session has begun


@dataclass(frozen=True, slots=True)
class RunOverview:
    """A run as its trainer sees it: sessions, who is invited, enrolled, handed in, came."""

    run: TrainingRun
    sessions: tuple[TrainingSession, ...]
    enrolments: tuple[Enrolment, ...]
    handed_in: dict[int, frozenset[int]] = field(default_factory=dict)  # session: people
    attended: dict[int, frozenset[int]] = field(default_factory=dict)  # session: people


@dataclass(frozen=True, slots=True)
class Invited:
    """How many mentors an invitation reached."""

    result: TrainingResult
    new: int = 0
    before: int = 0


def is_trainer(person: Person, run: TrainingRun) -> bool:
    """Whether someone runs this course run: its trainer, or any coordinator."""
    return person.role is Role.COORDINATOR or person.id == run.trainer_id


async def create_run(
    svc: Services,
    trainer: Person,
    course: str,
    sessions: list[SessionPlan],
    *,
    instructions: str,
    now: datetime,
) -> int | TrainingResult:
    """A new run of a course (made if new) with its sessions; its id."""
    if trainer.role not in (Role.COORDINATOR, Role.SUPERVISOR):
        return TrainingResult.NOT_ALLOWED
    check_plan(sessions)
    async with svc.db.transaction() as conn:
        repo = TrainingRepo(conn)
        course_id = await repo.course_id(course.strip(), now)
        return await repo.add_run(course_id, trainer.id, instructions.strip(), sessions, now)


async def _trainers_run(
    conn: aiosqlite.Connection, person: Person, run_id: int
) -> TrainingRun | TrainingResult:
    run = await TrainingRepo(conn).run(run_id)
    if run is None:
        return TrainingResult.UNKNOWN
    return run if is_trainer(person, run) else TrainingResult.NOT_ALLOWED


async def runs_of(svc: Services, person: Person) -> list[TrainingRun]:
    """The runs someone trains (a coordinator: all), newest first."""
    if person.role not in (Role.COORDINATOR, Role.SUPERVISOR):
        return []
    async with svc.db.reading() as conn:
        return await TrainingRepo(conn).runs(
            None if person.role is Role.COORDINATOR else person.id
        )


async def invite_mentors(
    svc: Services, person: Person, run_id: int, now: datetime, only: list[int] | None = None
) -> Invited:
    """Invite the roster's mentors (or `only` these) to a run; each gets an Enrol button."""
    async with svc.db.transaction() as conn:
        run = await _trainers_run(conn, person, run_id)
        if not isinstance(run, TrainingRun):
            return Invited(run)
        sessions = await TrainingRepo(conn).sessions(run_id)
        if not sessions or sessions[-1].starts_at <= now:
            return Invited(TrainingResult.OVER)
        mentors = [p.id for p in await PeopleRepo(conn).with_role(Role.MENTOR)]
        wanted = [m for m in mentors if only is None or m in only]
        new = await TrainingRepo(conn).invite(run_id, wanted, now)
        await OutboxRepo(conn).add(
            [
                Message(f"training_invite:{run_id}:{pid}", pid, TrainingInvitation(run_id))
                for pid in new
            ],
            now,
        )
    return Invited(TrainingResult.DONE, len(new), len(wanted) - len(new))


async def enrol(svc: Services, person: Person, run_id: int, now: datetime) -> TrainingResult:
    """The mentor's Enrol button: he is in, and gets the instructions and links."""
    async with svc.db.transaction() as conn:
        repo = TrainingRepo(conn)
        enrolment = await repo.enrolment(run_id, person.id)
        if enrolment is None:
            return TrainingResult.NOT_ALLOWED  # not invited: a forged or someone else's button
        if enrolment.enrolled_at is not None:
            return TrainingResult.ALREADY
        sessions = await repo.sessions(run_id)
        if not sessions or sessions[-1].starts_at <= now:
            return TrainingResult.OVER
        await repo.enrol(run_id, person.id, now)
        await OutboxRepo(conn).add(
            [
                Message(
                    f"training_instructions:{run_id}:{person.id}",
                    person.id,
                    TrainingInstructions(run_id),
                )
            ],
            now,
        )
    return TrainingResult.DONE


async def run_overview(svc: Services, person: Person, run_id: int) -> RunOverview | TrainingResult:
    """A run for its trainer: who enrolled, who handed in each assignment, who came."""
    async with svc.db.reading() as conn:
        run = await _trainers_run(conn, person, run_id)
        if not isinstance(run, TrainingRun):
            return run
        repo, work = TrainingRepo(conn), TrainingWorkRepo(conn)
        sessions = await repo.sessions(run_id)
        handed_in = {
            s.id: frozenset(x.person_id for x in await work.submissions(s.id)) for s in sessions
        }
        attended = await work.attended(run_id)
        return RunOverview(
            run,
            tuple(sessions),
            tuple(await repo.enrolments(run_id)),
            handed_in,
            {s.id: frozenset(p for p, ids in attended.items() if s.id in ids) for s in sessions},
        )


async def session_for_trainer(
    svc: Services, person: Person, session_id: int
) -> tuple[TrainingSession, RunOverview] | TrainingResult:
    """A session and its run, if this person trains it."""
    async with svc.db.reading() as conn:
        session = await TrainingRepo(conn).session(session_id)
    if session is None:
        return TrainingResult.UNKNOWN
    overview = await run_overview(svc, person, session.run_id)
    return (session, overview) if isinstance(overview, RunOverview) else overview


async def mark_attendance(
    svc: Services, person: Person, session_id: int, participant: int, now: datetime
) -> RunOverview | TrainingResult:
    """One tap on a participant: attended, or (tapped again) not; the run as it is now."""
    async with svc.db.transaction() as conn:
        session = await TrainingRepo(conn).session(session_id)
        if session is None:
            return TrainingResult.UNKNOWN
        run = await _trainers_run(conn, person, session.run_id)
        if not isinstance(run, TrainingRun):
            return run
        enrolment = await TrainingRepo(conn).enrolment(run.id, participant)
        if enrolment is None or enrolment.enrolled_at is None:
            return TrainingResult.UNKNOWN
        came = session_id in (await TrainingWorkRepo(conn).attended(run.id)).get(
            participant, set()
        )
        await TrainingWorkRepo(conn).mark(session_id, participant, not came, person.id, now)
    return await run_overview(svc, person, run.id)


async def override_completion(
    svc: Services, person: Person, run_id: int, participant: int, reason: str
) -> TrainingResult:
    """The trainer completes a participant who missed a session, with a reason."""
    if not reason.strip():
        return TrainingResult.NOT_ALLOWED
    async with svc.db.transaction() as conn:
        run = await _trainers_run(conn, person, run_id)
        if not isinstance(run, TrainingRun):
            return run
        done = await TrainingRepo(conn).override(run_id, participant, reason.strip())
    return TrainingResult.DONE if done else TrainingResult.UNKNOWN


async def send_attendance_sheets(svc: Services, now: datetime) -> int:
    """The tick: after each session its trainer gets the sheet to mark attendance (once)."""
    async with svc.db.transaction() as conn:
        repo = TrainingRepo(conn)
        ended = [
            s for s in await repo.sessions_between(now - SHEET_WINDOW, now) if s.ends_at <= now
        ]
        messages = []
        for session in ended:
            run = await repo.run(session.run_id)
            enrolled = [e for e in await repo.enrolments(session.run_id) if e.enrolled_at]
            if run is not None and enrolled:  # a session nobody enrolled in has no sheet
                messages.append(
                    Message(
                        f"training_attendance:{session.id}",
                        run.trainer_id,
                        TrainingAttendanceSheet(session.id),
                    )
                )
        return await OutboxRepo(conn).add(messages, now)
