"""/reference: the student asks; the mentor gets a plain draft, edits it, previews and sends."""

from __future__ import annotations

import html
from datetime import date

from babel.dates import format_date
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

from bot.domain.flows import FlowState
from bot.domain.people import LANGUAGES
from bot.domain.reference import BLANK, REFERENCE_MAX_CHARS, ReferenceDraft
from bot.i18n import t
from bot.services.reference_requests import request_reference
from bot.services.references import (
    REFERENCE,
    ReferenceOutcome,
    ReferenceResult,
    ReferenceStep,
    ReferenceWriting,
    add_reference_words,
    reference_done,
    reference_draft,
    rewrite_reference,
    send_reference,
    start_writing,
    use_draft,
)
from handlers import flows
from handlers.context import BotContext
from handlers.flows import StepButton, StepText, button, cancel_row
from handlers.guard import refuse
from handlers.reply import answer, pressed

Writing = FlowState[ReferenceStep, ReferenceWriting]


def long_day(language: str, value: date) -> str:
    """A date as a letter writes it: '26 June 2026' / '26 juni 2026' (Babel)."""
    return format_date(value, "d MMMM y", locale=language if language in LANGUAGES else "en")


def draft_text(language: str, draft: ReferenceDraft) -> str:
    """The draft in sentences, HTML-escaped: the facts, then the mentor's own words by goal."""
    student = draft.student_name
    parts = [
        t(
            language,
            "reference.draft_opening",
            student=student,
            company=draft.company,
            start=long_day(language, draft.starts_on),
            end=long_day(language, draft.ends_on),
        )
    ]
    if draft.goals:
        lines = [t(language, "reference.draft_goals")]
        for section in draft.goals:
            lines.append("\n" + t(language, "reference.draft_goal", goal=section.title))
            lines += [
                t(language, "reference.draft_note", note=note)
                for note in section.notes or (BLANK,)
            ]
        parts.append("\n".join(lines))
    if draft.other_notes:
        parts.append(
            "\n".join(
                [t(language, "reference.draft_other")]
                + [t(language, "reference.draft_note", note=note) for note in draft.other_notes]
            )
        )
    if not draft.has_feedback:
        parts.append(t(language, "reference.draft_well", blank=BLANK))
        parts.append(t(language, "reference.draft_develop", student=student, blank=BLANK))
    return "\n\n".join(parts)


def write_keyboard(language: str, writing: Writing) -> InlineKeyboardMarkup:
    """Use the draft as it is, Done, or Cancel."""
    return InlineKeyboardMarkup(
        [
            [button(writing, "draft", t(language, "reference.use_draft"))],
            [button(writing, "done", t(language, "feedback.done"))],
            cancel_row(language, writing),
        ]
    )


def ask_write(language: str, writing: Writing) -> flows.Question:
    """Send the reference in one message or several, then Done."""
    return t(language, "reference.write"), write_keyboard(language, writing)


def ask_preview(language: str, writing: Writing) -> flows.Question:
    """The reference as the student will get it: Send, Write again, or Cancel."""
    return t(language, "reference.preview", text=writing.data.text), InlineKeyboardMarkup(
        [
            [button(writing, "send", t(language, "feedback.send"))],
            [button(writing, "again", t(language, "feedback.write_again"))],
            cancel_row(language, writing),
        ]
    )


def sent(language: str, writing: Writing) -> flows.Question:
    """On its way to the student."""
    return t(language, "reference.sent"), None


flows.register(
    flows.FlowView(
        REFERENCE,
        {ReferenceStep.WRITE: ask_write, ReferenceStep.PREVIEW: ask_preview},
        closing=sent,
        cancelled="reference.cancelled",
        expired="reference.expired",
        busy="reference.busy",
    )
)


def write_button(language: str, reference_id: int) -> InlineKeyboardButton:
    """The mentor's button to write a reference."""
    return InlineKeyboardButton(
        t(language, "reference.write_button"), callback_data=f"rf:write:{reference_id}"
    )


async def reference_command(update: Update, context: BotContext) -> None:
    """/reference: a student asks for his reference; a mentor sees the ones asked of him."""
    svc, lang = context.services, context.language
    outcome = await request_reference(svc, context.me, svc.clock.now())
    if outcome.result is ReferenceResult.TOO_EARLY and outcome.opens_on is not None:
        await answer(update, t(lang, "reference.too_early", date=long_day(lang, outcome.opens_on)))
    elif outcome.result is ReferenceResult.PENDING:
        if not outcome.pending:
            await answer(update, t(lang, "reference.none_pending"))
            return
        await answer(
            update,
            t(lang, "reference.pending"),
            InlineKeyboardMarkup(
                [
                    [
                        InlineKeyboardButton(
                            p.student_name, callback_data=f"rf:write:{p.reference_id}"
                        )
                    ]
                    for p in outcome.pending
                ]
            ),
        )
    else:
        await answer(update, t(lang, f"reference.{outcome.result.value}"))


