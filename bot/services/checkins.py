"""The weekly check-in: opening it on time, reminding, closing, and the student's answers."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

import aiosqlite

from bot.domain.checkins import (
    CheckIn,
    CheckInOpened,
    CheckInReminder,
    CheckInStatus,
    Question,
    checkin_week,
    closes_at,
    latest_due_checkin,
    next_checkin_at,
    reminder_at,
)
from bot.domain.escalation import EscalationThresholds, escalation_for, is_valid_mood
from bot.domain.messages import Message
from bot.domain.people import Person, Placement, Role
from bot.domain.policy import Policy
from bot.domain.schedule import schedule_of
from bot.services.alerts import raise_alert
from bot.services.runtime import Services
from storage.checkins import CheckInRepo
from storage.conversations import Conversation, ConversationRepo
from storage.outbox import OutboxRepo
from storage.people import PlacementRepo

CHUNK = 200


class Answer(StrEnum):
    """What became of a student's answer to a check-in question."""

    RECORDED = "recorded"
    ALREADY = "already"
    CLOSED = "closed"
    REFUSED = "refused"


@dataclass(frozen=True, slots=True)
class AnswerOutcome:
    """The result of an answer and the check-in as it stands now (what to ask next)."""

    answer: Answer
    checkin: CheckIn | None = None


def thresholds(policy: Policy) -> EscalationThresholds:
    """The school's escalation thresholds, as the domain rules take them."""
    return EscalationThresholds(policy.low_mood_at_most, policy.low_mood_weeks,
                                policy.missed_checkins_in_a_row)


async def open_due_checkins(svc: Services, now: datetime) -> int:
    """Open the check-in of every placement whose moment has come (only the latest one)."""
    opened = 0
    while True:
        async with svc.db.transaction() as conn:
            due = await PlacementRepo(conn).due_for_checkin(now, CHUNK)
            opened += await _open(conn, svc.policy, due, now)
        if len(due) < CHUNK:
            return opened


async def _open(conn: aiosqlite.Connection, policy: Policy,
                due: list[tuple[Placement, int | None, str]], now: datetime) -> int:
    """Open one chunk of due check-ins with a handful of statements, whatever its size."""
    following: list[tuple[int, datetime | None]] = []
    opening: list[tuple[Placement, str, datetime]] = []
    for placement, student_telegram_id, _ in due:
        schedule = schedule_of(placement)
        following.append((placement.id, next_checkin_at(schedule, now)))
        moment = latest_due_checkin(schedule, now)
        if moment is not None and student_telegram_id is not None:  # else paused, or not joined
            opening.append((placement, checkin_week(schedule, moment), moment))
    await PlacementRepo(conn).set_next_checkins(following)
    ids = await CheckInRepo(conn).open_many(
        [(placement.id, week, moment) for placement, week, moment in opening],
        reminder_at(now, policy.checkin_reminder_after), closes_at(now, policy.checkin_window))
    # The dedupe key keeps a check-in opened before (a repeated tick) from going out twice.
    return await OutboxRepo(conn).add([
        Message(f"checkin:{placement.id}:{week}", placement.student_id,
                CheckInOpened(ids[(placement.id, week)]))
        for placement, week, _ in opening
    ], now)


async def remind_unanswered(svc: Services, now: datetime) -> int:
    """Send the one reminder of every check-in still unanswered at its reminder time."""
    async with svc.db.transaction() as conn:
        checkins = CheckInRepo(conn)
        due = await checkins.due_reminders(now, 1000)
        await OutboxRepo(conn).add([
            Message(f"checkin-reminder:{checkin_id}", student_id, CheckInReminder(checkin_id))
            for checkin_id, student_id in due
        ], now)
        await checkins.mark_reminded([checkin_id for checkin_id, _ in due], now)
    return len(due)


async def close_missed_checkins(svc: Services, now: datetime) -> int:
    """Count check-ins unanswered when their window closed as missed; alert on a streak."""
    async with svc.db.transaction() as conn:
        checkins = CheckInRepo(conn)
        due = await checkins.due_to_close(now, 1000)
        for checkin_id, placement_id in due:
            await checkins.mark_missed(checkin_id)
            await _escalate(conn, svc.policy, placement_id, checkin_id, now)
    return len(due)


