"""Privacy rules: what an erased person is called, and when retention has run out."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

from bot.domain.messages import Payload, message_kind


def erased_name(person_id: int) -> str:
    """The name an erased person keeps, so counts and links between rows stay."""
    return f"erased-{person_id}"


def erased_email(person_id: int) -> str:
    """The email an erased person keeps (unique, and undeliverable by design)."""
    return f"erased-{person_id}@invalid"


def retention_cutoff(today: date, months: int) -> date:
    """Placements that ended before this day are past retention."""
    month_index = today.year * 12 + today.month - 1 - months
    year, month = divmod(month_index, 12)
    day = min(today.day, calendar.monthrange(year, month + 1)[1])
    return date(year, month + 1, day)


# --- messages of the privacy feature (their views: handlers/privacy_views.py) ------------------


@message_kind("erasure_request")
@dataclass(frozen=True, slots=True)
class ErasureRequested(Payload):
    """Someone asked to be erased: a coordinator is to approve or reject."""

    request_id: int


@message_kind("erasure_rejected")
@dataclass(frozen=True, slots=True)
class ErasureRejected(Payload):
    """To the person who asked: a coordinator rejected his erasure request."""

    request_id: int
