"""A course run from a small CSV: one line per session.

Columns `course, date, time, minutes, link, assignment` and optionally `due_hours_before`
(default: the setting, 48); dates `YYYY-MM-DD` or `D-M-YYYY`, times `HH:MM` in the school's time
zone. Read like a roster (UTF-8 or Windows-1252, comma or semicolon): every bad line is named
with its number and nothing is made of a file with one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time, timedelta
from zoneinfo import ZoneInfo

from bot.domain.dates import read_date
from bot.domain.localtime import wall_moment
from bot.domain.roster_file import decode, split_file
from bot.domain.training import SessionPlan, check_plan, plan_session

REQUIRED = ("course", "date", "time", "minutes", "link", "assignment")
NAME_MAX = 120


@dataclass(frozen=True, slots=True)
class CoursePlan:
    """A course's name and the sessions of its new run; or the reasons it cannot be made."""

    course: str
    sessions: tuple[SessionPlan, ...]
    errors: tuple[str, ...]


def read_course_file(data: bytes, zone: ZoneInfo, due_before: timedelta) -> CoursePlan:
    """The run a course file describes, or every reason (by line) it describes none."""
    decoded = decode(data)
    if decoded is None:
        return CoursePlan("", (), ("the file is neither UTF-8 nor Windows-1252 text",))
    parsed = split_file(*decoded)
    errors = [f"line {e.number}: {e.reason}" for e in parsed.errors]
    missing = [name for name in REQUIRED if name not in parsed.header]
    if missing:
        return CoursePlan(
            "", (), (f"line {parsed.header_line}: missing columns {', '.join(missing)}",)
        )
    names: set[str] = set()
    sessions: list[SessionPlan] = []
    for line in parsed.lines:
        cells = dict(zip(parsed.header, (c.strip() for c in line.cells), strict=False))
        try:
            sessions.append(_session(cells, zone, due_before))
        except ValueError as error:
            errors.append(f"line {line.number}: {error}")
            continue
        names.add(cells["course"])
    if len(names) > 1:
        errors.append(f"one course per file, not {len(names)}: {', '.join(sorted(names))}")
    name = next(iter(names), "")
    if not name or len(name) > NAME_MAX:
        errors.append(f"the course needs a name of 1 to {NAME_MAX} characters")
    if not errors:
        try:
            check_plan(sessions)
        except ValueError as error:
            errors.append(str(error))
    return CoursePlan(name, tuple(sessions) if not errors else (), tuple(errors))


def _session(cells: dict[str, str], zone: ZoneInfo, due_before: timedelta) -> SessionPlan:
    day = read_date(cells.get("date", ""))
    if day is None:
        raise ValueError(f"date {cells.get('date', '')!r} is not a date (2026-03-12)")
    try:
        at = time.fromisoformat(cells.get("time", ""))
    except ValueError:
        raise ValueError(f"time {cells.get('time', '')!r} is not HH:MM") from None
    minutes = cells.get("minutes", "")
    if not minutes.isascii() or not minutes.isdigit():
        raise ValueError(f"minutes {minutes!r} is not a whole number")
    hours = cells.get("due_hours_before", "") or ""
    if hours and (not hours.isascii() or not hours.isdigit()):
        raise ValueError(f"due_hours_before {hours!r} is not a whole number")
    starts_at = wall_moment(day, at.replace(tzinfo=None), zone)
    before = timedelta(hours=int(hours)) if hours else due_before
    return plan_session(
        starts_at,
        int(minutes),
        cells.get("link", ""),
        cells.get("assignment", ""),
        starts_at - before,
    )
