"""The mentor certificate as a PDF: landscape A4, the school's logo and texts, the mentor's name,
the course and its dates, the number and the verification code.

Pure: the certificate's data (every label already worded in the reader's language, the school's
texts from its settings) in, PDF bytes out. The logo is a file the school chooses (PNG or JPEG);
one that cannot be read is left out rather than stopping the certificate.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from bot.documents.pdf import FAMILY, new_pdf, printable

if TYPE_CHECKING:
    from fpdf import FPDF

log = logging.getLogger(__name__)

FRAME = 12.0  # mm from the paper's edge to the outer frame
INK = (20, 20, 20)
GREY = (110, 110, 110)
ACCENT = (31, 78, 121)  # a sober dark blue for the frame and the title


@dataclass(frozen=True, slots=True)
class CertificateLabels:
    """The fixed words of the certificate, in its language."""

    title: str  # "Certificaat"
    awarded_to: str  # "uitgereikt aan"
    for_completing: str  # "voor het met goed gevolg afronden van de training"
    dates: str  # "Bijeenkomsten"
    number: str  # "Certificaatnummer"
    code: str  # "Verificatiecode"
    verify_hint: str  # "Controleer dit certificaat bij de school met nummer en code."


@dataclass(frozen=True, slots=True)
class Certificate:
    """What a certificate says; dates already worded as the reader writes them."""

    language: str
    mentor_name: str
    company: str
    course: str
    dates: str  # "12 maart 2026 en 9 april 2026"
    school: str
    signatory: str  # the school's text under the signature line, e.g. "J. Jansen, directeur"
    issued_on: date
    dated: str  # "9 april 2026"
    number: str
    code: str
    labels: CertificateLabels
    logo: Path | None = None


def certificate_pdf(cert: Certificate) -> bytes:
    """The certificate as one landscape A4 page with the names exactly as written."""
    labels = cert.labels
    pdf = new_pdf(
        title=f"{labels.title} {cert.number}",
        author=cert.school,
        language=cert.language,
        created=cert.issued_on,
    )
    pdf.set_auto_page_break(auto=False)
    pdf.add_page(orientation="landscape")
    _frame(pdf)
    _logo(pdf, cert.logo)
    pdf.set_left_margin(2 * FRAME)
    pdf.set_y(42)
    _line(pdf, cert.school, 14, "", GREY)
    _line(pdf, labels.title, 34, "B", ACCENT, height=16)
    pdf.ln(4)
    _line(pdf, labels.awarded_to, 13, "", GREY)
    _line(pdf, cert.mentor_name, 26, "B", INK, height=13)
    if cert.company:
        _line(pdf, cert.company, 13, "", GREY)
    pdf.ln(4)
    _line(pdf, labels.for_completing, 13, "", GREY)
    _line(pdf, cert.course, 18, "B", INK, height=10)
    _line(pdf, f"{labels.dates}: {cert.dates}", 11, "", GREY)
    _signature(pdf, cert)
    _identity(pdf, cert)
    return bytes(pdf.output())


def _line(
    pdf: FPDF,
    text: str,
    size: float,
    style: str,
    colour: tuple[int, int, int],
    *,
    height: float = 8,
) -> None:
    """One centred line (wrapped when long) in a size and colour."""
    width = pdf.w - 4 * FRAME
    pdf.set_text_color(*colour)
    pdf.set_x(2 * FRAME)
    pdf.multi_cell(
        width,
        height,
        _fit(pdf, text, size, style, width),
        align="C",
        new_x="LMARGIN",
        new_y="NEXT",
    )


def _fit(pdf: FPDF, text: str, size: float, style: str, width: float) -> str:
    """The text in a font size that keeps it within two lines: smaller, then cut with '…'.

    The certificate is one page: a 300-letter company must not push the number off it.
    """
    shown = " ".join(printable(pdf, text).split())
    room = width * 1.8  # two lines, less what word wrapping loses
    while size > 9:
        pdf.set_font(FAMILY, style, size)
        if pdf.get_string_width(shown) <= room:
            return shown
        size -= 1
    pdf.set_font(FAMILY, style, size)
    shown = shown[:400]  # more never fits two lines at 9 pt; saves measuring 10,000 letters
    while shown and pdf.get_string_width(shown + "…") > room:
        shown = shown[:-1]
    return shown + "…"


def _frame(pdf: FPDF) -> None:
    """A double frame around the page."""
    pdf.set_draw_color(*ACCENT)
    pdf.set_line_width(1.2)
    pdf.rect(FRAME, FRAME, pdf.w - 2 * FRAME, pdf.h - 2 * FRAME)
    pdf.set_line_width(0.3)
    pdf.rect(FRAME + 3, FRAME + 3, pdf.w - 2 * FRAME - 6, pdf.h - 2 * FRAME - 6)


def _logo(pdf: FPDF, logo: Path | None) -> None:
    """The school's logo at the top, centred, 18 mm high; left out when it cannot be read."""
    if logo is None:
        return
    try:
        pdf.image(str(logo), x=(pdf.w - 40) / 2, y=FRAME + 8, h=18, keep_aspect_ratio=True, w=40)
    except (OSError, ValueError, RuntimeError) as error:  # fpdf2/Pillow on a bad image file
        log.warning("certificate logo %s left out: %s", logo, type(error).__name__)


def _signature(pdf: FPDF, cert: Certificate) -> None:
    """The date and the school's signatory on the left, above a line."""
    y = pdf.h - FRAME - 42
    pdf.set_draw_color(*GREY)
    pdf.set_line_width(0.3)
    pdf.line(2 * FRAME + 10, y + 14, 2 * FRAME + 100, y + 14)
    pdf.set_xy(2 * FRAME + 10, y)
    pdf.set_font(FAMILY, "", 11)
    pdf.set_text_color(*INK)
    pdf.cell(90, 6, printable(pdf, cert.dated))
    pdf.set_xy(2 * FRAME + 10, y + 16)
    pdf.set_font(FAMILY, "", 10)
    pdf.set_text_color(*GREY)
    pdf.multi_cell(90, 5, printable(pdf, cert.signatory or cert.school), align="L")


def _identity(pdf: FPDF, cert: Certificate) -> None:
    """Number and verification code on the right, the hint how to check them below."""
    labels = cert.labels
    x, y = pdf.w - 2 * FRAME - 110, pdf.h - FRAME - 42
    for offset, (label, value) in enumerate(
        ((labels.number, cert.number), (labels.code, cert.code))
    ):
        pdf.set_xy(x, y + offset * 7)
        pdf.set_font(FAMILY, "", 10)
        pdf.set_text_color(*GREY)
        pdf.cell(45, 6, printable(pdf, label))
        pdf.set_font(FAMILY, "B", 12)
        pdf.set_text_color(*INK)
        pdf.cell(65, 6, printable(pdf, value), align="R")
    pdf.set_xy(x, y + 16)
    pdf.set_font(FAMILY, "", 8)
    pdf.set_text_color(*GREY)
    pdf.multi_cell(110, 4, printable(pdf, labels.verify_hint), align="R")
