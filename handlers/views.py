"""How each outbox message looks in the chat: text and buttons, in the reader's language."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from telegram import InlineKeyboardMarkup

from bot.domain.messages import MessageKind, Outgoing
from bot.i18n import t


@dataclass(frozen=True, slots=True)
class Rendered:
    """A message ready to send."""

    text: str
    markup: InlineKeyboardMarkup | None = None


View = Callable[[Outgoing], Rendered]
VIEWS: dict[MessageKind, View] = {}


def view(kind: MessageKind) -> Callable[[View], View]:
    """Register the function that lays out one kind of outbox message."""
    def register(function: View) -> View:
        VIEWS[kind] = function
        return function
    return register


def render(message: Outgoing) -> Rendered:
    """Lay out an outbox message for its recipient."""
    return VIEWS[message.kind](message)


@view(MessageKind.NOTICE)
def notice(message: Outgoing) -> Rendered:
    """A plain text from the catalog, named in the message."""
    params = dict(message.params)
    key = str(params.pop("key"))
    return Rendered(t(message.language, key, **params))


@view(MessageKind.UNDELIVERABLE)
def undeliverable(message: Outgoing) -> Rendered:
    """Tell a supervisor that someone of his placements can no longer be reached."""
    p = message.params
    role = t(message.language, f"role.{p['role']}")
    return Rendered(t(message.language, "undeliverable", name=p["name"], role=role))
