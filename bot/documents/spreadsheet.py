"""CSV a spreadsheet opens safely: the one writer for invite lists and every export."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

# A cell starting with one of these is run as a formula by Excel, LibreOffice and Google Sheets
# (=HYPERLINK(…) leaks data, =cmd|… runs programs); tab and CR start one after trimming.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

Cell = str | int | float | None


def safe_cell(value: Cell) -> str:
    """A cell as text that a spreadsheet shows and never runs: a leading ' where it would."""
    if value is None:
        return ""
    if not isinstance(value, str):
        return str(value)  # a number is a number, -3 included
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def csv_bytes(
    header: Sequence[str], rows: Iterable[Sequence[Cell]], *, delimiter: str = ","
) -> bytes:
    """A CSV file: comma separated, CR LF line ends (RFC 4180), every cell guarded.

    UTF-8 with a BOM, the only way Excel opens UTF-8 with its letters right (Özdemir, not
    Ã–zdemir). `delimiter` ";" for Dutch Excel, whose list separator is the semicolon (the comma
    is its decimal sign): it opens such a file in columns by a double click, and a fraction
    (a float cell) is written with that decimal comma.
    """
    if delimiter not in (",", ";"):
        raise ValueError(f"a CSV separator is ',' or ';', not {delimiter!r}")
    # Dutch Excel reads "3.5" as text (or a date): a file it splits at ";" gets "3,5".
    decimal = "," if delimiter == ";" else "."
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n", delimiter=delimiter)
    writer.writerow([safe_cell(name) for name in header])
    writer.writerows(
        [
            str(cell).replace(".", decimal) if isinstance(cell, float) else safe_cell(cell)
            for cell in row
        ]
        for row in rows
    )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
