"""The reference PDF: parsed back, the names with their diacritics, the facts, any text."""

from __future__ import annotations

import io
import logging
import shutil
import subprocess
import sys
import unicodedata
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from bot.documents.reference import LetterLabels, ReferenceLetter, reference_pdf

LABELS = LetterLabels(
    title="Referentie",
    student="Student",
    company="Bedrijf",
    period="Periode",
    mentor="Praktijkopleider",
    date="Datum",
    closing="Met vriendelijke groet,",
    footer="Referentie voor Ngọc Özdemir",
)
TEXT = (
    "Ngọc Özdemir heeft van 2 februari 2026 tot en met 26 juni 2026 stage gelopen bij "
    "Café Ĳsselstein. Ik was in die periode de praktijkopleider.\n\n"
    "Op tijd komen\n• Drie keer te laat in februari.\n• Sinds maart elke dag op tijd.\n\n"
    "Tot slot: ik wens Ngọc veel succes."
)
LETTER = ReferenceLetter(
    language="nl",
    student_name="Ngọc Özdemir",
    mentor_name="Jan de Vries-Ĳzerman",
    company="Café Ĳsselstein",
    period="2 februari 2026 – 26 juni 2026",
    dated="26 juni 2026",
    issued_on=date(2026, 6, 26),
    text=TEXT,
    labels=LABELS,
)


def text_of(pdf: bytes) -> str:
    """Every page's text as a reader (pypdf) extracts it, lines joined by spaces."""
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def test_the_pdf_holds_the_names_with_their_diacritics_the_company_and_the_period() -> None:
    pdf = reference_pdf(LETTER)
    assert pdf.startswith(b"%PDF-")
    text = text_of(pdf)
    for expected in (
        "Ngọc Özdemir",
        "Jan de Vries-Ĳzerman",
        "Café Ĳsselstein",
        "2 februari 2026 – 26 juni 2026",
        "Datum: 26 juni 2026",
        "Referentie",
        "Praktijkopleider",
        "Sinds maart elke dag op tijd.",
        "Met vriendelijke groet,",
    ):
        assert expected in text
    # The signature names the mentor's role at the company.
    assert "Praktijkopleider, Café Ĳsselstein" in text


def test_the_document_says_what_it_is_and_embeds_its_font() -> None:
    pdf = reference_pdf(LETTER)
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.metadata is not None
    assert reader.metadata.title == "Referentie Ngọc Özdemir"
    assert reader.metadata.author == "Jan de Vries-Ĳzerman"
    assert b"/Lang (nl)" in pdf
    assert b"/FontFile2" in pdf  # the TrueType font travels inside the file
    assert len(pdf) < 60_000  # a subset of it, not the 700 kB font


def test_the_same_letter_makes_the_same_bytes() -> None:
    assert reference_pdf(LETTER) == reference_pdf(LETTER)
    assert reference_pdf(LETTER) != reference_pdf(replace(LETTER, text="Iets anders."))


def test_names_typed_with_combining_accents_come_out_composed() -> None:
    decomposed = unicodedata.normalize("NFD", "Ngọc Özdemir")
    assert decomposed != "Ngọc Özdemir"
    text = text_of(reference_pdf(replace(LETTER, student_name=decomposed)))
    assert "Student Ngọc Özdemir" in text


def test_a_long_hostile_text_spreads_over_pages_and_keeps_its_characters() -> None:
    hostile = ('&amp; <b>"x" 😀 ' * 1_000)[:10_000]
    letter = replace(
        LETTER,
        text=hostile + "\n\n" + "ẞ" * 3_000,
        company="Ö" * 300,
        mentor_name="Bob\x00\x07\tTables'); DROP TABLE people;--",
    )
    pdf = reference_pdf(letter)
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) > 2
    text = text_of(pdf)
    assert '&amp; <b>"x"' in text
    assert "Bob Tables'); DROP TABLE people;--" in text  # control characters dropped
    assert "\x00" not in text


def test_characters_the_font_lacks_are_left_out(caplog: pytest.LogCaptureFixture) -> None:
    # U+1F9D1 (🧑) and U+E000 (private use) are not in DejaVu Sans: left out before fpdf2 would
    # log a missing glyph and print nothing or an empty box.
    with caplog.at_level(logging.WARNING, logger="fpdf"):
        text = text_of(reference_pdf(replace(LETTER, text="Top 🧑\ue000 gedaan")))
    assert "Top gedaan" in text
    assert [record.getMessage() for record in caplog.records] == []


def test_making_the_module_importable_does_not_load_fpdf() -> None:
    probe = "import sys, bot.documents.reference; print('fpdf' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils not installed")
def test_poppler_renders_every_page_without_complaint(tmp_path: Path) -> None:
    source = tmp_path / "reference.pdf"
    source.write_bytes(reference_pdf(replace(LETTER, text=TEXT + "\n\n" + "Lang. " * 2_000)))
    result = subprocess.run(
        ["pdftoppm", "-png", "-r", "30", str(source), str(tmp_path / "page")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (result.returncode, result.stderr) == (0, "")
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) >= 2
    assert all(page.read_bytes().startswith(b"\x89PNG") for page in pages)
