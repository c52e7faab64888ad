"""/feedback in the mentor's chat: pick a student and a learning goal, write, preview, send."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

from bot.domain.feedback import FEEDBACK_MAX_CHARS
from bot.domain.flows import FlowState
from bot.domain.people import Role
from bot.i18n import t
from bot.services.feedback import (
    FEEDBACK,
    FeedbackDraft,
    FeedbackOutcome,
    FeedbackResult,
    FeedbackStep,
    add_words,
    choose_goal,
    choose_student,
    done_writing,
    send_feedback,
    start_feedback,
    write_again,
)
from handlers import flows
from handlers.context import BotContext
from handlers.flows import StepButton, StepText, button, cancel_row
from handlers.guard import refuse
from handlers.reply import answer, pressed

Draft = FlowState[FeedbackStep, FeedbackDraft]


def write_keyboard(language: str, draft: Draft) -> InlineKeyboardMarkup:
    """Done, or Cancel."""
    return InlineKeyboardMarkup(
        [[button(draft, "done", t(language, "feedback.done"))], cancel_row(language, draft)]
    )


def ask_write(language: str, draft: Draft) -> flows.Question:
    """Write the feedback in one message or several, then Done."""
    return t(language, "feedback.write"), write_keyboard(language, draft)


def ask_preview(language: str, draft: Draft) -> flows.Question:
    """What the student will receive: Send, Write again, or Cancel."""
    return t(language, "feedback.preview", text=draft.data.text), InlineKeyboardMarkup(
        [
            [button(draft, "send", t(language, "feedback.send"))],
            [button(draft, "again", t(language, "feedback.write_again"))],
            cancel_row(language, draft),
        ]
    )


def sent(language: str, draft: Draft) -> flows.Question:
    """On its way to the student."""
    return t(language, "feedback.sent"), None


flows.register(
    flows.FlowView(
        FEEDBACK,
        {FeedbackStep.WRITE: ask_write, FeedbackStep.PREVIEW: ask_preview},
        closing=sent,
        cancelled="feedback.cancelled",
        expired="feedback.expired",
        busy="feedback.busy",
    )
)


def give_button(
    language: str, placement_id: int, request_id: int | None = None, label: str | None = None
) -> InlineKeyboardButton:
    """A button that starts feedback for one placement (a prompt's, a request's, a choice)."""
    data = f"fb:give:{placement_id}" + (f":{request_id}" if request_id else "")
    return InlineKeyboardButton(label or t(language, "feedback.give_button"), callback_data=data)


async def feedback_command(update: Update, context: BotContext) -> None:
    """/feedback: the mentor's students to choose from, or straight to writing."""
    svc = context.services
    await _show(
        update,
        context,
        await start_feedback(svc, context.me, svc.clock.now(), update_id=update.update_id),
    )


async def student_chosen(update: Update, context: BotContext) -> None:
    """A student's button (from /feedback, a prompt or a student's request)."""
    _, parts = pressed(update)
    request_id = int(parts[3]) if len(parts) > 3 else None
    svc = context.services
    await _show(
        update,
        context,
        await choose_student(
            svc,
            context.me,
            int(parts[2]),
            request_id=request_id,
            now=svc.clock.now(),
            update_id=update.update_id,
        ),
    )


async def goal_chosen(update: Update, context: BotContext) -> None:
    """A learning goal's button, or "no particular goal" (0)."""
    _, parts = pressed(update)
    goal_id, request_id = int(parts[3]) or None, (int(parts[4]) if len(parts) > 4 else None)
    svc = context.services
    outcome = await choose_goal(
        svc,
        context.me,
        int(parts[2]),
        goal_id,
        request_id=request_id,
        now=svc.clock.now(),
        update_id=update.update_id,
    )
    await _show(
        update, context, outcome, outcome.goal_title or t(context.language, "feedback.no_goal")
    )


async def words_written(update: Update, context: BotContext) -> None:
    """One message of the feedback; the mentor may write more, or tap Done."""
    message, draft, svc = update.effective_message, context.flow, context.services
    assert message is not None
    assert draft is not None
    outcome = await add_words(
        svc, context.me, draft.id, message.text or "", svc.clock.now(), update_id=update.update_id
    )
    lang = context.language
    if outcome.flow is None:
        await refuse(update, context, "button.stale")
    elif outcome.result is FeedbackResult.TOO_LONG:
        await answer(
            update,
            t(lang, "feedback.too_long", limit=FEEDBACK_MAX_CHARS),
            write_keyboard(lang, outcome.flow),
        )
    else:
        await answer(
            update,
            t(lang, "feedback.added", length=outcome.length),
            write_keyboard(lang, outcome.flow),
        )


