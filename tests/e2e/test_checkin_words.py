"""What the check-in says back: a caring line after a 1, a good weekend only at the weekend."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.demo.world import World
from bot.domain.checkins import is_weekend_ahead
from tests.e2e.story import Cast, school_world
from tests.e2e.test_flows import FRIDAY, HELP_QUESTION, WEEK_QUESTION, act

HARD_WEEK = "I'm sorry your week was so hard. 💙"
THANKS = "Thank you! Your check-in is saved. 🙌"
THANKS_WEEKEND = "Thank you! Your check-in is saved. Have a good weekend. 🙌"


@pytest.fixture
async def story(tmp_path: Path) -> AsyncIterator[tuple[World, Cast]]:
    async with school_world(tmp_path / "bot.sqlite3") as (world, people, _):
        yield world, people


@pytest.mark.parametrize(("mood", "caring"), [("😞 1", True), ("🙁 2", False), ("😄 5", False)])
async def test_a_mood_of_one_gets_one_caring_line_and_the_offer_of_help(
    story: tuple[World, Cast],
    mood: str,
    caring: bool,
) -> None:
    world, people = story
    student = people.student
    await world.move_to(FRIDAY)
    await act(world, student, f"[{mood}]")
    question = student.texts()[-1]
    assert question.startswith(HARD_WEEK) is caring
    assert question.count("💙") == int(caring)
    assert WEEK_QUESTION in question
    if caring:
        assert "/help" in question
    await act(world, student, "Zwaar", "[No]")
    assert student.texts()[-2].startswith(HELP_QUESTION)  # the caring line comes once only
    assert sum(HARD_WEEK in text for text in student.texts()) == int(caring)


@pytest.mark.parametrize(
    ("answered_after", "expected"),
    [
        (timedelta(hours=1), THANKS_WEEKEND),  # Friday afternoon
        (timedelta(days=1), THANKS_WEEKEND),  # Saturday
        (timedelta(days=2, hours=20), THANKS),  # Monday 10:00: the weekend is over
    ],
)
async def test_a_good_weekend_only_from_friday_to_sunday_where_the_student_is(
    story: tuple[World, Cast],
    answered_after: timedelta,
    expected: str,
) -> None:
    world, people = story
    student = people.student
    await world.move_to(FRIDAY)
    await world.move_to(FRIDAY + answered_after)
    await act(world, student, "[🙂 4]", "Goed", "[No]")
    assert student.texts()[-1] == expected
    local = (FRIDAY + answered_after).astimezone(ZoneInfo("Europe/Amsterdam"))
    assert (local.weekday() >= 4) is (expected == THANKS_WEEKEND)


def test_the_weekend_rule_reads_the_students_own_clock() -> None:
    thursday_night_utc = datetime(2026, 3, 5, 23, 30, tzinfo=ZoneInfo("UTC"))
    assert is_weekend_ahead(thursday_night_utc, "Europe/Amsterdam")  # 00:30 Friday there
    assert not is_weekend_ahead(thursday_night_utc, "America/New_York")  # Thursday evening
