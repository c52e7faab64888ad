"""Joining with an invite link, help per role, and choosing a language."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

from bot.i18n import LANGUAGE_NAMES, t
from bot.services.people import choose_language, join, looks_like_token
from handlers.context import BotContext
from handlers.guard import refuse
from handlers.menus import set_menu
from handlers.reply import answer


async def start(update: Update, context: BotContext) -> None:
    """Join with the token of an invite link, or be greeted again."""
    token = context.args[0] if context.args else ""
    user = update.effective_user
    assert user is not None
    if not token or (context.person is not None and not looks_like_token(token)):
        await welcome(update, context)
        return
    if not looks_like_token(token):
        await refuse(update, context, "join.malformed")
        return
    svc = context.services
    outcome = await join(svc, token, user.id, user.language_code, svc.clock.now())
    if outcome.person is None:
        await refuse(update, context, f"join.{outcome.result.value}")
        return
    # Joined now or before (a second tap on the link, or a replay after a crash): the same
    # welcome, so that handling an update twice looks like handling it once.
    context.person = outcome.person
    context.language = outcome.person.language or context.language
    await welcome(update, context)


async def welcome(update: Update, context: BotContext) -> None:
    """Say what the bot does for this person's role and show his menu."""
    me, chat = context.me, update.effective_chat
    assert chat is not None
    await set_menu(update.get_bot(), chat.id, me.role, context.language)
    await answer(update, t(context.language, f"welcome.{me.role.value}", name=me.name))


async def show_help(update: Update, context: BotContext) -> None:
    """How the bot works for this person's role (a student reaches it from /help's menu)."""
    await answer(update, t(context.language, f"help.{context.me.role.value}"))


async def language_menu(update: Update, context: BotContext) -> None:
    """Offer the languages, or switch at once with `/language en`."""
    if context.args:
        await _switch(update, context, context.args[0].lower())
        return
    buttons = [
        [
            InlineKeyboardButton(name, callback_data=f"lang:{code}")
            for code, name in LANGUAGE_NAMES.items()
        ]
    ]
    await answer(update, t(context.language, "language.choose"), InlineKeyboardMarkup(buttons))


async def language_chosen(update: Update, context: BotContext) -> None:
    """Switch to the language whose button was pressed."""
    query = update.callback_query
    assert query is not None
    assert query.data is not None
    await query.answer()
    await _switch(update, context, query.data.removeprefix("lang:"))


async def _switch(update: Update, context: BotContext, code: str) -> None:
    if not await choose_language(context.services, context.me, code):
        await answer(update, t(context.language, "language.unknown", code=code))
        return
    context.language = code
    chat = update.effective_chat
    assert chat is not None
    await set_menu(update.get_bot(), chat.id, context.me.role, code)
    await answer(update, t(code, "language.set", language=LANGUAGE_NAMES[code]))


def build() -> list[BaseHandler[Update, BotContext, None]]:
    """Onboarding handlers."""
    return [
        CommandHandler("start", start),
        CommandHandler("language", language_menu),
        CallbackQueryHandler(language_chosen, pattern=r"^lang:[a-z]{2}$"),
    ]
