"""The tick's training step: reminders of assignments and sessions to the enrolled."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.domain.messages import Message
from bot.domain.training import ASSIGNMENT_REMINDERS, reminders_due
from bot.domain.training_records import TrainingReminderMessage
from bot.services.runtime import Services
from storage.outbox import OutboxRepo
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
            enrolled = [e.person_id for e in await repo.enrolments(session.run_id)
                        if e.enrolled_at is not None]
            handed_in = {s.person_id for s in await work.submissions(session.id)}
            for reminder in due:
                messages += [
                    Message(f"training:{session.id}:{reminder.value}:{person}", person,
                            TrainingReminderMessage(session.id, reminder))
                    for person in enrolled
                    if reminder not in ASSIGNMENT_REMINDERS or person not in handed_in]
        return await OutboxRepo(conn).add(messages, now)
