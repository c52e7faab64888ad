"""Simulated users: a private chat with the bot that a test drives like a person would."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.sandbox.chats import SimChat
from bot.sandbox.model import ChatMessage

if TYPE_CHECKING:
    from bot.sandbox.emulator import BotApiEmulator


class SimUser(SimChat):
    """A Telegram user in a private chat with the bot (chat_id == user_id)."""

    def __init__(
        self,
        emu: BotApiEmulator,
        user_id: int,
        first_name: str,
        *,
        language_code: str = "en",
        username: str | None = None,
    ) -> None:
        super().__init__(emu, user_id, "private")
        self.user_id = user_id
        self.first_name = first_name
        self.language_code = language_code
        self.username = username
        self.blocked = False
        # Every call to this chat answers this error (code, description) until `accept()`:
        # a chat Telegram keeps refusing (400) or cannot serve (5xx) for a while.
        self.refusing: tuple[int, str] | None = None
        self.answers: list[dict[str, Any]] = []  # answerCallbackQuery params for this user

    def user_dict(self) -> dict[str, Any]:
        """The Bot API User object."""
        out: dict[str, Any] = {
            "id": self.user_id,
            "is_bot": False,
            "first_name": self.first_name,
            "language_code": self.language_code,
        }
        if self.username:
            out["username"] = self.username
        return out

    def chat_dict(self) -> dict[str, Any]:
        """The Bot API Chat object of the private chat."""
        out: dict[str, Any] = {
            "id": self.chat_id,
            "type": "private",
            "first_name": self.first_name,
        }
        if self.username:
            out["username"] = self.username
        return out

    @property
    def commands(self) -> list[dict[str, Any]]:
        """The command menu this user sees (chat scope first, then wider scopes)."""
        return self._emu.commands_for(self)

    def block_bot(self) -> None:
        """Block the bot: from now on sends to this user answer 403."""
        self.blocked = True

    def unblock_bot(self) -> None:
        """Unblock the bot."""
        self.blocked = False

    def refuse(self, code: int, description: str) -> None:
        """Answer every call to this chat with this error, e.g. (500, "Internal Server Error")."""
        self.refusing = (code, description)

    def accept(self) -> None:
        """Serve calls to this chat again."""
        self.refusing = None

    def send_text(self, text: str) -> int:
        """Write a message to the bot; returns the update_id."""
        msg = self.new_message(from_bot=False, text=text, sender_id=self.user_id)
        self.mark_read()
        return self._emu.inject_update({"message": self.api_message(msg)})

    def send_command(self, command: str, args: str = "") -> int:
        """Send "/command args"; a leading slash in `command` is optional."""
        text = "/" + command.lstrip("/")
        return self.send_text(f"{text} {args}" if args else text)

    def press(self, label_or_data: str, message: ChatMessage | None = None) -> int:
        """Press an inline button (text or callback_data) of the newest bot message having it."""
        if message is None:
            message = next(
                (m for m in reversed(self.bot_messages) if m.has_button(label_or_data)), None
            )
        data = message.callback_data_for(label_or_data) if message is not None else None
        if message is None or data is None:
            shown = [m.buttons for m in self.bot_messages[-3:]]
            raise LookupError(
                f"user {self.user_id}: no button {label_or_data!r}; recent buttons: {shown}"
            )
        query_id = self._emu.open_callback_query(self.user_id)
        self.mark_read()
        return self._emu.inject_update(
            {
                "callback_query": {
                    "id": query_id,
                    "from": self.user_dict(),
                    "message": self.api_message(message),
                    "chat_instance": f"ci{self.chat_id}",
                    "data": data,
                }
            }
        )

    def upload_document(
        self,
        filename: str,
        content: bytes,
        caption: str | None = None,
        mime_type: str = "text/csv",
    ) -> int:
        """Send a file to the bot; getFile and download then return its content."""
        stored = self._emu.store_file(filename, content, mime_type, folder="documents")
        msg = self.new_message(
            from_bot=False,
            text=caption,
            sender_id=self.user_id,
            document=(filename, content),
            file_id=stored.file_id,
        )
        self.mark_read()
        return self._emu.inject_update({"message": self.api_message(msg)})

    def edit_text(self, message_id: int, new_text: str) -> int:
        """Edit one of this user's own messages; the bot gets an edited_message update."""
        msg = self.message(message_id)
        if msg is None or msg.from_bot:
            raise LookupError(f"user {self.user_id} has no own message {message_id}")
        msg.text = new_text
        self.changed(msg)
        return self._emu.inject_update({"edited_message": self.api_message(msg)})
