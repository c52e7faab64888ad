"""How the meetings feature's flows look: each question with its buttons, and the closing,
cancelled, put-aside and timed-out lines (the generic flow machinery asks them again)."""

from __future__ import annotations

from datetime import date, timedelta

from telegram import InlineKeyboardMarkup

from bot.domain.flows import AnyFlowState
from bot.i18n import t
from bot.services.meeting_outcomes import OUTCOME, OutcomeStep
from bot.services.meeting_plans import PLAN, PlanStep
from bot.services.meeting_words import WORDS, WordsStep
from handlers import flows
from handlers.flows import button, cancel_row
from handlers.meeting_format import day_label

DAYS_A_ROW, TIMES_A_ROW = 3, 4


def _text_question(key: str, *, skip: bool = False) -> flows.Asker:
    """A free-text question with Cancel (and Skip)."""

    def asks(language: str, state: AnyFlowState) -> flows.Question:
        rows = [[button(state, "skip", t(language, "meeting.skip"))]] if skip else []
        return t(language, key), InlineKeyboardMarkup([*rows, cancel_row(language, state)])

    return asks


def ask_day(language: str, state: AnyFlowState) -> flows.Question:
    """The coming days as buttons; a typed day and time works too."""
    first = date.fromisoformat(state.data.first_day)
    days = [first + timedelta(days=n) for n in range(state.data.days)]
    buttons = [button(state, f"d{day:%Y%m%d}", day_label(language, day)) for day in days]
    rows = [buttons[n : n + DAYS_A_ROW] for n in range(0, len(buttons), DAYS_A_ROW)]
    return t(language, "plan.ask_day"), InlineKeyboardMarkup([*rows, cancel_row(language, state)])


def ask_time(language: str, state: AnyFlowState) -> flows.Question:
    """The usual times as buttons; a typed time works too."""
    times = state.data.times.split()
    buttons = [button(state, f"t{at.replace(':', '')}", at) for at in times]
    rows = [buttons[n : n + TIMES_A_ROW] for n in range(0, len(buttons), TIMES_A_ROW)]
    day = day_label(language, date.fromisoformat(state.data.day))
    return t(language, "plan.ask_time", day=day), InlineKeyboardMarkup(
        [*rows, cancel_row(language, state)]
    )


def plan_closing(language: str, state: AnyFlowState) -> flows.Question:
    """The proposal went out."""
    return t(language, "plan.sent"), None


flows.register(
    flows.FlowView(
        PLAN,
        {
            PlanStep.REASON: _text_question("plan.ask_reason"),
            PlanStep.DAY: ask_day,
            PlanStep.TIME: ask_time,
            PlanStep.PLACE: _text_question("plan.ask_place", skip=True),
        },
        closing=plan_closing,
        cancelled="plan.cancelled",
        replaced="plan.put_aside",
        expired="plan.expired",
    )
)

OUTCOME_CLOSINGS = {
    OutcomeStep.NOTE: "meeting.noted",
    OutcomeStep.REASON: "meeting.recorded_cancelled",
    OutcomeStep.AGREEMENTS: "meeting.recorded_review",
    OutcomeStep.NEXT_REVIEW: "meeting.recorded_review",
}


def outcome_closing(language: str, state: AnyFlowState) -> flows.Question:
    """Everything recorded."""
    return t(language, OUTCOME_CLOSINGS[state.step]), None


flows.register(
    flows.FlowView(
        OUTCOME,
        {
            OutcomeStep.NOTE: _text_question("meeting.ask_note", skip=True),
            OutcomeStep.REASON: _text_question("meeting.ask_reason"),
            OutcomeStep.AGREEMENTS: _text_question("meeting.ask_agreements"),
            OutcomeStep.NEXT_REVIEW: _text_question("meeting.ask_next_review", skip=True),
        },
        closing=outcome_closing,
        cancelled="meeting.outcome_stopped",
        replaced="meeting.outcome_put_aside",
        expired="meeting.outcome_expired",
    )
)

WORDS_CLOSINGS = {
    WordsStep.PREPARATION: "meeting.preparation_saved",
    WordsStep.QUESTION: "meeting.question_sent",
    WordsStep.ANSWER: "meeting.answer_sent",
}


def words_closing(language: str, state: AnyFlowState) -> flows.Question:
    """The words went where they are read."""
    return t(language, WORDS_CLOSINGS[state.step]), None


flows.register(
    flows.FlowView(
        WORDS,
        {
            WordsStep.PREPARATION: _text_question("meeting.ask_preparation"),
            WordsStep.QUESTION: _text_question("meeting.ask_question"),
            WordsStep.ANSWER: _text_question("meeting.ask_answer"),
        },
        closing=words_closing,
        cancelled="meeting.words_stopped",
        replaced="meeting.words_put_aside",
        expired="meeting.words_expired",
    )
)
