"""Reading roster files: separators, encodings, and every kind of bad line named by its number."""

from __future__ import annotations

from datetime import date

import pytest

from bot.domain.people import Role
from bot.domain.roster import RosterDefaults, RowError, read_roster, refuse_role_changes
from handlers.coordinator_format import error_text
from tests.conftest import ROSTER

DEFAULTS = RosterDefaults("nl", "Europe/Amsterdam", "fri", "14:00", 7, 6)
HEADER = ROSTER.splitlines()[0]
GOOD = ROSTER.splitlines()[1]


def english(error: RowError) -> str:
    """A refused line as the command line prints it (English)."""
    return error_text("en", error)


def with_line_4(bad_line: str) -> str:
    """The sample roster with one more line, line 4 of the file as a spreadsheet numbers it."""
    lines = ROSTER.splitlines()
    lines.insert(3, bad_line)
    return "\n".join(lines) + "\n"


def test_three_placements_read_with_defaults() -> None:
    roster = read_roster(ROSTER, DEFAULTS)
    assert roster.errors == ()
    assert [row.student.name for row in roster.rows] == [
        "Sanne de Vries",
        "Daan Smit",
        "Lotte Visser",
    ]
    first = roster.rows[0]
    assert (first.checkin_weekday, first.checkin_time, first.language) == (4, "14:00", "nl")
    assert (first.mentor_meeting_every_days, first.tripartite_every_weeks) == (7, 6)


def test_semicolons_crlf_and_excel_bom_are_read() -> None:
    data = ("\ufeff" + ROSTER.replace(",", ";").replace("\n", "\r\n")).encode("utf-8")
    roster = read_roster(data, DEFAULTS)
    assert roster.errors == ()
    assert len(roster.rows) == 3
    assert (roster.encoding, roster.delimiter) == ("UTF-8 with BOM", ";")


def test_excels_separator_line_and_empty_rows_are_read() -> None:
    text = "sep=;\r\n" + ROSTER.replace(",", ";") + ";;;;;;;;\r\n\r\n"
    roster = read_roster(text.encode(), DEFAULTS)
    assert roster.errors == ()
    assert [row.line for row in roster.rows] == [3, 4, 5]


def test_a_dutch_excel_file_in_windows_1252_is_read() -> None:
    # What "CSV (gescheiden door lijstscheidingsteken)" saves on a Dutch Windows: Windows-1252,
    # semicolons, day-first dates. 0x92 (’) and 0x80 (€) are where it differs from Latin-1.
    text = (
        HEADER.replace(",", ";") + "\r\n"
        "Emre Özdemir;emre@student.example;Zoë van IJsselmeer;zoe@bakkerij.example;"
        "Bakkerij ’t Hoekje € 1;Ingrid Bos;ingrid@school.example;2-3-2026;26-06-2026\r\n"
    )
    data = text.encode("cp1252")
    assert data.decode("utf-8", errors="replace") != text  # not valid UTF-8: detection matters
    roster = read_roster(data, DEFAULTS)
    assert roster.errors == ()
    assert roster.encoding == "Windows-1252"
    row = roster.rows[0]
    assert (row.student.name, row.mentor.name, row.company) == (
        "Emre Özdemir",
        "Zoë van IJsselmeer",
        "Bakkerij ’t Hoekje € 1",
    )
    assert (row.starts_on, row.ends_on) == (date(2026, 3, 2), date(2026, 6, 26))


def test_utf8_without_bom_keeps_letters_windows_1252_has_not() -> None:
    text = HEADER + "\n" + GOOD.replace("Sanne de Vries", "Jeroen Ĳsselmeer") + "\n"
    roster = read_roster(text.encode("utf-8"), DEFAULTS)
    assert (roster.encoding, roster.rows[0].student.name) == ("UTF-8", "Jeroen Ĳsselmeer")


def test_bytes_in_no_known_encoding_are_one_error() -> None:
    data = (HEADER + "\n" + GOOD + "\n").encode() + b"\x81\x8d\xff\n"
    roster = read_roster(data, DEFAULTS)
    assert roster.rows == ()
    assert [(e.line, "neither UTF-8 nor Windows-1252" in english(e)) for e in roster.errors] == [
        (1, True)
    ]


def test_optional_columns_override_defaults() -> None:
    text = (
        HEADER
        + ",language,timezone,checkin_weekday,checkin_time\n"
        + GOOD
        + ",en,Europe/London,mon,9:30\n"
    )
    row = read_roster(text, DEFAULTS).rows[0]
    assert (row.language, row.timezone, row.checkin_weekday, row.checkin_time) == (
        "en",
        "Europe/London",
        0,
        "09:30",
    )


