"""CSV exports of check-ins, meetings, feedback, alerts and placements.

Each kind is a header and a query (storage/exports.py), registered here with `@exporter`; a
feature whose table comes later registers its kind beside its own code and it appears on the
command line and in chat by itself. Who asks decides the scope: the command line and a
coordinator get every placement, a supervisor only the placements he supervises, nobody else
anything. Times are written in the school's time zone as a spreadsheet reads them
(`2026-03-06 14:00`); yes/no as 1/0. The file itself is made by bot/documents/spreadsheet.py.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from bot.domain.localtime import local_date, start_of_day
from bot.domain.people import Person, Role
from bot.domain.policy import Policy
from bot.domain.roster import WEEKDAYS
from bot.services.runtime import Services
from storage.audit import AuditRepo
from storage.db import from_db
from storage.exports import ExportRepo, Row, Window

Cell = str | int | float | None


class ExportKind(StrEnum):
    """What can be exported."""

    CHECKINS = "checkins"
    MEETINGS = "meetings"
    FEEDBACK = "feedback"
    ALERTS = "alerts"
    PLACEMENTS = "placements"
    REGISTER = "register"  # certified mentors (bot/services/certificates.py)
    COMPANIES = "companies"  # host companies with their mentors (bot/services/certificates.py)
    ENROLMENTS = "enrolments"  # who enrolled in which run, with the employer's contact


@dataclass(frozen=True, slots=True)
class ExportTable:
    """An export's columns and rows, ready for the CSV writer."""

    kind: ExportKind
    header: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]


class ExportRefusal(StrEnum):
    """Why an export was not made."""

    NOT_ALLOWED = "not_allowed"  # neither a coordinator nor a supervisor
    NOT_AVAILABLE = "not_available"  # the feature that keeps this table is not there yet


Fetch = Callable[[ExportRepo, Window, ZoneInfo], Awaitable[Sequence[Sequence[Cell]]]]
_EXPORTERS: dict[ExportKind, tuple[tuple[str, ...], Fetch]] = {}


def exporter(kind: ExportKind, header: tuple[str, ...]) -> Callable[[Fetch], Fetch]:
    """Register the query of an export kind with its column names."""

    def register(fetch: Fetch) -> Fetch:
        _EXPORTERS[kind] = (header, fetch)
        return fetch

    return register


def available() -> tuple[ExportKind, ...]:
    """The kinds that can be exported now, in the order of ExportKind."""
    return tuple(kind for kind in ExportKind if kind in _EXPORTERS)


async def export_for(
    svc: Services,
    person: Person,
    kind: ExportKind,
    *,
    first_day: date | None = None,
    last_day: date | None = None,
    now: datetime | None = None,
) -> ExportTable | ExportRefusal:
    """An export for someone in chat: a coordinator gets everything, a supervisor his own;
    written to the audit log."""
    if person.role not in (Role.COORDINATOR, Role.SUPERVISOR):
        return ExportRefusal.NOT_ALLOWED
    scope = None if person.role is Role.COORDINATOR else person.id
    table = await export(svc, kind, scope, first_day=first_day, last_day=last_day)
    if isinstance(table, ExportTable):
        async with svc.db.transaction() as conn:
            await AuditRepo(conn).record(
                now or svc.clock.now(), person.id, "export", kind.value, f"{len(table.rows)} rows"
            )
    return table


async def export(
    svc: Services,
    kind: ExportKind,
    supervisor_id: int | None,
    *,
    first_day: date | None = None,
    last_day: date | None = None,
) -> ExportTable | ExportRefusal:
    """The rows of one kind, of one supervisor's placements (None: all), within the period.

    `first_day` and `last_day` are inclusive local dates in the school's time zone.
    """
    if kind not in _EXPORTERS:
        return ExportRefusal.NOT_AVAILABLE
    header, fetch = _EXPORTERS[kind]
    zone = ZoneInfo(svc.policy.timezone)
    window = Window(
        supervisor_id,
        start_of_day(first_day, zone) if first_day else None,
        start_of_day(last_day + timedelta(days=1), zone) if last_day else None,
        first_day,
        last_day,
        local_date(svc.clock.now(), zone),
    )
    async with svc.db.reading() as conn:
        rows = await fetch(ExportRepo(conn), window, zone)
    return ExportTable(kind, header, tuple(tuple(row) for row in rows))


