"""Each role's command menu (Telegram setMyCommands with a per-chat scope)."""

from __future__ import annotations

from telegram import Bot, BotCommand, BotCommandScopeChat, MessageEntity, Update

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
        "newcourse",
        "trainee",
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
        "newcourse",
        "trainee",
        "register",
        "results",
        "help",
        "language",
        "mydata",
        "forget",
    ),
    # Only his training: how it works, certificates, language and his data.
    Role.TRAINEE_MENTOR: ("course", "help", "verify", "language", "mydata", "forget"),
}

# What a trainee mentor may use beside his menu: joining, ending a flow, his Telegram id.
TRAINEE_EXTRA = ("start", "cancel", "whoami")
# The buttons a trainee mentor may press: training, flow steps, language, erasure, surveys (the
# course evaluation). Each service checks the ids again; the rest is refused by the guard.
TRAINEE_BUTTONS = ("tr:", "st:", "lang:", "fg:", "sv:")


def trainee_may(update: Update) -> bool:
    """Whether a trainee mentor's update is about his training (or no command at all: a hand-in,
    the words a training flow asked for)."""
    if update.callback_query is not None:
        return (update.callback_query.data or "").startswith(TRAINEE_BUTTONS)
    message = update.effective_message
    if message is None or not message.text or not message.entities:
        return True
    first = message.entities[0]
    if first.type != MessageEntity.BOT_COMMAND or first.offset != 0:
        return True
    command = message.text[1 : first.length].split("@")[0].lower()
    return command in MENUS[Role.TRAINEE_MENTOR] or command in TRAINEE_EXTRA


def menu_for(role: Role, language: str) -> list[BotCommand]:
    """The commands a role sees in its menu, described in the person's language."""
    return [BotCommand(name, t(language, f"menu.{name}")) for name in MENUS[role]]


async def set_menu(bot: Bot, chat_id: int, role: Role, language: str) -> None:
    """Show a person the menu of his role in his chat."""
    await bot.set_my_commands(menu_for(role, language), scope=BotCommandScopeChat(chat_id))
