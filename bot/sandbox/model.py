"""Plain records the emulator keeps: chat messages, bot calls and stored files."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(slots=True)
class ChatMessage:
    """One message as it looks in the chat now (edits applied)."""

    message_id: int
    chat_id: int
    from_bot: bool
    text: str | None  # the text, or the caption of a document/photo; raw HTML as the bot sent it
    date: int
    parse_mode: str | None = None
    reply_markup: dict[str, Any] | None = None
    document: tuple[str, bytes] | None = None
    photo: bytes | None = None
    edited: bool = False
    sender_id: int | None = None  # the user who wrote it; None for the bot
    file_id: str | None = None  # the stored document or photo, for getFile
    revision: int = 0  # bumped on every edit so waiters can see edits as news

    @property
    def buttons(self) -> list[list[tuple[str, str]]]:
        """Inline keyboard rows as (text, callback_data or url) pairs."""
        rows = (self.reply_markup or {}).get("inline_keyboard") or []
        return [
            [(b.get("text", ""), b.get("callback_data") or b.get("url") or "") for b in row]
            for row in rows
        ]

    def has_button(self, label_or_data: str) -> bool:
        """Whether a callback button's text or data equals the given string."""
        return self.callback_data_for(label_or_data) is not None

    def callback_data_for(self, label_or_data: str) -> str | None:
        """The callback_data of the button matching by text or data, if any."""
        for row in (self.reply_markup or {}).get("inline_keyboard") or []:
            for b in row:
                data = b.get("callback_data")
                if data is not None and label_or_data in (b.get("text"), data):
                    return str(data)
        return None

    @property
    def content(self) -> bytes | None:
        """The bytes of the document or photo this message carries, as a client downloads them."""
        return self.document[1] if self.document is not None else self.photo

    def matches(self, needle: str) -> bool:
        """Whether the text, caption or document name contains the substring."""
        if self.text is not None and needle in self.text:
            return True
        return self.document is not None and needle in self.document[0]


@dataclass(frozen=True, slots=True)
class ApiCall:
    """One request the bot made and how the emulator answered it."""

    method: str
    params: dict[str, Any]
    chat_id: int | None
    time: float  # time.monotonic() when answered
    status: int  # HTTP status answered; 0 when the connection was dropped
    description: str | None = None
    started: float = 0.0  # time.monotonic() when the request arrived


@dataclass(frozen=True, slots=True)
class StoredFile:
    """A file either side uploaded, downloadable through getFile."""

    file_id: str
    file_unique_id: str
    file_path: str
    filename: str
    mime_type: str
    content: bytes = field(repr=False)
    size: tuple[int, int] | None = None  # width and height of a picture

    def as_document(self) -> dict[str, Any]:
        """The Bot API Document object."""
        return {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_name": self.filename,
            "mime_type": self.mime_type,
            "file_size": len(self.content),
        }

    def as_photo(self) -> list[dict[str, Any]]:
        """The Bot API PhotoSize list (one size: the emulator does not resize)."""
        width, height = self.size or (512, 512)
        return [
            {
                "file_id": self.file_id,
                "file_unique_id": self.file_unique_id,
                "width": width,
                "height": height,
                "file_size": len(self.content),
            }
        ]


@dataclass(frozen=True, slots=True)
class Upload:
    """A file part of a multipart request."""

    filename: str
    content: bytes = field(repr=False)
    content_type: str
