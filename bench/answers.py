"""What students do in the update benchmark: answer their check-in, or press and write."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from bot.sandbox.emulator import BotApiEmulator
from bot.sandbox.users import SimUser


@dataclass(frozen=True, slots=True)
class Sent:
    """One update a simulated student caused: a button press has a callback query id."""

    update_id: int
    chat_id: int
    query_id: str | None


Action = Callable[[BotApiEmulator, SimUser], Sent]


def press(pattern: str, *, synthetic: bool) -> Action:
    """Press the newest button whose callback data matches `pattern`.

    `synthetic`: the bare bot sent no such message, so one is put into the chat first.
    """
    wanted = re.compile(pattern)

    def act(emulator: BotApiEmulator, user: SimUser) -> Sent:
        if synthetic:
            data = pattern.strip("^$").replace(r"\d+", "1")
            message = user.new_message(
                from_bot=True,
                text="How was your week?",
                reply_markup={"inline_keyboard": [[{"text": data, "callback_data": data}]]},
            )
        else:
            message = next(
                m
                for m in reversed(user.bot_messages)
                if any(wanted.fullmatch(d) for row in m.buttons for _, d in row)
            )
            data = next(d for row in message.buttons for _, d in row if wanted.fullmatch(d))
        query_id = emulator.open_callback_query(user.user_id)
        update_id = emulator.inject_update(
            {
                "callback_query": {
                    "id": query_id,
                    "from": user.user_dict(),
                    "message": user.api_message(message),
                    "chat_instance": f"ci{user.chat_id}",
                    "data": data,
                }
            }
        )
        return Sent(update_id, user.chat_id, query_id)

    return act


def write(text: str) -> Action:
    """Send a text message."""

    def act(emulator: BotApiEmulator, user: SimUser) -> Sent:
        return Sent(user.send_text(text), user.chat_id, None)

    return act


def checkin_script(*, synthetic: bool) -> list[Action]:
    """A student answers his weekly check-in: mood 4, a line about the week, no help needed."""
    return [
        press(r"ci:\d+:m:4", synthetic=synthetic),
        write("A quiet week: I baked the bread on my own for the first time."),
        press(r"st:\d+:no", synthetic=synthetic),
    ]  # a step button carries its flow's id


def language_script(*, synthetic: bool) -> list[Action]:
    """Before check-ins existed: switch the language by button, and write a text."""
    return [
        press(r"lang:en", synthetic=synthetic),
        write("Hello"),
        press(r"lang:en", synthetic=synthetic),
    ]
