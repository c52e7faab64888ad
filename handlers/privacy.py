"""/mydata and /forget for everyone, and the coordinator's approval of an erasure."""

from __future__ import annotations

import json
import logging
from functools import partial
from typing import Any

from telegram import (
    BotCommandScopeChat,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Update,
)
from telegram.error import TelegramError
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

from bot.i18n import t
from bot.services.privacy import Decision, decide_erasure, my_data, request_erasure
from handlers.context import BotContext
from handlers.outgoing import Document, send_rendered
from handlers.reply import answer, pressed

log = logging.getLogger(__name__)


async def mydata_command(update: Update, context: BotContext) -> None:
    """Send the person everything stored about him, as a JSON file."""
    svc, chat = context.services, update.effective_chat
    assert chat is not None
    data = await my_data(svc, context.me, svc.clock.now())
    document = Document(
        "mydata.json", partial(_as_json, data), caption=t(context.language, "privacy.mydata")
    )
    await send_rendered(update.get_bot(), chat.id, document)


def _as_json(data: dict[str, Any]) -> bytes:
    return json.dumps(data, indent=2, ensure_ascii=False).encode()


async def forget_command(update: Update, context: BotContext) -> None:
    """Ask whether the person really wants to be erased."""
    lang = context.language
    await answer(
        update,
        t(lang, "privacy.forget_confirm"),
        InlineKeyboardMarkup(
            [
                [
                    InlineKeyboardButton(t(lang, "privacy.forget_yes"), callback_data="fg:yes"),
                    InlineKeyboardButton(t(lang, "privacy.forget_no"), callback_data="fg:no"),
                ]
            ]
        ),
    )


async def forget_confirmed(update: Update, context: BotContext) -> None:
    """Yes: send the request to the coordinators; no: change nothing."""
    query = update.callback_query
    assert query is not None
    await query.answer()
    key = "privacy.forget_cancelled"
    if query.data == "fg:yes":
        svc = context.services
        result = await request_erasure(svc, context.me, svc.clock.now())
        key = f"privacy.forget_{result.value}"
    await query.edit_message_text(t(context.language, key))


async def erasure_decided(update: Update, context: BotContext) -> None:
    """A coordinator approves or rejects an erasure request."""
    query, (_, request_id, verdict) = pressed(update)
    svc, lang = context.services, context.language
    outcome = await decide_erasure(
        svc, context.me, int(request_id), approve=verdict == "ok", now=svc.clock.now()
    )
    match outcome.decision:
        case Decision.NOT_ALLOWED:
            await query.answer(t(lang, "refused"), show_alert=True)
            return
        case Decision.UNKNOWN:
            await query.answer(t(lang, "button.stale"), show_alert=True)
            return
        case Decision.ALREADY_DECIDED:
            await query.answer(t(lang, "privacy.already_decided"), show_alert=True)
            return
    await query.answer()
    await query.edit_message_text(
        t(lang, f"privacy.{outcome.decision.value}", person=outcome.person_id)
    )
    if outcome.former_telegram_id is not None:
        await _say_goodbye(update, outcome.former_telegram_id, outcome.language or lang)


async def _say_goodbye(update: Update, telegram_id: int, language: str) -> None:
    # Sent directly: the outbox can no longer reach him, his Telegram id is gone.
    bot = update.get_bot()
    try:
        await bot.delete_my_commands(scope=BotCommandScopeChat(telegram_id))
        await bot.send_message(telegram_id, t(language, "privacy.erased"))
    except TelegramError:  # he blocked the bot: the erasure is done all the same
        log.info("could not say goodbye to an erased person", exc_info=True)


def build() -> list[BaseHandler[Update, BotContext, None]]:
    """Privacy handlers."""
    return [
        CommandHandler("mydata", mydata_command),
        CommandHandler("forget", forget_command),
        CallbackQueryHandler(forget_confirmed, pattern=r"^fg:(yes|no)$"),
        CallbackQueryHandler(erasure_decided, pattern=r"^er:[0-9]{1,12}:(ok|no)$"),
    ]
