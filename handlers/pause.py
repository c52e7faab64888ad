"""/pause and /resume: no check-ins during holidays or sick leave."""

from __future__ import annotations

from telegram import Update
from telegram.ext import BaseHandler, CommandHandler

from bot.i18n import t
from bot.services.pauses import PauseOutcome, PauseResult, pause_checkins, resume_checkins
from handlers.context import BotContext
from handlers.formats import moment, parse_date
from handlers.reply import answer


async def pause_command(update: Update, context: BotContext) -> None:
    """/pause <date>: no check-ins up to and including that date."""
    until = parse_date(context.args[0]) if context.args else None
    if until is None:
        await answer(update, t(context.language, "pause.usage"))
        return
    svc = context.services
    outcome = await pause_checkins(svc, context.me, until, svc.clock.now())
    await _tell(update, context, outcome)


async def resume_command(update: Update, context: BotContext) -> None:
    """/resume: check-ins start again."""
    svc = context.services
    await _tell(update, context, await resume_checkins(svc, context.me, svc.clock.now()))


async def _tell(update: Update, context: BotContext, outcome: PauseOutcome) -> None:
    lang = context.language
    key = f"pause.{outcome.result.value}"
    if outcome.result in (PauseResult.PAUSED, PauseResult.RESUMED):
        key += "" if outcome.next_checkin else "_no_more"
        when = (
            moment(lang, outcome.next_checkin, outcome.timezone) if (outcome.next_checkin) else ""
        )
        await answer(update, t(lang, key, next=when))
        return
    await answer(update, t(lang, key))


def build() -> list[BaseHandler[Update, BotContext, None]]:
    """Pause handlers."""
    return [CommandHandler("pause", pause_command), CommandHandler("resume", resume_command)]
