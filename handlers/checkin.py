"""The student's weekly check-in, /checkin and /help, and free-text answers."""

from __future__ import annotations

from contextlib import suppress

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, MessageHandler, filters

from bot.domain.checkins import CheckIn, Question
from bot.domain.people import Role
from bot.i18n import t
from bot.services.checkins import (
    Answer,
    AnswerOutcome,
    open_checkin,
    record_mood,
    record_needs_help,
    record_week,
)
from bot.services.problems import (
    MAX_TEXT,
    HelpResult,
    TextResult,
    answer_text,
    ask_for_help,
    choose_audience,
)
from handlers.context import BotContext
from handlers.onboarding import show_help
from handlers.reply import answer, pressed

MOODS = ("😞", "🙁", "😐", "🙂", "😄")


def mood_keyboard(checkin_id: int) -> InlineKeyboardMarkup:
    """Five buttons, 1 (bad) to 5 (great)."""
    return InlineKeyboardMarkup([[
        InlineKeyboardButton(f"{face} {n}", callback_data=f"ci:{checkin_id}:m:{n}")
        for n, face in enumerate(MOODS, start=1)
    ]])


def question(language: str, checkin: CheckIn) -> tuple[str, InlineKeyboardMarkup | None]:
    """The next question of a check-in, with its buttons."""
    match checkin.next_question:
        case Question.MOOD:
            return t(language, "checkin.ask_mood"), mood_keyboard(checkin.id)
        case Question.WEEK:
            skip = InlineKeyboardButton(t(language, "checkin.skip"),
                                        callback_data=f"ci:{checkin.id}:skip")
            return t(language, "checkin.ask_week"), InlineKeyboardMarkup([[skip]])
        case Question.HELP:
            return t(language, "checkin.ask_help"), InlineKeyboardMarkup([[
                InlineKeyboardButton(t(language, "checkin.no"),
                                     callback_data=f"ci:{checkin.id}:h:0"),
                InlineKeyboardButton(t(language, "checkin.yes"),
                                     callback_data=f"ci:{checkin.id}:h:1"),
            ]])
        case Question.DESCRIBE:
            return t(language, "problem.describe"), None
    return t(language, "checkin.thanks"), None


def audience_keyboard(language: str) -> InlineKeyboardMarkup:
    """Who may read the problem: the supervisor only, or the mentor too."""
    return InlineKeyboardMarkup([
        [InlineKeyboardButton(t(language, "problem.supervisor_only"), callback_data="pb:s")],
        [InlineKeyboardButton(t(language, "problem.mentor_too"), callback_data="pb:b")],
    ])


async def checkin_answer(update: Update, context: BotContext) -> None:
    """A button of a check-in: mood, skip, or whether help is needed."""
    _, (_, checkin_id, what, *value) = pressed(update)
    svc, me = context.services, context.me
    now = svc.clock.now()
    if what == "m":
        outcome = await record_mood(svc, me, int(checkin_id), int(value[0]), now)
        chosen = f"{MOODS[int(value[0]) - 1]} {value[0]}"
    elif what == "skip":
        outcome = await record_week(svc, me, int(checkin_id), None, now)
        chosen = t(context.language, "checkin.skipped")
    else:
        yes = value == ["1"]
        outcome = await record_needs_help(svc, me, int(checkin_id), yes, now)
        chosen = t(context.language, "checkin.yes" if yes else "checkin.no")
    await _show(update, context, outcome, chosen)


async def _show(update: Update, context: BotContext, outcome: AnswerOutcome,
                chosen: str) -> None:
    query = update.callback_query
    assert query is not None
    if outcome.answer is Answer.ALREADY and outcome.checkin and context.resumes(update):
        # Saved before the crash, maybe not answered: ask the next question (again).
        with suppress(BadRequest):  # the query may have been answered, or be too old
            await query.answer()
        await answer(update, *question(context.language, outcome.checkin))
        return
    if outcome.answer is not Answer.RECORDED:
        key = {Answer.CLOSED: "checkin.closed", Answer.ALREADY: "checkin.already"}.get(
            outcome.answer, "refused")
        await query.answer(t(context.language, key), show_alert=outcome.answer is not (
            Answer.ALREADY))
        return
    await query.answer()
    message = query.message
    if message is not None and hasattr(message, "text_html"):
        # The question stays in the chat with the answer after it, and without its buttons.
        await query.edit_message_text(f"{message.text_html}\n<b>→ {chosen}</b>")
    assert outcome.checkin is not None
    await answer(update, *question(context.language, outcome.checkin))


