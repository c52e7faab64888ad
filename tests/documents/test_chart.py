"""The mood chart: a PNG that opens, at its size, with its gaps, the same bytes every time."""

from __future__ import annotations

import io
from datetime import date, timedelta

from PIL import Image

from bot.documents.chart import (
    HEIGHT_PX,
    MISSED,
    PAUSED,
    WIDTH_PX,
    ChartWords,
    mood_chart_png,
)
from bot.domain.mood_history import ChartWeek, WeekMark

WORDS = ChartWords(
    "Ngọc Özdemir · Bakkerij Jansen & Zn.",
    "Stemming",
    "Week",
    "Gemist",
    "Gepauzeerd",
    "Nog geen check-ins",
)
START = date(2026, 2, 2)


def week(n: int, mark: WeekMark, mood: int | None = None) -> ChartWeek:
    """The n-th week from the start."""
    monday = START + timedelta(weeks=n)
    return ChartWeek(monday, monday.isocalendar()[1], mark, mood)


def picture(data: bytes) -> Image.Image:
    """The PNG read back, as Telegram's photo check and any viewer would."""
    image = Image.open(io.BytesIO(data))
    assert image.format == "PNG"
    return image.convert("RGB")


def pixels_of(image: Image.Image, colour: str) -> int:
    """How many pixels have exactly this colour."""
    wanted = tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return sum(
        count for count, rgb in image.getcolors(WIDTH_PX * HEIGHT_PX) or [] if rgb == wanted
    )


MIXED = (
    week(0, WeekMark.ANSWERED, 4),
    week(1, WeekMark.MISSED),
    week(2, WeekMark.ANSWERED, 2),
    week(3, WeekMark.PAUSED),
    week(4, WeekMark.PAUSED),
    week(5, WeekMark.ANSWERED, 5),
    week(6, WeekMark.NONE),
    week(7, WeekMark.OPEN),
)


def test_the_chart_opens_at_its_size_with_missed_and_paused_weeks_shaded() -> None:
    data = mood_chart_png(MIXED, WORDS)
    image = picture(data)
    assert image.size == (WIDTH_PX, HEIGHT_PX) == (1000, 500)
    assert pixels_of(image, MISSED) > 5000  # one week's band, the full height
    assert pixels_of(image, PAUSED) > 5000


def test_weeks_all_answered_show_no_gap_colours() -> None:
    answered = tuple(week(n, WeekMark.ANSWERED, 1 + n % 5) for n in range(10))
    image = picture(mood_chart_png(answered, WORDS))
    assert pixels_of(image, MISSED) == 0
    assert pixels_of(image, PAUSED) == 0


def test_the_same_data_makes_the_same_bytes() -> None:
    assert mood_chart_png(MIXED, WORDS) == mood_chart_png(MIXED, WORDS)


def test_no_weeks_yet_and_a_year_of_weeks_both_draw() -> None:
    assert picture(mood_chart_png((), WORDS)).size == (WIDTH_PX, HEIGHT_PX)
    year = tuple(week(n, WeekMark.ANSWERED, 3) for n in range(52))
    assert picture(mood_chart_png(year, WORDS)).size == (WIDTH_PX, HEIGHT_PX)


def test_a_name_the_font_cannot_draw_still_makes_a_chart() -> None:
    # Warnings are errors in the tests: a missing glyph must not become one, nor an emoji.
    words = ChartWords("王小明 🍞 " + "Bakkerij " * 30, "気分", "週", "x", "y", "z")
    assert picture(mood_chart_png(MIXED, words)).size == (WIDTH_PX, HEIGHT_PX)
