"""Whatever no feature handled: a helpful answer, never silence."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler, MessageHandler, filters

from bot.i18n import t
from handlers import flows
from handlers.context import BotContext
from handlers.reply import answer

log = logging.getLogger(__name__)


async def unknown_text(update: Update, context: BotContext) -> None:
    """Text or a command we do not know, and no open flow: say what the person can do."""
    if context.person is not None and await flows.tell_timed_out(update, context):
        return
    message = update.effective_message
    is_command = message is not None and (message.text or "").startswith("/")
    key = "fallback.command" if is_command else "fallback.text"
    await answer(update, t(context.language, key))


async def unsupported(update: Update, context: BotContext) -> None:
    """Stickers, photos, locations, edits…: say we only read text and buttons."""
    key = "fallback.edited" if update.edited_message else "fallback.unsupported"
    await answer(update, t(context.language, key))


async def stale_button(update: Update, context: BotContext) -> None:
    """A button nobody handles (old, forged or from another version): refuse it."""
    query = update.callback_query
    assert query is not None
    await query.answer(t(context.language, "button.stale"), show_alert=True)


async def report_error(update: object, context: BotContext) -> None:
    """Log a failed update with its id and tell the person, in his language, to try again."""
    update_id = update.update_id if isinstance(update, Update) else None
    log.error("update %s failed", update_id, exc_info=context.error)
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    if update.effective_chat.type != "private":
        return
    try:
        if update.callback_query is not None:
            await update.callback_query.answer(
                t(context.language, "error.generic"), show_alert=True
            )
        else:
            await answer(update, t(context.language, "error.generic"))
    except Exception:  # the apology itself failed (Telegram down): the log has it
        log.warning("could not tell update %s about the error", update_id, exc_info=True)


def build() -> list[BaseHandler[Update, BotContext, None]]:
    """Fallback handlers, to add after every feature handler."""
    return [
        MessageHandler(filters.UpdateType.EDITED, unsupported),
        MessageHandler(filters.TEXT, unknown_text),
        MessageHandler(filters.ALL, unsupported),
        CallbackQueryHandler(stale_button),
    ]
