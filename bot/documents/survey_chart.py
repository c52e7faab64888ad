"""A survey's scale questions as a bar chart PNG: per question one bar per company (its mean).

Pure, like the mood chart (bot/documents/chart.py): data and words in, PNG bytes out, through
matplotlib's object API on the Agg canvas, imported inside the function; the same data give the
same bytes.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

WIDTH_INCHES, HEIGHT_INCHES, DPI = 10.0, 5.0, 100
COLOURS = ("#2e86c1", "#27ae60", "#e67e22", "#8e44ad", "#c0392b", "#16a085", "#7f8c8d")
MAX_LABEL = 40  # characters of a question under its bars
MAX_GROUPS = len(COLOURS)  # more companies than colours: the first ones, by name


@dataclass(frozen=True, slots=True)
class SurveyBars:
    """What the chart shows, its words already in the reader's language."""

    title: str
    mean: str  # the y axis
    questions: tuple[str, ...]  # the scale questions' texts, in order
    groups: tuple[tuple[str, tuple[float | None, ...]], ...]  # company -> mean per question


def _short(text: str, limit: int) -> str:
    text = "".join(c for c in text if ord(c) <= 0xFFFF).strip()  # no emoji the font lacks
    return text if len(text) <= limit else text[: limit - 1] + "…"


def survey_chart_png(bars: SurveyBars) -> bytes:
    """Grouped bars: for each scale question the mean (1-5) of each shown company."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: PLC0415
    from matplotlib.figure import Figure  # noqa: PLC0415

    figure = Figure(figsize=(WIDTH_INCHES, HEIGHT_INCHES), dpi=DPI)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    axes.set_title(_short(bars.title, 90), fontsize=14, loc="left")
    axes.set_ylim(0, 5.2)
    axes.set_yticks([1, 2, 3, 4, 5])
    axes.set_ylabel(bars.mean)
    axes.grid(axis="y", color="#eeeeee")
    groups = bars.groups[:MAX_GROUPS]
    width = 0.8 / max(len(groups), 1)
    for g, (name, means) in enumerate(groups):
        xs = [q + g * width - 0.4 + width / 2 for q in range(len(bars.questions))]
        axes.bar(xs, [m or 0 for m in means], width, label=_short(name, 30), color=COLOURS[g])
    axes.set_xticks(range(len(bars.questions)))
    axes.set_xticklabels(
        [_short(q, MAX_LABEL) for q in bars.questions], fontsize=8, rotation=15, ha="right"
    )
    if groups:
        axes.legend(loc="upper right", fontsize=8)
    out = io.BytesIO()
    with warnings.catch_warnings():  # a glyph the font lacks is drawn as a box, not an error
        warnings.filterwarnings("ignore", message=r"(?s).*[Gg]lyph .*missing from")
        figure.tight_layout()
        figure.savefig(out, format="png", dpi=DPI, metadata={"Software": None})
    return out.getvalue()
