"""Chats as a user sees them: messages of both sides, edits applied, deleted ones gone."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from bot.sandbox.checks import plain_text, utf16_len
from bot.sandbox.model import ChatMessage

if TYPE_CHECKING:
    from bot.sandbox.emulator import BotApiEmulator

Match = str | Callable[[ChatMessage], bool]


def command_entities(text: str) -> list[dict[str, Any]]:
    """A bot_command entity for a leading "/cmd", as Telegram's clients attach."""
    if not text.startswith("/") or len(text) < 2:
        return []
    command = text.split(maxsplit=1)[0]
    return [{"type": "bot_command", "offset": 0, "length": utf16_len(command)}]


class SimChat:
    """One chat's history, kept in order, with a log of changes for waiting on news."""

    def __init__(self, emu: BotApiEmulator, chat_id: int, kind: str) -> None:
        self._emu = emu
        self.chat_id = chat_id
        self.kind = kind
        self._messages: dict[int, ChatMessage] = {}
        self._log: list[ChatMessage] = []  # each new or edited message, appended in order
        self._cursor = 0  # receives() looks only at log entries from here on
        self._next_message_id = 1

    def chat_dict(self) -> dict[str, Any]:
        """The Bot API Chat object."""
        return {"id": self.chat_id, "type": self.kind}

    @property
    def chat(self) -> list[ChatMessage]:
        """The chat as it looks now: both sides in order."""
        return list(self._messages.values())

    @property
    def bot_messages(self) -> list[ChatMessage]:
        """Only the bot's messages, oldest first."""
        return [m for m in self._messages.values() if m.from_bot]

    def texts(self) -> list[str]:
        """The bot's message texts (captions for files), oldest first."""
        return [m.text or "" for m in self.bot_messages]

    def message(self, message_id: int) -> ChatMessage | None:
        """A message still in the chat, by id."""
        return self._messages.get(message_id)

    def new_message(self, *, from_bot: bool, text: str | None, **fields: Any) -> ChatMessage:
        """Create and keep a message with the next id of this chat."""
        msg = ChatMessage(
            message_id=self._next_message_id,
            chat_id=self.chat_id,
            from_bot=from_bot,
            text=text,
            date=self._emu.date(),
            **fields,
        )
        self._next_message_id += 1
        self._messages[msg.message_id] = msg
        self._log.append(msg)
        return msg

    def changed(self, msg: ChatMessage) -> None:
        """Note an edit so waiters see it as news."""
        msg.revision += 1
        msg.edited = True
        self._log.append(msg)

    def remove(self, message_id: int) -> bool:
        """Delete a message; False when it was not there."""
        return self._messages.pop(message_id, None) is not None

    def mark_read(self) -> None:
        """From now on receives() waits for messages newer than this."""
        self._cursor = len(self._log)

    # The timeout argument is the public contract tests read best ("receives(..., timeout=2)").
    # By default an outer limit only: a test waits for the message, never for the clock, and a
    # loaded machine may take far longer than a quiet one.
    async def receives(
        self,
        match: Match,
        timeout: float = 60.0,  # noqa: ASYNC109
        *,
        new: bool = True,
    ) -> ChatMessage:
        """Wait for a bot message (new since the last action by default) that matches."""
        test: Callable[[ChatMessage], bool] = (
            (lambda m: m.matches(match)) if isinstance(match, str) else match
        )
        found: list[ChatMessage] = []

        def arrived() -> bool:
            start = self._cursor if new else 0
            for index in range(start, len(self._log)):
                msg = self._log[index]
                if msg.from_bot and msg.message_id in self._messages and test(msg):
                    found.append(msg)
                    self._cursor = index + 1
                    return True
            return False

        try:
            await self._emu.wait_for(arrived, timeout)
        except TimeoutError:
            recent = [m.text for m in self.bot_messages[-5:]]
            raise TimeoutError(
                f"chat {self.chat_id} received no bot message matching {match!r} in {timeout}s;"
                f" last bot messages: {recent}"
            ) from None
        return found[0]

    def api_message(self, msg: ChatMessage) -> dict[str, Any]:
        """The Bot API Message object for a message of this chat."""
        out: dict[str, Any] = {
            "message_id": msg.message_id,
            "date": msg.date,
            "chat": self.chat_dict(),
        }
        if msg.from_bot:
            out["from"] = self._emu.bot_user()
        elif msg.sender_id is not None and msg.sender_id in self._emu.users:
            out["from"] = self._emu.users[msg.sender_id].user_dict()
        stored = self._emu.files.get(msg.file_id) if msg.file_id else None
        if stored is not None:
            out["document" if msg.document else "photo"] = (
                stored.as_document() if msg.document else stored.as_photo()
            )
        if msg.text is not None:
            visible = plain_text(msg.text, msg.parse_mode)
            out["caption" if stored is not None else "text"] = visible
            if not msg.from_bot and stored is None and command_entities(visible):
                out["entities"] = command_entities(visible)
        if msg.edited:
            out["edit_date"] = self._emu.date()
        if msg.reply_markup is not None:
            out["reply_markup"] = msg.reply_markup
        return out


class SimGroup(SimChat):
    """A group or channel chat; users may write into it, the bot may send to it."""

    def __init__(self, emu: BotApiEmulator, chat_id: int, title: str, kind: str) -> None:
        super().__init__(emu, chat_id, kind)
        self.title = title

    def chat_dict(self) -> dict[str, Any]:
        """The Bot API Chat object."""
        return {"id": self.chat_id, "type": self.kind, "title": self.title}

    def send_text(self, text: str, user_id: int | None = None) -> int:
        """A message (or channel post) into this chat; returns the update_id."""
        msg = self.new_message(from_bot=False, text=text, sender_id=user_id)
        payload = self.api_message(msg)
        if self.kind == "channel":
            payload.pop("from", None)
            payload["sender_chat"] = self.chat_dict()
            return self._emu.inject_update({"channel_post": payload})
        return self._emu.inject_update({"message": payload})
