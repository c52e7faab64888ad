"""The invite letter: one A4 page a coordinator prints or emails, with the link as a QR code.

Pure: the letter's data (every sentence already worded in the reader's language) in, PDF
bytes out. The QR code is drawn module by module as filled squares (no image library), at a
fixed place, so a test can render the page and read the code back.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from bot.documents.pdf import FAMILY, new_pdf, printable

if TYPE_CHECKING:
    from fpdf import FPDF

MARGIN = 22.0  # mm
LINE = 5.6  # mm between lines at 10.5 pt
INK, GREY, RULE = (20, 20, 20), (110, 110, 110), (180, 180, 180)
# Where the QR code sits (top left, mm) and how wide one module is: about 45 mm for a link of
# ours (version 4-5, 33-37 modules plus the quiet zone), which a phone reads from arm's length.
QR_X, QR_TOP_FROM_BOTTOM, MODULE = MARGIN, 100.0, 1.1
QUIET_ZONE = 4  # modules of white around the code, as the QR standard asks


@dataclass(frozen=True, slots=True)
class InviteLetter:
    """Whom the letter invites, and what it says to him."""

    language: str
    school: str
    name: str
    role: str  # "praktijkopleider"
    link: str
    expires: str  # the expiry date worded as the reader writes it
    issued_on: date
    title: str
    greeting: str
    what_it_does: str  # what the bot will do for him, in his role
    install_title: str
    install: str  # how to install Telegram
    join_title: str
    join: str  # scan or type the link, tap Start
    expiry_note: str  # personal, works once, until …; lost: ask …
    footer: str


def qr_matrix(link: str) -> tuple[tuple[bool, ...], ...]:
    """The link's QR code as rows of dark (True) and light modules, without the quiet zone."""
    import segno  # noqa: PLC0415  (lazily, like fpdf2: the bot starts without it)

    code = segno.make_qr(link, error="m")
    return tuple(tuple(bool(cell) for cell in row) for row in code.matrix)


def qr_place(pdf_height: float) -> tuple[float, float]:
    """Top-left corner (mm) of the code's first module on the page."""
    return QR_X + QUIET_ZONE * MODULE, pdf_height - QR_TOP_FROM_BOTTOM + QUIET_ZONE * MODULE


def invite_pdf(letter: InviteLetter) -> bytes:
    """The invite letter as one A4 page, the names exactly as written."""
    pdf = new_pdf(
        title=letter.title,
        author=letter.school,
        language=letter.language,
        created=letter.issued_on,
    )
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_auto_page_break(auto=False)
    pdf.add_page()
    pdf.set_text_color(*GREY)
    pdf.set_font(FAMILY, "", 9)
    pdf.cell(0, 5, printable(pdf, letter.school), new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(*INK)
    pdf.set_font(FAMILY, "B", 16)
    pdf.multi_cell(0, 9, printable(pdf, letter.title), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FAMILY, "", 10.5)
    pdf.multi_cell(
        0,
        LINE,
        printable(pdf, f"{letter.name} · {letter.role}"),
        align="L",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(4)
    for text in (letter.greeting, letter.what_it_does):
        pdf.multi_cell(0, LINE, printable(pdf, text), align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
    _section(pdf, letter.install_title, letter.install)
    _section(pdf, letter.join_title, letter.join)
    _code(pdf, letter)
    pdf.set_y(-16)
    pdf.set_font(FAMILY, "", 8)
    pdf.set_text_color(*GREY)
    footer = printable(pdf, letter.footer)
    while pdf.get_string_width(footer) > pdf.w - 2 * MARGIN:  # a very long name: cut, marked
        footer = footer[:-2] + "…"
    pdf.cell(0, 5, footer, align="C")
    return bytes(pdf.output())


def _section(pdf: FPDF, title: str, text: str) -> None:
    pdf.ln(2)
    pdf.set_font(FAMILY, "B", 11.5)
    pdf.multi_cell(0, 7, printable(pdf, title), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FAMILY, "", 10.5)
    pdf.multi_cell(0, LINE, printable(pdf, text), align="L", new_x="LMARGIN", new_y="NEXT")


def _code(pdf: FPDF, letter: InviteLetter) -> None:
    """The QR code at its fixed place, the link and the expiry beside it."""
    matrix = qr_matrix(letter.link)
    left, top = qr_place(pdf.h)
    pdf.set_fill_color(0, 0, 0)
    for row, cells in enumerate(matrix):
        for column, dark in enumerate(cells):
            if dark:
                pdf.rect(left + column * MODULE, top + row * MODULE, MODULE, MODULE, style="F")
    side = (len(matrix) + 2 * QUIET_ZONE) * MODULE
    text_left = QR_X + side + 6
    pdf.set_xy(text_left, pdf.h - QR_TOP_FROM_BOTTOM + 4)
    pdf.set_font(FAMILY, "B", 10.5)
    pdf.set_text_color(*INK)
    # The link whole, breakable anywhere: a typed link must be the exact one.
    from fpdf.enums import WrapMode  # noqa: PLC0415  (fpdf2 loads only for a document)

    pdf.multi_cell(
        pdf.w - MARGIN - text_left,
        LINE,
        letter.link,
        align="L",
        new_x="LEFT",
        new_y="NEXT",
        wrapmode=WrapMode.CHAR,
    )
    pdf.ln(3)
    pdf.set_x(text_left)
    pdf.set_font(FAMILY, "", 10)
    pdf.multi_cell(
        pdf.w - MARGIN - text_left,
        LINE,
        printable(pdf, letter.expiry_note),
        align="L",
        new_x="LEFT",
        new_y="NEXT",
    )
    pdf.set_draw_color(*RULE)
    pdf.set_line_width(0.3)
    pdf.line(
        MARGIN, pdf.h - QR_TOP_FROM_BOTTOM - 3, pdf.w - MARGIN, pdf.h - QR_TOP_FROM_BOTTOM - 3
    )
