"""Sending text to a chat within Telegram's limits."""

from __future__ import annotations

from telegram import Bot, CallbackQuery, InlineKeyboardMarkup, Message, Update

# Telegram refuses a message over 4096 characters.
MAX_TEXT = 4096


def chunks(text: str, limit: int = MAX_TEXT) -> list[str]:
    """Split a text into Telegram-sized parts, at a line break where one is near."""
    parts: list[str] = []
    while len(text) > limit:
        cut = text.rfind("\n", limit // 2, limit)
        cut = cut if cut > 0 else limit
        parts.append(text[:cut])
        text = text[cut:].lstrip("\n")
    return [*parts, text]


async def send(bot: Bot, chat_id: int, text: str,
               markup: InlineKeyboardMarkup | None = None) -> Message:
    """Send a text in as many parts as needed; the buttons go on the last part."""
    parts = chunks(text)
    for part in parts[:-1]:
        await bot.send_message(chat_id, part)
    return await bot.send_message(chat_id, parts[-1], reply_markup=markup)


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
