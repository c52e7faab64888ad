"""Replies to feedback: the student's "understood" and question, the mentor's answer,
and /askfeedback."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

from bot.domain.feedback import QUESTION_MAX_CHARS, SUBJECT_MAX_CHARS
from bot.domain.flows import AnyFlowState
from bot.i18n import t
from bot.services.feedback_thread import (
    ANSWER,
    QUESTION,
    AskResult,
    ThreadOutcome,
    ThreadResult,
    WriteStep,
    ask_for_feedback,
    ask_question,
    give_answer,
    start_answer,
    start_question,
    understood,
)
from handlers import flows
from handlers.context import BotContext
from handlers.flows import StepText, cancel_row
from handlers.guard import refuse
from handlers.reply import answer, pressed


def reply_keyboard(
    language: str, feedback_id: int, *, again: bool = False
) -> InlineKeyboardMarkup:
    """Understood, or a question (another one, after an answer)."""
    question = "feedback.another_question" if again else "feedback.question"
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    t(language, "feedback.understood"), callback_data=f"fb:ok:{feedback_id}"
                ),
                InlineKeyboardButton(t(language, question), callback_data=f"fb:ask:{feedback_id}"),
            ]
        ]
    )


def answer_keyboard(language: str, question_id: int) -> InlineKeyboardMarkup:
    """The mentor's button to answer a question."""
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    t(language, "feedback.answer_button"), callback_data=f"fb:answer:{question_id}"
                )
            ]
        ]
    )


def ask_question_text(language: str, state: AnyFlowState) -> flows.Question:
    """The student's question, in one message; or Cancel."""
    return t(language, "feedback.ask_question"), InlineKeyboardMarkup(
        [cancel_row(language, state)]
    )


def ask_answer_text(language: str, state: AnyFlowState) -> flows.Question:
    """The mentor's answer, in one message; or Cancel."""
    return t(language, "feedback.write_answer"), InlineKeyboardMarkup(
        [cancel_row(language, state)]
    )


def question_sent(language: str, state: AnyFlowState) -> flows.Question:
    """On its way to the mentor."""
    return t(language, "feedback.question_sent"), None


def answer_sent(language: str, state: AnyFlowState) -> flows.Question:
    """On its way to the student."""
    return t(language, "feedback.answer_sent"), None


flows.register(
    flows.FlowView(
        QUESTION,
        {WriteStep.WRITE: ask_question_text},
        closing=question_sent,
        cancelled="feedback.question_cancelled",
        expired="feedback.question_expired",
    )
)
flows.register(
    flows.FlowView(
        ANSWER,
        {WriteStep.WRITE: ask_answer_text},
        closing=answer_sent,
        cancelled="feedback.answer_cancelled",
        expired="feedback.answer_expired",
    )
)


async def understood_pressed(update: Update, context: BotContext) -> None:
    """ "Understood": recorded once, the mentor told, the buttons go."""
    _, (_, _, feedback_id) = pressed(update)
    svc = context.services
    outcome = await understood(svc, context.me, int(feedback_id), svc.clock.now())
    await _after(update, context, outcome, t(context.language, "feedback.understood"))
    if outcome.result is ThreadResult.DONE:
        await answer(update, t(context.language, "feedback.understood_thanks"))


async def question_pressed(update: Update, context: BotContext) -> None:
    """ "I have a question": the student writes it next."""
    _, (_, _, feedback_id) = pressed(update)
    svc = context.services
    outcome = await start_question(
        svc, context.me, int(feedback_id), svc.clock.now(), update_id=update.update_id
    )
    await _after(update, context, outcome, t(context.language, "feedback.question"))


async def question_written(update: Update, context: BotContext) -> None:
    """The student's question."""
    await _written(update, context, ask_question)


async def answer_pressed(update: Update, context: BotContext) -> None:
    """The mentor's Answer button: he writes his answer next."""
    _, (_, _, question_id) = pressed(update)
    svc = context.services
    outcome = await start_answer(
        svc, context.me, int(question_id), svc.clock.now(), update_id=update.update_id
    )
    await _after(update, context, outcome, t(context.language, "feedback.answer_button"))


async def answer_written(update: Update, context: BotContext) -> None:
    """The mentor's answer."""
    await _written(update, context, give_answer)


async def _written(
    update: Update, context: BotContext, act: Callable[..., Awaitable[ThreadOutcome]]
) -> None:
    """A question or an answer written: stored and sent, or refused whole."""
    message, state, svc = update.effective_message, context.flow, context.services
    assert message is not None
    assert state is not None
    text = message.text or ""
    outcome = await act(
        svc, context.me, state.id, text, svc.clock.now(), update_id=update.update_id
    )
    if outcome.result is ThreadResult.TOO_LONG:
        await answer(
            update,
            t(context.language, "text.too_long", length=len(text), limit=QUESTION_MAX_CHARS),
        )
        return
    await _after(update, context, outcome)


async def _after(
    update: Update, context: BotContext, outcome: ThreadOutcome, chosen: str | None = None
) -> None:
    """Show the choice under its message, then the next question; or why nothing changed."""
    result, lang, query = outcome.result, context.language, update.callback_query
    if result in (ThreadResult.ALREADY_UNDERSTOOD, ThreadResult.ALREADY_ANSWERED):
        await refuse(update, context, f"feedback.{result.value}")
    elif result is ThreadResult.STALE:
        await refuse(update, context, "refused" if query is not None else "button.stale")
    elif result is ThreadResult.BUSY and outcome.flow is not None:
        await flows.refuse_busy(update, context, outcome.flow)
    else:
        if query is not None and chosen is not None:
            await flows.chose(update, chosen)
        if outcome.flow is not None:
            await flows.ask(
                update,
                context,
                outcome.flow,
                preface=flows.replaced_notice(lang, outcome.replaced),
            )


async def askfeedback_command(update: Update, context: BotContext) -> None:
    """/askfeedback [subject]: the student's mentor is asked for feedback."""
    svc, lang = context.services, context.language
    subject = " ".join(context.args or [])
    result = await ask_for_feedback(svc, context.me, subject, svc.clock.now())
    if result is AskResult.TOO_LONG:
        await answer(update, t(lang, "askfeedback.too_long", limit=SUBJECT_MAX_CHARS))
    elif result is AskResult.ASKED and subject.strip():
        await answer(
            update, t(lang, "askfeedback.asked_subject", subject=" ".join(subject.split()))
        )
    else:
        await answer(update, t(lang, f"askfeedback.{result.value}"))


def build() -> list[BaseHandler[Update, BotContext, None]]:
    """The buttons under feedback and questions, the written question and answer, /askfeedback."""
    return [
        CommandHandler("askfeedback", askfeedback_command),
        CallbackQueryHandler(understood_pressed, pattern=r"^fb:ok:[0-9]{1,12}$"),
        CallbackQueryHandler(question_pressed, pattern=r"^fb:ask:[0-9]{1,12}$"),
        CallbackQueryHandler(answer_pressed, pattern=r"^fb:answer:[0-9]{1,12}$"),
        StepText(QUESTION, WriteStep.WRITE, question_written),
        StepText(ANSWER, WriteStep.WRITE, answer_written),
    ]
