"""The certificate PDF: parsed back with the name's diacritics, course, dates, number and code;
one page whatever the names; poppler renders it."""

from __future__ import annotations

import io
import shutil
import subprocess
import unicodedata
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from bot.documents.certificate import Certificate, CertificateLabels, certificate_pdf

LABELS = CertificateLabels(
    title="Certificaat",
    awarded_to="uitgereikt aan",
    for_completing="voor het met goed gevolg afronden van de training",
    dates="Bijeenkomsten",
    number="Certificaatnummer",
    code="Verificatiecode",
    verify_hint="Controleer dit certificaat bij de school met het nummer en de code.",
)
CERT = Certificate(
    language="nl",
    mentor_name="Zoë Ĳzerman-Özdemir",
    company="Café Ĳsselstein",
    course="Praktijkopleider in de zorg",
    dates="12 maart 2026 en 9 april 2026",
    school="ROC Nijmegen",
    signatory="A. de Bruijn, opleidingsmanager",
    issued_on=date(2026, 4, 9),
    dated="9 april 2026",
    number="MB-2026-0001",
    code="K7QX-2M4P-ZA9D",
    labels=LABELS,
)


def text_of(pdf: bytes) -> str:
    """Every page's text as pypdf extracts it, whitespace collapsed."""
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def test_the_certificate_reads_back_with_every_fact() -> None:
    pdf = certificate_pdf(CERT)
    assert pdf.startswith(b"%PDF-")
    text = text_of(pdf)
    for expected in (
        "Zoë Ĳzerman-Özdemir",
        "Café Ĳsselstein",
        "Praktijkopleider in de zorg",
        "12 maart 2026 en 9 april 2026",
        "ROC Nijmegen",
        "MB-2026-0001",
        "K7QX-2M4P-ZA9D",
        "Certificaat",
        "uitgereikt aan",
        "9 april 2026",
        "A. de Bruijn, opleidingsmanager",
    ):
        assert expected in text, expected


def test_one_page_with_the_font_embedded_and_its_metadata() -> None:
    pdf = certificate_pdf(CERT)
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    page = reader.pages[0]
    assert float(page.mediabox.width) > float(page.mediabox.height)  # landscape
    assert reader.metadata is not None
    assert reader.metadata.title == "Certificaat MB-2026-0001"
    assert reader.metadata.author == "ROC Nijmegen"
    assert b"/FontFile2" in pdf
    assert len(pdf) < 60_000


def test_the_same_certificate_makes_the_same_bytes() -> None:
    assert certificate_pdf(CERT) == certificate_pdf(CERT)
    assert certificate_pdf(CERT) != certificate_pdf(replace(CERT, number="MB-2026-0002"))


def test_a_decomposed_name_comes_out_composed() -> None:
    text = text_of(
        certificate_pdf(
            replace(CERT, mentor_name=unicodedata.normalize("NFD", "Zoë Ĳzerman-Özdemir"))
        )
    )
    assert "Zoë Ĳzerman-Özdemir" in text


def test_hostile_long_names_stay_on_one_page_and_keep_the_number() -> None:
    hostile = ('&amp; <b>"x" 😀 ' * 1_000)[:10_000]
    pdf = certificate_pdf(
        replace(
            CERT,
            mentor_name=hostile,
            company="Ö" * 300,
            course="Bob\x00\x07');DROP TABLE x;--" * 40,
        )
    )
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    text = text_of(pdf)
    assert "MB-2026-0001" in text
    assert "K7QX-2M4P-ZA9D" in text
    assert '&amp; <b>"x"' in text
    assert "…" in text
    assert "\x00" not in text


def test_the_logo_is_drawn_and_a_broken_one_is_left_out(tmp_path: Path) -> None:
    from PIL import Image  # noqa: PLC0415 - Pillow comes with fpdf2

    logo = tmp_path / "logo.png"
    Image.new("RGB", (120, 60), (31, 78, 121)).save(logo)
    with_logo = certificate_pdf(replace(CERT, logo=logo))
    assert b"/Subtype /Image" in with_logo
    broken = tmp_path / "broken.png"
    broken.write_bytes(b"not a png")
    without = certificate_pdf(replace(CERT, logo=broken))
    assert b"/Subtype /Image" not in without
    assert "MB-2026-0001" in text_of(without)
    missing = certificate_pdf(replace(CERT, logo=tmp_path / "gone.png"))
    assert "Zoë Ĳzerman-Özdemir" in text_of(missing)


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils not installed")
def test_poppler_renders_it_without_complaint(tmp_path: Path) -> None:
    source = tmp_path / "certificate.pdf"
    source.write_bytes(certificate_pdf(CERT))
    result = subprocess.run(
        ["pdftoppm", "-png", "-r", "30", str(source), str(tmp_path / "page")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (result.returncode, result.stderr) == (0, "")
    assert [p.name for p in tmp_path.glob("page*.png")] == ["page-1.png"]
