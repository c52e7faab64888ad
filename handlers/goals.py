"""/goals: a placement's learning goals with their feedback; the school sets them in chat."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

from bot.domain.flows import AnyFlowState
from bot.domain.goals import GOAL_MAX_CHARS, GOALS_MAX
from bot.i18n import Safe, t
from bot.services.goals import (
    GOALS,
    GoalsOutcome,
    GoalsPicture,
    GoalsResult,
    GoalsStep,
    goals_of,
    set_goals,
    show_goals,
    start_setting,
)
from handlers import flows
from handlers.context import BotContext
from handlers.flows import StepText, cancel_row
from handlers.guard import refuse
from handlers.reply import answer, pressed


def ask_goals(language: str, state: AnyFlowState) -> flows.Question:
    """The goals, one per line; or Cancel."""
    return t(language, "goals.ask", max=GOALS_MAX, length=GOAL_MAX_CHARS), InlineKeyboardMarkup(
        [cancel_row(language, state)]
    )


def saved(language: str, state: AnyFlowState) -> flows.Question:
    """Stored; the student and the mentor hear of it."""
    return t(language, "goals.saved"), None


flows.register(
    flows.FlowView(
        GOALS,
        {GoalsStep.WRITE: ask_goals},
        closing=saved,
        cancelled="goals.cancelled",
        expired="goals.expired",
    )
)


def picture_text(language: str, picture: GoalsPicture, days: int) -> str:
    """A placement's goals (with how much feedback each had) and its feedback at a glance."""
    lines = [t(language, "goals.header", student=picture.student_name)]
    for cover in picture.goals:
        key = "goals.line_feedback" if cover.feedback else "goals.line_none"
        lines.append(t(language, key, goal=cover.goal.title, n=cover.feedback))
    if not picture.goals:
        lines.append(t(language, "goals.none_yet"))
    seen = picture.feedback
    lines.append(
        "\n"
        + (
            t(
                language,
                "goals.picture",
                logged=seen.logged,
                understood=seen.understood,
                waiting=seen.waiting,
                overdue=seen.overdue,
                days=days,
                questions=seen.questions_open,
            )
            if seen.logged
            else t(language, "goals.picture_none")
        )
    )
    return "\n".join(lines)


async def goals_command(update: Update, context: BotContext) -> None:
    """/goals [name]: goals of one's placements (the school: a choice of students)."""
    svc = context.services
    name = " ".join(context.args or [])
    await _show(update, context, await show_goals(svc, context.me, name, svc.clock.now()))


async def placement_chosen(update: Update, context: BotContext) -> None:
    """A student's button of the /goals choice."""
    _, (_, _, placement_id) = pressed(update)
    await _show(update, context, await goals_of(context.services, context.me, int(placement_id)))


async def set_pressed(update: Update, context: BotContext) -> None:
    """ "Set the learning goals": he types them next."""
    _, (_, _, placement_id) = pressed(update)
    svc = context.services
    outcome = await start_setting(
        svc, context.me, int(placement_id), svc.clock.now(), update_id=update.update_id
    )
    await _show(update, context, outcome)


async def goals_written(update: Update, context: BotContext) -> None:
    """The typed goals."""
    message, state, svc = update.effective_message, context.flow, context.services
    assert message is not None
    assert state is not None
    outcome = await set_goals(
        svc, context.me, state.id, message.text or "", svc.clock.now(), update_id=update.update_id
    )
    await _show(update, context, outcome)


async def _show(update: Update, context: BotContext, outcome: GoalsOutcome) -> None:
    lang, result, query = context.language, outcome.result, update.callback_query
    days = context.services.policy.feedback.tell_mentor_after.days
    if query is not None and result not in (GoalsResult.STALE, GoalsResult.BUSY):
        await query.answer()  # refusals answer the press themselves
    if result is GoalsResult.PICK:
        await answer(
            update,
            t(lang, "goals.pick"),
            InlineKeyboardMarkup(
                [
                    [
                        InlineKeyboardButton(
                            choice.student_name, callback_data=f"gl:show:{choice.placement_id}"
                        )
                    ]
                    for choice in outcome.choices
                ]
            ),
        )
    elif result is GoalsResult.SHOW:
        for picture in outcome.pictures:
            change = InlineKeyboardMarkup(
                [
                    [
                        InlineKeyboardButton(
                            t(lang, "goals.set_button"),
                            callback_data=f"gl:set:{picture.placement_id}",
                        )
                    ]
                ]
            )
            await answer(
                update, picture_text(lang, picture, days), change if picture.may_change else None
            )
    elif result is GoalsResult.NO_PLACEMENTS:
        await answer(update, t(lang, "goals.no_placements"))
    elif result in (GoalsResult.EMPTY, GoalsResult.TOO_MANY, GoalsResult.TOO_LONG):
        await answer(
            update, t(lang, f"goals.{result.value}", max=GOALS_MAX, length=GOAL_MAX_CHARS)
        )
    elif result is GoalsResult.BUSY and outcome.flow is not None:
        await flows.refuse_busy(update, context, outcome.flow)
    elif outcome.flow is None:
        await refuse(update, context, "refused" if query is not None else "button.stale")
    else:
        pictures = "\n\n".join(picture_text(lang, p, days) for p in outcome.pictures)
        preface = flows.replaced_notice(lang, outcome.replaced) or (
            Safe(pictures) if pictures else None
        )
        await flows.ask(update, context, outcome.flow, preface=preface)


def build() -> list[BaseHandler[Update, BotContext, None]]:
    """/goals, its buttons, and the typed goals."""
    return [
        CommandHandler("goals", goals_command),
        CallbackQueryHandler(placement_chosen, pattern=r"^gl:show:[0-9]{1,12}$"),
        CallbackQueryHandler(set_pressed, pattern=r"^gl:set:[0-9]{1,12}$"),
        StepText(GOALS, GoalsStep.WRITE, goals_written),
    ]
