"""Bot API methods about the bot itself: identity, command menus, webhook, files."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from bot.sandbox.messages import Files, Method, Params, bad
from bot.sandbox.profile import PROFILE_METHODS

if TYPE_CHECKING:
    from bot.sandbox.emulator import BotApiEmulator

_COMMAND = re.compile(r"[a-z0-9_]{1,32}")
_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")

ScopeKey = tuple[str, int | None, int | None]


def scope_key(scope: Any) -> ScopeKey:
    """A hashable key for a BotCommandScope (default when absent)."""
    if scope is None:
        return ("default", None, None)
    if not isinstance(scope, dict) or not isinstance(scope.get("type"), str):
        raise bad("can't parse BotCommandScope JSON object")
    chat_id, user_id = scope.get("chat_id"), scope.get("user_id")
    if scope["type"] in ("chat", "chat_administrators", "chat_member") and chat_id is None:
        raise bad("chat_id is empty")
    return (scope["type"], chat_id, user_id)


def get_me(emu: BotApiEmulator, params: Params, files: Files) -> Any:
    """getMe."""
    return {
        **emu.bot_user(),
        "can_join_groups": True,
        "can_read_all_group_messages": False,
        "supports_inline_queries": False,
        "can_connect_to_business": False,
        "has_main_web_app": False,
    }


def set_my_commands(emu: BotApiEmulator, params: Params, files: Files) -> Any:
    """setMyCommands; an empty list deletes the menu for that scope and language."""
    commands = params.get("commands")
    if not isinstance(commands, list) or len(commands) > 100:
        raise bad("can't parse commands JSON object")
    for item in commands:
        if not isinstance(item, dict) or not _COMMAND.fullmatch(str(item.get("command", ""))):
            raise bad("BOT_COMMAND_INVALID")
        if not 1 <= len(str(item.get("description", ""))) <= 256:
            raise bad("BOT_COMMAND_DESCRIPTION_INVALID")
    key = (scope_key(params.get("scope")), str(params.get("language_code") or ""))
    if commands:
        emu.commands[key] = [
            {"command": c["command"], "description": c["description"]} for c in commands
        ]
    else:
        emu.commands.pop(key, None)
    return True


def delete_my_commands(emu: BotApiEmulator, params: Params, files: Files) -> Any:
    """deleteMyCommands."""
    emu.commands.pop(
        (scope_key(params.get("scope")), str(params.get("language_code") or "")), None
    )
    return True


def get_my_commands(emu: BotApiEmulator, params: Params, files: Files) -> Any:
    """getMyCommands: exactly that scope and language, no fallback (as Telegram)."""
    key = (scope_key(params.get("scope")), str(params.get("language_code") or ""))
    return emu.commands.get(key, [])


def set_webhook(emu: BotApiEmulator, params: Params, files: Files) -> Any:
    """setWebhook; plain http is allowed because the test server listens on 127.0.0.1."""
    url = str(params.get("url") or "")
    secret = params.get("secret_token")
    if url and not url.startswith(("http://", "https://")):
        raise bad("bad webhook: An HTTPS URL must be provided for webhook")
    if secret is not None and not _SECRET.fullmatch(str(secret)):
        raise bad("secret token contains unallowed characters")
    if params.get("drop_pending_updates"):
        emu.queue.clear()
    if isinstance(params.get("allowed_updates"), list):
        emu.queue.allowed = list(params["allowed_updates"])
    emu.webhook_url = url or None
    emu.webhook_secret = str(secret) if secret is not None and url else None
    return True


def delete_webhook(emu: BotApiEmulator, params: Params, files: Files) -> Any:
    """deleteWebhook."""
    if params.get("drop_pending_updates"):
        emu.queue.clear()
    emu.webhook_url = emu.webhook_secret = None
    return True


def get_webhook_info(emu: BotApiEmulator, params: Params, files: Files) -> Any:
    """getWebhookInfo."""
    info: dict[str, Any] = {
        "url": emu.webhook_url or "",
        "has_custom_certificate": False,
        "pending_update_count": len(emu.queue),
        "max_connections": 40,
    }
    if emu.queue.allowed:
        info["allowed_updates"] = emu.queue.allowed
    if emu.webhook_url and emu.webhook_error is not None:
        info["last_error_date"], info["last_error_message"] = emu.webhook_error
    return info


def get_file(emu: BotApiEmulator, params: Params, files: Files) -> Any:
    """getFile."""
    stored = emu.files.get(str(params.get("file_id", "")))
    if stored is None:
        raise bad("invalid file_id")
    return {
        "file_id": stored.file_id,
        "file_unique_id": stored.file_unique_id,
        "file_size": len(stored.content),
        "file_path": stored.file_path,
    }


def harmless(emu: BotApiEmulator, params: Params, files: Files) -> Any:
    """Methods the emulator accepts and forgets (close, logOut, descriptions, menu button)."""
    return True


ACCOUNT_METHODS: dict[str, Method] = {
    "getMe": get_me,
    "setMyCommands": set_my_commands,
    "deleteMyCommands": delete_my_commands,
    "getMyCommands": get_my_commands,
    "setWebhook": set_webhook,
    "deleteWebhook": delete_webhook,
    "getWebhookInfo": get_webhook_info,
    "getFile": get_file,
    **dict.fromkeys(("close", "logOut", "setMyName", "setChatMenuButton"), harmless),
    **PROFILE_METHODS,
}
