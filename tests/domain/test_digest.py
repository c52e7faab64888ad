"""The weekly digest: who answered, who missed, low marks, open alerts, the students' words."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.domain.digest import (
    AlertCount,
    DigestFacts,
    LowMark,
    Named,
    WeekStatus,
    WeekText,
    compose_digest,
    digest_week,
    next_digest_at,
    shorten,
)

A, M, W, N = WeekStatus.ANSWERED, WeekStatus.MISSED, WeekStatus.OPEN, WeekStatus.NOT_ASKED
AMS = ZoneInfo("Europe/Amsterdam")


def test_the_digest_of_a_week() -> None:
    week = [
        DigestFacts(1, "Zoë", A, 4, "I baked my first bread on my own!"),
        DigestFacts(2, "bram", A, 2, "  \n "),  # a blank text is no text
        DigestFacts(3, "Anna", M, open_alerts=1),
        DigestFacts(4, "Cas", W),
        DigestFacts(5, "Daan", N),  # paused: not asked, not missed
        DigestFacts(6, "Eva", A, 1, "Zwaar.\nMijn mentor is ziek.", open_alerts=2),
        DigestFacts(7, "Fenna", A, None, None),  # answered, mood unknown (never low)
    ]
    digest = compose_digest(week, low_mood_at_most=2, text_limit=200)
    assert digest is not None
    assert (digest.placements, digest.asked, digest.answered) == (7, 6, 4)
    assert digest.missed == (Named(3, "Anna"),)
    assert digest.waiting == (Named(4, "Cas"),)
    assert digest.low == (LowMark(2, "bram", 2), LowMark(6, "Eva", 1))
    assert digest.open_alerts == (AlertCount(3, "Anna", 1), AlertCount(6, "Eva", 2))
    assert digest.texts == (
        WeekText(6, "Eva", "Zwaar. Mijn mentor is ziek."),
        WeekText(1, "Zoë", "I baked my first bread on my own!"),
    )
    # Each student the digest names once, alerts first: the order of the buttons under it.
    assert [n.placement_id for n in digest.mentioned] == [3, 6, 2, 4, 1]


def test_no_active_placement_no_digest() -> None:
    assert compose_digest([], low_mood_at_most=2, text_limit=100) is None


def test_a_quiet_week_is_still_a_digest() -> None:
    digest = compose_digest([DigestFacts(1, "Anna", N)], low_mood_at_most=2, text_limit=100)
    assert digest is not None
    assert (digest.asked, digest.answered, digest.missed, digest.texts) == (0, 0, (), ())


@pytest.mark.parametrize(
    ("text", "limit", "short"),
    [
        ("Goed.", 10, "Goed."),
        ("exactly ten", 11, "exactly ten"),
        ("I baked my first bread on my own!", 20, "I baked my first…"),
        # One long word: cut inside it rather than keep nothing.
        ("Supercalifragilisticexpialidocious", 10, "Supercali…"),
        ("Een, twee, drie, vier", 12, "Een, twee…"),
        ("line one\nline two", 100, "line one line two"),
        ("🍞🍞🍞🍞🍞🍞", 4, "🍞🍞🍞…"),
    ],
)
def test_shorten(text: str, limit: int, short: str) -> None:
    assert shorten(text, limit) == short
    assert len(short) <= limit


@pytest.mark.parametrize(
    ("after", "expected"),
    [
        # Monday 08:30 Amsterdam: 07:30 UTC in winter, 06:30 UTC in summer.
        (datetime(2026, 3, 4, 12, tzinfo=AMS), datetime(2026, 3, 9, 7, 30, tzinfo=UTC)),
        (datetime(2026, 3, 9, 8, 29, tzinfo=AMS), datetime(2026, 3, 9, 7, 30, tzinfo=UTC)),
        (datetime(2026, 3, 9, 8, 30, tzinfo=AMS), datetime(2026, 3, 16, 7, 30, tzinfo=UTC)),
        # Across the spring-forward Sunday (29 March 2026).
        (datetime(2026, 3, 27, 12, tzinfo=AMS), datetime(2026, 3, 30, 6, 30, tzinfo=UTC)),
    ],
)
def test_next_digest_at(after: datetime, expected: datetime) -> None:
    assert next_digest_at(after, 0, time(8, 30), "Europe/Amsterdam") == expected


def test_the_digest_covers_the_seven_days_before_its_day() -> None:
    assert digest_week(date(2026, 3, 9), "Europe/Amsterdam") == (
        datetime(2026, 3, 1, 23, 0, tzinfo=UTC),
        datetime(2026, 3, 8, 23, 0, tzinfo=UTC),
    )
    # Across the spring-forward night: a week of 167 hours.
    since, until = digest_week(date(2026, 3, 30), "Europe/Amsterdam")
    assert until - since == timedelta(hours=167)


def test_bad_input_is_refused() -> None:
    with pytest.raises(ValueError, match="weekday"):
        next_digest_at(datetime(2026, 3, 4, tzinfo=UTC), 7, time(8), "Europe/Amsterdam")
    with pytest.raises(ValueError, match="aware"):
        next_digest_at(datetime(2026, 3, 4), 0, time(8), "Europe/Amsterdam")  # noqa: DTZ001
    with pytest.raises(ValueError, match="at least one"):
        shorten("abc", 1)