def separator(policy: Policy, language: str) -> str:
    """The CSV separator for a reader: the setting, or ";" for Dutch Excel and "," otherwise."""
    if policy.export_separator != "auto":
        return policy.export_separator
    return ";" if language == "nl" else ","


def local(stored: object, zone: ZoneInfo) -> str | None:
    """A stored UTC moment as the school's wall-clock time, `2026-03-06 14:00`."""
    if not isinstance(stored, str) or not stored:
        return None
    return from_db(stored).astimezone(zone).strftime("%Y-%m-%d %H:%M")


def _flag(value: object) -> int | None:
    return None if value is None else int(bool(value))


def _cells(row: Row) -> list[Cell]:
    return [v if v is None or isinstance(v, str | int | float) else str(v) for v in row]


@exporter(
    ExportKind.PLACEMENTS,
    (
        "placement_id",
        "student",
        "student_email",
        "student_joined",
        "company",
        "mentor",
        "mentor_email",
        "mentor_joined",
        "supervisor",
        "supervisor_email",
        "supervisor_joined",
        "starts_on",
        "ends_on",
        "checkin_weekday",
        "checkin_time",
        "timezone",
        "mentor_meeting_every_days",
        "tripartite_every_weeks",
        "paused_until",
    ),
)
async def _placements(repo: ExportRepo, window: Window, zone: ZoneInfo) -> list[list[Cell]]:
    rows = []
    for row in await repo.placements(window):
        cells = _cells(row)
        for joined in (3, 7, 10):
            cells[joined] = _flag(row[joined])
        cells[13] = WEEKDAYS[int(str(row[13]))]
        rows.append(cells)
    return rows


@exporter(
    ExportKind.CHECKINS,
    (
        "checkin_id",
        "placement_id",
        "student",
        "company",
        "week",
        "asked_at",
        "status",
        "mood",
        "week_text",
        "week_skipped",
        "needs_help",
        "answered_at",
    ),
)
async def _checkins(repo: ExportRepo, window: Window, zone: ZoneInfo) -> list[list[Cell]]:
    rows = []
    for row in await repo.checkins(window):
        cells = _cells(row)
        cells[5], cells[11] = local(row[5], zone), local(row[11], zone)
        cells[9], cells[10] = _flag(row[9]), _flag(row[10])
        rows.append(cells)
    return rows


@exporter(
    ExportKind.ALERTS,
    (
        "alert_id",
        "placement_id",
        "student",
        "company",
        "kind",
        "status",
        "raised_at",
        "times_sent",
        "acknowledged_by",
        "acknowledged_at",
        "resolved_by",
        "resolved_at",
    ),
)
async def _alerts(repo: ExportRepo, window: Window, zone: ZoneInfo) -> list[list[Cell]]:
    rows = []
    for row in await repo.alerts(window):
        cells = _cells(row)
        for moment in (6, 9, 11):
            cells[moment] = local(row[moment], zone)
        rows.append(cells)
    return rows


@exporter(
    ExportKind.MEETINGS,
    (
        "meeting_id",
        "placement_id",
        "student",
        "company",
        "kind",
        "state",
        "starts_at",
        "proposed_by",
        "place",
        "reason",
        "note",
        "agreements",
        "next_review_on",
        "understood",
    ),
)
async def _meetings(repo: ExportRepo, window: Window, zone: ZoneInfo) -> list[list[Cell]]:
    rows = []
    for row in await repo.meetings(window):
        cells = _cells(row)
        cells[6] = local(row[6], zone)
        rows.append(cells)
    return rows


@exporter(
    ExportKind.FEEDBACK,
    (
        "feedback_id",
        "placement_id",
        "student",
        "company",
        "mentor",
        "learning_goal",
        "sent_at",
        "text",
        "understood_at",
        "questions",
    ),
)
async def _feedback(repo: ExportRepo, window: Window, zone: ZoneInfo) -> list[list[Cell]]:
    rows = []
    for row in await repo.feedback(window):
        cells = _cells(row)
        cells[6], cells[8] = local(row[6], zone), local(row[8], zone)
        rows.append(cells)
    return rows