async def done_pressed(update: Update, context: BotContext) -> None:
    """Done: the preview."""
    draft, svc = context.flow, context.services
    assert draft is not None
    outcome = await done_writing(
        svc, context.me, draft.id, svc.clock.now(), update_id=update.update_id
    )
    if outcome.result is FeedbackResult.EMPTY:
        await refuse(update, context, "feedback.empty")
        return
    await _show(update, context, outcome, t(context.language, "feedback.done"))


async def preview_pressed(update: Update, context: BotContext) -> None:
    """Send, or write again."""
    draft, svc, lang = context.flow, context.services, context.language
    assert draft is not None
    if flows.pressed_answer(update) == "send":
        outcome = await send_feedback(
            svc, context.me, draft.id, svc.clock.now(), update_id=update.update_id
        )
        await _show(update, context, outcome, t(lang, "feedback.send"))
        return
    outcome = await write_again(
        svc, context.me, draft.id, svc.clock.now(), update_id=update.update_id
    )
    await _show(update, context, outcome, t(lang, "feedback.write_again"))


async def _show(
    update: Update, context: BotContext, outcome: FeedbackOutcome, chosen: str | None = None
) -> None:
    """What the mentor sees next: a choice, the question of his step, or why not."""
    lang, result = context.language, outcome.result
    if result is FeedbackResult.NOT_MENTOR:
        key = "feedback.student_hint" if context.me.role is Role.STUDENT else "feedback.not_mentor"
        await answer(update, t(lang, key))
    elif result is FeedbackResult.NO_STUDENTS:
        await answer(update, t(lang, "feedback.no_students"))
    elif result is FeedbackResult.PICK_STUDENT:
        await answer(
            update,
            t(lang, "feedback.pick_student"),
            InlineKeyboardMarkup(
                [[give_button(lang, s.placement_id, label=s.name)] for s in outcome.students]
            ),
        )
    elif result is FeedbackResult.PICK_GOAL:
        await _pick_goal(update, context, outcome)
    elif result is FeedbackResult.BUSY and outcome.flow is not None:
        await flows.refuse_busy(update, context, outcome.flow)
    elif outcome.flow is None:
        await refuse(update, context, "button.stale")
    else:
        if update.callback_query is not None:
            await flows.chose(update, chosen or outcome.student_name)
        preface = [flows.replaced_notice(lang, outcome.replaced)]
        if outcome.student_name and result is FeedbackResult.ASK:
            key = "feedback.for_student_goal" if outcome.goal_title else "feedback.for_student"
            preface.append(
                t(lang, key, student=outcome.student_name, goal=outcome.goal_title or "")
            )
        await flows.ask(
            update,
            context,
            outcome.flow,
            preface="\n\n".join(part for part in preface if part) or None,
        )


async def _pick_goal(update: Update, context: BotContext, outcome: FeedbackOutcome) -> None:
    """The student's learning goals to choose from, or no particular goal."""
    lang = context.language
    tail = f":{outcome.request_id}" if outcome.request_id else ""
    rows = [
        [
            InlineKeyboardButton(
                goal.title, callback_data=(f"fb:goal:{outcome.placement_id}:{goal.id}{tail}")
            )
        ]
        for goal in outcome.goals
    ]
    rows.append(
        [
            InlineKeyboardButton(
                t(lang, "feedback.no_goal"),
                callback_data=(f"fb:goal:{outcome.placement_id}:0{tail}"),
            )
        ]
    )
    if update.callback_query is not None:
        await flows.chose(update, outcome.student_name)
    await answer(
        update,
        t(lang, "feedback.pick_goal", student=outcome.student_name),
        InlineKeyboardMarkup(rows),
    )


def build() -> list[BaseHandler[Update, BotContext, None]]:
    """/feedback, its choices, and the steps of writing it."""
    return [
        CommandHandler("feedback", feedback_command),
        CallbackQueryHandler(student_chosen, pattern=r"^fb:give:[0-9]{1,12}(:[0-9]{1,12})?$"),
        CallbackQueryHandler(
            goal_chosen, pattern=r"^fb:goal:[0-9]{1,12}:[0-9]{1,12}(:[0-9]{1,12})?$"
        ),
        StepText(FEEDBACK, FeedbackStep.WRITE, words_written),
        StepButton(FEEDBACK, FeedbackStep.WRITE, "done", done_pressed),
        StepButton(FEEDBACK, FeedbackStep.PREVIEW, "send|again", preview_pressed),
    ]
