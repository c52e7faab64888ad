"""Calendar files (.ics) for meetings: one entry per meeting that a calendar app keeps up to date.

Every version of one meeting carries the same UID; a new time raises the SEQUENCE, so the app
replaces its entry instead of adding one (RFC 5546: METHOD:REQUEST). A cancellation is
METHOD:CANCEL with STATUS:CANCELLED and a SEQUENCE above the last one, which removes the entry.
The start is written in the reader's time zone with its VTIMEZONE, so the app shows the wall time
that was agreed and moves the instant right across a summer-time switch.

The texts (summary, description) come worded by the caller in the reader's language: this module
only lays them out. icalendar is imported inside the function: start-up does not pay for it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

PRODUCT_ID = "-//mentorbot//meetings//EN"
# The VTIMEZONE covers a year either side of the meeting: enough for any app, and a few hundred
# bytes instead of the zone's whole history.
ZONE_MARGIN = timedelta(days=366)


class CalendarMethod(StrEnum):
    """What the file asks of the calendar app."""

    REQUEST = "REQUEST"  # add the entry, or update it when the UID is known
    CANCEL = "CANCEL"  # remove the entry


@dataclass(frozen=True, slots=True)
class CalendarPerson:
    """Someone on the calendar entry: his name and address."""

    name: str
    email: str


@dataclass(frozen=True, slots=True)
class CalendarEvent:
    """One version of one meeting's calendar entry, as one reader receives it."""

    uid: str
    sequence: int
    method: CalendarMethod
    starts_at: datetime  # aware
    duration: timedelta
    timezone: str  # the reader's IANA zone, in which the start is written
    summary: str
    description: str
    organizer: CalendarPerson
    attendees: tuple[CalendarPerson, ...]
    stamp: datetime  # aware: when this version was made (DTSTAMP)
    location: str | None = None
    url: str | None = None

    def __post_init__(self) -> None:
        for name, moment in (("starts_at", self.starts_at), ("stamp", self.stamp)):
            if moment.tzinfo is None or moment.utcoffset() is None:
                raise ValueError(f"{name} must be an aware datetime")
        if self.sequence < 0:
            raise ValueError(f"SEQUENCE is never negative, not {self.sequence}")
        if self.duration <= timedelta(0):
            raise ValueError(f"a meeting lasts a while, not {self.duration}")
        if not self.uid:
            raise ValueError("a calendar entry needs a UID")


def meeting_ics(event: CalendarEvent) -> bytes:
    """The .ics file of one version of a meeting: a request, an update or a cancellation."""
    from icalendar import Calendar, Event, vCalAddress  # noqa: PLC0415 - lazy: start-up time

    def address(person: CalendarPerson, role: str | None) -> vCalAddress:
        """A calendar address (mailto:) with the person's name."""
        found = vCalAddress(f"mailto:{person.email}")
        found.params["CN"] = person.name
        if role is not None:
            found.params["ROLE"] = role
            found.params["PARTSTAT"] = "ACCEPTED"
        return found

    zone = ZoneInfo(event.timezone)
    start = event.starts_at.astimezone(zone)
    cancelled = event.method is CalendarMethod.CANCEL
    entry = Event()
    entry.add("uid", event.uid)
    entry.add("sequence", event.sequence)
    entry.add("dtstamp", event.stamp)
    entry.add("dtstart", start)
    entry.add("dtend", (event.starts_at + event.duration).astimezone(zone))
    entry.add("summary", event.summary)
    entry.add("description", event.description)
    entry.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    if event.location:
        entry.add("location", event.location)
    if event.url:
        entry.add("url", event.url)
    entry.add("organizer", address(event.organizer, None))
    for person in event.attendees:
        entry.add("attendee", address(person, "REQ-PARTICIPANT"))
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", event.method.value)
    calendar.add_component(entry)
    calendar.add_missing_timezones(
        first_date=(start - ZONE_MARGIN).date(), last_date=(start + ZONE_MARGIN).date()
    )
    return bytes(calendar.to_ical())
