"""A local Telegram Bot API emulator for end-to-end tests, the offline demo and benchmarks."""

from bot.sandbox.chats import SimChat, SimGroup
from bot.sandbox.checks import ApiError
from bot.sandbox.emulator import BotApiEmulator
from bot.sandbox.faults import Faults
from bot.sandbox.model import ApiCall, ChatMessage, StoredFile
from bot.sandbox.users import SimUser

__all__ = [
    "ApiCall",
    "ApiError",
    "BotApiEmulator",
    "ChatMessage",
    "Faults",
    "SimChat",
    "SimGroup",
    "SimUser",
    "StoredFile",
]
