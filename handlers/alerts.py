"""Alerts in the supervisor's chat: how they look, acknowledging, resolving, the note after."""

from __future__ import annotations

import html
from contextlib import suppress

from telegram import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest
from telegram.ext import BaseHandler, CallbackQueryHandler

from bot.domain.escalation import AlertStatus
from bot.domain.flows import MAX_ANSWER, FlowState
from bot.i18n import Safe, t
from bot.services.alert_notes import (
    ALERT_NOTE,
    NoteOutcome,
    NoteResult,
    NoteStep,
    NoteTarget,
    save_note,
    skip_note,
)
from bot.services.alerts import (
    AlertCard,
    AlertResult,
    acknowledge_alert,
    resolve_alert,
)
from bot.services.flows import current_flow, open_flow
from handlers import flows
from handlers.context import BotContext
from handlers.flows import StepButton, StepText, button
from handlers.formats import moment
from handlers.guard import refuse
from handlers.reply import answer, pressed, send
from handlers.split import MAX_MESSAGE, telegram_length


def student_link(name: str, telegram_id: int | None) -> Safe:
    """The student's name, linked to his Telegram profile when he has joined."""
    escaped = html.escape(name, quote=False)
    if not telegram_id:
        return Safe(escaped)
    return Safe(f'<a href="tg://user?id={int(telegram_id)}">{escaped}</a>')


def alert_text(language: str, card: AlertCard, *, resent: bool = False) -> str:
    """An alert's text: what happened to which student, and his own words if he wrote any."""
    alert = card.alert
    text = t(
        language,
        f"alert.{alert.kind}",
        company=card.company,
        student=student_link(card.student, card.student_telegram_id),
    )
    if alert.details:
        text += "\n\n" + t(language, "alert.details", details=alert.details)
    if resent:
        text = t(language, "alert.resent") + "\n" + text
    return text


def alert_keyboard(
    language: str, alert_id: int | str, status: AlertStatus
) -> InlineKeyboardMarkup | None:
    """Acknowledge (while open) and Resolved (until resolved)."""
    buttons = []
    if status is AlertStatus.OPEN:
        buttons.append(
            InlineKeyboardButton(
                t(language, "alert.acknowledge"), callback_data=f"al:{alert_id}:ack"
            )
        )
    if status is not AlertStatus.RESOLVED:
        buttons.append(
            InlineKeyboardButton(t(language, "alert.resolve"), callback_data=f"al:{alert_id}:res")
        )
    return InlineKeyboardMarkup([buttons]) if buttons else None


def state_lines(language: str, card: AlertCard, timezone: str) -> tuple[str, str | None]:
    """Who took an alert on and who resolved it, as the lines under it: (now, the one before)."""
    alert = card.alert
    acknowledged = (
        t(
            language,
            "alert.acknowledged_by",
            name=alert.acknowledged_by or "",
            when=moment(language, alert.acknowledged_at, timezone),
        )
        if (alert.acknowledged_at is not None)
        else None
    )
    if alert.status is AlertStatus.RESOLVED:
        return t(language, "alert.resolved_by", name=alert.resolved_by or ""), acknowledged
    return acknowledged or "", None


async def show_state(query: CallbackQuery, language: str, card: AlertCard, timezone: str) -> None:
    """Edit the pressed alert to say who did what, keeping the text its reader was shown.

    Rebuilding the alert would put the student's words in a coordinator's copy, and a long
    report's last part over Telegram's limit; the reader's own text has neither problem. A
    line that does not fit in the part follows as a message of its own.
    """
    line, before = state_lines(language, card, timezone)
    keyboard = alert_keyboard(language, card.alert.id, card.alert.status)
    message = query.message
    shown = message.text_html if isinstance(message, Message) and message.text else ""
    if before and shown.endswith(f"\n\n{before}"):
        shown = shown.removesuffix(f"\n\n{before}")
    text = f"{shown}\n\n{line}" if shown else line
    if shown and telegram_length(text) <= MAX_MESSAGE:
        await query.edit_message_text(text, reply_markup=keyboard)
        return
    with suppress(BadRequest):  # the buttons are gone already
        await query.edit_message_reply_markup(keyboard)
    if isinstance(message, Message):
        await send(query.get_bot(), message.chat.id, line)


