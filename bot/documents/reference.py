"""The reference as a PDF letter: company and date, the facts of the placement, the mentor's text.

Pure: the letter's data (every label already worded in the reader's language) in, PDF bytes out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from bot.documents.pdf import FAMILY, new_pdf, printable

if TYPE_CHECKING:
    from fpdf import FPDF

MARGIN = 25.0  # mm, left, right and top: a letter's margins
LINE = 6.0  # mm between two lines of the body at 11 pt
GREY = (110, 110, 110)
INK = (20, 20, 20)
RULE = (180, 180, 180)
BULLETS = "•-–*"  # a line starting with one of these and a space is a list item
INDENT = 5.0  # mm: where a list item's text starts, and stays when it wraps


@dataclass(frozen=True, slots=True)
class LetterLabels:
    """The fixed words of the letter, in its language."""

    title: str  # "Referentie"
    student: str  # "Student"
    company: str  # "Bedrijf"
    period: str  # "Periode"
    mentor: str  # "Praktijkopleider"
    date: str  # "Datum"
    closing: str  # "Met vriendelijke groet,"
    footer: str  # "Referentie voor Ngọc Özdemir"; the page number is added


@dataclass(frozen=True, slots=True)
class ReferenceLetter:
    """What a reference says and about whom; dates already worded as the reader writes them."""

    language: str
    student_name: str
    mentor_name: str
    company: str
    period: str  # "2 februari 2026 – 26 juni 2026"
    dated: str  # "26 juni 2026"
    issued_on: date
    text: str
    labels: LetterLabels


def reference_pdf(letter: ReferenceLetter) -> bytes:
    """The reference as an A4 PDF letter with the names exactly as written."""
    labels = letter.labels
    pdf = new_pdf(
        title=f"{labels.title} {letter.student_name}",
        author=letter.mentor_name,
        language=letter.language,
        created=letter.issued_on,
    )
    footer = printable(pdf, labels.footer)
    # fpdf2 draws the footer through a method: set it on this document only.
    pdf.footer = lambda: _footer(pdf, footer)  # type: ignore[method-assign]
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_auto_page_break(auto=True, margin=MARGIN)
    pdf.add_page()
    _letterhead(pdf, letter)
    _facts(pdf, letter)
    pdf.set_font(FAMILY, "", 11)
    pdf.set_text_color(*INK)
    for paragraph in printable(pdf, letter.text).split("\n\n"):
        _paragraph(pdf, paragraph.strip("\n"))
    _signature(pdf, letter)
    return bytes(pdf.output())


def _letterhead(pdf: FPDF, letter: ReferenceLetter) -> None:
    """The company as sender, the date on the right, the title."""
    pdf.set_font(FAMILY, "B", 13)
    pdf.set_text_color(*INK)
    pdf.multi_cell(110, 6, printable(pdf, letter.company), align="L", new_x="LMARGIN")
    below_company = pdf.get_y()
    pdf.set_font(FAMILY, "", 10)
    pdf.set_text_color(*GREY)
    pdf.set_xy(MARGIN, MARGIN)
    dated = f"{letter.labels.date}: {letter.dated}"
    pdf.cell(0, 6, printable(pdf, dated), align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.set_y(max(below_company + 8, MARGIN + 20))
    pdf.set_font(FAMILY, "B", 20)
    pdf.set_text_color(*INK)
    pdf.cell(0, 12, printable(pdf, letter.labels.title), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)


def _facts(pdf: FPDF, letter: ReferenceLetter) -> None:
    """Who, where and when, as a small table between two thin rules."""
    labels = letter.labels
    rows = (
        (labels.student, letter.student_name),
        (labels.company, letter.company),
        (labels.period, letter.period),
        (labels.mentor, letter.mentor_name),
    )
    _rule(pdf)
    pdf.ln(2)
    for label, value in rows:
        pdf.set_font(FAMILY, "", 10)
        pdf.set_text_color(*GREY)
        pdf.cell(40, LINE, printable(pdf, label))
        pdf.set_font(FAMILY, "B", 11)
        pdf.set_text_color(*INK)
        pdf.multi_cell(0, LINE, printable(pdf, value), align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    _rule(pdf)
    pdf.ln(6)


def _paragraph(pdf: FPDF, paragraph: str) -> None:
    """One paragraph of the text; a line that starts with a bullet hangs indented."""
    for line in paragraph.split("\n"):
        text = line.lstrip()
        if text[:1] and text[:1] in BULLETS and text[1:2] == " ":
            pdf.cell(INDENT, LINE, text[0])
            text = text[2:]
        pdf.multi_cell(0, LINE, text, align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(LINE / 2)


def _signature(pdf: FPDF, letter: ReferenceLetter) -> None:
    """The closing, room to sign, the mentor's name and his role at the company."""
    if pdf.get_y() + 6 * LINE > pdf.page_break_trigger:
        pdf.add_page()  # the closing and the name stay together
    pdf.ln(LINE)
    pdf.set_font(FAMILY, "", 11)
    pdf.cell(0, LINE, printable(pdf, letter.labels.closing), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(LINE * 2)
    pdf.set_font(FAMILY, "B", 11)
    pdf.multi_cell(0, LINE, printable(pdf, letter.mentor_name), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FAMILY, "", 10)
    pdf.set_text_color(*GREY)
    role = f"{letter.labels.mentor}, {letter.company}"
    pdf.multi_cell(0, LINE, printable(pdf, role), new_x="LMARGIN", new_y="NEXT")


def _rule(pdf: FPDF) -> None:
    """A thin grey line across the text width."""
    pdf.set_draw_color(*RULE)
    pdf.set_line_width(0.3)
    pdf.line(MARGIN, pdf.get_y(), pdf.w - MARGIN, pdf.get_y())


def _footer(pdf: FPDF, text: str) -> None:
    """Small grey line at the bottom of every page: whose reference, and the page number."""
    pdf.set_y(-15)
    pdf.set_font(FAMILY, "", 8)
    pdf.set_text_color(*GREY)
    pdf.cell(0, 5, f"{text} · {pdf.page_no()}/{{nb}}", align="C")
