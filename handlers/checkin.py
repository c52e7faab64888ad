"""The student's weekly check-in in the chat: its questions, their answers, /checkin."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

from bot.domain.flows import MAX_ANSWER, FlowState, typed_number, typed_yes_no
from bot.i18n import t
from bot.services.checkin_answers import (
    Answer,
    AnswerOutcome,
    continue_checkin,
    record_mood,
    record_needs_help,
    record_week,
)
from bot.services.checkins import CHECKIN, CheckInStep, CheckInTalk
from handlers import flows
from handlers.context import BotContext
from handlers.flows import StepButton, StepText, Typed, button, cancel_row
from handlers.guard import refuse
from handlers.reply import answer, pressed

MOODS = ("😞", "🙁", "😐", "🙂", "😄")
Talk = FlowState[CheckInStep, CheckInTalk]


def typed_mood(text: str) -> int | None:
    """A mood typed as a digit, "1" to "5"."""
    return typed_number(text, 1, 5)


def mood_keyboard(checkin_id: int) -> InlineKeyboardMarkup:
    """Five buttons, 1 (bad) to 5 (great); they carry the check-in, so they work all week."""
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(f"{face} {n}", callback_data=f"ci:{checkin_id}:m:{n}")
                for n, face in enumerate(MOODS, start=1)
            ]
        ]
    )


def ask_mood(language: str, talk: Talk) -> flows.Question:
    """How was the week, 1 to 5."""
    return t(language, "checkin.ask_mood"), mood_keyboard(talk.data.checkin_id)


def ask_week(language: str, talk: Talk) -> flows.Question:
    """How the week went, in a few words; Skip, or Cancel."""
    skip = button(talk, "skip", t(language, "checkin.skip"))
    text = t(language, "checkin.ask_week")
    if talk.data.hard_week:
        text = t(language, "checkin.hard_week") + "\n\n" + text
    return text, InlineKeyboardMarkup([[skip], cancel_row(language, talk)])


def ask_help(language: str, talk: Talk) -> flows.Question:
    """Whether the student needs help: No or Yes."""
    return t(language, "checkin.ask_help"), InlineKeyboardMarkup(
        [
            [
                button(talk, "no", t(language, "checkin.no")),
                button(talk, "yes", t(language, "checkin.yes")),
            ]
        ]
    )


def thanks(language: str, talk: Talk) -> flows.Question:
    """Every question answered."""
    if talk.data.weekend_ahead:
        return t(language, "checkin.thanks_weekend"), None
    return t(language, "checkin.thanks"), None


flows.register(
    flows.FlowView(
        CHECKIN,
        {CheckInStep.MOOD: ask_mood, CheckInStep.WEEK: ask_week, CheckInStep.HELP: ask_help},
        closing=thanks,
        cancelled="checkin.cancelled",
        replaced="checkin.put_aside",
        expired="checkin.expired",
    )
)


async def mood_pressed(update: Update, context: BotContext) -> None:
    """A mood button of the check-in message (it works as long as the check-in is open)."""
    _, (_, checkin_id, _, mood) = pressed(update)
    svc = context.services
    outcome = await record_mood(
        svc, context.me, int(checkin_id), int(mood), svc.clock.now(), update_id=update.update_id
    )
    await _next(update, context, outcome, f"{MOODS[int(mood) - 1]} {mood}")


async def mood_typed(update: Update, context: BotContext) -> None:
    """A digit typed where the mood buttons are: it is the mood."""
    talk = CHECKIN.narrow(context.flow)
    mood = typed_mood(_text(update))
    assert talk is not None  # StepText matched
    assert mood is not None  # and so did Typed
    svc = context.services
    outcome = await record_mood(
        svc, context.me, talk.data.checkin_id, mood, svc.clock.now(), update_id=update.update_id
    )
    await _next(update, context, outcome)


async def week_written(update: Update, context: BotContext) -> None:
    """How the week went, in his own words."""
    await _week(update, context, _text(update))


async def week_skipped(update: Update, context: BotContext) -> None:
    """Skip on the week question."""
    await _week(update, context, None)


async def _week(update: Update, context: BotContext, note: str | None) -> None:
    svc, talk = context.services, context.flow
    assert talk is not None
    outcome = await record_week(
        svc, context.me, talk.id, note, svc.clock.now(), update_id=update.update_id
    )
    await _next(update, context, outcome, t(context.language, "checkin.skipped"))


async def help_answered(update: Update, context: BotContext) -> None:
    """No or Yes, pressed or typed ("ja", "nee"): whether he needs help."""
    query = update.callback_query
    yes = pressed_yes(update) if query else typed_yes_no(_text(update))
    svc, talk = context.services, context.flow
    assert talk is not None
    assert yes is not None
    outcome = await record_needs_help(
        svc, context.me, talk.id, yes, svc.clock.now(), update_id=update.update_id
    )
    await _next(
        update, context, outcome, t(context.language, "checkin.yes" if yes else "checkin.no")
    )


def pressed_yes(update: Update) -> bool:
    """Whether the pressed button was Yes."""
    return flows.pressed_answer(update) == "yes"


async def checkin_command(update: Update, context: BotContext) -> None:
    """/checkin: ask the open question of this week's check-in again."""
    svc = context.services
    outcome = await continue_checkin(svc, context.me, svc.clock.now(), update_id=update.update_id)
    if outcome.answer is Answer.NONE_OPEN:
        await answer(update, t(context.language, "checkin.none_open"))
        return
    await _next(update, context, outcome)


async def _next(
    update: Update, context: BotContext, outcome: AnswerOutcome, chosen: str | None = None
) -> None:
    """After an answer: show it, then ask what comes next; or say why it did not count."""
    lang = context.language
    if outcome.answer is Answer.BUSY and outcome.flow is not None:
        await flows.refuse_busy(update, context, outcome.flow)
    elif outcome.answer is Answer.TOO_LONG:
        await answer(update, t(lang, "text.too_long", length=len(_text(update)), limit=MAX_ANSWER))
    elif outcome.answer not in (Answer.RECORDED, Answer.OPEN) or outcome.flow is None:
        key = {
            Answer.CLOSED: "checkin.closed",
            Answer.ALREADY: "checkin.already",
            Answer.STALE: "button.stale",
        }.get(outcome.answer, "refused")
        await refuse(update, context, key)
    else:
        if update.callback_query is not None and chosen is not None:
            await flows.chose(update, chosen)
        await flows.ask(
            update, context, outcome.flow, preface=flows.replaced_notice(lang, outcome.replaced)
        )


def _text(update: Update) -> str:
    message = update.effective_message
    return (message.text or "") if message else ""


def build() -> list[BaseHandler[Update, BotContext, None]]:
    """The check-in's handlers: its entry points, then one per step."""
    return [
        CommandHandler("checkin", checkin_command),
        CallbackQueryHandler(mood_pressed, pattern=r"^ci:[0-9]{1,12}:m:[1-5]$"),
        StepText(CHECKIN, CheckInStep.MOOD, mood_typed, Typed(typed_mood)),
        StepText(CHECKIN, CheckInStep.WEEK, week_written),
        StepButton(CHECKIN, CheckInStep.WEEK, "skip", week_skipped),
        StepButton(CHECKIN, CheckInStep.HELP, "yes|no", help_answered),
        StepText(CHECKIN, CheckInStep.HELP, help_answered, Typed(typed_yes_no)),
    ]
