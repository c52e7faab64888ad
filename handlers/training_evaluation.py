"""The course evaluation in the chat: a score with one tap, a remark or Skip; the trainer's
results per run (no names)."""

from __future__ import annotations

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler

from bot.domain.flows import AnyFlowState
from bot.domain.training_evaluation import REMARK_MAX, EvaluationResults
from bot.i18n import Safe, t
from bot.services.training_evaluation import (
    EVALUATION,
    EvaluationResult,
    RemarkStep,
    evaluation_of,
    remark_run,
    score_run,
)
from handlers import flows
from handlers.context import BotContext
from handlers.flows import StepButton, StepText, button
from handlers.guard import refuse
from handlers.reply import answer, pressed


def ask_remark(language: str, state: AnyFlowState) -> flows.Question:
    """Anything that would make the training better? Or Skip."""
    return t(language, "training.eval_ask_remark", limit=REMARK_MAX), InlineKeyboardMarkup(
        [[button(state, "skip", t(language, "training.eval_skip"))]]
    )


def thanks(language: str, state: AnyFlowState) -> flows.Question:
    """The form is done."""
    return t(language, "training.eval_thanks"), None


flows.register(
    flows.FlowView(
        EVALUATION,
        {RemarkStep.REMARK: ask_remark},
        closing=thanks,
        cancelled="training.eval_cancelled",
        expired="training.eval_expired",
    )
)


async def score_pressed(update: Update, context: BotContext) -> None:
    """A score, 1 to 5."""
    _, (_, _, run_id, score) = pressed(update)
    svc = context.services
    outcome = await score_run(
        svc, context.me, int(run_id), int(score), svc.clock.now(), update_id=update.update_id
    )
    if outcome.result is EvaluationResult.BUSY and outcome.flow is not None:
        await flows.refuse_busy(update, context, outcome.flow)
        return
    if outcome.flow is None:
        await refuse(update, context, "training.not_allowed")
        return
    await flows.chose(update, score)
    await flows.ask(update, context, outcome.flow)


async def _remark(update: Update, context: BotContext, text: str) -> None:
    state, svc = context.flow, context.services
    assert state is not None
    outcome = await remark_run(
        svc, context.me, state.id, text, svc.clock.now(), update_id=update.update_id
    )
    if outcome.result is EvaluationResult.TOO_LONG:
        await answer(update, t(context.language, "training.comment_too_long", limit=REMARK_MAX))
        return
    if outcome.flow is None:
        await refuse(update, context, "button.stale")
        return
    await flows.ask(update, context, outcome.flow)


async def remark_written(update: Update, context: BotContext) -> None:
    """His remark."""
    message = update.effective_message
    assert message is not None
    await _remark(update, context, message.text or "")


async def remark_skipped(update: Update, context: BotContext) -> None:
    """Skip the remark."""
    await flows.chose(update, t(context.language, "training.eval_skip"))
    await _remark(update, context, "")


def results_text(language: str, found: EvaluationResults) -> str:
    """How many answered, the average score, the remarks."""
    remarks = "\n".join(t(language, "training.eval_remark", text=r) for r in found.remarks[:30])
    return t(
        language,
        "training.eval_results",
        n=found.answers,
        average="–" if found.average is None else f"{found.average:.1f}",
        remarks=Safe(remarks or t(language, "training.nobody")),
    )


async def results_pressed(update: Update, context: BotContext) -> None:
    """The trainer's evaluation results of a run."""
    query, (_, _, run_id) = pressed(update)
    found = await evaluation_of(context.services, context.me, int(run_id))
    if not isinstance(found, EvaluationResults):
        await refuse(update, context, f"training.{found.value}")
        return
    await query.answer()
    await answer(update, results_text(context.language, found))


def build() -> list[BaseHandler[Update, BotContext, None]]:
    """Scores, the remark, and the trainer's results."""
    return [
        CallbackQueryHandler(score_pressed, pattern=r"^tr:v:[0-9]{1,12}:[1-5]$"),
        CallbackQueryHandler(results_pressed, pattern=r"^tr:x:[0-9]{1,12}$"),
        StepText(EVALUATION, RemarkStep.REMARK, remark_written),
        StepButton(EVALUATION, RemarkStep.REMARK, "skip", remark_skipped),
    ]
