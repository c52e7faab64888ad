"""The composition root: the only place that wires settings, storage, Telegram and the clock."""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import AsyncIterator, Callable, Coroutine
from contextlib import asynccontextmanager, suppress
from dataclasses import dataclass, field
from datetime import timedelta
from functools import partial
from signal import SIGINT, SIGTERM
from typing import Any

from telegram import LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.ext import Application, ApplicationBuilder, ContextTypes, Defaults

from bot.branding import brand
from bot.certificate_mail import employer_post
from bot.clock import Clock, SystemClock
from bot.domain.feedback_timing import FeedbackRules
from bot.domain.policy import Policy
from bot.domain.survey_timing import SurveyRules
from bot.health import heartbeat
from bot.inbox import Inbox
from bot.limiter import Limiter
from bot.mailer import Mailer, SmtpServer
from bot.priority import calls_in_passing
from bot.sender import Sender
from bot.services.deliveries import Readiness, coordinator_readiness
from bot.services.inbox import unhandled_updates
from bot.services.outbox import next_messages
from bot.services.runtime import Services
from bot.settings import Settings
from bot.webhook import WebhookServer
from handlers import (
    alert_views,
    alerts,
    archive_views,
    checkin,
    checkin_views,
    coordinator,
    coordinator_people,
    exports,
    fallback,
    feedback,
    feedback_replies,
    feedback_views,
    flows,
    goals,
    guard,
    help,
    letters,
    meeting_steps,
    meeting_views,
    meetings,
    nudge,
    nudge_views,
    onboarding,
    outgoing,
    pause,
    pause_views,
    people_views,
    placement_end_views,
    privacy,
    privacy_views,
    reference,
    reference_views,
    register,
    report_views,
    supervision_views,
    supervisor,
    survey_files,
    survey_results,
    survey_views,
    surveys,
    trainee,
    training,
    training_comments,
    training_create,
    training_employers,
    training_hand_in,
    training_override,
    training_views,
    whoami,
)
from handlers.context import BotContext, BotData
from scheduler import tick as ticking
from storage.db import Database

log = logging.getLogger(__name__)

STOP_GRACE_SECONDS = 10.0
# How each outbox message looks lives with its feature: these modules register the views
# (handlers/outgoing.py). tests/test_views.py fails when a message kind has none; a message
# without one is failed and logged when its turn comes.
VIEW_MODULES = (
    alert_views,
    checkin_views,
    feedback_views,
    pause_views,
    people_views,
    placement_end_views,
    privacy_views,
    reference_views,
    report_views,
    meeting_views,
    supervision_views,
    nudge_views,
    training_views,
    archive_views,
    survey_views,
)
AnyApplication = Application[Any, Any, Any, Any, Any, Any]


def policy_from(settings: Settings, bot_username: str) -> Policy:
    """The settings the services need, as a plain domain value."""
    return Policy(
        default_language=settings.default_language,
        timezone=settings.timezone,
        bot_username=bot_username,
        invite_valid=timedelta(days=settings.invite_valid_days),
        checkin_weekday=settings.checkin_weekday,
        checkin_time=settings.checkin_time,
        checkin_reminder_after=settings.reminder_after,
        checkin_window=settings.checkin_window,
        low_mood_at_most=settings.low_mood_at_most,
        low_mood_weeks=settings.low_mood_weeks,
        missed_checkins_in_a_row=settings.missed_checkins_in_a_row,
        alert_resend_after=timedelta(hours=settings.alert_resend_hours),
        alert_max_resends=settings.alert_max_resends,
        mentor_meeting_every_days=settings.mentor_meeting_every_days,
        tripartite_every_weeks=settings.tripartite_every_weeks,
        coordinator_telegram_ids=settings.coordinator_ids,
        retention_months=settings.retention_months,
        email_enabled=bool(settings.smtp_url.get_secret_value()),
        alert_email_after=timedelta(minutes=settings.alert_email_after_minutes),
        report_unreached_after=timedelta(minutes=settings.report_unreached_minutes),
        reports_per_hour=settings.reports_per_hour,
        flow_expires=timedelta(hours=settings.flow_expires_hours),
        inbox_keep=timedelta(days=settings.inbox_keep_days),
        meetings=settings.meeting_rules(),
        working=settings.working_calendar(),
        digest_weekday=settings.digest_weekday,
        digest_time=settings.digest_time,
        export_separator=settings.export_separator,
        training=settings.training_rules(),
        surveys=SurveyRules(
            remind_after=timedelta(days=settings.survey_remind_days),
            close_after=timedelta(days=settings.survey_close_days),
            min_group=settings.survey_min_group,
        ),
        feedback=FeedbackRules(
            remind_student_after=timedelta(hours=settings.feedback_remind_hours),
            tell_mentor_after=timedelta(days=settings.feedback_tell_mentor_days),
            prompt_mentor_after_days=settings.feedback_prompt_days,
            end_notice_days=settings.reference_notice_days,
            ask_every=timedelta(hours=settings.feedback_ask_every_hours),
        ),
    )


