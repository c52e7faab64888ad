"""What a Bot API error at start tells the operator: the setting to fix, never the token."""

from __future__ import annotations

from typing import Any

import pytest
from telegram.error import (
    BadRequest,
    Conflict,
    InvalidToken,
    NetworkError,
    TelegramError,
    TimedOut,
)

from bot.bot_api import BotApiUnreachableError, explain
from bot.settings import Settings, SettingsError

TOKEN = "7000002:AAH-explain_TEST-Zq9-secret"


def wrapped(inner: TelegramError) -> TelegramError:
    """As PTB raises it from getMe: the server's answer inside an error that names the token."""
    try:
        try:
            raise inner
        except TelegramError as cause:
            raise type(inner)(f"The token `{TOKEN}` was rejected by the server.") from cause
    except TelegramError as outer:
        return outer


def settings(**values: Any) -> Settings:
    values = {
        "telegram_bot_token": TOKEN,
        "telegram_api_base_url": "http://127.0.0.1:8081",
        **values,
    }
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


@pytest.mark.parametrize(
    ("error", "kind", "start"),
    [
        (
            wrapped(InvalidToken("Unauthorized")),
            SettingsError,
            "TELEGRAM_BOT_TOKEN was refused by the Bot API at http://127.0.0.1:8081 "
            "(Unauthorized): set TELEGRAM_BOT_TOKEN",
        ),
        (
            wrapped(InvalidToken("Not Found")),
            SettingsError,
            "TELEGRAM_API_BASE_URL http://127.0.0.1:8081 answered Not Found to getMe",
        ),
        (
            wrapped(
                InvalidToken(
                    "Not Found (404). Parsing the server response b'<h1>/bot"
                    + TOKEN
                    + "/getMe</h1>' failed"
                )
            ),
            SettingsError,
            "TELEGRAM_API_BASE_URL http://127.0.0.1:8081 answered Not Found (404) to getMe",
        ),
        (
            NetworkError("httpx.ConnectError: All connection attempts failed"),
            BotApiUnreachableError,
            "TELEGRAM_API_BASE_URL http://127.0.0.1:8081 could not be "
            "reached (httpx.ConnectError: All connection attempts failed)",
        ),
        (
            TimedOut(),
            BotApiUnreachableError,
            "TELEGRAM_API_BASE_URL http://127.0.0.1:8081 could not be reached (Timed out)",
        ),
        (
            NetworkError("Bad Gateway"),
            BotApiUnreachableError,
            "TELEGRAM_API_BASE_URL http://127.0.0.1:8081 could not be reached (Bad Gateway)",
        ),
        (
            Conflict("terminated by other getUpdates request"),
            BotApiUnreachableError,
            "another process is receiving this bot's updates",
        ),
        (
            TelegramError("Invalid server response"),
            SettingsError,
            "TELEGRAM_API_BASE_URL http://127.0.0.1:8081 does not answer as a Bot API",
        ),
        (
            BadRequest("Chat not found"),
            SettingsError,
            "TELEGRAM_API_BASE_URL http://127.0.0.1:8081 does not answer as a Bot API",
        ),
    ],
)
def test_each_failure_names_the_setting_to_fix(
    error: TelegramError, kind: type[Exception], start: str
) -> None:
    explained = explain(settings(), error)
    assert type(explained) is kind
    assert str(explained).startswith(start)
    assert "\n" not in str(explained)
    assert TOKEN.split(":")[1] not in str(explained)


def test_a_refused_webhook_names_webhook_url() -> None:
    explained = explain(
        settings(webhook_url="https://bot.school.example/hook", webhook_secret="s3cret_value"),
        BadRequest("Bad webhook: an https url must be provided for webhook"),
    )
    assert type(explained) is SettingsError
    assert str(explained).startswith(
        "WEBHOOK_URL https://bot.school.example/hook was refused "
        "by the Bot API (Bad webhook: an https url must be provided"
    )
