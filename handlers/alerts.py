"""Alerts in the supervisor's chat: how they look, and acknowledging and resolving them."""

from __future__ import annotations

import html

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler

from bot.domain.escalation import AlertStatus
from bot.i18n import Safe, t
from bot.services.alerts import (
    AlertCard,
    AlertResult,
    acknowledge_alert,
    resolve_alert,
    skip_resolution_note,
)
from handlers.context import BotContext
from handlers.formats import moment
from handlers.reply import answer, pressed


def student_link(name: str, telegram_id: int | None) -> Safe:
    """The student's name, linked to his Telegram profile when he has joined."""
    escaped = html.escape(name, quote=False)
    if not telegram_id:
        return Safe(escaped)
    return Safe(f'<a href="tg://user?id={int(telegram_id)}">{escaped}</a>')


def alert_text(language: str, card: AlertCard, *, resent: bool = False) -> str:
    """An alert's text: what happened to which student, and his own words if he wrote any."""
    alert = card.alert
    text = t(language, f"alert.{alert.kind}", company=card.company,
             student=student_link(card.student, card.student_telegram_id))
    if alert.details:
        text += "\n\n" + t(language, "alert.details", details=alert.details)
    if resent:
        text = t(language, "alert.resent") + "\n" + text
    return text


def alert_keyboard(language: str, alert_id: int | str,
                   status: AlertStatus) -> InlineKeyboardMarkup | None:
    """Acknowledge (while open) and Resolved (until resolved)."""
    buttons = []
    if status is AlertStatus.OPEN:
        buttons.append(InlineKeyboardButton(t(language, "alert.acknowledge"),
                                            callback_data=f"al:{alert_id}:ack"))
    if status is not AlertStatus.RESOLVED:
        buttons.append(InlineKeyboardButton(t(language, "alert.resolve"),
                                            callback_data=f"al:{alert_id}:res"))
    return InlineKeyboardMarkup([buttons]) if buttons else None


def card_text(language: str, card: AlertCard, timezone: str) -> str:
    """An alert as it stands now: its text and who acknowledged or resolved it."""
    alert = card.alert
    text = alert_text(language, card)
    if alert.status is AlertStatus.RESOLVED:
        text += "\n\n" + t(language, "alert.resolved_by", name=alert.resolved_by or "")
    elif alert.acknowledged_at is not None:
        text += "\n\n" + t(language, "alert.acknowledged_by", name=alert.acknowledged_by or "",
                           when=moment(language, alert.acknowledged_at, timezone))
    return text


async def alert_action(update: Update, context: BotContext) -> None:
    """Acknowledge or resolve an alert; the alert message is edited to show its state."""
    query, (_, alert_id, action) = pressed(update)
    svc, lang = context.services, context.language
    act = resolve_alert if action == "res" else acknowledge_alert
    outcome = await act(svc, context.me, int(alert_id), svc.clock.now())
    if outcome.result is AlertResult.REFUSED or outcome.card is None:
        await query.answer(t(lang, "refused"), show_alert=True)
        return
    if outcome.result is AlertResult.ALREADY:
        await query.answer(t(lang, f"alert.already_{outcome.card.alert.status.value}"))
        return
    await query.answer()
    card = outcome.card
    await query.edit_message_text(card_text(lang, card, svc.policy.timezone),
                                  reply_markup=alert_keyboard(lang, alert_id, card.alert.status))
    if card.alert.status is AlertStatus.RESOLVED:
        no_note = InlineKeyboardButton(t(lang, "alert.no_note"), callback_data="al:nonote")
        await answer(update, t(lang, "alert.ask_note"), InlineKeyboardMarkup([[no_note]]))


async def no_note(update: Update, context: BotContext) -> None:
    """The supervisor wants to add no note to the resolved alert."""
    query = update.callback_query
    assert query is not None
    done = await skip_resolution_note(context.services, context.me, context.services.clock.now())
    await query.answer()
    if done:
        await query.edit_message_text(t(context.language, "alert.no_note_taken"))


def build() -> list[BaseHandler[Update, BotContext, None]]:
    """Alert button handlers."""
    return [
        CallbackQueryHandler(alert_action, pattern=r"^al:\d{1,12}:(ack|res)$"),
        CallbackQueryHandler(no_note, pattern=r"^al:nonote$"),
    ]