@pytest.mark.parametrize("written", ["2026-03-02", "2-3-2026", "02-03-2026", "2026-3-2"])
def test_dates_as_excel_writes_them(written: str) -> None:
    roster = read_roster(with_line_4(GOOD.replace("2026-03-02", written)), DEFAULTS)
    assert roster.errors == ()
    assert roster.rows[2].starts_on == date(2026, 3, 2)


@pytest.mark.parametrize(
    ("bad_line", "reason"),
    [
        (GOOD.replace("2026-06-26", "26/06/2026"), "ends_on '26/06/2026' is not a date"),
        (GOOD.replace("2026-06-26", "26-06-26"), "ends_on '26-06-26' is not a date"),
        (GOOD.replace("2026-06-26", "２６-06-2026"), "ends_on '２６-06-2026' is not a date"),
        (GOOD.replace("2026-03-02", "2026-13-01", 1), "starts_on '2026-13-01' is not a date"),
        (GOOD.replace("2026-06-26", "2026-01-01"), "ends_on is before starts_on"),
        (GOOD.replace("sanne@student.example", "sanne-at-home"), "is not an email address"),
        (GOOD.replace("Sanne de Vries", ""), "student_name is empty"),
        (GOOD.replace("ingrid@school.example", "mark@bakkerij.example"), "three different"),
        (GOOD.replace("Bakkerij Jansen", "B" * 300), "company is longer than 200"),
        (GOOD + ",extra", "has 10 cells where the header has 9"),
    ],
)
def test_a_bad_row_is_named_by_its_line(bad_line: str, reason: str) -> None:
    roster = read_roster(with_line_4(bad_line), DEFAULTS)
    assert [(e.line, reason in english(e)) for e in roster.errors] == [(4, True)], roster.errors
    assert len(roster.rows) == 3


@pytest.mark.parametrize(
    ("bad_line", "reason"),
    [
        # A quote opened and never closed: csv would read on into the next lines and merge them.
        (GOOD.replace("Sanne de Vries", '"Sanne de Vries'), 'quote (") that is not closed'),
        (GOOD.replace("Sanne de Vries", '"Sanne" de Vries'), 'quote (") that is not closed'),
        (
            GOOD.replace("Sanne de Vries", "Sanne\x07 de Vries"),
            "student_name holds a control character (U+0007)",
        ),
        (GOOD.replace("Sanne de Vries", "Sanne\x00"), "control character (U+0000, NUL)"),
        (
            GOOD.replace("Bakkerij Jansen", "Bakkerij\tJansen"),
            "company holds a control character (U+0009, a tab)",
        ),
        (
            GOOD.replace("Sanne de Vries", "Sanne\u202eseirV"),
            "student_name holds a control character (U+202E, a direction override)",
        ),
        (GOOD.replace("Sanne de Vries", "Sanne\u2028de Vries"), "U+2028, a line separator"),
        (GOOD.replace("Sanne de Vries", "Sanne\x0bde Vries"), "U+000B, a vertical tab"),
        (GOOD.replace("Sanne de Vries", "S" * 1001), "student_name is longer than 1000"),
        (GOOD + "," + "x" * 1001, "cell 10 is longer than 1000"),
        (GOOD.replace("Sanne de Vries", "S" * 200_000), "longer than 1000"),
        (GOOD.replace("Sanne de Vries", '"' + "S" * 200_000), "longer than 1000"),
    ],
)
def test_a_broken_line_is_an_error_of_its_own_and_never_merges_rows(
    bad_line: str, reason: str
) -> None:
    roster = read_roster(with_line_4(bad_line), DEFAULTS)
    assert [(e.line, reason in english(e)) for e in roster.errors] == [(4, True)], roster.errors
    # The lines around it are read as they are: nothing swallowed, nothing merged.
    assert [(r.line, r.student.name) for r in roster.rows] == [
        (2, "Sanne de Vries"),
        (3, "Daan Smit"),
        (5, "Lotte Visser"),
    ]


def test_a_control_character_in_the_header_is_line_1() -> None:
    roster = read_roster(HEADER.replace("company", "comp\x1bany") + "\n" + GOOD + "\n", DEFAULTS)
    assert roster.rows == ()
    assert [(e.line, "U+001B" in english(e)) for e in roster.errors] == [(1, True)]


def test_every_problem_of_a_row_is_named() -> None:
    text = HEADER + ",checkin_weekday,checkin_time,language\n" + GOOD + ",someday,25:00,de\n"
    (error,) = read_roster(text, DEFAULTS).errors
    assert error.line == 2
    assert "checkin_weekday 'someday' is not one of mon..sun" in english(error)
    assert "checkin_time '25:00' is not a time HH:MM" in english(error)
    assert "language 'de' is not one of nl, en" in english(error)


