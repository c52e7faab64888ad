"""Typed meeting times in Dutch and English, and the ones refused with their reason."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.domain.when import Parsed, Refusal, Refused, parse_date, parse_when

AMS = ZoneInfo("Europe/Amsterdam")
# Monday 30 November 2026, 11:30 in Amsterdam (winter time, 10:30 UTC).
NOW = datetime(2026, 11, 30, 11, 30, tzinfo=AMS).astimezone(UTC)
ZONE = "Europe/Amsterdam"


def ams(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """An Amsterdam wall time as a UTC instant."""
    return datetime(year, month, day, hour, minute, tzinfo=AMS).astimezone(UTC)


TUESDAY_1430 = ams(2026, 12, 1, 14, 30)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The examples.
        ("di 14:30", TUESDAY_1430),
        ("dinsdag 14:30", TUESDAY_1430),
        ("2-12 14:30", ams(2026, 12, 2, 14, 30)),
        ("tue 2:30pm", TUESDAY_1430),
        ("2026-12-01 14:30", TUESDAY_1430),
        # Dutch ways of writing it.
        ("Dinsdag om 14:30", TUESDAY_1430),
        ("op dinsdag om 14.30 uur", TUESDAY_1430),
        ("di. 14u30", TUESDAY_1430),
        ("di 14u", ams(2026, 12, 1, 14, 0)),
        ("di 1-12 14:30", TUESDAY_1430),
        ("1-12-2026 14:30", TUESDAY_1430),
        ("1/12/26 14:30", TUESDAY_1430),
        ("1.12 14.30", TUESDAY_1430),
        ("1 dec 14:30", TUESDAY_1430),
        ("1 december 2026 14:30", TUESDAY_1430),
        ("morgen 14:30", TUESDAY_1430),
        ("overmorgen 9:00", ams(2026, 12, 2, 9, 0)),
        ("vandaag 16:00", ams(2026, 11, 30, 16, 0)),
        ("zo 10:00", ams(2026, 12, 6, 10, 0)),
        # English ways of writing it.
        ("Tuesday at 2:30 pm", TUESDAY_1430),
        ("on tuesday at 2:30 p.m.", TUESDAY_1430),
        ("Tue, 14:30", TUESDAY_1430),
        ("tomorrow 2pm", ams(2026, 12, 1, 14, 0)),
        ("tomorrow 12pm", ams(2026, 12, 1, 12, 0)),
        ("tomorrow 12am", ams(2026, 12, 1, 0, 0)),
        ("today 11:31", ams(2026, 11, 30, 11, 31)),
        ("thurs 9am", ams(2026, 12, 3, 9, 0)),
        ("1 December 2026 14:30", TUESDAY_1430),
        # Today's weekday: today while the time is ahead, else next week; "now" is past.
        ("ma 14:30", ams(2026, 11, 30, 14, 30)),
        ("maandag 10:00", ams(2026, 12, 7, 10, 0)),
        ("monday 11:30", ams(2026, 12, 7, 11, 30)),
        # No day: today (or the day picked before).
        ("14:30", ams(2026, 11, 30, 14, 30)),
        # A date without a year is the coming one.
        ("2-1 10:00", ams(2027, 1, 2, 10, 0)),
        ("15 jan 9:00", ams(2027, 1, 15, 9, 0)),
    ],
)
def test_typed_times_that_are_understood(text: str, expected: datetime) -> None:
    assert parse_when(text, NOW, ZONE) == Parsed(expected)


def test_a_time_alone_is_on_the_day_picked_before() -> None:
    assert parse_when("14:30", NOW, ZONE, on=date(2026, 12, 3)) == Parsed(ams(2026, 12, 3, 14, 30))
    # A day in the text wins over the one picked before.
    assert parse_when("di 14:30", NOW, ZONE, on=date(2026, 12, 3)) == Parsed(TUESDAY_1430)


def test_the_writers_own_time_zone_counts() -> None:
    london = parse_when("tue 2:30pm", NOW, "Europe/London")
    tokyo = parse_when("di 14:30", NOW, "Asia/Tokyo")
    assert london == Parsed(datetime(2026, 12, 1, 14, 30, tzinfo=UTC))
    assert tokyo == Parsed(datetime(2026, 12, 1, 5, 30, tzinfo=UTC))


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", Refusal.EMPTY),
        ("   ", Refusal.EMPTY),
        # Impossible times.
        ("di 25:00", Refusal.BAD_TIME),
        ("di 24:00", Refusal.BAD_TIME),
        ("di 14:60", Refusal.BAD_TIME),
        ("tue 13pm", Refusal.BAD_TIME),
        ("tue 13:00pm", Refusal.BAD_TIME),
        ("tue 0am", Refusal.BAD_TIME),
        # Impossible dates.
        ("31-2 10:00", Refusal.BAD_DATE),
        ("0-12 10:00", Refusal.BAD_DATE),
        ("1-13 10:00", Refusal.BAD_DATE),
        ("2027-02-29 10:00", Refusal.BAD_DATE),
        ("31 nov 10:00", Refusal.BAD_DATE),
        ("31-2", Refusal.BAD_DATE),
        # In the past: earlier today, yesterday (a typo, not next year), a date gone by.
        ("vandaag 08:00", Refusal.IN_PAST),
        ("today 11:30", Refusal.IN_PAST),
        ("29-11 14:00", Refusal.IN_PAST),
        ("2026-11-01 10:00", Refusal.IN_PAST),
        ("1-6-2026 10:00", Refusal.IN_PAST),
        ("11:00", Refusal.IN_PAST),
        # Too far ahead.
        ("2028-01-01 10:00", Refusal.TOO_FAR),
        # A day without a time.
        ("dinsdag", Refusal.NO_TIME),
        ("morgen", Refusal.NO_TIME),
        ("tomorrow", Refusal.NO_TIME),
        ("2-12", Refusal.NO_TIME),
        ("di 14", Refusal.UNREADABLE),
        # A weekday that is not the date's.
        ("ma 1-12 14:30", Refusal.DAY_MISMATCH),
        ("friday 1 dec 2pm", Refusal.DAY_MISMATCH),
        # Digits of other scripts are refused, not read.
        ("di ١٤:٣٠", Refusal.NOT_ASCII_DIGITS),
        ("di １４:３０", Refusal.NOT_ASCII_DIGITS),
        ("di ۱۴:۳۰", Refusal.NOT_ASCII_DIGITS),
        ("di 14:3０", Refusal.NOT_ASCII_DIGITS),
        ("di 14:30²", Refusal.NOT_ASCII_DIGITS),
        # What we do not read.
        ("volgende week", Refusal.UNREADABLE),
        ("next tuesday 14:30", Refusal.UNREADABLE),
        ("14:30 dinsdag", Refusal.UNREADABLE),
        ("morgen 14:30 extra", Refusal.UNREADABLE),
        ("di 14:300", Refusal.UNREADABLE),
        ("om", Refusal.UNREADABLE),
        ("pm", Refusal.UNREADABLE),
        ("<b>di</b> 14:30", Refusal.UNREADABLE),
        ("'; DROP TABLE meetings; --", Refusal.UNREADABLE),
        ("&" * 5_000 + "🎉" * 5_000, Refusal.UNREADABLE),
        ("di 14:30 " + "&🎉" * 30, Refusal.UNREADABLE),
    ],
)
def test_typed_times_that_are_refused(text: str, reason: Refusal) -> None:
    assert parse_when(text, NOW, ZONE) == Refused(reason)


def test_a_long_text_is_refused_before_it_is_read() -> None:
    # Even digits that would fail on their own: a long text is unreadable first.
    assert parse_when("١" * 10_000, NOW, ZONE) == Refused(Refusal.UNREADABLE)


# Europe/Amsterdam: on Sunday 29 March 2026 02:00-03:00 does not exist; on Sunday 25 October
# 2026 02:00-03:00 happens twice.
SPRING_NOW = ams(2026, 3, 23, 12)  # Monday
AUTUMN_NOW = ams(2026, 10, 20, 12)


@pytest.mark.parametrize(
    ("text", "now", "expected"),
    [
        ("29-3 02:30", SPRING_NOW, Refused(Refusal.NO_SUCH_TIME)),
        ("zo 02:30", SPRING_NOW, Refused(Refusal.NO_SUCH_TIME)),
        ("29-3 03:00", SPRING_NOW, Parsed(datetime(2026, 3, 29, 1, 0, tzinfo=UTC))),
        ("29-3 01:59", SPRING_NOW, Parsed(datetime(2026, 3, 29, 0, 59, tzinfo=UTC))),
        # After the switch a week's 14:30 is 12:30 UTC, before it 13:30 UTC.
        ("vr 14:30", SPRING_NOW, Parsed(datetime(2026, 3, 27, 13, 30, tzinfo=UTC))),
        ("di 14:30", SPRING_NOW, Parsed(datetime(2026, 3, 24, 13, 30, tzinfo=UTC))),
        ("2026-03-31 14:30", SPRING_NOW, Parsed(datetime(2026, 3, 31, 12, 30, tzinfo=UTC))),
        # The ambiguous 02:30 is its first occurrence, still summer time.
        ("25-10 02:30", AUTUMN_NOW, Parsed(datetime(2026, 10, 25, 0, 30, tzinfo=UTC))),
        ("ma 14:30", AUTUMN_NOW, Parsed(datetime(2026, 10, 26, 13, 30, tzinfo=UTC))),
    ],
)
def test_summer_time_switches(text: str, now: datetime, expected: Parsed | Refused) -> None:
    assert parse_when(text, now, ZONE) == expected


def test_the_year_turns_for_a_date_soon_after_new_year() -> None:
    december = ams(2026, 12, 28, 10)
    assert parse_when("5-1 9:00", december, ZONE) == Parsed(ams(2027, 1, 5, 9, 0))
    # 29 February exists in 2028: in December 2027 it is the coming one.
    late_2027 = ams(2027, 12, 1, 10)
    assert parse_when("29-2 9:00", late_2027, ZONE) == Parsed(ams(2028, 2, 29, 9, 0))
    assert parse_when("29-2 9:00", december, ZONE) == Refused(Refusal.BAD_DATE)


def test_how_far_ahead_is_a_setting() -> None:
    assert parse_when("2027-03-01 10:00", NOW, ZONE, max_ahead=timedelta(days=60)) == Refused(
        Refusal.TOO_FAR
    )


def test_now_must_be_an_instant_and_the_zone_known() -> None:
    with pytest.raises(ValueError, match="aware"):
        parse_when("di 14:30", datetime(2026, 11, 30, 11, 30), ZONE)  # noqa: DTZ001
    with pytest.raises(ValueError, match="unknown time zone"):
        parse_when("di 14:30", NOW, "Mars/Olympus")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("24-12", date(2026, 12, 24)),
        ("24-12-2026", date(2026, 12, 24)),
        ("24/12/26", date(2026, 12, 24)),
        ("2026-12-24", date(2026, 12, 24)),
        ("24 dec", date(2026, 12, 24)),
        ("12 januari 2027", date(2027, 1, 12)),
        ("5-1", date(2027, 1, 5)),
        ("morgen", date(2026, 12, 1)),
        # Today is not a date after today; a date gone by, nor.
        ("30-11", Refusal.IN_PAST),
        ("vandaag", Refusal.IN_PAST),
        ("1-6-2026", Refusal.IN_PAST),
        ("31-2", Refusal.BAD_DATE),
        ("", Refusal.EMPTY),
        ("٢٤-١٢", Refusal.NOT_ASCII_DIGITS),
        ("over zes weken", Refusal.UNREADABLE),
        ("24-12 14:30", Refusal.UNREADABLE),
        ("&" * 10_000, Refusal.UNREADABLE),
    ],
)
def test_typed_dates(text: str, expected: date | Refusal) -> None:
    assert parse_date(text, date(2026, 11, 30)) == expected
