"""Reading the school's roster CSV (SPEC "Roster CSV") into checked rows."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.domain.people import LANGUAGES, Role

REQUIRED = (
    "student_name", "student_email", "mentor_name", "mentor_email", "company",
    "supervisor_name", "supervisor_email", "starts_on", "ends_on",
)
OPTIONAL = (
    "language", "timezone", "checkin_weekday", "checkin_time",
    "mentor_meeting_every_days", "tripartite_every_weeks",
)
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
MAX_CELL = 200
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
HH_MM = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


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
    """The outcome of reading a roster: good rows and the errors of the bad ones."""

    rows: tuple[RosterRow, ...]
    errors: tuple[RowError, ...]


class _BadRowError(Exception):
    pass


def read_roster(text: str, defaults: RosterDefaults) -> Roster:
    """Check every line of a roster and say, per line, what is wrong."""
    text = text.removeprefix("\ufeff")  # Excel writes a BOM before UTF-8
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    header = [(name or "").strip().lower() for name in reader.fieldnames or []]
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        return Roster((), (RowError(1, "missing columns: " + ", ".join(missing)),))
    reader.fieldnames = header
    rows: list[RosterRow] = []
    errors: list[RowError] = []
    roles: dict[str, Role] = {}
    for record in reader:
        line = reader.line_num
        cells = {key: (value or "").strip() for key, value in record.items() if key}
        if not any(cells.values()):
            continue
        try:
            row = _row(line, cells, defaults)
            for person in (row.student, row.mentor, row.supervisor):
                known = roles.setdefault(person.email, person.role)
                if known is not person.role:
                    raise _BadRowError(f"{person.email} is a {known.value} on an earlier line "
                                  f"and a {person.role.value} here")
            rows.append(row)
        except _BadRowError as exc:
            errors.append(RowError(line, str(exc)))
    if not rows and not errors:
        errors.append(RowError(1, "the file has no placements"))
    return Roster(tuple(rows), tuple(errors))


def _row(line: int, cells: dict[str, str], defaults: RosterDefaults) -> RosterRow:
    def cell(name: str, default: str = "") -> str:
        value = cells.get(name) or default
        if not value:
            raise _BadRowError(f"{name} is empty")
        if len(value) > MAX_CELL:
            raise _BadRowError(f"{name} is longer than {MAX_CELL} characters")
        return value

    def person(prefix: str, role: Role) -> RosterPerson:
        email = cell(f"{prefix}_email").lower()
        if not EMAIL.match(email):
            raise _BadRowError(f"{prefix}_email {email!r} is not an email address")
        return RosterPerson(cell(f"{prefix}_name"), email, role)

    starts_on, ends_on = _date(cell("starts_on"), "starts_on"), _date(cell("ends_on"), "ends_on")
    if ends_on < starts_on:
        raise _BadRowError("ends_on is before starts_on")
    language = cell("language", defaults.language).lower()
    if language not in LANGUAGES:
        raise _BadRowError(f"language {language!r} is not one of {', '.join(LANGUAGES)}")
    zone = cell("timezone", defaults.timezone)
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        raise _BadRowError(f"timezone {zone!r} is not a known time zone") from None
    weekday = cell("checkin_weekday", defaults.checkin_weekday).lower()[:3]
    if weekday not in WEEKDAYS:
        raise _BadRowError(f"checkin_weekday {weekday!r} is not one of mon..sun")
    at = HH_MM.match(cell("checkin_time", defaults.checkin_time))
    if not at:
        raise _BadRowError("checkin_time is not a time HH:MM")
    student = person("student", Role.STUDENT)
    mentor = person("mentor", Role.MENTOR)
    supervisor = person("supervisor", Role.SUPERVISOR)
    if len({student.email, mentor.email, supervisor.email}) < 3:
        raise _BadRowError("student, mentor and supervisor need three different emails")
    return RosterRow(
        line=line, student=student, mentor=mentor, supervisor=supervisor,
        company=cell("company"), starts_on=starts_on, ends_on=ends_on, language=language,
        timezone=zone, checkin_weekday=WEEKDAYS.index(weekday),
        checkin_time=f"{int(at[1]):02d}:{at[2]}",
        mentor_meeting_every_days=_count(cells, "mentor_meeting_every_days",
                                         defaults.mentor_meeting_every_days),
        tripartite_every_weeks=_count(cells, "tripartite_every_weeks",
                                      defaults.tripartite_every_weeks),
    )


def _date(value: str, name: str) -> date:
    try:
        if not ISO_DATE.match(value):
            raise ValueError(value)
        return date.fromisoformat(value)
    except ValueError:
        raise _BadRowError(f"{name} {value!r} is not a date YYYY-MM-DD") from None


def _count(cells: dict[str, str], name: str, default: int) -> int:
    value = cells.get(name) or str(default)
    if not value.isdigit() or not 1 <= int(value) <= 365:
        raise _BadRowError(f"{name} {value!r} is not a whole number from 1 to 365")
    return int(value)
