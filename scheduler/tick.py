"""The tick: one pass over everything that has come due, woken by APScheduler."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from telegram.ext import Application, CallbackContext

from bot.health import TICK
from bot.mailer import Mailer
from bot.sender import Sender
from bot.services.alerts import resend_unacknowledged
from bot.services.checkins import close_missed_checkins, open_due_checkins, remind_unanswered
from bot.services.digest import queue_digests
from bot.services.emails import queue_unacknowledged_emails
from bot.services.feedback_due import nudge_unconfirmed, prompt_and_announce
from bot.services.flows import end_timed_out_flows
from bot.services.inbox import prune_handled_updates
from bot.services.meeting_sending import release_held_messages
from bot.services.meeting_tick import check_meeting_cadence, send_meeting_reminders
from bot.services.operations import mark_health
from bot.services.privacy import purge_expired
from bot.services.reports import tell_unreached
from bot.services.runtime import Services
from bot.services.survey_courses import send_course_surveys
from bot.services.surveys import remind_and_close, send_surveys
from bot.services.training import send_attendance_sheets
from bot.services.training_tick import list_uncertified, send_training_reminders

log = logging.getLogger(__name__)

JOB_NAME = "tick"


@dataclass(frozen=True, slots=True)
class TickReport:
    """How many of each thing one tick did."""

    counts: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


async def tick(svc: Services, now: datetime) -> TickReport:
    """Do everything that is due at `now`; each step writes its messages to the outbox."""
    counts: dict[str, int] = {}
    for name, step in STEPS:
        counts[name] = await step(svc, now)
    return TickReport(counts)


Step = Callable[[Services, datetime], Awaitable[int]]

# In this order: a check-in that closes as missed can raise an alert in the same tick.
# Flows nobody finished in time end first (their drafts gone), so a check-in opening in the
# same tick may start its own.
STEPS: list[tuple[str, Step]] = [
    ("flows_timed_out", end_timed_out_flows),
    ("checkins_missed", close_missed_checkins),
    ("checkins_opened", open_due_checkins),
    ("checkins_reminded", remind_unanswered),
    ("alerts_resent", resend_unacknowledged),
    # The safeguarding promise: alerts nobody acknowledged in time go out by email too, and a
    # student whose report reached nobody is told so.
    ("alerts_emailed", queue_unacknowledged_emails),
    ("reports_unreached", tell_unreached),
    # Feedback: reminders and word to the mentor about unconfirmed feedback, prompts to silent
    # mentors, the notice that a placement ends soon.
    ("feedback_nudged", nudge_unconfirmed),
    ("feedback_prompted", prompt_and_announce),
    # Meetings: messages that waited for their reader's quiet hours to end, reminders and "did
    # it take place?" of confirmed meetings, then the cadence (reminders to plan, alerts when
    # meetings lapse or the review is overdue).
    ("meeting_messages_released", release_held_messages),
    ("meetings_reminded", send_meeting_reminders),
    ("meeting_cadence_checked", check_meeting_cadence),
    # Mentor training: reminders of assignments and sessions, then the attendance sheet to the
    # trainer of each session that ended.
    ("training_reminded", send_training_reminders),
    ("training_sheets_sent", send_attendance_sheets),
    ("uncertified_listed", list_uncertified),  # weekly, to the coordinators
    # Surveys: open ones reminded once and closed, then the mid and end surveys that are due
    # (each waits while its reader has a check-in or another conversation open).
    ("surveys_reminded_or_closed", remind_and_close),
    ("surveys_sent", send_surveys),
    ("course_surveys_sent", send_course_surveys),  # after a course run's last session
    # The supervisor's weekly digest (one row read until its moment comes).
    ("digests_queued", queue_digests),
    ("people_purged", purge_expired),
    ("updates_pruned", prune_handled_updates),
]


def install(
    application: Application[Any, Any, Any, Any, Any, Any],
    svc: Services,
    sender: Sender,
    every_seconds: int,
    mailer: Mailer | None = None,
) -> None:
    """Schedule the one tick job: coalesced, with a grace period after downtime."""

    async def run_tick(_: CallbackContext[Any, Any, Any, Any]) -> None:
        report = await tick(svc, svc.clock.now())
        await mark_health(svc, TICK, svc.clock.now())  # `python -m bot health` reads it
        if mailer is not None:  # emails to retry come due with time, not only with the tick
            mailer.wake()
        if report.total:
            log.info("tick: %s", report.counts)
            sender.wake()

    assert application.job_queue is not None
    application.job_queue.run_repeating(
        run_tick,
        interval=every_seconds,
        first=1,
        name=JOB_NAME,
        job_kwargs={"coalesce": True, "misfire_grace_time": 3600, "max_instances": 1},
    )