async def alert_action(update: Update, context: BotContext) -> None:
    """Acknowledge or resolve an alert; the alert message is edited to show its state."""
    query, (_, alert_id, action) = pressed(update)
    svc, lang = context.services, context.language
    act = resolve_alert if action == "res" else acknowledge_alert
    outcome = await act(
        svc, context.me, int(alert_id), svc.clock.now(), update_id=update.update_id
    )
    if outcome.result is AlertResult.REFUSED or outcome.card is None:
        await query.answer(t(lang, "refused"), show_alert=True)
        return
    if outcome.result is AlertResult.ALREADY:
        await query.answer(t(lang, f"alert.already_{outcome.card.alert.status.value}"))
        return
    await query.answer()
    card = outcome.card
    await show_state(query, lang, card, svc.policy.timezone)
    if card.alert.status is AlertStatus.RESOLVED:
        await _ask_for_note(update, context, card.alert.id)


Asked = FlowState[NoteStep, NoteTarget]


def ask_note(language: str, asked: Asked) -> flows.Question:
    """A short note on how it was resolved, or No note (which is this question's Cancel)."""
    return t(language, "alert.ask_note"), InlineKeyboardMarkup(
        [[button(asked, "skip", t(language, "alert.no_note"))]]
    )


def note_closing(language: str, asked: Asked) -> flows.Question:
    """Whether the note was kept."""
    return t(language, "alert.note_saved" if asked.data.noted else "alert.no_note_taken"), None


flows.register(
    flows.FlowView(
        ALERT_NOTE,
        {NoteStep.NOTE: ask_note},
        closing=note_closing,
        cancelled="alert.no_note_taken",
        replaced="alert.note_dropped",
        expired="alert.note_expired",
    )
)


async def _ask_for_note(update: Update, context: BotContext, alert_id: int) -> None:
    """Resolving started the note flow: ask its question (saying which flow it replaced)."""
    svc = context.services
    before = open_flow(context.flow, svc.clock.now())
    asked = ALERT_NOTE.narrow(await current_flow(svc, context.me))
    if asked is None or asked.data.alert_id != alert_id:
        return
    replaced = before if before is not None and before.id != asked.id else None
    await flows.ask(
        update, context, asked, preface=flows.replaced_notice(context.language, replaced)
    )


async def note_written(update: Update, context: BotContext) -> None:
    """The note on how the alert was resolved."""
    message = update.effective_message
    svc, asked = context.services, context.flow
    assert message is not None
    assert asked is not None
    note = message.text or ""
    outcome = await save_note(
        svc, context.me, asked.id, note, svc.clock.now(), update_id=update.update_id
    )
    if outcome.result is NoteResult.TOO_LONG:
        await answer(
            update, t(context.language, "text.too_long", length=len(note), limit=MAX_ANSWER)
        )
        return
    await _noted(update, context, outcome)


async def note_skipped(update: Update, context: BotContext) -> None:
    """No note."""
    svc, asked = context.services, context.flow
    assert asked is not None
    outcome = await skip_note(
        svc, context.me, asked.id, svc.clock.now(), update_id=update.update_id
    )
    if update.callback_query is not None and outcome.flow is not None:
        await flows.chose(update, t(context.language, "alert.no_note"))
    await _noted(update, context, outcome)


async def _noted(update: Update, context: BotContext, outcome: NoteOutcome) -> None:
    if outcome.flow is None:
        await refuse(update, context, "button.stale")
        return
    await flows.ask(update, context, outcome.flow)


def build() -> list[BaseHandler[Update, BotContext, None]]:
    """Alert buttons, and the note flow's handlers."""
    return [
        CallbackQueryHandler(alert_action, pattern=r"^al:[0-9]{1,12}:(ack|res)$"),
        StepText(ALERT_NOTE, NoteStep.NOTE, note_written),
        StepButton(ALERT_NOTE, NoteStep.NOTE, "skip", note_skipped),
    ]
