"""What the bot sends on its own initiative: outbox messages, described by ids, never worded.

Each kind of message has a payload: a frozen dataclass declared beside the feature that sends
it and registered under the kind's name with `@message_kind("checkin_open")`. A payload holds
ids (person, placement, check-in, alert) and plain values, never names, Telegram ids or free
text: the feature's view loads those by id when the message is sent, in the reader's language,
so an erased name is in no queued message and a renamed person is greeted by his new name.
A payload is checked when it is made (a wrong one is never written) and when it is read back
from the outbox (a row from an older version or written by hand fails loudly, not halfway).
"""

from __future__ import annotations

import json
import types
import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields, is_dataclass
from datetime import date, datetime
from enum import Enum
from typing import Any, ClassVar, TypeVar, Union


class PayloadError(ValueError):
    """A payload that does not fit its kind: an unknown kind, a missing, extra or wrong field."""


class UnsendableError(Exception):
    """A message that cannot be laid out as it is: sending it again would fail the same way."""


class Payload:
    """Base of every message payload; each kind is a frozen, slotted dataclass of it."""

    __slots__ = ()
    kind: ClassVar[str]

    def __post_init__(self) -> None:
        for name, (expected, optional) in _field_types(type(self)).items():
            value = getattr(self, name)
            if not (value is None and optional) and not _is_a(value, expected):
                raise PayloadError(
                    f"{_name(type(self))}.{name} must be {_what(expected)}"
                    f"{' or None' if optional else ''}, not {value!r}"
                )


AnyPayload = TypeVar("AnyPayload", bound=type[Payload])
# Field types a payload may use: they survive JSON and say nothing about anyone.
_SIMPLE = (bool, int, str, date)
_KINDS: dict[str, type[Payload]] = {}
_FIELDS: dict[type[Payload], dict[str, tuple[type, bool]]] = {}


def message_kind(name: str) -> Callable[[AnyPayload], AnyPayload]:
    """Register a payload dataclass as the message kind `name`; a name is taken once."""

    def register(cls: AnyPayload) -> AnyPayload:
        if not is_dataclass(cls) or not cls.__dataclass_params__.frozen:
            raise TypeError(f"{cls.__name__}: a payload is a frozen dataclass")
        if _KINDS.get(name, cls) is not cls:
            raise ValueError(f"message kind {name!r} is taken by {_KINDS[name].__qualname__}")
        _field_types(cls)  # an unsupported field type fails at import, not at send time
        cls.kind = name
        _KINDS[name] = cls
        return cls

    return register


def payload_types() -> Mapping[str, type[Payload]]:
    """Every registered kind and its payload class."""
    return types.MappingProxyType(_KINDS)


def _field_types(cls: type[Payload]) -> dict[str, tuple[type, bool]]:
    """Each field's type and whether it may be None, checked to be one a payload may hold."""
    if cls in _FIELDS:
        return _FIELDS[cls]
    hints = typing.get_type_hints(cls)
    found: dict[str, tuple[type, bool]] = {}
    for item in fields(cls):  # type: ignore[arg-type]
        hint = hints[item.name]
        args = typing.get_args(hint)
        optional = typing.get_origin(hint) in (Union, types.UnionType) and type(None) in args
        if optional:
            rest = [a for a in args if a is not type(None)]
            hint = rest[0] if len(rest) == 1 else hint
        if not (hint in _SIMPLE or (isinstance(hint, type) and issubclass(hint, Enum))):
            raise TypeError(
                f"{cls.__name__}.{item.name}: a payload field is an id or a plain "
                f"value (int, bool, str, date, an enum), not {hint!r}"
            )
        found[item.name] = (hint, optional)
    _FIELDS[cls] = found
    return found


def _is_a(value: object, expected: type) -> bool:
    if expected is int:  # bool is an int to Python, not to a payload
        return isinstance(value, int) and not isinstance(value, bool)
    if expected is date:
        return isinstance(value, date) and not isinstance(value, datetime)
    return isinstance(value, expected)


def _what(expected: type) -> str:
    return (
        expected.__name__
        if not issubclass(expected, Enum)
        else (f"a {expected.__name__} ({', '.join(repr(m.value) for m in expected)})")
    )


def _name(cls: type[Payload]) -> str:
    return f"{getattr(cls, 'kind', cls.__name__)}"


def encode(payload: Payload) -> str:
    """The payload as the JSON object stored in the outbox."""
    if _KINDS.get(getattr(payload, "kind", "")) is not type(payload):
        raise PayloadError(f"{type(payload).__name__} is not a registered message kind")
    values: dict[str, Any] = {}
    for name in _field_types(type(payload)):
        value = getattr(payload, name)
        if isinstance(value, Enum):
            value = value.value
        elif isinstance(value, date):
            value = value.isoformat()
        values[name] = value
    return json.dumps(values, ensure_ascii=False, sort_keys=True)


def decode(kind: str, text: str) -> Payload:
    """A payload read back from the outbox; anything that does not fit raises PayloadError."""
    cls = _KINDS.get(kind)
    if cls is None:
        raise PayloadError(f"unknown message kind {kind!r}")
    try:
        raw = json.loads(text)
    except ValueError as error:
        raise PayloadError(f"{kind}: not JSON: {error}") from None
    if not isinstance(raw, dict):
        raise PayloadError(f"{kind}: a payload is a JSON object, not {text[:40]!r}")
    expected = _field_types(cls)
    missing, extra = expected.keys() - raw.keys(), raw.keys() - expected.keys()
    if missing or extra:
        raise PayloadError(f"{kind}: missing {sorted(missing)}, unknown {sorted(extra)}")
    values = {name: _decoded(kind, name, raw[name], *expected[name]) for name in expected}
    return cls(**values)


def _decoded(kind: str, name: str, raw: object, expected: type, optional: bool) -> object:
    if raw is None and optional:
        return None
    try:
        if issubclass(expected, Enum):
            return expected(raw)
        if expected is date and isinstance(raw, str):
            return date.fromisoformat(raw)
    except (ValueError, TypeError):
        pass
    else:
        if _is_a(raw, expected):
            return raw
    raise PayloadError(f"{kind}.{name} must be {_what(expected)}, not {raw!r}")


@dataclass(frozen=True, slots=True)
class Message:
    """A message to one person, unique by its dedupe key."""

    dedupe_key: str
    person_id: int
    payload: Payload

    def __post_init__(self) -> None:
        if _KINDS.get(getattr(self.payload, "kind", "")) is not type(self.payload):
            raise PayloadError(f"{type(self.payload).__name__} is not a registered message kind")

    @property
    def kind(self) -> str:
        """The name of the message kind."""
        return self.payload.kind


@dataclass(frozen=True, slots=True)
class Outgoing:
    """An outbox row ready for the sender: to whom (as he is now), in which language, what."""

    id: int
    person_id: int
    telegram_id: int | None
    language: str
    name: str  # the reader's own name, read at send time (a greeting needs it)
    payload: Payload

    @property
    def kind(self) -> str:
        """The name of the message kind."""
        return self.payload.kind
