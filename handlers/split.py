"""Telegram's length, measured as Telegram measures it, and long texts split to fit.

Telegram limits a message to 4,096 and a caption to 1,024 characters, counted in UTF-16 code
units of the text AFTER entity parsing: tags are free, `&amp;` is one unit, an emoji outside
the Basic Multilingual Plane is two. A text over the limit is cut on the best text boundary
that keeps a part at least half full — paragraph, then line, then sentence, then word — and
only then between two characters; never inside a tag or an entity, never between the parts of
an emoji sequence. Tags open at a cut are closed at the end of the part and opened again at the
start of the next one, so every part is valid HTML on its own.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass
from enum import IntEnum

MAX_MESSAGE = 4096
MAX_CAPTION = 1024

# A tag, an entity Telegram knows (named ones are only these four), or one character.
_TOKEN = re.compile(
    r"<(?P<close>/?)(?P<name>[a-zA-Z][a-zA-Z0-9-]*)(?P<attrs>[^<>]*)>"
    r"|&(?:lt|gt|amp|quot|#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6});"
    r"|.",
    re.DOTALL,
)
_SENTENCE_END = frozenset(".!?…;:")
_ZWJ = "\u200d"


class Boundary(IntEnum):
    """Where a text may be cut, the most natural first."""

    PARAGRAPH = 0
    LINE = 1
    SENTENCE = 2
    WORD = 3


@dataclass(frozen=True, slots=True)
class _Token:
    raw: str  # as written in the text
    visible: str  # what the reader sees ('' for a tag)
    tag: str | None = None  # the tag's name, for tags
    closing: bool = False

    @property
    def units(self) -> int:
        return utf16_len(self.visible)


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units: what Telegram counts (an emoji may count as two)."""
    return len(text.encode("utf-16-le")) // 2


def telegram_length(text: str, *, markup: bool = True) -> int:
    """How long Telegram finds a text: UTF-16 units of what is left after entity parsing."""
    return sum(token.units for token in _tokens(text, markup=markup))


def visible_text(text: str) -> str:
    """The text a reader sees of an HTML message: tags dropped, entities decoded."""
    return "".join(token.visible for token in _tokens(text, markup=True))


def split_message(text: str, limit: int = MAX_MESSAGE, *, markup: bool = True) -> list[str]:
    """A text in as few parts as fit Telegram's `limit`, each valid on its own.

    `markup` says the text is Telegram HTML (tags and entities); a plain text is split the
    same way, with every character counted as itself. A text with nothing visible in it stays
    one part as it is: Telegram refuses it as empty, however it is cut.
    """
    if limit < 2:
        raise ValueError(f"a limit below 2 cannot hold every character, got {limit}")
    tokens = _tokens(text, markup=markup)
    parts: list[str] = []
    carried: list[_Token] = []  # tags open at the last cut, opened again in the next part
    start = 0
    while start < len(tokens):
        end = _cut(tokens, start, limit)
        body = tokens[start:end]
        while body and body[-1].tag is None and body[-1].visible.isspace():
            body = body[:-1]  # a part does not end in the blank its cut fell on
        opened = _still_open(carried, body)
        part = "".join(t.raw for t in (*carried, *body)) + "".join(
            f"</{t.tag}>" for t in reversed(opened)
        )
        if any(t.visible.strip() for t in body):
            parts.append(part)
        carried, start = opened, end
        while (
            start < len(tokens) and tokens[start].tag is None and (tokens[start].visible.isspace())
        ):
            start += 1  # nor does the next one start with it
    return parts or [text]


def _tokens(text: str, *, markup: bool) -> list[_Token]:
    if not markup:
        return [_Token(char, char) for char in text]
    tokens: list[_Token] = []
    for match in _TOKEN.finditer(text):
        raw, name = match.group(0), match.group("name")
        if name is not None:
            tokens.append(_Token(raw, "", name.lower(), bool(match.group("close"))))
        else:
            tokens.append(_Token(raw, html.unescape(raw) if raw.startswith("&") else raw))
    return tokens


def _cut(tokens: list[_Token], start: int, limit: int) -> int:
    """Where the part starting at `start` ends (exclusive): the best boundary that fits."""
    used = 0
    best: dict[Boundary, tuple[int, int]] = {}  # boundary -> (cut index, units before it)
    for index in range(start, len(tokens)):
        token = tokens[index]
        kind = _boundary_at(tokens, index)
        if kind is not None and index > start:
            best[kind] = (index, used)
        if used + token.units > limit:
            for boundary in Boundary:
                found = best.get(boundary)
                if found and (boundary is Boundary.WORD or found[1] >= limit // 2):
                    return found[0]
            return _between_characters(tokens, start, index)
        used += token.units
    return len(tokens)


def _boundary_at(tokens: list[_Token], index: int) -> Boundary | None:
    """The kind of boundary a cut before this blank would fall on, or None if no blank."""
    char = tokens[index].visible
    if tokens[index].tag is not None or not char.isspace():
        return None
    if char == "\n":
        following = _next_char(tokens, index)
        return Boundary.PARAGRAPH if following == "\n" else Boundary.LINE
    previous = _previous_char(tokens, index)
    return Boundary.SENTENCE if previous and previous[-1] in _SENTENCE_END else Boundary.WORD


def _between_characters(tokens: list[_Token], start: int, index: int) -> int:
    """A cut before `index`, moved back so it does not split an emoji or accented letter."""
    cut = index
    while cut - 1 > start and _joins(tokens[cut - 1], tokens[cut]):
        cut -= 1
    return cut if cut > start else index


def _joins(before: _Token, after: _Token) -> bool:
    """Whether two characters belong to one visible symbol (ZWJ sequence, modifier, mark)."""
    if before.tag is not None or after.tag is not None or not before.visible or not after.visible:
        return False
    first, second = before.visible[-1], after.visible[0]
    return (
        _ZWJ in (first, second)
        or unicodedata.category(second) in ("Mn", "Me", "Sk")
        or "\ufe00" <= second <= "\ufe0f"  # variation selectors
        or "\U0001f3fb" <= second <= "\U0001f3ff"  # skin tones
        or ("\U0001f1e6" <= first <= "\U0001f1ff" and "\U0001f1e6" <= second <= "\U0001f1ff")
    )


def _next_char(tokens: list[_Token], index: int) -> str:
    for token in tokens[index + 1 :]:
        if token.visible:
            return token.visible
    return ""


def _previous_char(tokens: list[_Token], index: int) -> str:
    for token in reversed(tokens[:index]):
        if token.visible:
            return token.visible
    return ""


def _still_open(carried: list[_Token], body: list[_Token]) -> list[_Token]:
    """The tags open at the end of a part: those carried in, plus opened, minus closed."""
    stack = list(carried)
    for token in body:
        if token.tag is None:
            continue
        if not token.closing:
            stack.append(token)
        elif stack and stack[-1].tag == token.tag:
            stack.pop()
    return stack
