"""What the tick does for feedback: nudges about unconfirmed feedback, prompts to silent
mentors, and the notice that a placement ends soon."""

from __future__ import annotations

from datetime import datetime

import aiosqlite

from bot.domain.feedback_messages import (
    FeedbackNotConfirmed,
    FeedbackPrompt,
    FeedbackReminder,
    PlacementEnding,
)
from bot.domain.feedback_timing import (
    FeedbackRules,
    FollowUpKind,
    due_follow_ups,
    is_end_notice_due,
    mentor_prompt_at,
    next_follow_up_at,
    next_look_at,
)
from bot.domain.messages import Message
from bot.domain.people import Placement
from bot.services.runtime import Services
from storage.db import to_db
from storage.feedback import FeedbackRepo, FeedbackTimerRepo
from storage.outbox import OutboxRepo
from storage.people import PeopleRepo, PlacementRepo

# Items and placements looked at per tick: a tick stays short however much came due at once.
CHUNK = 200


async def nudge_unconfirmed(svc: Services, now: datetime) -> int:
    """Remind students of feedback they have not confirmed; tell the mentor after longer."""
    rules = svc.policy.feedback
    async with svc.db.reading() as conn:  # an idle tick writes nothing, not even BEGIN
        if not await FeedbackRepo(conn).due(now, 1):
            return 0
    async with svc.db.transaction() as conn:
        repo, placements = FeedbackRepo(conn), PlacementRepo(conn)
        messages: list[Message] = []
        for feedback_id in await repo.due(now, CHUNK):
            item = await repo.by_id(feedback_id)
            placement = await placements.by_id(item.placement_id) if item else None
            if item is None or placement is None:
                continue
            due = {follow_up.kind for follow_up in due_follow_ups(item, placement, rules, now)}
            # One reminder and one word to the mentor per wait: the wait's start is in the key.
            wait = to_db(item.waiting_since or item.sent_at)
            if FollowUpKind.REMIND_STUDENT in due:
                messages.append(
                    Message(
                        f"feedback_reminder:{item.id}:{wait}",
                        placement.student_id,
                        FeedbackReminder(item.id),
                    )
                )
            if FollowUpKind.TELL_MENTOR in due:
                messages.append(
                    Message(
                        f"feedback_not_confirmed:{item.id}:{wait}",
                        item.mentor_id,
                        FeedbackNotConfirmed(item.id),
                    )
                )
            if due:
                await repo.nudged(
                    item.id,
                    reminded=FollowUpKind.REMIND_STUDENT in due,
                    told=FollowUpKind.TELL_MENTOR in due,
                    now=now,
                )
                item = await repo.by_id(item.id)
                assert item is not None
            await repo.plan_follow_up(item.id, next_follow_up_at(item, placement, rules))
        return await OutboxRepo(conn).add(messages, now) if messages else 0


async def prompt_and_announce(svc: Services, now: datetime) -> int:
    """Ask silent mentors for feedback; tell all three that a placement ends soon."""
    rules = svc.policy.feedback
    async with svc.db.reading() as conn:
        if not await FeedbackTimerRepo(conn).due(now, 1):
            return 0
    async with svc.db.transaction() as conn:
        timers, placements = FeedbackTimerRepo(conn), PlacementRepo(conn)
        messages: list[Message] = []
        for placement_id, last_prompt, sent_before in await timers.due(now, CHUNK):
            prompted_at, notice_sent = last_prompt, sent_before
            placement = await placements.by_id(placement_id)
            if placement is None:
                await timers.plan(placement_id, None)
                continue
            if is_end_notice_due(placement, rules, now, notice_sent):
                messages += [
                    Message(
                        f"placement_ending:{placement.id}:{person}",
                        person,
                        PlacementEnding(placement.id),
                    )
                    for person in (
                        placement.student_id,
                        placement.mentor_id,
                        placement.supervisor_id,
                    )
                ]
                await timers.end_notice_sent(placement.id, now)
                notice_sent = True
            last = await FeedbackRepo(conn).last_sent_at(placement.id, placement.mentor_id)
            prompt_at = mentor_prompt_at(placement, last, prompted_at, rules)
            if prompt_at is not None and prompt_at <= now:
                if await _joined(conn, placement.mentor_id):
                    messages.append(
                        Message(
                            f"feedback_prompt:{placement.id}:{to_db(prompt_at)}",
                            placement.mentor_id,
                            FeedbackPrompt(placement.id, rules.prompt_mentor_after_days),
                        )
                    )
                # Not joined: no pile of prompts waiting for him; the silence counts anew.
                await timers.prompted(placement.id, now)
                prompted_at = now
            await timers.plan(
                placement.id,
                next_look_at(placement, last, prompted_at, notice_sent, rules=rules, now=now),
            )
        return await OutboxRepo(conn).add(messages, now) if messages else 0


async def plan_placement(
    conn: aiosqlite.Connection, rules: FeedbackRules, placement: Placement, now: datetime
) -> None:
    """Plan when the tick first looks at a new (or changed) placement for feedback."""
    timers = FeedbackTimerRepo(conn)
    prompted_at, notice_sent = await timers.state(placement.id)
    last = await FeedbackRepo(conn).last_sent_at(placement.id, placement.mentor_id)
    await timers.plan(
        placement.id, next_look_at(placement, last, prompted_at, notice_sent, rules=rules, now=now)
    )


async def _joined(conn: aiosqlite.Connection, person_id: int) -> bool:
    person = await PeopleRepo(conn).by_id(person_id)
    return person is not None and person.telegram_id is not None
