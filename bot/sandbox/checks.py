"""Validation of what the bot sends, with the error texts Telegram answers."""

from __future__ import annotations

import html
import re
from typing import Any

MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_CALLBACK_DATA = 64

# Tags Telegram's HTML parse mode knows; anything else is rejected like the real server does.
_TAGS = frozenset(
    {
        "b",
        "strong",
        "i",
        "em",
        "u",
        "ins",
        "s",
        "strike",
        "del",
        "code",
        "pre",
        "a",
        "tg-spoiler",
        "span",
        "blockquote",
        "tg-emoji",
    }
)
_TOKEN = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)?([^<>]*)(>?)|&")
_ENTITY = re.compile(r"&(lt|gt|amp|quot|#[0-9]+|#x[0-9a-fA-F]+);")


class ApiError(Exception):
    """A Bot API error answer: HTTP status, description and optional retry_after."""

    def __init__(self, code: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(f"{code} {description}")
        self.code = code
        self.description = description
        self.retry_after = retry_after


def _bad(description: str) -> ApiError:
    return ApiError(400, f"Bad Request: {description}")


def _byte_offset(text: str, pos: int) -> int:
    return len(text[:pos].encode())


def parse_html(text: str) -> str:
    """Check Telegram HTML and return the plain text a user would see."""
    plain: list[str] = []
    stack: list[tuple[str, int]] = []
    pos = 0
    for m in _TOKEN.finditer(text):
        plain.append(text[pos : m.start()])
        pos = m.end()
        if m.group(0) == "&":
            entity = _ENTITY.match(text, m.start())
            if entity is None:
                raise _bad(
                    "can't parse entities: Character entity expected at byte offset "
                    f"{_byte_offset(text, m.start())}"
                )
            plain.append(html.unescape(entity.group(0)))
            pos = entity.end()
            continue
        closing, name, attrs, end = m.group(1), (m.group(2) or "").lower(), m.group(3), m.group(4)
        offset = _byte_offset(text, m.start())
        if not end:
            raise _bad(f"can't parse entities: Unclosed start tag at byte offset {offset}")
        if name not in _TAGS:
            kind = "end" if closing else "start"
            raise _bad(
                f'can\'t parse entities: Unsupported {kind} tag "{name}" at byte offset {offset}'
            )
        if not closing:
            if name == "a" and "href=" not in attrs:
                raise _bad(f"can't parse entities: Unsupported start tag at byte offset {offset}")
            stack.append((name, offset))
            continue
        if not stack:
            raise _bad(f"can't parse entities: Unexpected end tag at byte offset {offset}")
        expected, _ = stack.pop()
        if expected != name:
            raise _bad(
                f"can't parse entities: Unmatched end tag at byte offset {offset}, "
                f'expected "</{expected}>", found "</{name}>"'
            )
    if stack:
        raise _bad(
            "can't parse entities: Can't find end tag corresponding to start tag "
            f'"{stack[-1][0]}"'
        )
    plain.append(text[pos:])
    return "".join(plain)


def utf16_len(text: str) -> int:
    """Length as Telegram counts it: UTF-16 code units (an emoji may count as two)."""
    return len(text.encode("utf-16-le")) // 2


def plain_text(text: str, parse_mode: str | None) -> str:
    """The visible text for a parse mode; only HTML is checked (Markdown is passed through)."""
    if parse_mode is not None and parse_mode.upper() == "HTML":
        return parse_html(text)
    return text


def check_text(text: Any, parse_mode: str | None, *, caption: bool = False) -> str:
    """Validate a message text or caption and return its visible text."""
    if text is None and caption:
        return ""
    if not isinstance(text, str):
        raise _bad("message text is empty")
    plain = plain_text(text, parse_mode)
    if not caption and not plain.strip():
        raise _bad("message text is empty")
    # Telegram applies the limit to the text after entity parsing, so tags do not count.
    if utf16_len(plain) > (MAX_CAPTION if caption else MAX_TEXT):
        raise _bad("message caption is too long" if caption else "message is too long")
    return plain


def check_markup(markup: Any) -> dict[str, Any] | None:
    """Validate a reply_markup the way Telegram rejects broken inline keyboards."""
    if markup is None:
        return None
    if not isinstance(markup, dict):
        raise _bad("can't parse reply keyboard markup JSON object")
    rows = markup.get("inline_keyboard")
    if rows is None:
        return markup
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise _bad('field "inline_keyboard" of the InlineKeyboardMarkup must be an Array')
    for row in rows:
        for button in row:
            if not isinstance(button, dict) or not isinstance(button.get("text"), str):
                raise _bad("can't parse inline keyboard button: Text must be a string")
            data = button.get("callback_data")
            if data is not None and (
                not isinstance(data, str) or len(data.encode()) > MAX_CALLBACK_DATA
            ):
                raise _bad("BUTTON_DATA_INVALID")
            if data is None and not any(
                k in button
                for k in (
                    "url",
                    "web_app",
                    "login_url",
                    "switch_inline_query",
                    "pay",
                    "copy_text",
                    "callback_game",
                )
            ):
                raise _bad(
                    "can't parse inline keyboard button: "
                    "Text buttons are unallowed in the inline keyboard"
                )
    return markup