async def write_pressed(update: Update, context: BotContext) -> None:
    """ "Write the reference": the draft to copy and edit, then the question."""
    _, (_, _, reference_id) = pressed(update)
    svc = context.services
    outcome = await start_writing(
        svc, context.me, int(reference_id), svc.clock.now(), update_id=update.update_id
    )
    await _show(update, context, outcome, t(context.language, "reference.write_button"))


async def words_written(update: Update, context: BotContext) -> None:
    """One message of the reference."""
    message, writing, svc = update.effective_message, context.flow, context.services
    assert message is not None
    assert writing is not None
    outcome = await add_reference_words(
        svc,
        context.me,
        writing.id,
        message.text or "",
        svc.clock.now(),
        update_id=update.update_id,
    )
    lang = context.language
    if outcome.flow is None:
        await refuse(update, context, "button.stale")
        return
    key = (
        "reference.too_long" if outcome.result is ReferenceResult.TOO_LONG else ("feedback.added")
    )
    await answer(
        update,
        t(lang, key, limit=REFERENCE_MAX_CHARS, length=outcome.length),
        write_keyboard(lang, outcome.flow),
    )


async def write_step_pressed(update: Update, context: BotContext) -> None:
    """Use the draft as it is, or Done."""
    writing, svc, lang = context.flow, context.services, context.language
    assert writing is not None
    now = svc.clock.now()
    if flows.pressed_answer(update) == "draft":
        draft = await reference_draft(svc, context.me, writing.id, now)
        text = html.unescape(draft_text(lang, draft)) if draft else ""
        outcome = await use_draft(
            svc, context.me, writing.id, text, now, update_id=update.update_id
        )
        await _show(update, context, outcome, t(lang, "reference.use_draft"))
        return
    outcome = await reference_done(svc, context.me, writing.id, now, update_id=update.update_id)
    if outcome.result is ReferenceResult.EMPTY:
        await refuse(update, context, "feedback.empty")
        return
    await _show(update, context, outcome, t(lang, "feedback.done"))


async def preview_pressed(update: Update, context: BotContext) -> None:
    """Send, or write again."""
    writing, svc, lang = context.flow, context.services, context.language
    assert writing is not None
    now = svc.clock.now()
    if flows.pressed_answer(update) == "send":
        outcome = await send_reference(
            svc, context.me, writing.id, now, update_id=update.update_id
        )
        if outcome.result is ReferenceResult.HAS_BLANKS and outcome.flow is not None:
            await refuse(update, context, "reference.has_blanks")
            return
        await _show(update, context, outcome, t(lang, "feedback.send"))
        return
    outcome = await rewrite_reference(svc, context.me, writing.id, now, update_id=update.update_id)
    await _show(update, context, outcome, t(lang, "feedback.write_again"))


async def _show(
    update: Update, context: BotContext, outcome: ReferenceOutcome, chosen: str
) -> None:
    """The choice under its message; the draft when he begins; then his step's question."""
    lang = context.language
    if outcome.result is ReferenceResult.BUSY and outcome.flow is not None:
        await flows.refuse_busy(update, context, outcome.flow)
        return
    if outcome.flow is None:
        await refuse(update, context, "refused")
        return
    await flows.chose(update, chosen)
    if outcome.draft is not None:
        await answer(update, t(lang, "reference.draft_intro", blank=BLANK))
        await answer(update, draft_text(lang, outcome.draft))
    await flows.ask(
        update, context, outcome.flow, preface=flows.replaced_notice(lang, outcome.replaced)
    )


def build() -> list[BaseHandler[Update, BotContext, None]]:
    """/reference, the mentor's button, and the steps of writing it."""
    return [
        CommandHandler("reference", reference_command),
        CallbackQueryHandler(write_pressed, pattern=r"^rf:write:[0-9]{1,12}$"),
        StepText(REFERENCE, ReferenceStep.WRITE, words_written),
        StepButton(REFERENCE, ReferenceStep.WRITE, "draft|done", write_step_pressed),
        StepButton(REFERENCE, ReferenceStep.PREVIEW, "send|again", preview_pressed),
    ]