def limiter_from(settings: Settings) -> Limiter:
    """The one limiter every Bot API call goes through."""
    return Limiter(settings.send_rate_per_second, settings.per_chat_interval_seconds)


def build_application(settings: Settings, limiter: Limiter | None = None) -> AnyApplication:
    """The PTB application with every handler, in the order that is policy."""
    # Opt in now to PTB 23's timedelta time periods (RetryAfter.retry_after): otherwise PTB
    # warns on every 429 that the int it gives is deprecated.
    os.environ.setdefault("PTB_TIMEDELTA", "true")
    api = settings.telegram_api_base_url
    application = (
        ApplicationBuilder()
        .token(settings.require_token())
        .base_url(f"{api}/bot")
        .base_file_url(f"{api}/file/bot")
        .updater(None)  # our durable inbox polls instead of PTB's Updater
        # Every call, replies and outbox alike, within Telegram's limits (bot/limiter.py).
        .rate_limiter(limiter or limiter_from(settings))
        .connect_timeout(settings.request_timeout_seconds)
        .read_timeout(settings.request_timeout_seconds)
        .write_timeout(settings.request_timeout_seconds)
        .context_types(ContextTypes(context=BotContext, bot_data=BotData))
        .defaults(
            Defaults(
                parse_mode=ParseMode.HTML,
                link_preview_options=LinkPreviewOptions(is_disabled=True),
            )
        )
        .build()
    )
    # Group -2: /whoami answers anyone, before the guard turns strangers away.
    application.add_handlers(whoami.build(), group=whoami.GROUP)
    # Group -1: who is asking and which flow he is in (strangers and group chats stop here).
    application.add_handlers(guard.build(), group=guard.GROUP)
    # Group 0: the first handler that matches takes the update, so the features come first
    # (each with the handlers of its own flow's steps), then /cancel and "use the buttons" for
    # text at a step that wants a button, and the fallbacks (whatever no feature took gets a
    # helpful answer) come last.
    application.add_handlers(
        [
            *onboarding.build(),
            *checkin.build(),
            *help.build(),
            *alerts.build(),
            *pause.build(),
            *privacy.build(),
            *meetings.build(),
            *meeting_steps.build(),
            *feedback.build(),
            *feedback_replies.build(),
            *goals.build(),
            *reference.build(),
            *supervisor.build(),
            *coordinator.build(),  # a file from a coordinator is a roster; others' get an answer
            *coordinator_people.build(),
            *letters.build(),
            *nudge.build(),  # its /cancel, for someone on a nudge line, before the general one
            *exports.build(),
            *training.build(),
            *training_hand_in.build(),  # the hand-in's steps, before /cancel and the fallbacks
            *training_comments.build(),
            *surveys.build(),
            *survey_results.build(),
            *survey_files.build(),  # a coordinator's .toml document: a survey definition
            *training_override.build(),
            *training_create.build(),  # making a course run: /newcourse and its steps
            *training_employers.build(),
            *register.build(),
            *trainee.build(),  # /course and /trainee (trainee mentors)
            *flows.build(),
            *fallback.build(),
        ]
    )
    application.add_error_handler(fallback.report_error)
    return application


@dataclass
class MentorBot:
    """A running bot: its application, services, sender and inbox."""

    settings: Settings
    application: AnyApplication
    services: Services
    sender: Sender
    inbox: Inbox
    tasks: list[asyncio.Task[None]] = field(default_factory=list)
    mailer: Mailer | None = None  # the email fallback, when SMTP_URL is set

    async def settle(
        self,
        ready: Callable[[], bool] = lambda: True,
        timeout: float = 10.0,  # noqa: ASYNC109
    ) -> None:
        """Wait until every stored update is handled and the outbox has nothing it may send.

        `ready` adds a condition of the caller's (the emulator has no unconfirmed updates).
        Used by tests and the demo; it waits on the bot's own progress, never on a timer.
        """
        async with asyncio.timeout(timeout):
            while True:
                events = (self.inbox.progress, self.sender.progress, self.limiter.progress)
                for event in events:
                    event.clear()
                if ready() and await self.idle():
                    return
                waiters = [asyncio.create_task(e.wait()) for e in events]
                try:
                    await asyncio.wait(waiters, return_when=asyncio.FIRST_COMPLETED)
                finally:
                    for waiter in waiters:
                        waiter.cancel()

    @property
    def limiter(self) -> Limiter:
        """The one limiter every Bot API call goes through."""
        limiter = self.application.bot.rate_limiter
        assert isinstance(limiter, Limiter)
        return limiter

    async def idle(self) -> bool:
        """Whether nothing is waiting to be handled or sent."""
        if self.inbox.busy or calls_in_passing() or await unhandled_updates(self.services, 1):
            return False
        return not await next_messages(self.services, 1)

    async def tick(self) -> ticking.TickReport:
        """Run the tick now (the scheduler does this every minute) and wake the sender."""
        report = await ticking.tick(self.services, self.services.clock.now())
        self.sender.wake()
        if self.mailer is not None:
            self.mailer.wake()
        return report


