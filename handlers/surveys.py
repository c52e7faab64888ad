"""Answering a survey in the chat: Start/Continue, one question at a time with "3/8", answer
buttons or typed text, Back, Later (continue another time), Skip for an optional text."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.ext import BaseHandler, CallbackQueryHandler

from bot.domain.flows import AnyFlowState
from bot.domain.surveys import Kind
from bot.i18n import t
from bot.services.survey_answers import (
    SURVEY,
    TEXT_MAX,
    Asking,
    SurveyOutcome,
    SurveyResult,
    SurveyStep,
    answer_survey,
    pause_survey,
    start_survey,
)
from handlers import flows
from handlers.context import BotContext
from handlers.flows import StepButton, StepText, button
from handlers.guard import refuse
from handlers.reference_views import plain
from handlers.reply import answer, pressed

ANSWER = r"a\.[a-z0-9_]{1,40}"


def _text(language: str, texts: dict[str, str]) -> str:
    return texts.get(language) or next(iter(texts.values()))


def question_view(language: str, state: AnyFlowState, asking: Asking) -> flows.Question:
    """The question with its progress line, its answers as buttons, and Back and Later."""
    q = asking.question
    lines = [
        t(language, "survey.progress", at=asking.position, total=asking.total),
        t(language, "survey.question", text=_text(language, q.text)),
    ]
    rows: list[list[InlineKeyboardButton]] = []
    if q.kind is Kind.SCALE and q.low and q.high:
        lines.append(
            t(language, "survey.scale", low=_text(language, q.low), high=_text(language, q.high))
        )
        rows.append([button(state, f"a.{n}", n) for n in q.answers()])
    elif q.kind is Kind.YES_NO:
        rows.append(
            [
                button(state, "a.yes", plain(t(language, "survey.yes"))),
                button(state, "a.no", plain(t(language, "survey.no"))),
            ]
        )
    elif q.kind is Kind.CHOICE:
        rows += [[button(state, f"a.{o.id}", _text(language, o.text))] for o in q.options]
    else:
        lines.append(t(language, "survey.type_answer"))
        if not q.required:
            rows.append([button(state, "skip", plain(t(language, "survey.skip")))])
    last = [button(state, "later", plain(t(language, "survey.stop")))]
    if asking.position > 1:
        last.insert(0, button(state, "back", plain(t(language, "survey.back"))))
    return "\n".join(lines), InlineKeyboardMarkup([*rows, last])


def continue_view(language: str, state: AnyFlowState) -> flows.Question:
    """After a restart the question is not at hand: one tap brings it back."""
    return t(language, "survey.paused"), InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    plain(t(language, "survey.continue")),
                    callback_data=f"sv:s:{state.data.invitation_id}",
                )
            ]
        ]
    )


def thanks(language: str, state: AnyFlowState) -> flows.Question:
    """The last answer is in."""
    return t(language, "survey.thanks"), None


flows.register(
    flows.FlowView(
        SURVEY,
        {SurveyStep.QUESTION: continue_view},
        closing=thanks,
        cancelled="survey.paused",
        expired="survey.paused",
    )
)


async def _show(update: Update, context: BotContext, outcome: SurveyOutcome) -> None:
    """Map an outcome to what the person sees."""
    lang, result = context.language, outcome.result
    if result is SurveyResult.BUSY and outcome.flow is not None:
        await flows.refuse_busy(update, context, outcome.flow)
    elif result in (SurveyResult.NOT_YOURS, SurveyResult.STALE):
        await refuse(update, context, "button.stale")
    elif result is SurveyResult.CLOSED:
        await refuse(update, context, "survey.closed")
    elif result is SurveyResult.DONE:
        await refuse(update, context, "survey.done_already")
    elif result is SurveyResult.TOO_LONG:
        await answer(update, t(lang, "survey.too_long", limit=TEXT_MAX))
    elif outcome.asking is not None and outcome.flow is not None:
        preface = t(lang, "flow.use_buttons") if result is SurveyResult.INVALID else None
        text, markup = question_view(lang, outcome.flow, outcome.asking)
        await answer(update, "\n\n".join(p for p in (preface, text) if p), markup)
    elif outcome.flow is not None:
        await flows.ask(update, context, outcome.flow)


async def start_pressed(update: Update, context: BotContext) -> None:
    """Start or Continue under the invitation or the reminder."""
    query, (_, _, invitation_id) = pressed(update)
    svc = context.services
    outcome = await start_survey(
        svc, context.me, int(invitation_id), svc.clock.now(), update_id=update.update_id
    )
    if outcome.result is SurveyResult.ASK:
        await query.answer()
    await _show(update, context, outcome)


async def _answer(update: Update, context: BotContext, given: str, *, back: bool = False) -> None:
    state, svc = context.flow, context.services
    assert state is not None
    outcome = await answer_survey(
        svc, context.me, state.id, given, svc.clock.now(), update_id=update.update_id, back=back
    )
    await _show(update, context, outcome)


def _label(update: Update, given: str) -> str:
    """The pressed button's own words ("A mix", not its id), to leave under the question."""
    query = update.callback_query
    message = query.message if query is not None else None
    markup = message.reply_markup if isinstance(message, Message) else None
    rows = markup.inline_keyboard if markup is not None else ()
    found = (
        b.text for row in rows for b in row if query is not None and b.callback_data == query.data
    )
    return next(found, given)


async def answer_pressed(update: Update, context: BotContext) -> None:
    """An answer button: a score, yes or no, an option."""
    given = flows.pressed_answer(update).split(".", 1)[-1]
    await flows.chose(update, _label(update, given))
    await _answer(update, context, given)


async def text_written(update: Update, context: BotContext) -> None:
    """A typed answer."""
    message = update.effective_message
    assert message is not None
    await _answer(update, context, message.text or "")


async def skip_pressed(update: Update, context: BotContext) -> None:
    """Skip an optional text."""
    await flows.chose(update, plain(t(context.language, "survey.skip")))
    await _answer(update, context, "")


async def back_pressed(update: Update, context: BotContext) -> None:
    """Back: the previous question again, to change its answer."""
    await flows.chose(update, plain(t(context.language, "survey.back")))
    await _answer(update, context, "", back=True)


async def later_pressed(update: Update, context: BotContext) -> None:
    """Later: stop now, continue another time."""
    svc, state = context.services, context.flow
    assert state is not None
    await flows.chose(update, plain(t(context.language, "survey.stop")))
    await pause_survey(svc, context.me, state.id, svc.clock.now(), update_id=update.update_id)
    await answer(update, t(context.language, "survey.paused"))


def build() -> list[BaseHandler[Update, BotContext, None]]:
    """Start/Continue, the answer buttons, Back, Later, Skip, and typed answers."""
    return [
        CallbackQueryHandler(start_pressed, pattern=r"^sv:s:[0-9]{1,12}$"),
        StepButton(SURVEY, SurveyStep.QUESTION, ANSWER, answer_pressed),
        StepButton(SURVEY, SurveyStep.QUESTION, "back", back_pressed),
        StepButton(SURVEY, SurveyStep.QUESTION, "later", later_pressed),
        StepButton(SURVEY, SurveyStep.QUESTION, "skip", skip_pressed),
        StepText(SURVEY, SurveyStep.QUESTION, text_written),
    ]
