"""The answers to the meetings feature's questions: planning (reason, day, time, place), what
happened at a meeting (note, reason, agreements, next review), the words around a review.
How each question looks is in handlers/meeting_flows.py."""

from __future__ import annotations

from datetime import date, time

from telegram import Update
from telegram.ext import BaseHandler

from bot.domain.flows import MAX_ANSWER
from bot.i18n import t
from bot.services.meeting_outcomes import OUTCOME, OutcomeOutcome, OutcomeResult, OutcomeStep
from bot.services.meeting_outcomes import answer_step as outcome_answer
from bot.services.meeting_plans import (
    MAX_PLACE,
    PLAN,
    PlanOutcome,
    PlanResult,
    PlanStep,
    give_reason,
)
from bot.services.meeting_plans import choose_day as service_choose_day
from bot.services.meeting_times import choose_time, give_place, type_time
from bot.services.meeting_words import WORDS, WordsOutcome, WordsResult, WordsStep, write_words
from handlers import (
    flows,
    meeting_flows,  # noqa: F401 - registers how the flows look
)
from handlers.context import BotContext
from handlers.flows import StepButton, StepText
from handlers.guard import refuse
from handlers.meeting_format import day_label, summary
from handlers.reply import answer

DAYS_A_ROW, TIMES_A_ROW = 3, 4


# --- planning ------------------------------------------------------------------------------


async def reason_written(update: Update, context: BotContext) -> None:
    """Why another time is needed."""
    svc, state = context.services, context.flow
    assert state is not None
    await planned(
        update,
        context,
        await give_reason(
            svc, context.me, state.id, _text(update), svc.clock.now(), update_id=update.update_id
        ),
    )


async def day_pressed(update: Update, context: BotContext) -> None:
    """A day from the keyboard."""
    svc, state = context.services, context.flow
    assert state is not None
    day = _pressed_day(flows.pressed_answer(update)[1:])
    if day is None:  # a forged date
        await refuse(update, context, "button.stale")
        return
    outcome = await service_choose_day(
        svc, context.me, state.id, day, svc.clock.now(), update_id=update.update_id
    )
    await planned(update, context, outcome, day_label(context.language, day))


async def time_pressed(update: Update, context: BotContext) -> None:
    """A time from the keyboard."""
    svc, state = context.services, context.flow
    assert state is not None
    raw = flows.pressed_answer(update)[1:]
    if int(raw[:2]) > 23 or int(raw[2:]) > 59:  # a forged time
        await refuse(update, context, "button.stale")
        return
    at = time(int(raw[:2]), int(raw[2:]))
    outcome = await choose_time(
        svc, context.me, state.id, at, svc.clock.now(), update_id=update.update_id
    )
    await planned(update, context, outcome, f"{at:%H:%M}")


async def time_typed(update: Update, context: BotContext) -> None:
    """A typed day and time, or a time: "di 14:30", "14:30"."""
    svc, state = context.services, context.flow
    assert state is not None
    await planned(
        update,
        context,
        await type_time(
            svc, context.me, state.id, _text(update), svc.clock.now(), update_id=update.update_id
        ),
    )


async def place_given(update: Update, context: BotContext) -> None:
    """The place or the link, typed; or Skip."""
    svc, state = context.services, context.flow
    assert state is not None
    place = None if update.callback_query else _text(update)
    await planned(
        update,
        context,
        await give_place(
            svc, context.me, state.id, place, svc.clock.now(), update_id=update.update_id
        ),
        t(context.language, "meeting.skip"),
    )


async def planned(
    update: Update, context: BotContext, outcome: PlanOutcome, chosen: str | None = None
) -> None:
    """Show what became of a planning answer, and ask what comes next."""
    lang = context.language
    match outcome.result:
        case PlanResult.BUSY if outcome.flow is not None:
            await flows.refuse_busy(update, context, outcome.flow)
        case PlanResult.TOO_LONG:
            limit = (
                MAX_PLACE if context.flow and context.flow.step is PlanStep.PLACE else (MAX_ANSWER)
            )
            await answer(update, t(lang, "text.too_long", length=len(_text(update)), limit=limit))
        case PlanResult.NOT_A_TIME if outcome.flow is not None and outcome.refusal:
            await flows.ask(
                update, context, outcome.flow, preface=t(lang, f"when.{outcome.refusal.value}")
            )
        case PlanResult.ASKING if outcome.flow is not None:
            await pressed_as(update, chosen)
            await flows.ask(
                update,
                context,
                outcome.flow,
                preface=flows.replaced_notice(lang, outcome.replaced),
            )
        case PlanResult.DONE if outcome.meeting is not None:
            await pressed_as(update, chosen)
            card = outcome.meeting
            await answer(
                update,
                t(
                    lang,
                    "plan.proposed",
                    summary=summary(lang, context.services.policy, card, context.me),
                ),
            )
        case PlanResult.NO_PLACEMENT:
            await refuse(update, context, "plan.no_placement")
        case PlanResult.REFUSED:
            await refuse(update, context, "plan.refused")
        case _:
            await refuse(update, context, "button.stale")


# --- after the meeting, and the words around a review --------------------------------------


