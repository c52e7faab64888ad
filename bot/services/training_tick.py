"""The tick's training step: reminders of assignments and sessions to the enrolled."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.domain.messages import Message
from bot.domain.people import Role
from bot.domain.roster import WEEKDAYS
from bot.domain.training import ASSIGNMENT_REMINDERS, reminders_due, weekly_list_week
from bot.domain.training_records import TrainingReminderMessage, UncertifiedMentors
from bot.services.runtime import Services
from storage.certificates import CertificateRepo
from storage.outbox import OutboxRepo
from storage.people import PeopleRepo
from storage.training import TrainingRepo
from storage.training_work import TrainingWorkRepo

# The earliest reminder comes two days before an assignment due at most two weeks before its
# session (TRAINING_DUE_HOURS ≤ 336): sessions further ahead have nothing due yet.
LOOK_AHEAD = timedelta(days=16)


async def send_training_reminders(svc: Services, now: datetime) -> int:
    """Queue the reminders due now; an assignment's only to who has not handed it in.

    Each has its dedupe key, so a tick that runs again queues nothing twice.
    """
    async with svc.db.transaction() as conn:
        repo, work = TrainingRepo(conn), TrainingWorkRepo(conn)
        messages = []
        for session in await repo.sessions_between(now, now + LOOK_AHEAD):
            due = reminders_due(session, now)
            if not due:
                continue
            enrolled = [
                e.person_id
                for e in await repo.enrolments(session.run_id)
                if e.enrolled_at is not None
            ]
            handed_in = {s.person_id for s in await work.submissions(session.id)}
            for reminder in due:
                messages += [
                    Message(
                        f"training:{session.id}:{reminder.value}:{person}",
                        person,
                        TrainingReminderMessage(session.id, reminder),
                    )
                    for person in enrolled
                    if reminder not in ASSIGNMENT_REMINDERS or person not in handed_in
                ]
        return await OutboxRepo(conn).add(messages, now)


async def list_uncertified(svc: Services, now: datetime) -> int:
    """Weekly (the digest's moment): each coordinator gets the mentors who have students now and
    no valid certificate, with one tap to invite them to the next run. Nothing when there are
    none or the school has never made a course run; once a week, late after downtime rather
    than not at all."""
    zone = ZoneInfo(svc.policy.timezone)
    week = weekly_list_week(
        now,
        WEEKDAYS.index(svc.policy.digest_weekday),
        time.fromisoformat(svc.policy.digest_time),
        zone,
    )
    if week is None:
        return 0
    today = now.astimezone(zone).date()
    monday = today - timedelta(days=today.weekday())
    async with svc.db.reading() as conn:  # the idle tick reads only
        if not await TrainingRepo(conn).any_run():
            return 0  # a school that trains no mentors gets no list
        coordinators = [
            p.id
            for p in await PeopleRepo(conn).with_role(Role.COORDINATOR)
            if p.telegram_id is not None
        ]
        keys = {f"training_uncertified:{c}:{week}": c for c in coordinators}
        waiting = set(keys) - await TrainingRepo(conn).queued(list(keys)) if keys else set()
        if not waiting or not await CertificateRepo(conn).uncertified_with_students(today):
            return 0
    async with svc.db.transaction() as conn:
        return await OutboxRepo(conn).add(
            [Message(key, keys[key], UncertifiedMentors(monday)) for key in sorted(waiting)], now
        )