async def _escalate(conn: aiosqlite.Connection, policy: Policy, placement_id: int,
                    checkin_id: int, now: datetime) -> None:
    limits = thresholds(policy)
    history = await CheckInRepo(conn).history(
        placement_id, max(limits.low_mood_weeks, limits.missed_in_a_row) + 1)
    kind = escalation_for(history, limits)
    placement = await PlacementRepo(conn).by_id(placement_id)
    if kind is not None and placement is not None:
        await raise_alert(conn, policy, placement, kind, now, checkin_id=checkin_id)


async def _own(conn: aiosqlite.Connection, person: Person,
               checkin_id: int) -> CheckIn | Answer:
    """The check-in if it is this student's newest and still takes answers."""
    checkin = await CheckInRepo(conn).by_id(checkin_id)
    placement = await PlacementRepo(conn).by_id(checkin.placement_id) if checkin else None
    if checkin is None or placement is None or person.role is not Role.STUDENT or (
            placement.student_id != person.id):
        return Answer.REFUSED
    latest = await CheckInRepo(conn).latest(placement.id)
    if checkin.status is CheckInStatus.MISSED or latest is None or latest.id != checkin.id:
        return Answer.CLOSED
    return checkin


async def _after(conn: aiosqlite.Connection, person: Person, checkin_id: int, recorded: bool,
                 now: datetime) -> AnswerOutcome:
    """Reload the check-in, and remember which question comes next."""
    checkin = await CheckInRepo(conn).by_id(checkin_id)
    assert checkin is not None
    conversations = ConversationRepo(conn)
    if checkin.next_question in (Question.WEEK, Question.DESCRIBE):
        step = checkin.next_question.value
        data = {"checkin_id": checkin.id, "placement_id": checkin.placement_id}
        await conversations.set(person.id, Conversation("checkin", step, data), now)
    elif recorded:
        await conversations.clear(person.id)
    return AnswerOutcome(Answer.RECORDED if recorded else Answer.ALREADY, checkin)


async def record_mood(svc: Services, person: Person, checkin_id: int, mood: int,
                      now: datetime) -> AnswerOutcome:
    """The student tapped his mood (1–5); a low streak alerts the supervisor."""
    async with svc.db.transaction() as conn:
        found = await _own(conn, person, checkin_id)
        if isinstance(found, Answer):
            return AnswerOutcome(found)
        if not is_valid_mood(mood):
            return AnswerOutcome(Answer.REFUSED)
        recorded = await CheckInRepo(conn).record_mood(checkin_id, mood, now)
        if recorded:
            await _escalate(conn, svc.policy, found.placement_id, checkin_id, now)
        return await _after(conn, person, checkin_id, recorded, now)


async def record_week(svc: Services, person: Person, checkin_id: int, note: str | None,
                      now: datetime) -> AnswerOutcome:
    """The student told how his week went (None: he skipped the question)."""
    return await _follow_up(svc, person, checkin_id, now, too_early=(Question.MOOD,),
                            record=lambda repo: repo.record_week(checkin_id, note))


async def record_needs_help(svc: Services, person: Person, checkin_id: int, needs_help: bool,
                            now: datetime) -> AnswerOutcome:
    """The student said whether he needs help; yes leads to describing the problem."""
    return await _follow_up(svc, person, checkin_id, now,
                            too_early=(Question.MOOD, Question.WEEK),
                            record=lambda repo: repo.record_needs_help(checkin_id, needs_help))


async def _follow_up(svc: Services, person: Person, checkin_id: int, now: datetime, *,
                     too_early: tuple[Question, ...],
                     record: Callable[[CheckInRepo], Awaitable[bool]]) -> AnswerOutcome:
    """Store an answer after the mood, unless an earlier question is still open."""
    async with svc.db.transaction() as conn:
        found = await _own(conn, person, checkin_id)
        if isinstance(found, Answer):
            return AnswerOutcome(found)
        if found.next_question in too_early:
            return AnswerOutcome(Answer.ALREADY, found)
        recorded = await record(CheckInRepo(conn))
        return await _after(conn, person, checkin_id, recorded, now)


async def open_checkin(svc: Services, person: Person) -> CheckIn | None:
    """The student's newest check-in if it still has a question for him (for /checkin)."""
    async with svc.db.reading() as conn:
        for placement in await PlacementRepo(conn).of_person(person.id):
            if placement.student_id != person.id:
                continue
            latest = await CheckInRepo(conn).latest(placement.id)
            if latest is not None and latest.next_question in (Question.MOOD, Question.WEEK,
                                                               Question.HELP):
                return latest
    return None

