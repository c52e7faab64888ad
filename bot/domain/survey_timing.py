"""When a survey is sent, reminded and closed; who sees which group of results."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from bot.domain.surveys import Moment

LAST_WEEK = timedelta(days=6)  # the end surveys come in the placement's last seven days


@dataclass(frozen=True, slots=True)
class SurveyRules:
    """The school's survey settings (SURVEY_*)."""

    remind_after: timedelta = timedelta(days=3)
    close_after: timedelta = timedelta(days=14)
    min_group: int = 5  # an anonymous survey's group with fewer answers stays hidden


DEFAULT_SURVEYS = SurveyRules()


class Due(StrEnum):
    """What an invitation needs now."""

    NOTHING = "nothing"
    REMIND = "remind"
    CLOSE = "close"


def is_survey_due(moment: Moment, starts_on: date, ends_on: date, today: date) -> bool:
    """Whether a placement's survey of this moment is to be sent on this (local) day.

    Mid: from halfway between the first and the last day (rounded down) until the last day.
    End: in the last week, the last day included. Never after the placement ended, so a
    placement imported late gets only what still makes sense.
    """
    if today > ends_on or ends_on < starts_on:
        return False
    if moment is Moment.MID:
        return today >= starts_on + (ends_on - starts_on) / 2
    if moment is Moment.END:
        return today >= max(starts_on, ends_on - LAST_WEEK)
    return False  # course surveys come with a run, manual ones from a coordinator


def survey_days(starts_on: date, ends_on: date) -> tuple[date, date]:
    """The first (local) days of a placement's mid and end surveys, as `is_survey_due` has them."""
    return starts_on + (ends_on - starts_on) / 2, max(starts_on, ends_on - LAST_WEEK)


def invitation_due(sent_at: datetime, reminded: bool, now: datetime, rules: SurveyRules) -> Due:
    """An unfinished invitation: closed after `close_after`, reminded once after `remind_after`."""
    if now >= sent_at + rules.close_after:
        return Due.CLOSE
    if not reminded and now >= sent_at + rules.remind_after:
        return Due.REMIND
    return Due.NOTHING


def school_year(day: date) -> str:
    """The Dutch school year a day falls in, from 1 August: '2026-2027'."""
    first = day.year if day.month >= 8 else day.year - 1
    return f"{first}-{first + 1}"


def shown(count: int, anonymous: bool, rules: SurveyRules) -> bool:
    """Whether a group's results may be shown: small groups of an anonymous survey are not."""
    return not anonymous or count >= rules.min_group
