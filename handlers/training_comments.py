"""The trainer's comment on a hand-in: the Comment button, then one message."""

from __future__ import annotations

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler

from bot.domain.flows import AnyFlowState
from bot.i18n import t
from bot.services.training_comments import (
    COMMENT,
    COMMENT_MAX,
    CommentResult,
    CommentStep,
    add_comment,
    start_comment,
)
from handlers import flows
from handlers.context import BotContext
from handlers.guard import refuse
from handlers.reply import answer, pressed
from handlers.steps import StepText


def ask_comment(language: str, state: AnyFlowState) -> flows.Question:
    """Write the comment (or Cancel)."""
    return (
        t(language, "training.ask_comment", limit=COMMENT_MAX),
        InlineKeyboardMarkup([flows.cancel_row(language, state)]),
    )


def comment_sent(language: str, state: AnyFlowState) -> flows.Question:
    """It is on its way."""
    return t(language, "training.comment_sent"), None


flows.register(
    flows.FlowView(
        COMMENT,
        {CommentStep.WRITE: ask_comment},
        closing=comment_sent,
        cancelled="training.comment_cancelled",
        expired="training.comment_expired",
    )
)


async def comment_pressed(update: Update, context: BotContext) -> None:
    """Comment: asks for it, if he trains the run of this hand-in."""
    _, (_, _, submission_id) = pressed(update)
    svc = context.services
    outcome = await start_comment(
        svc, context.me, int(submission_id), svc.clock.now(), update_id=update.update_id
    )
    if outcome.result is CommentResult.BUSY and outcome.flow is not None:
        await flows.refuse_busy(update, context, outcome.flow)
        return
    if outcome.flow is None:
        await refuse(update, context, "training.not_allowed")
        return
    await flows.chose(update, t(context.language, "training.comment_button"))
    await flows.ask(update, context, outcome.flow)


async def comment_written(update: Update, context: BotContext) -> None:
    """His message is the comment."""
    message, state, svc = update.effective_message, context.flow, context.services
    assert message is not None
    assert state is not None
    outcome = await add_comment(
        svc, context.me, state.id, message.text or "", svc.clock.now(), update_id=update.update_id
    )
    if outcome.result in (CommentResult.EMPTY, CommentResult.TOO_LONG):
        await answer(
            update,
            t(context.language, f"training.comment_{outcome.result.value}", limit=COMMENT_MAX),
        )
        return
    if outcome.result is not CommentResult.SENT:
        await refuse(update, context, "button.stale")
        return
    await answer(update, t(context.language, "training.comment_sent"))


def build() -> list[BaseHandler[Update, BotContext, None]]:
    """The Comment button and the comment itself."""
    return [
        CallbackQueryHandler(comment_pressed, pattern=r"^tr:k:[0-9]{1,12}$"),
        StepText(COMMENT, CommentStep.WRITE, comment_written),
    ]
