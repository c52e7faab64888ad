"""The fair peer: the weekly check-in as a PTB user would write it.

A ConversationHandler (mood button → "what went well?" → text → "need help?" → button →
thanks) with PicklePersistence, polling with PTB's own Updater. It answers each step with the
calls ours makes: a button is answered, its question edited to show the choice, and the next
question sent; a text gets the next question. Unlike ours it keeps nothing per update on disk:
PicklePersistence writes its file every `update_interval` (60 s by default) and at shutdown,
and PTB's Updater confirms an update to Telegram before any handler ran.
"""

from __future__ import annotations

import warnings
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import (
    ApplicationBuilder,
    CallbackQueryHandler,
    ContextTypes,
    ConversationHandler,
    MessageHandler,
    PicklePersistence,
    TypeHandler,
    filters,
)
from telegram.warnings import PTBUserWarning

from bench.school import telegram_id
from bot.sandbox.emulator import BotApiEmulator
from bot.sandbox.updates import Signal

WEEK, HELP = range(2)
Context = ContextTypes.DEFAULT_TYPE


async def _chosen(update: Update, shown: str) -> None:
    """Answer the button and show the choice under its question."""
    query = update.callback_query
    assert query is not None
    assert query.message is not None
    await query.answer()
    text = getattr(query.message, "text_html", "") or ""
    await query.edit_message_text(f"{text}\n<b>→ {shown}</b>", parse_mode="HTML")


async def mood(update: Update, context: Context) -> int:
    """The mood button: keep it, ask about the week."""
    assert update.callback_query is not None
    assert update.effective_chat is not None
    value = (update.callback_query.data or "").rsplit(":", 1)[-1]
    assert context.user_data is not None
    context.user_data["mood"] = int(value)
    await _chosen(update, value)
    skip = InlineKeyboardButton("Skip", callback_data="skip")
    await context.bot.send_message(
        update.effective_chat.id,
        "What went well or was hard? A few words are enough.",
        reply_markup=InlineKeyboardMarkup([[skip]]),
    )
    return WEEK


async def week(update: Update, context: Context) -> int:
    """The week in a few words: keep it, ask whether help is needed."""
    assert update.effective_message is not None
    assert context.user_data is not None
    context.user_data["week"] = update.effective_message.text
    keyboard = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton("No", callback_data="st:1:no"),
                InlineKeyboardButton("Yes", callback_data="st:1:yes"),
            ]
        ]
    )
    await update.effective_message.reply_text(
        "Is there anything you need help with?", reply_markup=keyboard
    )
    return HELP


async def needs_help(update: Update, context: Context) -> int:
    """No help needed: thank the student and end the conversation."""
    assert update.callback_query is not None
    assert update.effective_chat is not None
    assert context.user_data is not None
    context.user_data["help"] = (update.callback_query.data or "").endswith("yes")
    await _chosen(update, "No")
    await context.bot.send_message(update.effective_chat.id, "Thank you! Your check-in is saved.")
    return ConversationHandler.END


def conversation() -> ConversationHandler[Any]:
    """The check-in as one persistent ConversationHandler."""
    with warnings.catch_warnings():
        # PTB notes that per_message=False tracks the conversation per chat and user, not per
        # message: what a check-in wants.
        warnings.simplefilter("ignore", PTBUserWarning)
        return ConversationHandler(
            entry_points=[CallbackQueryHandler(mood, pattern=r"^ci:\d+:m:[1-5]$")],
            states={
                WEEK: [MessageHandler(filters.TEXT & ~filters.COMMAND, week)],
                HELP: [CallbackQueryHandler(needs_help, pattern=r"^st:\d+:(no|yes)$")],
            },
            fallbacks=[],
            name="checkin",
            persistent=True,
        )


@asynccontextmanager
async def peer(
    workdir: Path, students: int
) -> AsyncIterator[tuple[BotApiEmulator, Signal, list[int]]]:
    """The peer polling its own emulator; yields it, a signal and the count of handled updates."""
    async with BotApiEmulator() as emulator:
        for n in range(students):
            emulator.user(telegram_id(n), f"Student {n}")
        signal, done = Signal(), [0]

        async def count(_: Update, __: Context) -> None:
            done[0] += 1
            signal.notify()

        app = (
            ApplicationBuilder()
            .token(emulator.token)
            .base_url(f"{emulator.base_url}/bot")
            .persistence(PicklePersistence(workdir / "peer.pickle"))
            .build()
        )
        app.add_handler(conversation())
        app.add_handler(TypeHandler(Update, count), group=1)
        async with app:
            assert app.updater is not None
            await app.updater.start_polling(poll_interval=0.0, timeout=1)
            await app.start()
            try:
                yield emulator, signal, done
            finally:
                await app.updater.stop()
                await app.stop()
