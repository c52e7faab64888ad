"""The weeks of the mood chart: moods, missed weeks, pauses and plain gaps where they are."""

from __future__ import annotations

from datetime import date

from bot.domain.mood_history import (
    MAX_WEEKS,
    CheckInWeek,
    WeekMark,
    iso_label,
    mood_weeks,
    pause_spans,
)

A, M, W, P, N = (WeekMark.ANSWERED, WeekMark.MISSED, WeekMark.OPEN, WeekMark.PAUSED, WeekMark.NONE)


def test_each_week_from_the_start_shows_what_happened() -> None:
    checkins = [
        CheckInWeek("2026-W06", A, 4),
        CheckInWeek("2026-W07", M),
        CheckInWeek("2026-W10", A, 2),
        CheckInWeek("2026-W11", W),
    ]
    # Starts Wednesday 4 February (week 6); paused 18 to 26 February (weeks 8 and 9).
    weeks = mood_weeks(
        date(2026, 2, 4), date(2026, 3, 12), checkins, [(date(2026, 2, 18), date(2026, 2, 26))]
    )
    assert [(w.iso_week, w.mark, w.mood) for w in weeks] == [
        (6, A, 4),
        (7, M, None),
        (8, P, None),
        (9, P, None),
        (10, A, 2),
        (11, W, None),
    ]
    assert weeks[0].monday == date(2026, 2, 2)


def test_a_week_without_a_check_in_or_a_pause_is_a_plain_gap() -> None:
    weeks = mood_weeks(date(2026, 2, 2), date(2026, 2, 20), [CheckInWeek("2026-W08", A, 5)], [])
    assert [(w.iso_week, w.mark) for w in weeks] == [(6, N), (7, N), (8, A)]


def test_only_the_latest_year_is_kept() -> None:
    weeks = mood_weeks(date(2024, 1, 1), date(2026, 3, 4), [], [])
    assert len(weeks) == MAX_WEEKS
    assert iso_label(weeks[-1].monday) == "2026-W10"


def test_a_placement_that_has_not_started_has_no_weeks() -> None:
    assert mood_weeks(date(2026, 3, 2), date(2026, 2, 27), [], []) == ()


def test_iso_labels_across_the_new_year() -> None:
    assert iso_label(date(2026, 12, 31)) == "2026-W53"
    assert iso_label(date(2027, 1, 4)) == "2027-W01"


def test_pause_spans_end_at_a_resume_or_the_next_pause() -> None:
    events = [
        (date(2026, 3, 2), date(2026, 3, 20)),  # paused to the 20th, resumed on the 11th
        (date(2026, 3, 11), None),
        (date(2026, 4, 1), date(2026, 4, 30)),  # paused, then paused again to a later day
        (date(2026, 4, 10), date(2026, 5, 8)),
        (date(2026, 6, 1), None),  # a resume with no pause before it
    ]
    assert pause_spans(events) == [
        (date(2026, 3, 2), date(2026, 3, 10)),
        (date(2026, 4, 1), date(2026, 4, 9)),
        (date(2026, 4, 10), date(2026, 5, 8)),
    ]
    # Resumed on the day it was paused: no day of pause at all.
    assert pause_spans([(date(2026, 3, 2), date(2026, 3, 9)), (date(2026, 3, 2), None)]) == []
