"""A course run from a small CSV: one line per session.

Columns `course, date, time, minutes, link, assignment` and optionally `due_hours_before`
(default: the setting, 48); dates `YYYY-MM-DD` or `D-M-YYYY`, times `HH:MM` in the school's time
zone. Read like a roster (UTF-8 or Windows-1252, comma or semicolon): every bad line is named
with its number and nothing is made of a file with one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.domain.roster_file import decode, in_english, split_file
from bot.domain.training_plan import (
    PlanProblem,
    SessionPlan,
    check_ahead,
    check_plan,
    course_name,
    due_from,
    plan_session,
    read_whole,
    session_start,
)

REQUIRED = ("course", "date", "time", "minutes", "link", "assignment")


@dataclass(frozen=True, slots=True)
class CoursePlan:
    """A course's name and the sessions of its new run; or the reasons it cannot be made."""

    course: str
    sessions: tuple[SessionPlan, ...]
    errors: tuple[str, ...]


def read_course_file(
    data: bytes, zone: ZoneInfo, due_before: timedelta, *, now: datetime | None = None
) -> CoursePlan:
    """The run a course file describes, or every reason (by line) it describes none; given
    `now`, a session that has begun or whose assignment is due already is one."""
    decoded = decode(data)
    if decoded is None:
        return CoursePlan("", (), ("the file is neither UTF-8 nor Windows-1252 text",))
    parsed = split_file(*decoded)
    errors = [f"line {e.number}: {in_english(e.reason)}" for e in parsed.errors]
    missing = [name for name in REQUIRED if name not in parsed.header]
    if missing:
        return CoursePlan(
            "", (), (f"line {parsed.header_line}: missing columns {', '.join(missing)}",)
        )
    names: set[str] = set()
    sessions: list[SessionPlan] = []
    for line in parsed.lines:
        cells = dict(zip(parsed.header, (c.strip() for c in line.cells), strict=False))
        names.add(cells.get("course", ""))  # a bad line still names its course
        try:
            session = _session(cells, zone, due_before)
            if now is not None:
                check_ahead(session, now)
            sessions.append(session)
        except ValueError as error:
            errors.append(f"line {line.number}: {error}")
    if len(names) > 1:
        errors.append(f"one course per file, not {len(names)}: {', '.join(sorted(names))}")
    name = next(iter(names), "")
    try:
        name = course_name(name)
    except ValueError as error:
        errors.append(str(error))
    if not errors:
        try:
            check_plan(sessions)
        except ValueError as error:
            errors.append(str(error))
    return CoursePlan(name, tuple(sessions) if not errors else (), tuple(errors))


def _session(cells: dict[str, str], zone: ZoneInfo, due_before: timedelta) -> SessionPlan:
    starts_at = session_start(cells.get("date", ""), cells.get("time", ""), zone)
    minutes = read_whole(cells.get("minutes", ""), PlanProblem.MINUTES, "minutes")
    due_at = due_from(starts_at, cells.get("due_hours_before", "") or "", due_before)
    return plan_session(
        starts_at, minutes, cells.get("link", ""), cells.get("assignment", ""), due_at
    )
