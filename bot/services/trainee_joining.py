"""A trainee mentor who joins with his link is enrolled in the runs he was invited to; /course
sends him their instructions again."""

from __future__ import annotations

from datetime import datetime

import aiosqlite

from bot.domain.messages import Message
from bot.domain.people import Person, Role
from bot.domain.training_records import TrainingInstructions
from bot.services.runtime import Services
from storage.outbox import OutboxRepo
from storage.trainees import TraineeRepo
from storage.training import TrainingRepo


async def enrol_on_joining(conn: aiosqlite.Connection, person: Person, now: datetime) -> int:
    """A trainee mentor who joins is enrolled in the runs he was invited to that still run, and
    gets their instructions and links; how many."""
    if person.role is not Role.TRAINEE_MENTOR:
        return 0
    runs = await TraineeRepo(conn).runs_to_enrol(person.id, now)
    training = TrainingRepo(conn)
    for run_id in runs:
        await training.enrol(run_id, person.id, now)
    await OutboxRepo(conn).add(
        [
            Message(
                f"training_instructions:{run_id}:{person.id}",
                person.id,
                TrainingInstructions(run_id),
            )
            for run_id in runs
        ],
        now,
    )
    return len(runs)


async def course_again(svc: Services, person: Person, now: datetime, update_id: int) -> int:
    """/course: the instructions and links of each run he is enrolled in that has not ended,
    again (through the outbox, once per update: a replayed update sends nothing twice)."""
    async with svc.db.transaction() as conn:
        runs = await TraineeRepo(conn).runs_running(person.id, now)
        await OutboxRepo(conn).add(
            [
                Message(
                    f"training_instructions:{run_id}:{person.id}:again:{update_id}",
                    person.id,
                    TrainingInstructions(run_id),
                )
                for run_id in runs
            ],
            now,
        )
    return len(runs)
