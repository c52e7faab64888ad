"""/nudge: a supervisor's short informal line to a student, and the student's answers back."""

from __future__ import annotations

import html
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

from bot.domain.flows import MAX_ANSWER, AnyFlowState
from bot.i18n import t
from bot.services.nudges import (
    NUDGE,
    NudgeOutcome,
    NudgeResult,
    NudgeStep,
    close_line,
    nudge_choices,
    reply_on,
    start_nudge,
    write,
)
from handlers import flows
from handlers.context import BotContext
from handlers.flows import StepButton, StepText, button
from handlers.reply import answer, pressed
from handlers.steps import open_at


def ask_words(language: str, state: AnyFlowState) -> flows.Question:
    """Whatever he writes now goes to the other side; End closes the line."""
    return t(language, "nudge.talk"), InlineKeyboardMarkup(
        [[button(state, "end", t(language, "nudge.end_button"))]]
    )


def closing(language: str, state: AnyFlowState) -> flows.Question:
    """Never reached: a line is ended by /cancel, End or a day of silence."""
    return t(language, "nudge.closed_by_you"), None


flows.register(
    flows.FlowView(
        NUDGE,
        {NudgeStep.TALK: ask_words},
        closing=closing,
        cancelled="nudge.closed_by_you",
        replaced="nudge.put_aside",
        expired="nudge.expired",
    )
)


async def nudge_command(update: Update, context: BotContext) -> None:
    """/nudge [name]: write one of his students (a choice when the name is not enough)."""
    svc, lang = context.services, context.language
    name = " ".join(context.args or [])
    choices = await nudge_choices(svc, context.me, name, svc.clock.now())
    if choices is None:
        await answer(update, t(lang, "nudge.not_allowed"))
    elif not choices:
        await answer(update, t(lang, "nudge.nobody", name=name))
    elif len(choices) == 1:
        await _start(update, context, choices[0].placement_id)
    else:
        buttons = [
            InlineKeyboardButton(
                html.unescape(f"{c.student} · {c.company}")[:64],
                callback_data=f"ng:{c.placement_id}",
            )
            for c in choices[:40]
        ]
        await answer(
            update,
            t(lang, "nudge.pick"),
            InlineKeyboardMarkup([buttons[i : i + 2] for i in range(0, len(buttons), 2)]),
        )


async def student_picked(update: Update, context: BotContext) -> None:
    """A student's button of the /nudge choice (never trusted: his own student only)."""
    query, (_, placement_id) = pressed(update)
    svc = context.services
    outcome = await start_nudge(
        svc, context.me, int(placement_id), svc.clock.now(), update_id=update.update_id
    )
    if outcome.result is NudgeResult.REFUSED:
        await query.answer(t(context.language, "nudge.refused"), show_alert=True)
        return
    await query.answer()
    await _said(update, context, outcome)


async def reply_pressed(update: Update, context: BotContext) -> None:
    """Reply under a message of a line: his next text goes back."""
    query, (_, line_id) = pressed(update)
    svc = context.services
    outcome = await reply_on(
        svc, context.me, int(line_id), svc.clock.now(), update_id=update.update_id
    )
    if outcome.result in (NudgeResult.REFUSED, NudgeResult.STALE):
        await query.answer(t(context.language, f"nudge.{outcome.result.value}"), show_alert=True)
        return
    await query.answer()
    await _said(update, context, outcome)


async def _start(update: Update, context: BotContext, placement_id: int) -> None:
    svc = context.services
    outcome = await start_nudge(
        svc, context.me, placement_id, svc.clock.now(), update_id=update.update_id
    )
    await _said(update, context, outcome)


async def words_written(update: Update, context: BotContext) -> None:
    """A text while on a line: it goes to the other side."""
    message, state = update.effective_message, open_at(update)
    assert message is not None
    assert state is not None
    svc = context.services
    text = message.text or ""
    outcome = await write(
        svc, context.me, state.id, text, svc.clock.now(), update_id=update.update_id
    )
    if outcome.result is NudgeResult.TOO_LONG:
        await answer(
            update, t(context.language, "text.too_long", length=len(text), limit=MAX_ANSWER)
        )
        return
    await _said(update, context, outcome)


async def end_line(update: Update, context: BotContext) -> None:
    """/cancel or End while on a line: it closes for both."""
    if update.callback_query is not None:
        await update.callback_query.answer()
    svc = context.services
    outcome = await close_line(svc, context.me, svc.clock.now(), update_id=update.update_id)
    await _said(update, context, outcome)


async def _said(update: Update, context: BotContext, outcome: NudgeOutcome) -> None:
    lang = context.language
    if outcome.result is NudgeResult.BUSY and outcome.flow is not None:
        await flows.refuse_busy(update, context, outcome.flow)
        return
    if outcome.result is NudgeResult.WRITE and outcome.flow is not None:
        preface = flows.replaced_notice(lang, outcome.replaced)
        await flows.ask(
            update,
            context,
            outcome.flow,
            preface="\n\n".join(
                p for p in (preface, t(lang, "nudge.writing_to", name=outcome.other)) if p
            ),
        )
        return
    key = {
        NudgeResult.SENT: "nudge.sent",
        NudgeResult.CLOSED: "nudge.closed_by_you",
        NudgeResult.REFUSED: "nudge.refused",
        NudgeResult.STALE: "nudge.stale",
    }[outcome.result]
    await answer(update, t(lang, key, name=outcome.other))


class OnLine(CommandHandler[BotContext, None]):
    """/cancel from someone on a line: closes it for both (before the general /cancel)."""

    def check_update(
        self, update: object
    ) -> bool | tuple[list[str], bool | dict[str, list[Any]] | None] | None:
        state = open_at(update)
        return super().check_update(update) if state and state.flow is NUDGE else None


def build() -> list[BaseHandler[Update, BotContext, None]]:
    """Nudge handlers."""
    return [
        CommandHandler("nudge", nudge_command),
        CallbackQueryHandler(student_picked, pattern=r"^ng:[0-9]{1,12}$"),
        CallbackQueryHandler(reply_pressed, pattern=r"^nr:[0-9]{1,12}$"),
        OnLine("cancel", end_line),
        StepButton(NUDGE, NudgeStep.TALK, "end", end_line),
        StepText(NUDGE, NudgeStep.TALK, words_written),
    ]
