"""Meeting calendar files: they parse, keep their UID across a move, raise the SEQUENCE, cancel
with METHOD:CANCEL and STATUS:CANCELLED, and hold the right time across a summer-time switch."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from bot.documents.calendar import CalendarEvent, CalendarMethod, CalendarPerson, meeting_ics
from bot.domain.meetings import calendar_uid

AMS = ZoneInfo("Europe/Amsterdam")
MARK = CalendarPerson("Mark Jansen", "mark@bakkerij.example")
SANNE = CalendarPerson("Sanne de Vries", "sanne@student.example")
INGRID = CalendarPerson("Ingrid Bos", "ingrid@school.example")

# Tuesday 24 March 2026, 14:30 in Amsterdam: winter time, 13:30 UTC.
FIRST = CalendarEvent(
    uid=calendar_uid(7, "mentorbot_test_bot"),
    sequence=0,
    method=CalendarMethod.REQUEST,
    starts_at=datetime(2026, 3, 24, 13, 30, tzinfo=UTC),
    duration=timedelta(hours=1),
    timezone="Europe/Amsterdam",
    summary="Begeleidingsgesprek met Mark Jansen",
    description="Begeleidingsgesprek van je stage bij Bakkerij Jansen.",
    organizer=MARK,
    attendees=(SANNE, MARK),
    stamp=datetime(2026, 3, 20, 9, 0, tzinfo=UTC),
    location="Bakkerij Jansen, kantoor",
    url="https://meet.example/abc-def",
)


def read(data: bytes) -> tuple[Calendar, Any]:
    """The calendar and its one event, parsed back with icalendar."""
    calendar = Calendar.from_ical(data)
    events = calendar.walk("VEVENT")
    assert len(events) == 1
    return calendar, events[0]


def test_a_request_parses_with_everything_a_calendar_app_needs() -> None:
    calendar, event = read(meeting_ics(FIRST))
    assert calendar["METHOD"] == "REQUEST"
    assert str(event["UID"]) == "meeting-7@mentorbot_test_bot.mentorbot"
    assert event["SEQUENCE"] == 0
    assert event["STATUS"] == "CONFIRMED"
    assert event["SUMMARY"] == "Begeleidingsgesprek met Mark Jansen"
    assert event["LOCATION"] == "Bakkerij Jansen, kantoor"
    assert event["URL"] == "https://meet.example/abc-def"
    assert event.start == datetime(2026, 3, 24, 14, 30, tzinfo=AMS)
    assert event.end - event.start == timedelta(hours=1)
    attendees = {str(a): a.params["CN"] for a in event.get("ATTENDEE")}
    assert attendees == {
        "mailto:sanne@student.example": "Sanne de Vries",
        "mailto:mark@bakkerij.example": "Mark Jansen",
    }
    assert str(event["ORGANIZER"]) == "mailto:mark@bakkerij.example"
    # The start names its zone, and the file carries that zone's rules.
    assert event["DTSTART"].params["TZID"] == "Europe/Amsterdam"
    assert [str(zone["TZID"]) for zone in calendar.walk("VTIMEZONE")] == ["Europe/Amsterdam"]


def test_a_move_keeps_the_uid_and_raises_the_sequence() -> None:
    # Moved a week on, across the switch to summer time on 29 March: 14:30 is 12:30 UTC then.
    moved = replace(
        FIRST,
        sequence=1,
        starts_at=datetime(2026, 3, 31, 12, 30, tzinfo=UTC),
        stamp=datetime(2026, 3, 24, 16, 0, tzinfo=UTC),
    )
    _, before = read(meeting_ics(FIRST))
    _, after = read(meeting_ics(moved))
    assert after["UID"] == before["UID"]
    assert after["SEQUENCE"] > before["SEQUENCE"]
    assert after.start.astimezone(UTC) == datetime(2026, 3, 31, 12, 30, tzinfo=UTC)
    assert (after.start.hour, after.start.minute) == (before.start.hour, before.start.minute)
    assert after.start.utcoffset() == timedelta(hours=2)
    assert before.start.utcoffset() == timedelta(hours=1)


def test_a_cancellation_removes_the_same_entry() -> None:
    cancelled = replace(FIRST, sequence=2, method=CalendarMethod.CANCEL)
    calendar, event = read(meeting_ics(cancelled))
    assert calendar["METHOD"] == "CANCEL"
    assert event["STATUS"] == "CANCELLED"
    assert event["UID"] == read(meeting_ics(FIRST))[1]["UID"]
    assert event["SEQUENCE"] == 2


@pytest.mark.parametrize(
    ("starts_at", "zone", "wall", "offset_hours"),
    [
        # Amsterdam, the week before and after each switch.
        (datetime(2026, 3, 24, 13, 30, tzinfo=UTC), "Europe/Amsterdam", (14, 30), 1),
        (datetime(2026, 3, 31, 12, 30, tzinfo=UTC), "Europe/Amsterdam", (14, 30), 2),
        (datetime(2026, 10, 20, 12, 30, tzinfo=UTC), "Europe/Amsterdam", (14, 30), 2),
        (datetime(2026, 10, 27, 13, 30, tzinfo=UTC), "Europe/Amsterdam", (14, 30), 1),
        # The night of the switch itself: 03:00 summer time is the first moment after the gap.
        (datetime(2026, 3, 29, 1, 0, tzinfo=UTC), "Europe/Amsterdam", (3, 0), 2),
        # The same instant read by a supervisor in London.
        (datetime(2026, 3, 31, 12, 30, tzinfo=UTC), "Europe/London", (13, 30), 1),
    ],
)
def test_the_time_is_right_in_the_readers_zone_across_the_switch(
    starts_at: datetime, zone: str, wall: tuple[int, int], offset_hours: int
) -> None:
    calendar, event = read(meeting_ics(replace(FIRST, starts_at=starts_at, timezone=zone)))
    assert event.start.astimezone(UTC) == starts_at
    assert (event.start.hour, event.start.minute) == wall
    assert event.start.utcoffset() == timedelta(hours=offset_hours)
    assert event["DTSTART"].params["TZID"] == zone
    assert [str(z["TZID"]) for z in calendar.walk("VTIMEZONE")] == [zone]


def test_names_and_texts_with_markup_quotes_and_newlines_survive() -> None:
    odd = CalendarPerson('Jan "Johnny" de Vries; <b>&amp;</b>\nX', "jan@example.nl")
    text = "Wat ging goed?\nWat wil je bespreken? & <i>; , \\ 🎉"
    event_data = replace(FIRST, organizer=odd, attendees=(odd, SANNE), description=text)
    _, event = read(meeting_ics(event_data))
    assert event["ORGANIZER"].params["CN"] == odd.name
    assert event["DESCRIPTION"] == text


def test_a_meeting_without_place_or_link_has_neither() -> None:
    _, event = read(meeting_ics(replace(FIRST, location=None, url=None)))
    assert "LOCATION" not in event
    assert "URL" not in event


@pytest.mark.parametrize(
    ("change", "match"),
    [
        ({"starts_at": datetime(2026, 3, 24, 14, 30)}, "aware"),  # noqa: DTZ001
        ({"stamp": datetime(2026, 3, 24, 14, 30)}, "aware"),  # noqa: DTZ001
        ({"sequence": -1}, "SEQUENCE"),
        ({"duration": timedelta(0)}, "lasts"),
        ({"uid": ""}, "UID"),
    ],
)
def test_an_impossible_entry_is_refused(change: dict[str, Any], match: str) -> None:
    with pytest.raises(ValueError, match=match):
        replace(FIRST, **change)
