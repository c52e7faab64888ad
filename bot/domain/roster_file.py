"""A roster file as spreadsheets save it: its encoding, its separator, its lines and cells.

Each physical line is read on its own, so an unbalanced quote can never swallow the lines
after it into one merged row: it is an error of its own line. Nothing here knows the columns.
"""

from __future__ import annotations

import csv
import unicodedata
from dataclasses import dataclass
from enum import StrEnum

UTF8 = "UTF-8"
UTF8_BOM = "UTF-8 with BOM"
WINDOWS_1252 = "Windows-1252"
UNKNOWN = "unknown"

# No cell of a roster is longer; a longer one is a mistake (or an attack), not a name.
MAX_FIELD = 1000
# Bidirectional overrides and isolates make a name display as another (U+202E "evil" → "live").
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


class Fault(StrEnum):
    """What can be wrong with a roster line; `roster.fault.<value>` words it in each language."""

    NOT_TEXT = "not_text"
    MISSING_COLUMNS = "missing_columns"
    NO_PLACEMENTS = "no_placements"
    OPEN_QUOTE = "open_quote"
    LINE_CONTROL = "line_control"
    LINE_TOO_LONG = "line_too_long"
    CONTROL = "control"
    TOO_LONG = "too_long"
    TOO_MANY_CELLS = "too_many_cells"
    EMPTY = "empty"
    NOT_EMAIL = "not_email"
    NOT_DATE = "not_date"
    ENDS_BEFORE_STARTS = "ends_before_starts"
    SAME_EMAILS = "same_emails"
    LANGUAGE = "language"
    TIMEZONE = "timezone"
    WEEKDAY = "weekday"
    TIME = "time"
    COUNT = "count"
    ROLE_EARLIER = "role_earlier"
    ROLE_ALREADY = "role_already"


class Control(StrEnum):
    """A control character a name can hold by mistake; `roster.control.<value>` names it."""

    TAB = "tab"
    NUL = "nul"
    VERTICAL_TAB = "vertical_tab"
    FORM_FEED = "form_feed"
    LINE_SEPARATOR = "line_separator"
    PARAGRAPH_SEPARATOR = "paragraph_separator"
    DIRECTION_OVERRIDE = "direction_override"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a line, worded by its reader's view: the fault and the values its
    text names (a column, the value found, a limit). `cell` is set instead of `column` for a
    cell the header has no name for; `control` names a control character (a Control)."""

    fault: Fault
    values: tuple[tuple[str, str], ...] = ()

    @classmethod
    def of(cls, fault: Fault, **values: object) -> Problem:
        """A Problem with its values as text."""
        return cls(fault, tuple((name, str(value)) for name, value in values.items()))


@dataclass(frozen=True, slots=True)
class Line:
    """One non-empty line of the file: its number as a spreadsheet shows it, and its cells."""

    number: int
    cells: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class LineError:
    """Why a line could not even be split into cells."""

    number: int
    reason: Problem


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
            problem = Problem.of(
                Fault.TOO_MANY_CELLS, cells=len(cells), header=len(header), separator=delimiter
            )
        if problem is None:
            lines.append(Line(offset, cells))
        else:
            errors.append(LineError(offset, problem))
    return RosterFile(encoding, delimiter, number, header, tuple(lines), tuple(errors))


def _delimiter(first: str) -> str:
    return ";" if first.count(";") > first.count(",") else ","


def _cells(
    raw: str, delimiter: str, header: tuple[str, ...]
) -> tuple[tuple[str, ...], Problem | None]:
    """The cells of one line, or why it has none."""
    try:
        rows = list(csv.reader([raw], delimiter=delimiter, strict=True))
    except csv.Error as error:
        control = _control_in(raw)
        if control:
            return (), Problem.of(Fault.LINE_CONTROL, code=control[0], control=control[1])
        if "field larger" in str(error):
            return (), Problem.of(Fault.LINE_TOO_LONG, limit=MAX_FIELD)
        return (), Problem.of(Fault.OPEN_QUOTE)
    cells = tuple(rows[0]) if rows else ()
    for index, cell in enumerate(cells):
        where: dict[str, object] = (
            {"column": header[index]}
            if index < len(header) and header[index]
            else {"cell": index + 1}
        )
        control = _control_in(cell)
        if control:
            return (), Problem.of(Fault.CONTROL, code=control[0], control=control[1], **where)
        if len(cell) > MAX_FIELD:
            return (), Problem.of(Fault.TOO_LONG, limit=MAX_FIELD, **where)
    return cells, None


_CONTROL_NAMES = {
    "\t": Control.TAB,
    "\x00": Control.NUL,
    "\x0b": Control.VERTICAL_TAB,
    "\x0c": Control.FORM_FEED,
    "\u2028": Control.LINE_SEPARATOR,
    "\u2029": Control.PARAGRAPH_SEPARATOR,
}


def _control_in(text: str) -> tuple[str, Control] | None:
    """The first character that has no place in a name, email, company or date: its code
    point (U+0009) and what it is."""
    for char in text:
        if char in _BIDI_CONTROLS or unicodedata.category(char) in ("Cc", "Zl", "Zp"):
            kind = Control.DIRECTION_OVERRIDE if char in _BIDI_CONTROLS else Control.OTHER
            return f"U+{ord(char):04X}", _CONTROL_NAMES.get(char, kind)
    return None


_ENGLISH = {
    Fault.OPEN_QUOTE: 'has a quote (") that is not closed on this line',
    Fault.LINE_CONTROL: "holds a control character ({code})",
    Fault.LINE_TOO_LONG: "has a cell longer than {limit} characters",
    Fault.CONTROL: "{column}{cell} holds a control character ({code})",
    Fault.TOO_LONG: "{column}{cell} is longer than {limit} characters",
    Fault.TOO_MANY_CELLS: "has {cells} cells where the header has {header}",
}


def in_english(problem: Problem) -> str:
    """A line that could not be split, in English: for the course and company files, which
    only the command line reads (the roster's reader words them in his language)."""
    values = dict(problem.values)
    values["cell"] = f"cell {values['cell']}" if values.get("cell") else ""
    values.setdefault("column", "")
    return _ENGLISH[problem.fault].format(**values)
