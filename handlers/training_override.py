"""The trainer's "Complete anyway" for a participant who missed a session, with a reason."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler

from bot.domain.flows import AnyFlowState
from bot.i18n import t
from bot.services.training import TrainingResult
from bot.services.training_override import (
    OVERRIDE,
    REASON_MAX,
    OverrideStep,
    give_reason,
    start_override,
)
from handlers import flows
from handlers.context import BotContext
from handlers.guard import refuse
from handlers.reference_views import plain
from handlers.reply import answer, pressed
from handlers.steps import StepText


def override_keyboard(
    language: str, run_id: int, incomplete: list[tuple[int, str]]
) -> InlineKeyboardMarkup | None:
    """One "Complete anyway" button per participant who did not complete (ten at most)."""
    if not incomplete:
        return None
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    plain(t(language, "training.override_button", name=name)),
                    callback_data=f"tr:o:{run_id}:{person_id}",
                )
            ]
            for person_id, name in incomplete[:10]
        ]
    )


def ask_reason(language: str, state: AnyFlowState) -> flows.Question:
    """Why is he complete all the same? (or Cancel)"""
    return (
        t(language, "training.override_ask", limit=REASON_MAX),
        InlineKeyboardMarkup([flows.cancel_row(language, state)]),
    )


def completed(language: str, state: AnyFlowState) -> flows.Question:
    """Done."""
    return t(language, "training.override_done"), None


flows.register(
    flows.FlowView(
        OVERRIDE,
        {OverrideStep.REASON: ask_reason},
        closing=completed,
        cancelled="training.override_cancelled",
        expired="training.override_expired",
    )
)


async def override_pressed(update: Update, context: BotContext) -> None:
    """Complete anyway: the reason is asked."""
    _, (_, _, run_id, person_id) = pressed(update)
    svc = context.services
    outcome = await start_override(
        svc, context.me, int(run_id), int(person_id), svc.clock.now(), update_id=update.update_id
    )
    if outcome.flow is not None and outcome.result is not TrainingResult.DONE:
        await flows.refuse_busy(update, context, outcome.flow)
        return
    if outcome.flow is None:
        await refuse(update, context, f"training.{outcome.result.value}")
        return
    await flows.chose(
        update, plain(t(context.language, "training.override_button", name=outcome.name))
    )
    await flows.ask(update, context, outcome.flow)


async def reason_written(update: Update, context: BotContext) -> None:
    """The reason: completed, and the certificate issued."""
    message, state, svc = update.effective_message, context.flow, context.services
    assert message is not None
    assert state is not None
    outcome = await give_reason(
        svc, context.me, state.id, message.text or "", svc.clock.now(), update_id=update.update_id
    )
    lang = context.language
    if outcome.result is TrainingResult.UNKNOWN:
        await answer(update, t(lang, "training.override_empty"))
        return
    if outcome.issued is None:
        await refuse(update, context, "button.stale")
        return
    await answer(
        update,
        t(
            lang,
            "training.issued",
            issued=outcome.issued.issued,
            before=outcome.issued.before,
            incomplete=", ".join(outcome.issued.incomplete) or t(lang, "training.nobody"),
        ),
    )


def build() -> list[BaseHandler[Update, BotContext, None]]:
    """Complete anyway, and the reason."""
    return [
        CallbackQueryHandler(override_pressed, pattern=r"^tr:o:[0-9]{1,12}:[0-9]{1,12}$"),
        StepText(OVERRIDE, OverrideStep.REASON, reason_written),
    ]
