"""Reading roster files: separators, BOM, and every kind of bad row named by line."""

from __future__ import annotations

import pytest

from bot.domain.roster import RosterDefaults, read_roster
from tests.conftest import ROSTER

DEFAULTS = RosterDefaults("nl", "Europe/Amsterdam", "fri", "14:00", 7, 6)
HEADER = ROSTER.splitlines()[0]
GOOD = ROSTER.splitlines()[1]


def test_three_placements_read_with_defaults() -> None:
    roster = read_roster(ROSTER, DEFAULTS)
    assert roster.errors == ()
    assert [row.student.name for row in roster.rows] == ["Sanne de Vries", "Daan Smit",
                                                        "Lotte Visser"]
    first = roster.rows[0]
    assert (first.checkin_weekday, first.checkin_time, first.language) == (4, "14:00", "nl")
    assert (first.mentor_meeting_every_days, first.tripartite_every_weeks) == (7, 6)


def test_semicolons_and_excel_bom_are_read() -> None:
    text = "\ufeff" + ROSTER.replace(",", ";")
    roster = read_roster(text, DEFAULTS)
    assert roster.errors == ()
    assert len(roster.rows) == 3


def test_optional_columns_override_defaults() -> None:
    text = (HEADER + ",language,timezone,checkin_weekday,checkin_time\n"
            + GOOD + ",en,Europe/London,mon,9:30\n")
    row = read_roster(text, DEFAULTS).rows[0]
    assert (row.language, row.timezone, row.checkin_weekday, row.checkin_time) == (
        "en", "Europe/London", 0, "09:30")


@pytest.mark.parametrize(
    ("bad_line", "reason"),
    [
        (GOOD.replace("2026-06-26", "26-06-2026"), "ends_on '26-06-2026' is not a date"),
        (GOOD.replace("2026-03-02", "2026-13-01", 1), "starts_on '2026-13-01' is not a date"),
        (GOOD.replace("2026-06-26", "2026-01-01"), "ends_on is before starts_on"),
        (GOOD.replace("sanne@student.example", "sanne-at-home"), "is not an email address"),
        (GOOD.replace("Sanne de Vries", ""), "student_name is empty"),
        (GOOD.replace("ingrid@school.example", "mark@bakkerij.example"), "three different"),
        (GOOD.replace("Bakkerij Jansen", "B" * 300), "longer than 200"),
    ],
)
def test_a_bad_row_is_named_by_its_line(bad_line: str, reason: str) -> None:
    lines = ROSTER.splitlines()
    lines.insert(3, bad_line)  # line 4 of the file, as a spreadsheet numbers it
    roster = read_roster("\n".join(lines), DEFAULTS)
    assert [(e.line, reason in e.reason) for e in roster.errors] == [(4, True)]
    assert len(roster.rows) == 3


def test_same_email_in_two_roles_is_refused() -> None:
    text = ROSTER + GOOD.replace("sanne@student.example", "peter@school.example") + "\n"
    errors = read_roster(text, DEFAULTS).errors
    assert len(errors) == 1
    assert "a supervisor on an earlier line and a student here" in errors[0].reason


def test_missing_columns_are_named() -> None:
    roster = read_roster("student_name,student_email\nA,a@b.nl\n", DEFAULTS)
    assert roster.rows == ()
    assert roster.errors[0].line == 1
    assert "mentor_name" in roster.errors[0].reason


def test_an_empty_file_is_an_error() -> None:
    assert read_roster(HEADER + "\n", DEFAULTS).errors[0].reason == "the file has no placements"


def test_bad_optional_values_are_explained() -> None:
    text = HEADER + ",checkin_weekday,checkin_time,language\n" + GOOD + ",someday,25:00,de\n"
    reason = read_roster(text, DEFAULTS).errors[0].reason
    assert "checkin_weekday" in reason or "language" in reason
