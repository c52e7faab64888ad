"""Each role's command menu (Telegram setMyCommands with a per-chat scope)."""

from __future__ import annotations

from telegram import Bot, BotCommand, BotCommandScopeChat

from bot.domain.people import Role
from bot.i18n import t

MENUS: dict[Role, tuple[str, ...]] = {
    Role.STUDENT: (
        "checkin",
        "help",
        "plan",
        "meetings",
        "askfeedback",
        "goals",
        "reference",
        "pause",
        "resume",
        "language",
        "mydata",
        "forget",
    ),
    Role.MENTOR: (
        "plan",
        "meetings",
        "feedback",
        "goals",
        "reference",
        "help",
        "language",
        "mydata",
        "forget",
    ),
    Role.SUPERVISOR: (
        "overview",
        "student",
        "nudge",
        "plan",
        "meetings",
        "cadence",
        "goals",
        "export",
        "training",
        "register",
        "results",
        "help",
        "language",
        "mydata",
        "forget",
    ),
    Role.COORDINATOR: (
        "overview",
        "student",
        "placements",
        "invite",
        "invites",
        "letters",
        "end",
        "export",
        "cadence",
        "goals",
        "training",
        "register",
        "results",
        "help",
        "language",
        "mydata",
        "forget",
    ),
}


def menu_for(role: Role, language: str) -> list[BotCommand]:
    """The commands a role sees in its menu, described in the person's language."""
    return [BotCommand(name, t(language, f"menu.{name}")) for name in MENUS[role]]


async def set_menu(bot: Bot, chat_id: int, role: Role, language: str) -> None:
    """Show a person the menu of his role in his chat."""
    await bot.set_my_commands(menu_for(role, language), scope=BotCommandScopeChat(chat_id))