def mailer_from(settings: Settings, svc: Services) -> Mailer | None:
    """Email as the last resort for alerts, when SMTP_URL is set."""
    url = settings.smtp_url.get_secret_value()
    if not url:
        return None
    return Mailer(svc, SmtpServer.from_url(url), settings.smtp_from)


# One line at start-up when a report could reach nobody (DESIGN principle 11).
READINESS_WARNINGS = {
    Readiness.NONE: "no coordinator is configured or has joined: a report whose supervisor "
    "cannot be reached on Telegram reaches nobody there. Set COORDINATOR_IDS (or invite a "
    "coordinator) and have them send /start to @%s",
    Readiness.NOT_JOINED: "no coordinator has joined yet: a report whose supervisor cannot be "
    "reached on Telegram reaches nobody there until one of COORDINATOR_IDS (or an invited "
    "coordinator) sends /start to @%s",
}


@asynccontextmanager
async def running(
    settings: Settings,
    *,
    clock: Clock | None = None,
    poll_timeout: int = 25,
    schedule_tick: bool = True,
) -> AsyncIterator[MentorBot]:
    """Start the whole bot (storage, Telegram, tick, sender, inbox) and stop it cleanly."""
    limiter = limiter_from(settings)
    application = build_application(settings, limiter)
    db = await Database.open(settings.database_path)
    try:
        await application.initialize()
        # What an invite link opens: the school's name, what the bot is, the menu (per language).
        await brand(application.bot, settings.school_name, settings.default_language)
        svc = Services(db, clock or SystemClock(), policy_from(settings, application.bot.username))
        application.bot_data.services = svc
        application.bot_data.employer_post = employer_post(settings)
        post = partial(outgoing.post, svc, application.bot)
        sender = Sender(svc, post, limiter=limiter, concurrency=settings.send_concurrency)
        inbox = Inbox(
            svc,
            application,
            poll_timeout=poll_timeout,
            after_update=sender.wake,
            concurrency=settings.update_concurrency,
        )
        # A call in passing (showing a choice) waits while its person's next update is in hand.
        limiter.answering = inbox.answering
        bot = MentorBot(
            settings, application, svc, sender, inbox, mailer=mailer_from(settings, svc)
        )
        if schedule_tick:  # tests and the demo move a fake clock and tick themselves
            ticking.install(application, svc, sender, settings.tick_seconds, mailer=bot.mailer)
        await application.start()
        receiving = await _receive(settings, application, inbox)
        handling = asyncio.create_task(inbox.handle())
        sending = asyncio.create_task(sender.run())
        bot.tasks = [handling, asyncio.create_task(receiving), sending]
        if bot.mailer is not None:
            bot.tasks.append(asyncio.create_task(bot.mailer.run()))
        bot.tasks.append(asyncio.create_task(heartbeat(svc, inbox)))  # for `bot health`
        try:
            yield bot
        finally:
            # Let the update in hand and the messages in flight finish, so that a clean stop
            # never replays an update nor sends a message twice.
            for stop, task in ((inbox.stop, handling), (sender.stop, sending)):
                stop()
                with suppress(TimeoutError, asyncio.CancelledError):
                    await asyncio.wait_for(asyncio.shield(task), STOP_GRACE_SECONDS)
            for task in bot.tasks:
                task.cancel()
            for task in bot.tasks:
                # A loop that failed by itself is reported by whoever watched it (run_forever
                # raises it); here the others still stop and Telegram's client still closes.
                with suppress(asyncio.CancelledError, Exception):
                    await task
            await application.stop()
            await application.shutdown()
    finally:
        await db.close()


async def _receive(
    settings: Settings, application: AnyApplication, inbox: Inbox
) -> Coroutine[Any, Any, None]:
    """How updates come in: a webhook server when WEBHOOK_URL is set, else long polling."""
    if not settings.webhook_url:
        await application.bot.delete_webhook()
        return inbox.poll()
    server = WebhookServer(inbox, settings.webhook_secret.get_secret_value())
    server.bind(settings.webhook_listen, settings.webhook_port)
    await application.bot.set_webhook(
        settings.webhook_url,
        secret_token=settings.webhook_secret.get_secret_value(),
        allowed_updates=Update.ALL_TYPES,
    )
    return server.serve()


async def run_forever(settings: Settings) -> None:
    """`python -m bot run`: serve until interrupted."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signal in (SIGINT, SIGTERM):
        loop.add_signal_handler(signal, stop.set)
    async with running(settings) as bot:
        log.info("mentorbot @%s is running", bot.services.policy.bot_username)
        readiness = await coordinator_readiness(bot.services)
        if readiness in READINESS_WARNINGS:
            log.warning(READINESS_WARNINGS[readiness], bot.services.policy.bot_username)
        done, _ = await asyncio.wait(
            [asyncio.create_task(stop.wait()), *bot.tasks], return_when=asyncio.FIRST_COMPLETED
        )
        for task in done:
            if task in bot.tasks:
                task.result()  # a loop that ended by itself has failed: let it be seen
    log.info("mentorbot stopped")
