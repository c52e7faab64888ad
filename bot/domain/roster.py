"""Reading the school's roster CSV (SPEC "Roster CSV") into checked rows."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.domain.dates import SPREADSHEET, is_ascii_number, read_date
from bot.domain.people import LANGUAGES, Role, may_become
from bot.domain.roster_file import UNKNOWN, UTF8, Fault, Problem, decode, split_file

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
    """Why a roster line was refused, by line number as a spreadsheet shows it: every problem
    of the line, worded by the reader's view."""

    line: int
    problems: tuple[Problem, ...]


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
    def __init__(self, *problems: Problem) -> None:
        super().__init__(problems)
        self.problems = problems


def _bad(fault: Fault, **values: object) -> _BadRowError:
    return _BadRowError(Problem.of(fault, **values))


def read_roster(data: bytes | str, defaults: RosterDefaults) -> Roster:
    """Check every line of a roster and say, per line, everything that is wrong with it."""
    if isinstance(data, bytes):
        decoded = decode(data)
        if decoded is None:
            return Roster((), (RowError(1, (Problem.of(Fault.NOT_TEXT),)),), UNKNOWN)
        text, encoding = decoded
    else:
        text, encoding = data, UTF8
    file = split_file(text, encoding)
    missing = [name for name in REQUIRED if name not in file.header]
    if file.header and missing:
        error = RowError(
            file.header_line, (Problem.of(Fault.MISSING_COLUMNS, columns=", ".join(missing)),)
        )
        return Roster((), (error,), encoding, file.delimiter)
    rows: list[RosterRow] = []
    errors = [RowError(e.number, (e.reason,)) for e in file.errors]
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
            errors.append(RowError(line.number, exc.problems))
            continue
        clash = _role_clash(row, roles, Fault.ROLE_EARLIER)
        if clash:
            errors.append(RowError(line.number, (clash,)))
            continue
        roles.update((p.email, p.role) for p in (row.student, row.mentor, row.supervisor))
        rows.append(row)
    if not rows and not errors:
        errors.append(RowError(1, (Problem.of(Fault.NO_PLACEMENTS),)))
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
        clash = _role_clash(row, known, Fault.ROLE_ALREADY)
        if clash:
            errors.append(RowError(row.line, (clash,)))
        else:
            rows.append(row)
    return replace(roster, rows=tuple(rows), errors=tuple(sorted(errors, key=lambda e: e.line)))


def _role_clash(row: RosterRow, known: Mapping[str, Role], fault: Fault) -> Problem | None:
    for person in (row.student, row.mentor, row.supervisor):
        role = known.get(person.email)
        if role is not None and not may_become(role, person.role):
            return Problem.of(fault, email=person.email, role=role, wanted=person.role)
    return None


def _row(line: int, cells: dict[str, str], defaults: RosterDefaults) -> RosterRow:
    """One placement line, or every reason it is not one."""
    problems: list[Problem] = []

    def check(value: Callable[[], T], fallback: T) -> T:
        try:
            return value()
        except _BadRowError as exc:
            problems.extend(exc.problems)
            return fallback

    def cell(name: str, default: str = "") -> str:
        value = cells.get(name) or default
        if not value:
            raise _bad(Fault.EMPTY, column=name)
        if len(value) > MAX_CELL:
            raise _bad(Fault.TOO_LONG, column=name, limit=MAX_CELL)
        return value

    def person(prefix: str, role: Role) -> RosterPerson:
        name = check(lambda: cell(f"{prefix}_name"), "")
        email = cell(f"{prefix}_email").lower()
        if not EMAIL.match(email):
            raise _bad(Fault.NOT_EMAIL, column=f"{prefix}_email", value=email)
        return RosterPerson(name, email, role)

    nobody = RosterPerson("", "", Role.STUDENT)
    starts_on = check(lambda: _date(cell("starts_on"), "starts_on"), None)
    ends_on = check(lambda: _date(cell("ends_on"), "ends_on"), None)
    if starts_on and ends_on and ends_on < starts_on:
        problems.append(Problem.of(Fault.ENDS_BEFORE_STARTS))
    language = check(lambda: _language(cell("language", defaults.language)), "")
    zone = check(lambda: _zone(cell("timezone", defaults.timezone)), "")
    weekday = check(lambda: _weekday(cell("checkin_weekday", defaults.checkin_weekday)), 0)
    at = check(lambda: _time(cell("checkin_time", defaults.checkin_time)), "")
    student = check(lambda: person("student", Role.STUDENT), nobody)
    mentor = check(lambda: person("mentor", Role.MENTOR), nobody)
    supervisor = check(lambda: person("supervisor", Role.SUPERVISOR), nobody)
    emails = {student.email, mentor.email, supervisor.email}
    if "" not in emails and len(emails) < 3:
        problems.append(Problem.of(Fault.SAME_EMAILS))
    company = check(lambda: cell("company"), "")
    meetings = check(
        lambda: _count(cells, "mentor_meeting_every_days", defaults.mentor_meeting_every_days), 0
    )
    tripartite = check(
        lambda: _count(cells, "tripartite_every_weeks", defaults.tripartite_every_weeks), 0
    )
    if problems or starts_on is None or ends_on is None:
        raise _BadRowError(*problems)
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
        raise _bad(Fault.NOT_DATE, column=name, value=value)
    return found


def _language(value: str) -> str:
    if value.lower() not in LANGUAGES:
        raise _bad(Fault.LANGUAGE, value=value, languages=", ".join(LANGUAGES))
    return value.lower()


def _zone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise _bad(Fault.TIMEZONE, value=value) from None
    return value


def _weekday(value: str) -> int:
    day = value.lower()[:3]
    if day not in WEEKDAYS:
        raise _bad(Fault.WEEKDAY, value=value)
    return WEEKDAYS.index(day)


def _time(value: str) -> str:
    at = HH_MM.fullmatch(value)
    if not at:
        raise _bad(Fault.TIME, value=value)
    return f"{int(at[1]):02d}:{at[2]}"


def _count(cells: dict[str, str], name: str, default: int) -> int:
    value = cells.get(name) or str(default)
    if not is_ascii_number(value) or not 1 <= int(value) <= 365:
        raise _bad(Fault.COUNT, column=name, value=value)
    return int(value)
