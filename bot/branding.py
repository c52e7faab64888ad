"""The bot's profile, set at every start: what an invite link opens before anyone writes.

Telegram shows the description in an empty chat ("What can this bot do?"), the short one on
the profile and in shared links, and the default-scope menu to whoever has no menu of his
own (strangers, and people before they join). Each is set per language from the catalogs,
and once without a language for everyone else, in the school's default language.
"""

from __future__ import annotations

from telegram import Bot, BotCommand, BotCommandScopeDefault

from bot.domain.people import LANGUAGES
from bot.i18n import Safe, t

# What someone who has not joined can use: /help explains how to join, /whoami gives his id.
DEFAULT_MENU = ("help", "whoami")
# Telegram's limits (Bot API setMyDescription / setMyShortDescription).
DESCRIPTION_MAX, SHORT_DESCRIPTION_MAX = 512, 120


def school_of(language: str, school_name: str) -> str:
    """The school's name as the texts name it (SCHOOL_NAME, or "your school")."""
    return school_name.strip() or t(language, "branding.your_school")


def description(language: str, school_name: str) -> str:
    """The long description, in `language`, naming the school (plain text, not HTML)."""
    text = t(language, "branding.description", school=Safe(school_of(language, school_name)))
    return text[:DESCRIPTION_MAX]


def short_description(language: str, school_name: str) -> str:
    """The short description for the profile and shared links."""
    text = t(language, "branding.short_description", school=Safe(school_of(language, school_name)))
    return text[:SHORT_DESCRIPTION_MAX]


def default_menu(language: str) -> list[BotCommand]:
    """The menu of someone without a menu of his own (per-chat menus come on joining)."""
    return [BotCommand(name, t(language, f"menu.{name}")) for name in DEFAULT_MENU]


async def brand(bot: Bot, school_name: str, default_language: str) -> None:
    """Set description, short description and default menu for each language, and without one."""
    for language, code in [*((lang, lang) for lang in LANGUAGES), (default_language, None)]:
        await bot.set_my_description(description(language, school_name), language_code=code)
        await bot.set_my_short_description(
            short_description(language, school_name), language_code=code
        )
        await bot.set_my_commands(
            default_menu(language), scope=BotCommandScopeDefault(), language_code=code
        )
