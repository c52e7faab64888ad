"""The survey chart: a PNG that opens, one colour per company, taller bars for higher means,
the same bytes every time."""

from __future__ import annotations

import io

from PIL import Image

from bot.documents.survey_chart import COLOURS, SurveyBars, survey_chart_png

BARS = SurveyBars(
    "Tussenevaluatie 🍞 & meer",
    "gemiddeld (1–5)",
    ("Ik voel me veilig op mijn stageplek.", "Ik leer genoeg " * 10),
    (("Bakkerij Jansen & Zn.", (4.5, 4.0)), ("Zorgcentrum West", (1.0, None))),
)


def pixels_of(data: bytes, colour: str) -> int:
    """How many pixels of the PNG have exactly this colour."""
    image = Image.open(io.BytesIO(data))
    assert image.format == "PNG"
    assert image.size == (1000, 500)
    wanted = tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return sum(
        count for count, rgb in image.convert("RGB").getcolors(1000 * 500) or [] if rgb == wanted
    )


def test_each_company_has_its_colour_and_a_higher_mean_a_taller_bar() -> None:
    data = survey_chart_png(BARS)
    first, second = pixels_of(data, COLOURS[0]), pixels_of(data, COLOURS[1])
    # Bakkerij: 4.5 + 4.0 against Zorgcentrum: 1.0 and no answer (no bar)
    assert first > 5 * second > 0


def test_the_same_data_give_the_same_bytes_and_no_company_still_draws() -> None:
    assert survey_chart_png(BARS) == survey_chart_png(BARS)
    empty = SurveyBars("Leeg", "gemiddeld", ("Vraag",), ())
    assert pixels_of(survey_chart_png(empty), COLOURS[0]) == 0
