"""How a meeting reads in the chat: its time in the reader's zone, its kind, who else is in it."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from babel.dates import format_date

from bot.domain.meetings import MeetingKind
from bot.domain.people import LANGUAGES, Person
from bot.domain.policy import Policy
from bot.i18n import Safe, t
from bot.services.meetings import MeetingCard, zone_of_person
from handlers.formats import moment


def reader_zone(policy: Policy, card: MeetingCard, reader: Person) -> str:
    """The time zone the reader sees this meeting's times in."""
    return zone_of_person(policy, reader, card.placement)


def when(language: str, policy: Policy, card: MeetingCard, reader: Person) -> str:
    """The meeting's time as the reader reads it: 'Tue 1 Dec 2026 14:30'."""
    return moment(language, card.meeting.starts_at, reader_zone(policy, card, reader))


def kind_name(language: str, kind: MeetingKind) -> str:
    """'mentor meeting' / 'begeleidingsgesprek', 'tripartite review' / 'driegesprek'."""
    return t(language, f"meeting.kind.{kind.value}")


def others(card: MeetingCard, reader: Person) -> str:
    """The other participants' names, for "a meeting with …"."""
    return ", ".join(person.name for person in card.participants if person.id != reader.id)


def place_line(language: str, card: MeetingCard) -> str:
    """'\\nPlace: …' when the meeting has a place or link, else nothing."""
    place = card.meeting.place
    return "\n" + t(language, "meeting.place", place=place) if place else ""


def summary(language: str, policy: Policy, card: MeetingCard, reader: Person) -> Safe:
    """'<b>Tue 1 Dec 2026 14:30</b>, mentor meeting with Mark Jansen' (escaped, safe)."""
    return Safe(
        t(
            language,
            "meeting.summary",
            when=when(language, policy, card, reader),
            kind=kind_name(language, card.meeting.kind),
            names=others(card, reader),
        )
    )


def day_label(language: str, value: date) -> str:
    """A day on the day keyboard: 'di 1 dec' / 'Tue 1 Dec'."""
    return format_date(value, "EEE d MMM", locale=language if language in LANGUAGES else "en")


def local_day(value: datetime, timezone: str) -> date:
    """The local date of a moment."""
    return value.astimezone(ZoneInfo(timezone)).date()
