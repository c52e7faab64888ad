"""Reaching the Bot API at start: one line that names the setting to fix, never a traceback.

PTB answers a wrong token or a wrong base URL with exceptions whose text holds the token
("The token `123:ABC…` was rejected by the server"), so nothing of theirs is printed as it is.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from telegram import Bot
from telegram.error import (
    BadRequest,
    Conflict,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TelegramError,
)

from bot.redaction import REDACTOR
from bot.settings import HINTS, Settings, SettingsError


class BotApiUnreachableError(Exception):
    """The Bot API did not answer (down, timed out, 5xx): maybe a wrong URL, maybe a moment."""


async def bot_username(settings: Settings) -> str:
    """The bot's @username from getMe; a refusal or silence becomes one line naming a setting."""
    token = settings.require_token()
    try:
        with _quiet("telegram"):
            async with Bot(token, base_url=f"{settings.telegram_api_base_url}/bot") as bot:
                return bot.username
    except TelegramError as error:
        raise explain(settings, error) from None


@contextmanager
def _quiet(name: str) -> Iterator[None]:
    """PTB logs a failed call with a traceback (and the server's answer); here the one line
    `explain` prints says it all, so its log stays quiet while we ask."""
    logger = logging.getLogger(name)
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(level)


def explain(settings: Settings, error: TelegramError) -> Exception:
    """What a Bot API error at start means for the operator, in one line without the token."""
    api = settings.telegram_api_base_url
    said = _first_line(error)
    if isinstance(error, InvalidToken) and said.startswith("Unauthorized"):
        return SettingsError(
            f"TELEGRAM_BOT_TOKEN was refused by the Bot API at {api} "
            f"({said}): {HINTS['telegram_bot_token']}"
        )
    if isinstance(error, InvalidToken):
        # Telegram answers 404 to a malformed token as well as to a URL that is no Bot API.
        return SettingsError(
            f"TELEGRAM_API_BASE_URL {api} answered {said} to getMe: "
            f"{HINTS['telegram_api_base_url']} (the bot adds /bot<token>/ "
            "itself); if it is right, check TELEGRAM_BOT_TOKEN"
        )
    if isinstance(error, Conflict):
        return BotApiUnreachableError(
            f"another process is receiving this bot's updates "
            f"({said}): stop it, or check TELEGRAM_BOT_TOKEN"
        )
    if isinstance(error, BadRequest) and settings.webhook_url:  # setWebhook said no
        return SettingsError(
            f"WEBHOOK_URL {settings.webhook_url} was refused by the Bot API "
            f"({said}): {HINTS['webhook_url']}"
        )
    if isinstance(error, NetworkError | RetryAfter) and not isinstance(error, BadRequest):
        return BotApiUnreachableError(
            f"TELEGRAM_API_BASE_URL {api} could not be reached "
            f"({said}): is the server up and the URL right?"
        )
    return SettingsError(
        f"TELEGRAM_API_BASE_URL {api} does not answer as a Bot API "
        f"({said}): {HINTS['telegram_api_base_url']}"
    )


def _first_line(error: BaseException) -> str:
    """What the server said: the message of the error PTB made from its answer (PTB wraps it
    in errors of the same type that name the token), first line, short, the token masked."""
    while type(error.__cause__) is type(error):
        error = error.__cause__
    text = REDACTOR.redact(str(error) or type(error).__name__)
    text = text.split(". Parsing the server response")[0].splitlines()[0] if text else text
    return text if len(text) <= 120 else text[:117] + "..."