@pytest.mark.parametrize("digits", ["٧", "７", "²", "7\u0660"])
def test_cadence_needs_ascii_digits(digits: str) -> None:
    text = HEADER + ",mentor_meeting_every_days\n" + GOOD + f",{digits}\n"
    (error,) = read_roster(text, DEFAULTS).errors
    assert f"mentor_meeting_every_days {digits!r} is not a whole number" in english(error)


@pytest.mark.parametrize("time", ["١٤:٠٠", "１４:００", "1²:00"])
def test_checkin_time_needs_ascii_digits(time: str) -> None:
    text = HEADER + ",checkin_time\n" + GOOD + f",{time}\n"
    (error,) = read_roster(text, DEFAULTS).errors
    assert f"checkin_time {time!r} is not a time HH:MM" in english(error)


def test_same_email_in_two_roles_is_refused() -> None:
    text = ROSTER + GOOD.replace("sanne@student.example", "peter@school.example") + "\n"
    (error,) = read_roster(text, DEFAULTS).errors
    assert error.line == 5
    assert english(error).startswith(
        "peter@school.example is a supervisor on an earlier line and cannot be a student here"
    )


def test_a_refused_row_gives_nobody_a_role() -> None:
    # Line 2 is bad (its date), so Mark is no mentor yet when line 3 names him as a student.
    first = GOOD.replace("2026-06-26", "2026-02-31")
    second = ROSTER.splitlines()[3].replace("lotte@student.example", "mark@bakkerij.example")
    roster = read_roster("\n".join((HEADER, first, second)), DEFAULTS)
    assert [e.line for e in roster.errors] == [2]
    assert roster.rows[0].student.email == "mark@bakkerij.example"


def test_rows_that_would_change_a_known_persons_role_are_refused() -> None:
    roster = read_roster(ROSTER, DEFAULTS)
    known = {
        "lotte@student.example": Role.STUDENT,
        "ingrid@school.example": Role.STUDENT,
        "mark@bakkerij.example": Role.MENTOR,
    }
    checked = refuse_role_changes(roster, known)
    assert [r.line for r in checked.rows] == [4]
    assert [(e.line, english(e).split(" (")[0]) for e in checked.errors] == [
        (2, "ingrid@school.example is a student already and cannot be a supervisor here"),
        (3, "ingrid@school.example is a student already and cannot be a supervisor here"),
    ]


def test_missing_columns_are_named() -> None:
    roster = read_roster("student_name,student_email\nA,a@b.nl\n", DEFAULTS)
    assert roster.rows == ()
    assert roster.errors[0].line == 1
    assert "mentor_name" in english(roster.errors[0])


def test_an_empty_file_is_an_error() -> None:
    assert english(read_roster(HEADER + "\n", DEFAULTS).errors[0]) == "the file has no placements"
    assert english(read_roster(b"", DEFAULTS).errors[0]) == "the file has no placements"


def test_a_dutch_coordinator_reads_every_problem_of_a_line_in_dutch() -> None:
    bad = (
        GOOD.replace("sanne@student.example", "sanne-at-home")
        .replace("2026-06-26", "31-31-2026")
        .replace("Bakkerij Jansen", "")
    )
    control = GOOD.replace("Bakkerij Jansen", "Bakkerij\tJansen")
    override = GOOD.replace("Sanne de Vries", "\u202eSanne")
    text = "\n".join((HEADER, bad, control, override, GOOD + ",x,y")) + "\n"
    texts = [(e.line, error_text("nl", e)) for e in read_roster(text, DEFAULTS).errors]
    assert texts == [
        (
            2,
            "ends_on '31-31-2026' is geen datum (2026-03-02, 2-3-2026, 02-03-2026); "
            "student_email 'sanne-at-home' is geen e-mailadres; company is leeg",
        ),
        (3, "company bevat een stuurteken (U+0009, een tab)"),
        (4, "student_name bevat een stuurteken (U+202E, een teken dat de leesrichting omdraait)"),
        (
            5,
            "heeft 11 cellen, terwijl de kopregel er 9 heeft "
            "(zet aanhalingstekens om een naam met een komma erin)",
        ),
    ], texts
    known = {"sanne@student.example": Role.MENTOR}
    clash = refuse_role_changes(read_roster(ROSTER, DEFAULTS), known).errors[0]
    assert error_text("nl", clash) == (
        "sanne@student.example is al praktijkopleider en kan hier geen student zijn "
        "(één e-mailadres is één persoon met één rol)"
    )