async def outcome_written(update: Update, context: BotContext) -> None:
    """The note, the reason, the agreements or the next review's date."""
    await _outcome_answer(update, context, _text(update))


async def outcome_skipped(update: Update, context: BotContext) -> None:
    """Skip the note or the next review's date."""
    await _outcome_answer(update, context, None)


async def _outcome_answer(update: Update, context: BotContext, text: str | None) -> None:
    svc, state = context.services, context.flow
    assert state is not None
    outcome = await outcome_answer(
        svc,
        context.me,
        state.id,
        state.step,
        text,
        now=svc.clock.now(),
        update_id=update.update_id,
    )
    await recorded(update, context, outcome, t(context.language, "meeting.skip"))


async def recorded(
    update: Update, context: BotContext, outcome: OutcomeOutcome, chosen: str | None = None
) -> None:
    """Show what became of an outcome answer, and ask what comes next."""
    lang = context.language
    match outcome.result:
        case OutcomeResult.BUSY if outcome.flow is not None:
            await flows.refuse_busy(update, context, outcome.flow)
        case OutcomeResult.TOO_LONG:
            await answer(
                update, t(lang, "text.too_long", length=len(_text(update)), limit=MAX_ANSWER)
            )
        case OutcomeResult.NOT_A_DATE if outcome.flow is not None:
            await flows.ask(update, context, outcome.flow, preface=t(lang, "meeting.not_a_date"))
        case OutcomeResult.TOO_EARLY:
            await refuse(update, context, "meeting.too_early")
        case OutcomeResult.ASKING | OutcomeResult.DONE | OutcomeResult.MOVED if outcome.flow:
            await pressed_as(update, chosen)
            moved = (
                t(lang, "meeting.recorded_moved")
                if (outcome.result is OutcomeResult.MOVED)
                else None
            )
            notices = (flows.replaced_notice(lang, outcome.replaced), moved)
            await flows.ask(
                update, context, outcome.flow, preface="\n".join(n for n in notices if n) or None
            )
        case OutcomeResult.REFUSED:
            await refuse(update, context, "meeting.not_organiser")
        case _:
            await refuse(update, context, "button.stale")


async def words_written(update: Update, context: BotContext) -> None:
    """A preparation, a question or an answer."""
    svc, state = context.services, context.flow
    assert state is not None
    outcome = await write_words(
        svc,
        context.me,
        state.id,
        state.step,
        _text(update),
        now=svc.clock.now(),
        update_id=update.update_id,
    )
    await worded(update, context, outcome)


async def worded(update: Update, context: BotContext, outcome: WordsOutcome) -> None:
    """Show what became of the words, or ask for them."""
    lang = context.language
    match outcome.result:
        case WordsResult.BUSY if outcome.flow is not None:
            await flows.refuse_busy(update, context, outcome.flow)
        case WordsResult.TOO_LONG:
            await answer(
                update, t(lang, "text.too_long", length=len(_text(update)), limit=MAX_ANSWER)
            )
        case WordsResult.ASKING | WordsResult.SAVED if outcome.flow is not None:
            await pressed_as(update, t(lang, "meeting.write"))
            await flows.ask(
                update,
                context,
                outcome.flow,
                preface=flows.replaced_notice(lang, outcome.replaced),
            )
        case WordsResult.UNDERSTOOD:
            await pressed_as(update, t(lang, "meeting.understood_button"))
            await answer(update, t(lang, "meeting.understood_thanks"))
        case WordsResult.ALREADY:
            await refuse(update, context, "meeting.already")
        case WordsResult.REFUSED:
            await refuse(update, context, "refused")
        case _:
            await refuse(update, context, "button.stale")


async def pressed_as(update: Update, label: str | None) -> None:
    """Answer a button press: show the choice under its message, or just stop the spinner."""
    query = update.callback_query
    if query is None:
        return
    if label is None:
        await query.answer()
    else:
        await flows.chose(update, label)


def _pressed_day(raw: str) -> date | None:
    """The day of a day button (YYYYMMDD), or None for one that is no date."""
    try:
        return date(int(raw[:4]), int(raw[4:6]), int(raw[6:]))
    except ValueError:
        return None


def _text(update: Update) -> str:
    message = update.effective_message
    return (message.text or "") if message else ""


def build() -> list[BaseHandler[Update, BotContext, None]]:
    """One handler per step of the meetings feature's flows."""
    return [
        StepText(PLAN, PlanStep.REASON, reason_written),
        StepButton(PLAN, PlanStep.DAY, r"d[0-9]{8}", day_pressed),
        StepText(PLAN, PlanStep.DAY, time_typed),
        StepButton(PLAN, PlanStep.TIME, r"t[0-9]{4}", time_pressed),
        StepText(PLAN, PlanStep.TIME, time_typed),
        StepText(PLAN, PlanStep.PLACE, place_given),
        StepButton(PLAN, PlanStep.PLACE, "skip", place_given),
        *(StepText(OUTCOME, step, outcome_written) for step in OutcomeStep),
        StepButton(OUTCOME, OutcomeStep.NOTE, "skip", outcome_skipped),
        StepButton(OUTCOME, OutcomeStep.NEXT_REVIEW, "skip", outcome_skipped),
        *(StepText(WORDS, step, words_written) for step in WordsStep),
    ]
