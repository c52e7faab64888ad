"""The mood chart: a placement's weekly moods as a PNG picture for the supervisor.

Pure: the weeks (bot/domain/mood_history.py) and the words (already in the reader's language) in,
PNG bytes out. matplotlib is imported inside the function (it costs a quarter of a second and
the bot must start fast), through its object API on the Agg canvas: no pyplot, so no global
figure state and no GUI backend, safe in the worker thread the sender runs it in. The bytes
depend only on the data (no timestamp, no software version), so a chart made again after a
crash is the same file.
"""

from __future__ import annotations

import io
import math
import warnings
from dataclasses import dataclass

from bot.domain.mood_history import ChartWeek, WeekMark

WIDTH_INCHES, HEIGHT_INCHES, DPI = 10.0, 5.0, 100  # 1000 x 500 pixels
WIDTH_PX, HEIGHT_PX = int(WIDTH_INCHES * DPI), int(HEIGHT_INCHES * DPI)
MOOD_COLOURS = {1: "#c0392b", 2: "#e67e22", 3: "#f1c40f", 4: "#7dbb42", 5: "#27ae60"}
LINE = "#34495e"
MISSED = "#f5b7b1"
PAUSED = "#e5e7e9"
PAUSED_LINES = "#a6acaf"
MAX_TITLE = 90  # characters: a longer title runs off the picture


@dataclass(frozen=True, slots=True)
class ChartWords:
    """The chart's fixed words, in the reader's language."""

    title: str  # the placement's name: "Anna de Vries · Bakkerij Jansen"
    mood: str  # the y axis
    week: str  # the x axis
    missed: str  # the legend of a missed week
    paused: str  # the legend of a paused week
    no_data: str  # shown when there is no week yet


def mood_chart_png(weeks: tuple[ChartWeek, ...], words: ChartWords) -> bytes:
    """The weeks as a line of moods 1-5; missed and paused weeks as shaded gaps."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: PLC0415
    from matplotlib.figure import Figure  # noqa: PLC0415
    from matplotlib.patches import Patch  # noqa: PLC0415

    figure = Figure(figsize=(WIDTH_INCHES, HEIGHT_INCHES), dpi=DPI)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    # Emoji beyond the Basic Multilingual Plane are not in the bundled font: left out, as the
    # reference PDF does, rather than drawn as boxes.
    title = "".join(c for c in words.title if ord(c) <= 0xFFFF).strip()
    title = title if len(title) <= MAX_TITLE else title[: MAX_TITLE - 1] + "…"
    axes.set_title(title, fontsize=14, loc="left")
    axes.set_ylim(0.5, 5.5)
    axes.set_yticks([1, 2, 3, 4, 5])
    axes.set_ylabel(words.mood)
    axes.set_xlabel(words.week)
    axes.grid(axis="y", color="#eeeeee")
    xs = list(range(len(weeks)))
    # A week without a mood is NaN: matplotlib breaks the line there, which is the gap.
    moods = [float(w.mood) if w.mood is not None else math.nan for w in weeks]
    for x, week in zip(xs, weeks, strict=True):
        if week.mark is WeekMark.MISSED:
            axes.axvspan(x - 0.5, x + 0.5, color=MISSED, linewidth=0, zorder=0)
            axes.plot([x], [0.8], marker="x", color="#c0392b", markersize=9, zorder=3)
        elif week.mark is WeekMark.PAUSED:
            axes.axvspan(
                x - 0.5,
                x + 0.5,
                facecolor=PAUSED,
                edgecolor=PAUSED_LINES,
                hatch="//",
                linewidth=0,
                zorder=0,
            )
    if weeks:
        axes.plot(xs, moods, color=LINE, linewidth=2, zorder=2)
        answered = [(x, m) for x, m in zip(xs, moods, strict=True) if not math.isnan(m)]
        axes.scatter(
            [x for x, _ in answered],
            [m for _, m in answered],
            s=70,
            zorder=3,
            c=[MOOD_COLOURS[int(m)] for _, m in answered],
            edgecolors=LINE,
        )
        axes.set_xlim(-0.6, len(weeks) - 0.4)
        step = max(1, math.ceil(len(weeks) / 16))  # at most 16 labels, never crowded
        axes.set_xticks(xs[::step], [str(w.iso_week) for w in weeks][::step])
    else:
        axes.set_xticks([])
        axes.text(
            0.5,
            0.5,
            words.no_data,
            transform=axes.transAxes,
            ha="center",
            va="center",
            color="#777777",
            fontsize=13,
        )
    marks = {w.mark for w in weeks}
    legend = [Patch(color=MISSED, label=words.missed)] if WeekMark.MISSED in marks else []
    if WeekMark.PAUSED in marks:
        legend.append(
            Patch(facecolor=PAUSED, edgecolor=PAUSED_LINES, hatch="//", label=words.paused)
        )
    if legend:
        axes.legend(handles=legend, loc="upper right", fontsize=10, framealpha=0.9)
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        # A name in a script the bundled font lacks (Chinese, most emoji) is drawn as boxes;
        # matplotlib warns of each missing glyph, which is no reason to fail the picture.
        warnings.filterwarnings("ignore", message=r"(?s).*[Gg]lyph .*missing from")
        figure.tight_layout()
        figure.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    return buffer.getvalue()
