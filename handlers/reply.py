"""Sending text to a chat within Telegram's limits."""

from __future__ import annotations

import logging

from telegram import Bot, CallbackQuery, InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest

from handlers.split import split_message, visible_text

log = logging.getLogger(__name__)

# What Telegram answers when it will not take a part as HTML; plain text may still go.
_REFUSED_AS_HTML = ("can't parse entities", "message is too long")


async def send(
    bot: Bot, chat_id: int, text: str, markup: InlineKeyboardMarkup | None = None
) -> Message:
    """Send an HTML text in as many parts as Telegram's limit needs; buttons on the last part."""
    parts = split_message(text)
    for part in parts[:-1]:
        await _send_part(bot, chat_id, part, None)
    return await _send_part(bot, chat_id, parts[-1], markup)


async def _send_part(
    bot: Bot, chat_id: int, part: str, markup: InlineKeyboardMarkup | None
) -> Message:
    """One part; if Telegram refuses its HTML, the same words as plain text instead.

    A report must arrive even when its markup is wrong: the plain text loses the bold and the
    links, not a word (DESIGN principle 11).
    """
    try:
        return await bot.send_message(chat_id, part, reply_markup=markup)
    except BadRequest as error:
        if not any(reason in str(error).lower() for reason in _REFUSED_AS_HTML):
            raise
        log.warning("a part refused as HTML (%s): sending it as plain text", error)
    pieces = split_message(visible_text(part), markup=False)
    for piece in pieces[:-1]:
        await bot.send_message(chat_id, piece, parse_mode=None)
    return await bot.send_message(chat_id, pieces[-1], parse_mode=None, reply_markup=markup)


async def answer(update: Update, text: str, markup: InlineKeyboardMarkup | None = None) -> None:
    """Reply in the chat an update came from."""
    chat = update.effective_chat
    if chat is not None:
        await send(update.get_bot(), chat.id, text, markup)


def pressed(update: Update) -> tuple[CallbackQuery, list[str]]:
    """The button press of an update and its callback data split at ':' (never trusted)."""
    query = update.callback_query
    assert query is not None
    return query, (query.data or "").split(":")
