"""Outbox messages as they look in the chat: each kind's view, and posting what it renders.

Each feature registers the view of each of its message kinds beside its handlers
(`@view(CheckInOpened)` in handlers/checkin_views.py); there is no central table. A view runs
when the message is sent: it reads what it needs by the payload's ids (views may call read
services) and words it in the reader's language. It returns a text, a document or a photo.
A file is made at send time from the ids, not stored in the outbox: its maker runs in a worker
thread (`asyncio.to_thread`), so a PDF or a chart never stalls the bot, and the library behind
it is imported inside the maker, so start-up does not pay for it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from functools import partial
from typing import Any, TypeVar

from telegram import Bot, InlineKeyboardMarkup, InputFile, Message

from bot.domain.messages import Outgoing, Payload, UnsendableError, payload_types
from bot.services.runtime import Services
from handlers.reply import send
from handlers.split import MAX_CAPTION, telegram_length


@dataclass(frozen=True, slots=True)
class Text:
    """A text message (HTML), with buttons under it or not."""

    text: str
    markup: InlineKeyboardMarkup | None = None


@dataclass(frozen=True, slots=True)
class Document:
    """A file (PDF, .ics, CSV…); `make` builds its bytes and runs off the event loop."""

    filename: str
    make: Callable[[], bytes]
    caption: str | None = None
    markup: InlineKeyboardMarkup | None = None


@dataclass(frozen=True, slots=True)
class Photo:
    """A picture (PNG); `make` builds its bytes and runs off the event loop."""

    make: Callable[[], bytes]
    caption: str | None = None
    markup: InlineKeyboardMarkup | None = None
    filename: str = "picture.png"


Rendered = Text | Document | Photo
P = TypeVar("P", bound=Payload)
T = TypeVar("T")
View = Callable[[Services, Outgoing, P], Awaitable[Rendered]]

_VIEWS: dict[type[Payload], View[Any]] = {}


def found(value: T | None, what: str) -> T:
    """What a view read by id; a message about something that is not there cannot be sent."""
    if value is None:
        raise UnsendableError(f"{what} is not there")
    return value


def view(kind: type[P]) -> Callable[[View[P]], View[P]]:
    """Register the view of a message kind (one view per kind)."""

    def register(function: View[P]) -> View[P]:
        if _VIEWS.get(kind, function) is not function:
            raise ValueError(f"{kind.__name__} has a view already: {_VIEWS[kind].__qualname__}")
        _VIEWS[kind] = function
        return function

    return register


def kinds_without_view() -> list[str]:
    """Message kinds that could be queued but not sent (checked when the bot starts)."""
    return sorted(name for name, cls in payload_types().items() if cls not in _VIEWS)


async def render(svc: Services, message: Outgoing) -> Rendered:
    """Lay out an outbox message for its reader, by the view of its kind."""
    function = _VIEWS.get(type(message.payload))
    if function is None:
        raise UnsendableError(f"message kind {message.kind!r} has no view")
    return await function(svc, message, message.payload)


async def post(svc: Services, bot: Bot, message: Outgoing) -> int:
    """Render an outbox message and send it; returns the id Telegram gave the (last) message.

    A view or a file maker that fails raises UnsendableError: the message cannot be sent as it
    is. Telegram's own errors pass through for the sender to judge.
    """
    assert message.telegram_id is not None
    try:
        rendered = await render(svc, message)
        if not isinstance(rendered, Text):  # made here, so that its failure is told apart
            content = await asyncio.to_thread(rendered.make)
            rendered = replace(rendered, make=partial(bytes, content))
    except UnsendableError:
        raise
    except Exception as error:
        raise UnsendableError(f"outbox {message.id} ({message.kind}): {error!r}") from error
    return (await send_rendered(bot, message.telegram_id, rendered)).message_id


async def send_rendered(bot: Bot, chat_id: int, rendered: Rendered) -> Message:
    """Send a text, a document or a photo to a chat (a direct reply, or the outbox's post).

    A text too long for one message goes in parts; a file is made in a worker thread; a caption
    too long for one goes after the file, in parts.
    """
    if isinstance(rendered, Text):
        return await send(bot, chat_id, rendered.text, rendered.markup)
    upload = InputFile(await asyncio.to_thread(rendered.make), filename=rendered.filename)
    caption = rendered.caption
    # A caption Telegram would refuse as too long goes after the file, as text in parts.
    long_caption = caption is not None and telegram_length(caption) > MAX_CAPTION
    fields: dict[str, Any] = {
        "caption": None if long_caption else caption,
        "reply_markup": None if long_caption else rendered.markup,
    }
    if isinstance(rendered, Document):
        sent = await bot.send_document(chat_id, upload, **fields)
    else:
        sent = await bot.send_photo(chat_id, upload, **fields)
    if long_caption and caption is not None:
        await send(bot, chat_id, caption, rendered.markup)
    return sent
