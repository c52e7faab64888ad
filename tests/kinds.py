"""Message kinds only tests send, with their views: the product's catalogs hold no test text.

Importing this module registers them. `python -m tests.kinds run` is `python -m bot run` that
knows them too, for tests that queue them for a bot in a process of its own.
"""

from __future__ import annotations

import html
import io
import sys
import threading
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import StrEnum
from functools import partial

from bot.domain.messages import Outgoing, Payload, message_kind
from bot.services.runtime import Services
from handlers.outgoing import Document, Photo, Text, view


class Colour(StrEnum):
    """An enum, as a payload field may be."""

    RED = "red"
    BLUE = "blue"


@message_kind("test.everything")
@dataclass(frozen=True, slots=True)
class Everything(Payload):
    """One field of each type a payload may hold."""

    person_id: int
    urgent: bool
    week: str
    day: date
    colour: Colour
    alert_id: int | None = None


@message_kind("test.note")
@dataclass(frozen=True, slots=True)
class Note(Payload):
    """A numbered text."""

    n: int


@message_kind("test.report")
@dataclass(frozen=True, slots=True)
class Report(Payload):
    """A numbered PDF document."""

    n: int


@message_kind("test.chart")
@dataclass(frozen=True, slots=True)
class Chart(Payload):
    """A PNG chart of `points` points."""

    points: int


@message_kind("test.broken")
@dataclass(frozen=True, slots=True)
class Broken(Payload):
    """A photo whose maker fails (a bug in a chart, say)."""

    n: int


@message_kind("test.not_a_picture")
@dataclass(frozen=True, slots=True)
class NotAPicture(Payload):
    """A "photo" whose bytes are no picture: Telegram refuses it."""

    n: int


@message_kind("test.long_caption")
@dataclass(frozen=True, slots=True)
class LongCaption(Payload):
    """A document whose caption is far over Telegram's 1,024 (see `LONG_CAPTION`)."""

    n: int


# 4,500 UTF-16 units of what Telegram counts: "&" is one once parsed, each emoji two.
LONG_CAPTION = "Tom & Jerry 😀 " * 300


@message_kind("test.slow")
@dataclass(frozen=True, slots=True)
class Slow(Payload):
    """A document whose maker waits until the test lets it go (see `SLOW`)."""

    n: int


def note_text(n: int) -> str:
    """What a Note says."""
    return f"Message {n} of the test run."


def report_pdf(n: int) -> bytes:
    """A one-page PDF saying "Report n"; the same bytes every time."""
    from fpdf import FPDF  # noqa: PLC0415  (imported when a file is made, as the product does)

    pdf = FPDF()
    pdf.set_creation_date(datetime(2026, 3, 2, tzinfo=UTC))
    pdf.add_page()
    pdf.set_font("helvetica", size=14)
    pdf.cell(text=f"Report {n}")
    return bytes(pdf.output())


def chart_png(points: int) -> bytes:
    """A line chart as a PNG; the same bytes every time."""
    from matplotlib.figure import Figure  # noqa: PLC0415

    figure = Figure(figsize=(4, 3), dpi=50)
    axes = figure.subplots()
    axes.plot(range(points), [(i * 7) % 5 + 1 for i in range(points)])
    out = io.BytesIO()
    figure.savefig(out, format="png", metadata={"Software": None})
    return out.getvalue()


def broken_png(n: int) -> bytes:
    """A maker with a bug."""
    raise ZeroDivisionError(n)


class Gate:
    """Holds the slow maker until the test opens it; says when the maker is running."""

    def __init__(self) -> None:
        self.running = threading.Event()
        self.open = threading.Event()

    def reset(self) -> None:
        """Closed again, and not running, for the next test."""
        self.running.clear()
        self.open.clear()

    def make(self, n: int) -> bytes:
        """Runs in the worker thread the product gives file makers."""
        self.running.set()
        if not self.open.wait(timeout=60):
            raise TimeoutError("the test never opened the gate")
        return f"slow {n}".encode()


SLOW = Gate()


@view(Everything)
async def _everything(svc: Services, message: Outgoing, payload: Everything) -> Text:
    return Text(repr(payload))


@view(Note)
async def _note(svc: Services, message: Outgoing, payload: Note) -> Text:
    return Text(note_text(payload.n))


@view(Report)
async def _report(svc: Services, message: Outgoing, payload: Report) -> Document:
    return Document(
        f"report-{payload.n}.pdf",
        partial(report_pdf, payload.n),
        caption=f"<b>Report</b> {payload.n} for {message.name}",
    )


@view(Chart)
async def _chart(svc: Services, message: Outgoing, payload: Chart) -> Photo:
    return Photo(partial(chart_png, payload.points), caption=f"{payload.points} points")


@view(Broken)
async def _broken(svc: Services, message: Outgoing, payload: Broken) -> Photo:
    return Photo(partial(broken_png, payload.n))


@view(NotAPicture)
async def _not_a_picture(svc: Services, message: Outgoing, payload: NotAPicture) -> Photo:
    return Photo(partial(bytes, b"GIF? no, plain text"), caption="a picture?")


@view(LongCaption)
async def _long_caption(svc: Services, message: Outgoing, payload: LongCaption) -> Document:
    return Document(
        f"long-{payload.n}.txt",
        partial(bytes, b"long"),
        caption=f"<b>Notes</b>\n{html.escape(LONG_CAPTION)}",
    )


@view(Slow)
async def _slow(svc: Services, message: Outgoing, payload: Slow) -> Document:
    return Document(f"slow-{payload.n}.txt", partial(SLOW.make, payload.n))


if __name__ == "__main__":
    from bot.__main__ import main

    sys.exit(main())
