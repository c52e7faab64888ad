"""Meetings in the chat: /plan, the buttons on proposals, reminders and the outcome question,
/meetings (paged) and /cadence. Every button's ids are checked by the service it calls."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

from bot.domain.meetings import MeetingKind
from bot.domain.people import Person
from bot.domain.policy import Policy
from bot.i18n import t
from bot.services.meeting_lists import (
    MENTOR_DAYS,
    REVIEW_WEEKS,
    CadenceOutcome,
    CadenceResult,
    ListResult,
    MeetingList,
    change_cadence,
    list_meetings,
    show_cadence,
)
from bot.services.meeting_outcomes import Outcome, record_outcome
from bot.services.meeting_plans import PlanResult, plan_with, retime, start_planning
from bot.services.meeting_words import WordsStep, start_words, understood
from bot.services.meetings import MeetingCard, MeetingResult, confirm_meeting
from handlers import flows
from handlers.context import BotContext
from handlers.guard import refuse
from handlers.meeting_format import summary
from handlers.meeting_steps import planned, recorded, worded
from handlers.reply import answer, pressed

OUTCOMES = {"h": Outcome.HELD, "m": Outcome.MOVED, "c": Outcome.CANCELLED}
WORD_STEPS = {"p": WordsStep.PREPARATION, "q": WordsStep.QUESTION, "a": WordsStep.ANSWER}
CONFIRM_REPLIES = {
    MeetingResult.CONFIRMED: "meeting.confirmed_reply",
    MeetingResult.WAITING: "meeting.waiting_reply",
}


def choices_keyboard(prefix: str, choices: tuple[tuple[int, str], ...]) -> InlineKeyboardMarkup:
    """One button per student (placement), two to a row."""
    buttons = [
        InlineKeyboardButton(name, callback_data=f"{prefix}:{placement_id}")
        for placement_id, name in choices
    ]
    return InlineKeyboardMarkup([buttons[n : n + 2] for n in range(0, len(buttons), 2)])


async def plan_command(update: Update, context: BotContext) -> None:
    """/plan: plan a meeting (picking the student first when there are several)."""
    svc = context.services
    outcome = await start_planning(svc, context.me, svc.clock.now(), update_id=update.update_id)
    if outcome.result is PlanResult.CHOOSE:
        await answer(
            update, t(context.language, "plan.choose"), choices_keyboard("mp", outcome.choices)
        )
        return
    await planned(update, context, outcome)


async def plan_pressed(update: Update, context: BotContext) -> None:
    """A student picked, or the Plan button of a reminder to plan."""
    _, (_, placement_id) = pressed(update)
    svc = context.services
    outcome = await plan_with(
        svc, context.me, int(placement_id), svc.clock.now(), update_id=update.update_id
    )
    await planned(update, context, outcome)


async def proposal_pressed(update: Update, context: BotContext) -> None:
    """Confirm, or Another time, on a proposal or a reminder."""
    _, (_, meeting_id, sequence, choice) = pressed(update)
    svc, lang = context.services, context.language
    if choice == "re":
        outcome = await retime(
            svc,
            context.me,
            int(meeting_id),
            int(sequence),
            svc.clock.now(),
            update_id=update.update_id,
        )
        await planned(update, context, outcome, t(lang, "meeting.another_time"))
        return
    confirmed = await confirm_meeting(
        svc, context.me, int(meeting_id), int(sequence), svc.clock.now()
    )
    key = CONFIRM_REPLIES.get(confirmed.result)
    if key is None or confirmed.card is None:
        await refuse(
            update,
            context,
            {MeetingResult.ALREADY: "meeting.already", MeetingResult.REFUSED: "refused"}.get(
                confirmed.result, "meeting.stale"
            ),
        )
        return
    await flows.chose(update, t(lang, "meeting.confirm"))
    await answer(
        update, t(lang, key, summary=summary(lang, svc.policy, confirmed.card, context.me))
    )


async def outcome_pressed(update: Update, context: BotContext) -> None:
    """Held, Moved or Cancelled, on "did the meeting take place?"."""
    _, (_, meeting_id, sequence, choice) = pressed(update)
    svc, outcome = context.services, OUTCOMES[choice]
    result = await record_outcome(
        svc,
        context.me,
        int(meeting_id),
        int(sequence),
        outcome,
        now=svc.clock.now(),
        update_id=update.update_id,
    )
    await recorded(update, context, result, t(context.language, f"meeting.{outcome.value}"))


async def words_pressed(update: Update, context: BotContext) -> None:
    """Prepare, I have a question, Answer, or Understood."""
    _, (_, meeting_id, choice) = pressed(update)
    svc, now = context.services, context.services.clock.now()
    if choice == "u":
        await worded(update, context, await understood(svc, context.me, int(meeting_id), now))
        return
    outcome = await start_words(
        svc, context.me, int(meeting_id), WORD_STEPS[choice], now, update_id=update.update_id
    )
    await worded(update, context, outcome)


async def meetings_command(update: Update, context: BotContext) -> None:
    """/meetings: coming and past meetings (a supervisor's per student)."""
    svc = context.services
    shown = await list_meetings(
        svc, context.me, None, 0, svc.clock.now(), name=" ".join(context.args or [])
    )
    await _show_list(update, context, shown)


async def meetings_page(update: Update, context: BotContext) -> None:
    """A student picked for /meetings, or another page of past meetings."""
    query, (_, placement_id, page) = pressed(update)
    svc = context.services
    shown = await list_meetings(
        svc, context.me, int(placement_id) or None, int(page), svc.clock.now()
    )
    if shown.result is ListResult.REFUSED:
        await refuse(update, context, "refused")
        return
    await query.answer()
    await _show_list(update, context, shown)


async def _show_list(update: Update, context: BotContext, shown: MeetingList) -> None:
    lang, policy, me = context.language, context.services.policy, context.me
    if shown.result is ListResult.CHOOSE:
        choices = tuple((pid, name) for pid, name in shown.choices)
        keyboard = choices_keyboard("mm", choices)
        rows = [
            [InlineKeyboardButton(b.text, callback_data=f"{b.callback_data}:0") for b in row]
            for row in keyboard.inline_keyboard
        ]
        await answer(update, t(lang, "meetings.choose"), InlineKeyboardMarkup(rows))
        return
    if shown.result is ListResult.NONE or (not shown.coming and not shown.past):
        await answer(update, t(lang, "meetings.none"))
        return
    lines = []
    if shown.coming:
        lines.append(t(lang, "meetings.coming"))
        lines += [_line(lang, policy, card, me) for card in shown.coming]
    if shown.past:
        lines.append(t(lang, "meetings.past"))
        lines += [_line(lang, policy, card, me) for card in shown.past]
    buttons = []
    if shown.page > 0:
        buttons.append(
            InlineKeyboardButton(
                t(lang, "meetings.newer"),
                callback_data=f"mm:{shown.placement_id}:{shown.page - 1}",
            )
        )
    if shown.more:
        buttons.append(
            InlineKeyboardButton(
                t(lang, "meetings.older"),
                callback_data=f"mm:{shown.placement_id}:{shown.page + 1}",
            )
        )
    await answer(update, "\n".join(lines), InlineKeyboardMarkup([buttons]) if buttons else None)


def _line(language: str, policy: Policy, card: MeetingCard, reader: Person) -> str:
    return t(
        language,
        "meetings.line",
        summary=summary(language, policy, card, reader),
        state=t(language, f"meeting.state.{card.meeting.state.value}"),
    )


async def cadence_command(update: Update, context: BotContext) -> None:
    """/cadence: a placement's meeting cadence, with buttons to change it."""
    svc = context.services
    await _show_cadence(
        update,
        context,
        await show_cadence(
            svc, context.me, None, svc.clock.now(), name=" ".join(context.args or [])
        ),
    )


async def cadence_pressed(update: Update, context: BotContext) -> None:
    """A student picked for /cadence, or a new cadence chosen."""
    query, parts = pressed(update)
    svc, placement_id = context.services, int(parts[1])
    if len(parts) == 2:
        outcome = await show_cadence(svc, context.me, placement_id, svc.clock.now())
    else:
        kind = MeetingKind.MENTOR if parts[2] == "m" else MeetingKind.TRIPARTITE
        outcome = await change_cadence(
            svc, context.me, placement_id, kind, int(parts[3]), now=svc.clock.now()
        )
    if outcome.result is CadenceResult.REFUSED:
        await refuse(update, context, "cadence.refused")
        return
    await query.answer()
    await _show_cadence(update, context, outcome)


async def _show_cadence(update: Update, context: BotContext, outcome: CadenceOutcome) -> None:
    lang = context.language
    match outcome.result:
        case CadenceResult.REFUSED:
            await refuse(update, context, "cadence.refused")
        case CadenceResult.NONE:
            await answer(update, t(lang, "cadence.none"))
        case CadenceResult.CHOOSE:
            await answer(
                update, t(lang, "cadence.choose"), choices_keyboard("cd", outcome.choices)
            )
        case _ if outcome.placement is not None and outcome.student is not None:
            placement = outcome.placement
            text = t(
                lang,
                "cadence.show",
                student=outcome.student.name,
                company=placement.company,
                days=placement.mentor_meeting_every_days,
                weeks=placement.tripartite_every_weeks,
            )
            if outcome.result is CadenceResult.CHANGED:
                text = t(lang, "cadence.changed") + "\n" + text
            await answer(
                update,
                text,
                InlineKeyboardMarkup(
                    [
                        [
                            InlineKeyboardButton(
                                t(lang, "cadence.days", days=days),
                                callback_data=f"cd:{placement.id}:m:{days}",
                            )
                            for days in MENTOR_DAYS
                        ],
                        [
                            InlineKeyboardButton(
                                t(lang, "cadence.weeks", weeks=weeks),
                                callback_data=f"cd:{placement.id}:t:{weeks}",
                            )
                            for weeks in REVIEW_WEEKS
                        ],
                    ]
                ),
            )


def build() -> list[BaseHandler[Update, BotContext, None]]:
    """The meetings feature's commands and buttons (its flows' steps: meeting_steps)."""
    return [
        CommandHandler("plan", plan_command),
        CommandHandler("meetings", meetings_command),
        CommandHandler("cadence", cadence_command),
        CallbackQueryHandler(plan_pressed, pattern=r"^mp:[0-9]{1,12}$"),
        CallbackQueryHandler(proposal_pressed, pattern=r"^mt:[0-9]{1,12}:[0-9]{1,6}:(ok|re)$"),
        CallbackQueryHandler(outcome_pressed, pattern=r"^mo:[0-9]{1,12}:[0-9]{1,6}:[hmc]$"),
        CallbackQueryHandler(words_pressed, pattern=r"^mw:[0-9]{1,12}:[pqau]$"),
        CallbackQueryHandler(meetings_page, pattern=r"^mm:[0-9]{1,12}:[0-9]{1,4}$"),
        CallbackQueryHandler(cadence_pressed, pattern=r"^cd:[0-9]{1,12}(:[mt]:[0-9]{1,3})?$"),
    ]
