"""The weekly check-in: opening it on time, reminding, closing; its flow of questions.

The student's answers are in bot/services/checkin_answers.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

import aiosqlite

from bot.domain.checkins import (
    CheckInOpened,
    CheckInReminder,
    checkin_week,
    closes_at,
    latest_due_checkin,
    next_checkin_at,
    reminder_at,
)
from bot.domain.escalation import EscalationThresholds, escalation_for
from bot.domain.flows import Flow
from bot.domain.messages import Message
from bot.domain.people import Placement
from bot.domain.policy import Policy
from bot.domain.schedule import schedule_of
from bot.services.alerts import raise_alert
from bot.services.runtime import Services
from storage.checkins import CheckInRepo
from storage.flows import FlowRepo
from storage.outbox import OutboxRepo
from storage.people import PlacementRepo

CHUNK = 200


class CheckInStep(StrEnum):
    """The check-in's questions, as steps of its flow."""

    MOOD = "mood"  # 1 to 5, a button (or a typed digit)
    WEEK = "week"  # a few words, or Skip
    HELP = "help"  # yes or no, a button (or a typed ja/nee)


@dataclass(frozen=True, slots=True)
class CheckInTalk:
    """The check-in a student is answering."""

    checkin_id: int
    hard_week: bool = False  # a mood of 1: the next question comes with a caring line
    weekend_ahead: bool = False  # answered Friday to Sunday: the thanks wishes a good weekend

    @property
    def subject(self) -> int:
        """A conversation about this check-in."""
        return self.checkin_id


CHECKIN = Flow("checkin", CheckInStep, CheckInTalk)


def thresholds(policy: Policy) -> EscalationThresholds:
    """The school's escalation thresholds, as the domain rules take them."""
    return EscalationThresholds(
        policy.low_mood_at_most, policy.low_mood_weeks, policy.missed_checkins_in_a_row
    )


async def open_due_checkins(svc: Services, now: datetime) -> int:
    """Open the check-in of every placement whose moment has come (only the latest one)."""
    opened = 0
    while True:
        async with svc.db.transaction() as conn:
            due = await PlacementRepo(conn).due_for_checkin(now, CHUNK)
            opened += await _open(conn, svc.policy, due, now)
        if len(due) < CHUNK:
            return opened


async def _open(
    conn: aiosqlite.Connection,
    policy: Policy,
    due: list[tuple[Placement, int | None, str]],
    now: datetime,
) -> int:
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
        reminder_at(now, policy.checkin_reminder_after),
        closes_at(now, policy.checkin_window),
    )
    # The mood question is open as long as the check-in (a typed "4" answers it), unless the
    # student is in another conversation: the bot does not interrupt him.
    await FlowRepo(conn).start_where_idle(
        [
            (
                placement.student_id,
                CHECKIN.start(
                    CheckInStep.MOOD,
                    CheckInTalk(ids[(placement.id, week)]),
                    now,
                    policy.checkin_window,
                ),
            )
            for placement, week, _ in opening
        ],
        now,
    )
    # The dedupe key keeps a check-in opened before (a repeated tick) from going out twice.
    return await OutboxRepo(conn).add(
        [
            Message(
                f"checkin:{placement.id}:{week}",
                placement.student_id,
                CheckInOpened(ids[(placement.id, week)]),
            )
            for placement, week, _ in opening
        ],
        now,
    )


async def remind_unanswered(svc: Services, now: datetime) -> int:
    """Send the one reminder of every check-in still unanswered at its reminder time."""
    async with svc.db.transaction() as conn:
        checkins = CheckInRepo(conn)
        due = await checkins.due_reminders(now, 1000)
        await OutboxRepo(conn).add(
            [
                Message(f"checkin-reminder:{checkin_id}", student_id, CheckInReminder(checkin_id))
                for checkin_id, student_id in due
            ],
            now,
        )
        await checkins.mark_reminded([checkin_id for checkin_id, _ in due], now)
        still_open = open_after_reminder(svc.policy)
        await FlowRepo(conn).start_where_idle(
            [
                (
                    student_id,
                    CHECKIN.start(CheckInStep.MOOD, CheckInTalk(checkin_id), now, still_open),
                )
                for checkin_id, student_id in due
            ],
            now,
        )
    return len(due)


async def close_missed_checkins(svc: Services, now: datetime) -> int:
    """Count check-ins unanswered when their window closed as missed; alert on a streak."""
    async with svc.db.transaction() as conn:
        checkins = CheckInRepo(conn)
        due = await checkins.due_to_close(now, 1000)
        for checkin_id, placement_id in due:
            await checkins.mark_missed(checkin_id)
            await escalate(conn, svc.policy, placement_id, checkin_id, now)
    return len(due)


async def escalate(
    conn: aiosqlite.Connection, policy: Policy, placement_id: int, checkin_id: int, now: datetime
) -> None:
    """Alert the supervisor when the latest check-ins make a streak (low or missed)."""
    limits = thresholds(policy)
    history = await CheckInRepo(conn).history(
        placement_id, max(limits.low_mood_weeks, limits.missed_in_a_row) + 1
    )
    kind = escalation_for(history, limits)
    placement = await PlacementRepo(conn).by_id(placement_id)
    if kind is not None and placement is not None:
        await raise_alert(conn, policy, placement, kind, now, checkin_id=checkin_id)


def open_after_reminder(policy: Policy) -> timedelta:
    """How long a check-in stays open after its reminder."""
    return max(policy.checkin_window - policy.checkin_reminder_after, timedelta(hours=1))
