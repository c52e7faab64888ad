"""A roster file as spreadsheets save it: its encoding, its separator, its lines and cells.

Each physical line is read on its own, so an unbalanced quote can never swallow the lines
after it into one merged row: it is an error of its own line. Nothing here knows the columns.
"""

from __future__ import annotations

import csv
import unicodedata
from dataclasses import dataclass

UTF8 = "UTF-8"
UTF8_BOM = "UTF-8 with BOM"
WINDOWS_1252 = "Windows-1252"
UNKNOWN = "unknown"

# No cell of a roster is longer; a longer one is a mistake (or an attack), not a name.
MAX_FIELD = 1000
# Bidirectional overrides and isolates make a name display as another (U+202E "evil" → "live").
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


@dataclass(frozen=True, slots=True)
class Line:
    """One non-empty line of the file: its number as a spreadsheet shows it, and its cells."""

    number: int
    cells: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class LineError:
    """Why a line could not even be split into cells."""

    number: int
    reason: str


@dataclass(frozen=True, slots=True)
class RosterFile:
    """The decoded file: how it was read, its header, its lines and the lines that failed."""

    encoding: str
    delimiter: str
    header_line: int
    header: tuple[str, ...]
    lines: tuple[Line, ...]
    errors: tuple[LineError, ...]


def decode(data: bytes) -> tuple[str, str] | None:
    """The text of a roster and the encoding it was in: UTF-8 (with or without BOM) or
    Windows-1252 (what Excel saves as "CSV" on a Dutch Windows); None for anything else.

    Text with any letter beyond ASCII is almost never valid UTF-8 when it was written in
    Windows-1252, so trying UTF-8 first tells the two apart.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), UTF8_BOM
        except UnicodeDecodeError:
            return None
    try:
        return data.decode("utf-8"), UTF8
    except UnicodeDecodeError:
        pass
    try:
        # Python's cp1252 refuses the five bytes Windows-1252 leaves undefined.
        return data.decode("cp1252"), WINDOWS_1252
    except UnicodeDecodeError:
        return None


def split_file(text: str, encoding: str) -> RosterFile:
    """Split a decoded roster into header and lines of cells, each bad line named."""
    text = text.removeprefix("\ufeff")
    # Excel's line ends are CR LF; old Mac ones a lone CR. Other separators (U+2028, VT, FF…)
    # are control characters inside a line, refused below, never a line break.
    physical = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    number, delimiter = 1, _delimiter(physical[0])
    if physical[0].strip().lower() in ("sep=;", "sep=,"):  # Excel's own separator hint
        number, delimiter = 2, physical[0].strip()[-1]
    cells, problem = _cells(physical[number - 1] if len(physical) >= number else "", delimiter, ())
    if problem is not None:
        return RosterFile(encoding, delimiter, number, (), (), (LineError(number, problem),))
    header = tuple(cell.strip().lower() for cell in cells)
    lines: list[Line] = []
    errors: list[LineError] = []
    for offset, raw in enumerate(physical[number:], start=number + 1):
        if not raw.strip(" " + delimiter):
            continue  # a blank line, or one of separators only (Excel's empty rows)
        cells, problem = _cells(raw, delimiter, header)
        if problem is None and len(cells) > len(header) and any(cells[len(header) :]):
            problem = (
                f"has {len(cells)} cells where the header has {len(header)} "
                f"(a {_name(delimiter)} inside a name needs quotes around the name)"
            )
        if problem is None:
            lines.append(Line(offset, cells))
        else:
            errors.append(LineError(offset, problem))
    return RosterFile(encoding, delimiter, number, header, tuple(lines), tuple(errors))


def _delimiter(first: str) -> str:
    return ";" if first.count(";") > first.count(",") else ","


def _name(delimiter: str) -> str:
    return "semicolon" if delimiter == ";" else "comma"


def _cells(
    raw: str, delimiter: str, header: tuple[str, ...]
) -> tuple[tuple[str, ...], str | None]:
    """The cells of one line, or why it has none."""
    try:
        rows = list(csv.reader([raw], delimiter=delimiter, strict=True))
    except csv.Error as problem:
        control = _control_in(raw)
        if control:
            return (), f"holds a control character ({control})"
        if "field larger" in str(problem):
            return (), f"has a cell longer than {MAX_FIELD} characters"
        return (), (
            'has a quote (") that is not closed on this line: a cell with a line break '
            "or a stray quote"
        )
    cells = tuple(rows[0]) if rows else ()
    for index, cell in enumerate(cells):
        column = header[index] if index < len(header) and header[index] else f"cell {index + 1}"
        control = _control_in(cell)
        if control:
            return (), f"{column} holds a control character ({control})"
        if len(cell) > MAX_FIELD:
            return (), f"{column} is longer than {MAX_FIELD} characters"
    return cells, None


_CONTROL_NAMES = {
    "\t": "a tab",
    "\x00": "NUL",
    "\x0b": "a vertical tab",
    "\x0c": "a form feed",
    "\u2028": "a line separator",
    "\u2029": "a paragraph separator",
}


def _control_in(text: str) -> str:
    """The first character that has no place in a name, email, company or date, described."""
    for char in text:
        if char in _BIDI_CONTROLS or unicodedata.category(char) in ("Cc", "Zl", "Zp"):
            name = _CONTROL_NAMES.get(
                char, "a direction override" if char in _BIDI_CONTROLS else ""
            )
            return f"U+{ord(char):04X}" + (f", {name}" if name else "")
    return ""
