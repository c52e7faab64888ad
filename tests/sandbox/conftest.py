"""Fixtures for the emulator tests: a running emulator and the real PTB Bot on it."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from telegram import (
    Bot,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
)

from bot.sandbox import BotApiEmulator

ANN = 1001


@pytest.fixture
async def emu() -> AsyncIterator[BotApiEmulator]:
    """A running emulator, stopped after the test."""
    async with BotApiEmulator() as emulator:
        yield emulator


@pytest.fixture
async def bot(emu: BotApiEmulator) -> AsyncIterator[Bot]:
    """The real PTB Bot pointed at the emulator."""
    async with Bot(emu.token, base_url=f"{emu.base_url}/bot",
                   base_file_url=f"{emu.base_url}/file/bot") as client:
        yield client


@pytest.fixture
def timedelta_retry_after(monkeypatch: pytest.MonkeyPatch) -> None:
    """Opt in to PTB's timedelta retry_after; the int form warns (and warnings are errors)."""
    monkeypatch.setenv("PTB_TIMEDELTA", "true")


def keyboard(*pairs: tuple[str, str]) -> InlineKeyboardMarkup:
    """One row of callback buttons."""
    return InlineKeyboardMarkup([[InlineKeyboardButton(t, callback_data=d) for t, d in pairs]])
