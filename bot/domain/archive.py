"""The end of the school year: archived placements and the one goodbye to each person."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

from bot.domain.messages import Payload, message_kind


def erased_on(last_day: date, retention_months: int) -> date:
    """The day a person's data is erased: RETENTION_MONTHS after his last placement ended.

    The inverse of `retention_cutoff` (bot/domain/privacy.py): a placement that ended on
    31 August with 24 months is past retention on 31 August two years on; a day that month
    lacks (29 February) becomes its last day.
    """
    month_index = last_day.year * 12 + last_day.month - 1 + retention_months
    year, month = divmod(month_index, 12)
    day = min(last_day.day, calendar.monthrange(year, month + 1)[1])
    return date(year, month + 1, day)


@message_kind("placement_goodbye")
@dataclass(frozen=True, slots=True)
class PlacementGoodbye(Payload):
    """To each person whose placements are all archived: no more messages; his data until."""

    erase_on: date


@dataclass(frozen=True, slots=True)
class ArchiveOutcome:
    """What `archive --ended-before` did."""

    placements: int
    goodbyes: int
