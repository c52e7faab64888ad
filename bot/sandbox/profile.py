"""Bot API methods about the bot's profile: descriptions, checked against Telegram's limits.

What was set is read back from the emulator's call record, as getMyDescription answers it:
exactly that language, with no fallback to the default (as Telegram does for the caller).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.sandbox.messages import Files, Method, Params, bad

if TYPE_CHECKING:
    from bot.sandbox.emulator import BotApiEmulator

LIMITS = {
    "setMyDescription": ("description", 512),
    "setMyShortDescription": ("short_description", 120),
}


def _checked(method: str) -> Method:
    field, limit = LIMITS[method]

    def check(emu: BotApiEmulator, params: Params, files: Files) -> Any:
        text = params.get(field)
        if text is not None and (not isinstance(text, str) or len(text) > limit):
            raise bad(f"{field.upper()}_INVALID")
        code = params.get("language_code")
        if code is not None and (not isinstance(code, str) or len(code) != 2):
            raise bad("LANGUAGE_CODE_INVALID")
        return True

    return check


def set_profile(emu: BotApiEmulator, method: str, language: str | None) -> str:
    """The text last set by `method` for `language` (None: no language), "" when unset."""
    for call in reversed(emu.calls):
        if (
            call.method == method
            and call.status == 200
            and call.params.get("language_code") == language
        ):
            field = LIMITS[method][0]
            return str(call.params.get(field) or "")
    return ""


def _getter(method: str) -> Method:
    field = LIMITS[method][0]

    def get(emu: BotApiEmulator, params: Params, files: Files) -> Any:
        language = params.get("language_code")
        return {field: set_profile(emu, method, language if isinstance(language, str) else None)}

    return get


PROFILE_METHODS: dict[str, Method] = {
    "setMyDescription": _checked("setMyDescription"),
    "setMyShortDescription": _checked("setMyShortDescription"),
    "getMyDescription": _getter("setMyDescription"),
    "getMyShortDescription": _getter("setMyShortDescription"),
}
