"""A PDF page set in a Unicode font that ships with the bot, so every name prints as written.

The font is DejaVu Sans (regular and bold, `fonts/`, free licence in `fonts/LICENSE`): it covers
Latin with every European diacritic and Vietnamese (Özdemir, Ngọc, Ĳsselstein, café), Greek and
Cyrillic. It is embedded as a subset, so a letter weighs tens of kilobytes, not the font's 700.
fpdf2 is imported inside the functions: the bot starts without loading it.
"""

from __future__ import annotations

import unicodedata
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fpdf import FPDF

FAMILY = "DejaVu"
FONT_DIR = Path(__file__).with_name("fonts")
_FONTS = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}


def new_pdf(*, title: str, author: str, language: str, created: date) -> FPDF:
    """An empty A4 document with the Unicode font, its metadata set and a fixed creation date.

    A fixed date makes the bytes depend only on the data: a document rebuilt after a crash is
    the same document.
    """
    from fpdf import FPDF  # noqa: PLC0415 - lazily: only when a document is made

    pdf = FPDF(orientation="portrait", unit="mm", format="A4")
    for style, name in _FONTS.items():
        # fpdf2 reads the font file again when it writes the document: a real path, not a
        # temporary copy, so the package is installed unzipped (setuptools does).
        pdf.add_font(FAMILY, style, FONT_DIR / name)
    pdf.set_creation_date(datetime.combine(created, time(12, 0), tzinfo=UTC))
    pdf.set_title(printable(pdf, title))
    pdf.set_author(printable(pdf, author))
    pdf.set_lang(language)
    pdf.set_creator("mentorbot")
    return pdf


def printable(pdf: FPDF, text: str) -> str:
    """The text as the font can print it: composed accents, no control characters, no glyph
    the font lacks (an emoji would print as an empty box; it carries nothing a letter needs).
    """
    cmap = getattr(pdf.fonts[FAMILY.lower()], "cmap", {})  # a TrueType font's characters
    composed = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\t", "    "))
    return "".join(
        char for char in composed if char == "\n" or (char.isprintable() and ord(char) in cmap)
    )