async def audience_chosen(update: Update, context: BotContext) -> None:
    """The student chose who may read his problem; the alert goes out."""
    query = update.callback_query
    assert query is not None
    both = query.data == "pb:b"
    svc, lang = context.services, context.language
    result = await choose_audience(svc, context.me, both, svc.clock.now())
    if result is not HelpResult.REPORTED:
        await query.answer(t(lang, "button.stale"), show_alert=True)
        return
    await query.answer()
    chosen = t(lang, "problem.mentor_too" if both else "problem.supervisor_only")
    message = query.message
    if message is not None and hasattr(message, "text_html"):
        await query.edit_message_text(f"{message.text_html}\n<b>→ {chosen}</b>")
    await answer(update, t(lang, "problem.reported_both" if both else
                           "problem.reported_supervisor"))


async def checkin_command(update: Update, context: BotContext) -> None:
    """/checkin: ask the open question of this week's check-in again."""
    checkin = await open_checkin(context.services, context.me)
    if checkin is None:
        await answer(update, t(context.language, "checkin.none_open"))
        return
    await answer(update, *question(context.language, checkin))


async def help_command(update: Update, context: BotContext) -> None:
    """/help: a student asks for help; everyone else sees what the bot does for him."""
    if context.me.role is not Role.STUDENT:
        await show_help(update, context)
        return
    result = await ask_for_help(context.services, context.me, context.services.clock.now())
    key = "problem.describe" if result is HelpResult.DESCRIBE else "problem.no_placement"
    await answer(update, t(context.language, key))


async def text_answer(update: Update, context: BotContext) -> None:
    """Free text: the answer to the question this person has open, if any."""
    message = update.effective_message
    assert message is not None
    text = message.text or ""
    outcome = await answer_text(context.services, context.me, text,
                                context.services.clock.now())
    lang = context.language
    if outcome.result is TextResult.NOTHING_OPEN and context.resumes(update):
        # Saved before the crash, maybe not answered: ask the open question (again).
        checkin = await open_checkin(context.services, context.me)
        if checkin is not None:
            await answer(update, *question(lang, checkin))
            return
    match outcome.result:
        case TextResult.WEEK_SAVED:
            assert outcome.checkin is not None
            await answer(update, *question(lang, outcome.checkin))
        case TextResult.ASK_AUDIENCE:
            await answer(update, t(lang, "problem.ask_audience"), audience_keyboard(lang))
        case TextResult.USE_BUTTONS:
            await answer(update, t(lang, "problem.use_buttons"))
        case TextResult.NOTE_SAVED:
            await answer(update, t(lang, "alert.note_saved"))
        case TextResult.TOO_LONG:
            await answer(update, t(lang, "text.too_long", length=len(text), limit=MAX_TEXT))
        case _:
            await answer(update, t(lang, "fallback.text"))


def build() -> list[BaseHandler[Update, BotContext, None]]:
    """Check-in and help handlers."""
    return [
        CommandHandler("checkin", checkin_command),
        CommandHandler("help", help_command),
        CallbackQueryHandler(checkin_answer, pattern=r"^ci:\d{1,12}:(m:[1-5]|skip|h:[01])$"),
        CallbackQueryHandler(audience_chosen, pattern=r"^pb:[sb]$"),
        # New messages only: an edited message is no answer (the fallback says so).
        MessageHandler(filters.UpdateType.MESSAGE & filters.TEXT & ~filters.COMMAND, text_answer),
    ]
