"""What the bot sends on its own initiative: outbox messages, described, never worded."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

Param = str | int | None


class MessageKind(StrEnum):
    """Each kind of message the outbox carries; handlers word and lay out each one."""

    CHECKIN_OPEN = "checkin_open"
    CHECKIN_REMINDER = "checkin_reminder"
    ALERT = "alert"
    ALERT_ESCALATED = "alert_escalated"
    PROBLEM_SHARED = "problem_shared"
    PAUSED = "paused"
    RESUMED = "resumed"
    UNDELIVERABLE = "undeliverable"
    NOTICE = "notice"
    ERASURE_REQUEST = "erasure_request"


@dataclass(frozen=True, slots=True)
class Message:
    """A message to one person, unique by its dedupe key."""

    dedupe_key: str
    person_id: int
    kind: MessageKind
    params: Mapping[str, Param] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Outgoing:
    """An outbox row ready for the sender: whom to send what, in which language."""

    id: int
    person_id: int
    telegram_id: int | None
    language: str
    kind: MessageKind
    params: Mapping[str, Param]
    attempts: int
