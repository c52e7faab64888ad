"""Reading the school's roster CSV (SPEC "Roster CSV") into checked rows."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.domain.dates import SPREADSHEET, is_ascii_number, read_date
from bot.domain.people import LANGUAGES, Role
from bot.domain.roster_file import UNKNOWN, UTF8, decode, split_file

REQUIRED = (
    "student_name",
    "student_email",
    "mentor_name",
    "mentor_email",
    "company",
    "supervisor_name",
    "supervisor_email",
    "starts_on",
    "ends_on",
)
T = TypeVar("T")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
MAX_CELL = 200
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
# ASCII digits only: \d would take ٩ and ９ as well.
HH_MM = re.compile(r"([01]?[0-9]|2[0-3]):([0-5][0-9])", re.ASCII)


@dataclass(frozen=True, slots=True)
class RosterDefaults:
    """School-wide values for the optional columns."""

    language: str
    timezone: str
    checkin_weekday: str
    checkin_time: str
    mentor_meeting_every_days: int
    tripartite_every_weeks: int


@dataclass(frozen=True, slots=True)
class RosterPerson:
    """A person named on the roster, identified by email."""

    name: str
    email: str
    role: Role


@dataclass(frozen=True, slots=True)
class RosterRow:
    """One valid placement line of the roster."""

    line: int
    student: RosterPerson
    mentor: RosterPerson
    supervisor: RosterPerson
    company: str
    starts_on: date
    ends_on: date
    language: str
    timezone: str
    checkin_weekday: int
    checkin_time: str
    mentor_meeting_every_days: int
    tripartite_every_weeks: int


@dataclass(frozen=True, slots=True)
class RowError:
    """Why a roster line was refused, by line number as a spreadsheet shows it."""

    line: int
    reason: str


@dataclass(frozen=True, slots=True)
class Roster:
    """The outcome of reading a roster: good rows, the errors of the bad ones, how it was read."""

    rows: tuple[RosterRow, ...]
    errors: tuple[RowError, ...]
    encoding: str = UTF8
    delimiter: str = ","

    def emails(self) -> frozenset[str]:
        """Every email the good rows name."""
        return frozenset(
            p.email for row in self.rows for p in (row.student, row.mentor, row.supervisor)
        )


class _BadRowError(Exception):
    pass


def read_roster(data: bytes | str, defaults: RosterDefaults) -> Roster:
    """Check every line of a roster and say, per line, everything that is wrong with it."""
    if isinstance(data, bytes):
        decoded = decode(data)
        if decoded is None:
            return Roster(
                (),
                (
                    RowError(
                        1,
                        "the file is neither UTF-8 nor Windows-1252; save it "
                        'from Excel as "CSV UTF-8"',
                    ),
                ),
                UNKNOWN,
            )
        text, encoding = decoded
    else:
        text, encoding = data, UTF8
    file = split_file(text, encoding)
    missing = [name for name in REQUIRED if name not in file.header]
    if file.header and missing:
        error = RowError(file.header_line, "missing columns: " + ", ".join(missing))
        return Roster((), (error,), encoding, file.delimiter)
    rows: list[RosterRow] = []
    errors = [RowError(e.number, e.reason) for e in file.errors]
    roles: dict[str, Role] = {}
    for line in file.lines:
        cells = {
            name: value.strip()
            for name, value in zip(file.header, line.cells, strict=False)
            if name
        }
        try:
            row = _row(line.number, cells, defaults)
        except _BadRowError as exc:
            errors.append(RowError(line.number, str(exc)))
            continue
        clash = _role_clash(row, roles, "on an earlier line")
        if clash:
            errors.append(RowError(line.number, clash))
            continue
        roles.update((p.email, p.role) for p in (row.student, row.mentor, row.supervisor))
        rows.append(row)
    if not rows and not errors:
        errors.append(RowError(1, "the file has no placements"))
    return Roster(
        tuple(rows), tuple(sorted(errors, key=lambda e: e.line)), encoding, file.delimiter
    )


def refuse_role_changes(roster: Roster, known: Mapping[str, Role]) -> Roster:
    """The roster without rows that would give a registered person another role.

    One email is one person with one role for good: a student listed as another placement's
    supervisor would read that placement's supervisor-only reports.
    """
    rows: list[RosterRow] = []
    errors = list(roster.errors)
    for row in roster.rows:
        clash = _role_clash(row, known, "already")
        if clash:
            errors.append(RowError(row.line, clash))
        else:
            rows.append(row)
    return replace(roster, rows=tuple(rows), errors=tuple(sorted(errors, key=lambda e: e.line)))


def _role_clash(row: RosterRow, known: Mapping[str, Role], where: str) -> str:
    for person in (row.student, row.mentor, row.supervisor):
        role = known.get(person.email)
        if role is not None and role is not person.role:
            return (
                f"{person.email} is a {role.value} {where} and cannot be a "
                f"{person.role.value} here (one email is one person with one role)"
            )
    return ""


def _row(line: int, cells: dict[str, str], defaults: RosterDefaults) -> RosterRow:
    """One placement line, or every reason it is not one."""
    problems: list[str] = []

    def check(value: Callable[[], T], fallback: T) -> T:
        try:
            return value()
        except _BadRowError as exc:
            problems.append(str(exc))
            return fallback

    def cell(name: str, default: str = "") -> str:
        value = cells.get(name) or default
        if not value:
            raise _BadRowError(f"{name} is empty")
        if len(value) > MAX_CELL:
            raise _BadRowError(f"{name} is longer than {MAX_CELL} characters")
        return value

    def person(prefix: str, role: Role) -> RosterPerson:
        name = check(lambda: cell(f"{prefix}_name"), "")
        email = cell(f"{prefix}_email").lower()
        if not EMAIL.match(email):
            raise _BadRowError(f"{prefix}_email {email!r} is not an email address")
        return RosterPerson(name, email, role)

    nobody = RosterPerson("", "", Role.STUDENT)
    starts_on = check(lambda: _date(cell("starts_on"), "starts_on"), None)
    ends_on = check(lambda: _date(cell("ends_on"), "ends_on"), None)
    if starts_on and ends_on and ends_on < starts_on:
        problems.append("ends_on is before starts_on")
    language = check(lambda: _language(cell("language", defaults.language)), "")
    zone = check(lambda: _zone(cell("timezone", defaults.timezone)), "")
    weekday = check(lambda: _weekday(cell("checkin_weekday", defaults.checkin_weekday)), 0)
    at = check(lambda: _time(cell("checkin_time", defaults.checkin_time)), "")
    student = check(lambda: person("student", Role.STUDENT), nobody)
    mentor = check(lambda: person("mentor", Role.MENTOR), nobody)
    supervisor = check(lambda: person("supervisor", Role.SUPERVISOR), nobody)
    emails = {student.email, mentor.email, supervisor.email}
    if "" not in emails and len(emails) < 3:
        problems.append("student, mentor and supervisor need three different emails")
    company = check(lambda: cell("company"), "")
    meetings = check(
        lambda: _count(cells, "mentor_meeting_every_days", defaults.mentor_meeting_every_days), 0
    )
    tripartite = check(
        lambda: _count(cells, "tripartite_every_weeks", defaults.tripartite_every_weeks), 0
    )
    if problems or starts_on is None or ends_on is None:
        raise _BadRowError("; ".join(problems))
    return RosterRow(
        line=line,
        student=student,
        mentor=mentor,
        supervisor=supervisor,
        company=company,
        starts_on=starts_on,
        ends_on=ends_on,
        language=language,
        timezone=zone,
        checkin_weekday=weekday,
        checkin_time=at,
        mentor_meeting_every_days=meetings,
        tripartite_every_weeks=tripartite,
    )


def _date(value: str, name: str) -> date:
    found = read_date(value, SPREADSHEET)
    if found is None:
        raise _BadRowError(f"{name} {value!r} is not a date (2026-03-02, 2-3-2026, 02-03-2026)")
    return found


def _language(value: str) -> str:
    if value.lower() not in LANGUAGES:
        raise _BadRowError(f"language {value!r} is not one of {', '.join(LANGUAGES)}")
    return value.lower()


def _zone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise _BadRowError(f"timezone {value!r} is not a known time zone") from None
    return value


def _weekday(value: str) -> int:
    day = value.lower()[:3]
    if day not in WEEKDAYS:
        raise _BadRowError(f"checkin_weekday {value!r} is not one of mon..sun")
    return WEEKDAYS.index(day)


def _time(value: str) -> str:
    at = HH_MM.fullmatch(value)
    if not at:
        raise _BadRowError(f"checkin_time {value!r} is not a time HH:MM")
    return f"{int(at[1]):02d}:{at[2]}"


def _count(cells: dict[str, str], name: str, default: int) -> int:
    value = cells.get(name) or str(default)
    if not is_ascii_number(value) or not 1 <= int(value) <= 365:
        raise _BadRowError(f"{name} {value!r} is not a whole number from 1 to 365")
    return int(value)
