"""Trainee mentors in the chat: a trainer invites one (`/trainee RUN name; email; company`) and
gets the personal link to pass on; the trainee asks for his course's instructions (`/course`)."""

from __future__ import annotations

from telegram import Update
from telegram.ext import BaseHandler, CommandHandler

from bot.domain.localtime import zone_of
from bot.domain.trainees import read_invite_line
from bot.i18n import t
from bot.services.people import invite_link
from bot.services.trainee_invites import TraineeResult, invite_trainee
from bot.services.trainee_joining import course_again
from handlers.context import BotContext
from handlers.formats import day
from handlers.reply import answer


async def course_command(update: Update, context: BotContext) -> None:
    """/course: the instructions and links of his running course runs come again."""
    svc = context.services
    if not await course_again(svc, context.me, svc.clock.now(), update.update_id):
        await answer(update, t(context.language, "trainee.no_course"))


async def trainee_command(update: Update, context: BotContext) -> None:
    """/trainee RUN name; email; company: invite someone who is no mentor yet to a run."""
    svc, lang = context.services, context.language
    message = update.effective_message
    words = (message.text or "").partition(" ")[2] if message else ""
    try:
        run_id, trainee = read_invite_line(words)
    except ValueError:
        await answer(update, t(lang, "trainee.usage"))
        return
    now = svc.clock.now()
    outcome = await invite_trainee(svc, context.me, run_id, trainee, now)
    params = {"name": trainee.name, "run": str(run_id), "course": outcome.course}
    if outcome.result is TraineeResult.LINK and outcome.expires_at is not None:
        local = outcome.expires_at.astimezone(zone_of(svc.policy.timezone))
        params |= {"link": invite_link(svc.policy.bot_username, outcome.token)}
        params |= {"date": day(lang, local.date())}
    if outcome.result is TraineeResult.OTHER_ROLE and outcome.person is not None:
        params |= {"role": t(lang, f"role.{outcome.person.role.value}")}
    await answer(update, t(lang, f"trainee.{outcome.result.value}", **params))


def build() -> list[BaseHandler[Update, BotContext, None]]:
    """The trainee mentor's /course and the trainer's /trainee."""
    return [
        CommandHandler("course", course_command),
        CommandHandler("trainee", trainee_command),
    ]
