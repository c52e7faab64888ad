"""Inviting an employee who is no mentor yet to a course run: a trainee mentor with a personal
invite link, enrolled in the run when he joins with it.

A coordinator or the run's trainer invites (the command line acts for the school). One email is
one person: a mentor of the roster is invited as the roster's mentors are (the Enrol button in
his chat), a student, supervisor or coordinator is refused, and a trainee invited before keeps
his place and gets a fresh link if he has not joined, or the Enrol button if he has.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

import aiosqlite

from bot.domain.messages import Message
from bot.domain.people import Person, Role, hash_token
from bot.domain.trainees import Trainee
from bot.domain.training_records import TrainingInvitation, TrainingRun
from bot.services.people import TOKEN_BYTES
from bot.services.runtime import Services
from bot.services.training import is_trainer
from storage.audit import AuditRepo
from storage.invites import InviteRepo
from storage.outbox import OutboxRepo
from storage.people import PeopleRepo, PlacementRepo
from storage.training import TrainingRepo


class TraineeResult(StrEnum):
    """What came of inviting one trainee mentor."""

    LINK = "link"  # not joined: a personal link, new (earlier unused ones stop working)
    IN_CHAT = "in_chat"  # joined already, or a mentor of the roster: the Enrol button in chat
    ALREADY = "already"  # joined and invited to this run before: nothing new
    OTHER_ROLE = "other_role"  # the email is a student's, supervisor's or coordinator's
    NOT_ALLOWED = "not_allowed"  # not this run's trainer nor a coordinator
    UNKNOWN = "unknown"  # no such run
    OVER = "over"  # the run's last session has begun


@dataclass(frozen=True, slots=True)
class TraineeInvite:
    """The outcome for one trainee; with LINK, the token (shown once, stored as a hash)."""

    result: TraineeResult
    person: Person | None = None
    token: str = ""
    course: str = ""
    expires_at: datetime | None = None


async def invite_trainee(
    svc: Services, inviter: Person | None, run_id: int, trainee: Trainee, now: datetime
) -> TraineeInvite:
    """Invite one employee to a run (`inviter` None: the school's command line)."""
    async with svc.db.transaction() as conn:
        run = await TrainingRepo(conn).run(run_id)
        if run is None:
            return TraineeInvite(TraineeResult.UNKNOWN)
        if inviter is not None and not is_trainer(inviter, run):
            return TraineeInvite(TraineeResult.NOT_ALLOWED)
        sessions = await TrainingRepo(conn).sessions(run_id)
        if not sessions or sessions[-1].starts_at <= now:
            return TraineeInvite(TraineeResult.OVER, course=run.course)
        return await _invite(svc, conn, run, trainee, actor=inviter, now=now)


async def _invite(
    svc: Services,
    conn: aiosqlite.Connection,
    run: TrainingRun,
    trainee: Trainee,
    *,
    actor: Person | None,
    now: datetime,
) -> TraineeInvite:
    people = PeopleRepo(conn)
    person = await people.by_email(trainee.email)
    if person is None:
        person_id = await people.add(trainee.name, trainee.email, Role.TRAINEE_MENTOR, None, now)
        if trainee.company:
            await people.set_company(
                person_id, await PlacementRepo(conn).company_id(trainee.company)
            )
        person = await people.by_id(person_id)
        assert person is not None
    elif person.role not in (Role.TRAINEE_MENTOR, Role.MENTOR):
        return TraineeInvite(TraineeResult.OTHER_ROLE, person, course=run.course)
    new = await TrainingRepo(conn).invite(run.id, [person.id], now)
    await AuditRepo(conn).record(
        now, actor.id if actor else None, "trainee_invited", f"person:{person.id}", str(run.id)
    )
    if person.telegram_id is not None or person.role is Role.MENTOR:
        # As the roster's mentors are invited: one message with the Enrol button.
        await OutboxRepo(conn).add(
            [
                Message(f"training_invite:{run.id}:{pid}", pid, TrainingInvitation(run.id))
                for pid in new
            ],
            now,
        )
        result = TraineeResult.IN_CHAT if new else TraineeResult.ALREADY
        return TraineeInvite(result, person, course=run.course)
    token = secrets.token_urlsafe(TOKEN_BYTES)
    invites = InviteRepo(conn)
    await invites.revoke_open(person.id, now)
    expires_at = now + svc.policy.invite_valid
    await invites.add(person.id, hash_token(token), now, expires_at)
    return TraineeInvite(TraineeResult.LINK, person, token, run.course, expires_at)
