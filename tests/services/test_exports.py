"""Exports on a real SQLite file, read back with Python's csv module: exactly the rows in scope,
in a CSV Dutch Excel opens, formulas guarded."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest

from bot.clock import FakeClock
from bot.documents.spreadsheet import csv_bytes
from bot.domain.people import Person, Role
from bot.domain.policy import Policy
from bot.services.checkins import open_due_checkins
from bot.services.exports import (
    ExportKind,
    ExportRefusal,
    ExportTable,
    available,
    export,
    export_for,
    separator,
)
from bot.services.roster import import_roster
from bot.services.runtime import Services
from storage.people import PeopleRepo
from tests.conftest import ROSTER


async def ids(svc: Services) -> dict[str, int]:
    """Each person's id by email."""
    async with svc.db.reading() as conn, conn.execute("SELECT email, id FROM people") as cur:
        return {row[0]: row[1] for row in await cur.fetchall()}


async def school(svc: Services, clock: FakeClock) -> dict[str, int]:
    """Three placements (Ingrid supervises Sanne and Daan, Peter supervises Lotte), two weeks of
    check-ins with answers, and an alert on Lotte."""
    await import_roster(svc, ROSTER, skip_bad_rows=False, now=clock.now())
    async with svc.db.transaction() as conn:
        await conn.execute("UPDATE people SET telegram_id = id + 1000 WHERE role = 'student'")
    clock.advance(timedelta(days=4, hours=6))  # Friday 6 March 15:00
    await open_due_checkins(svc, clock.now())
    async with svc.db.transaction() as conn:
        await conn.execute("""UPDATE checkins SET status = 'answered', mood = 4,
                              week_note = '=HYPERLINK("http://evil.example")'""")
    clock.advance(timedelta(days=7))  # Friday 13 March
    await open_due_checkins(svc, clock.now())
    people = await ids(svc)
    async with svc.db.transaction() as conn:
        await conn.execute(
            """INSERT INTO alerts (placement_id, kind, details, created_at)
               SELECT id, 'problem_reported', 'my mentor shouts', '2026-03-13T14:00:00'
               FROM placements WHERE student_id = ?""",
            (people["lotte@student.example"],),
        )
    return people


def person(person_id: int, role: Role) -> Person:
    return Person(person_id, "x", "x@example.org", role, "nl", 1)


def read_back(table: ExportTable | ExportRefusal, delimiter: str = ";") -> list[dict[str, str]]:
    """The export as a file, read as a spreadsheet would: BOM, separator, rows."""
    assert isinstance(table, ExportTable)
    data = csv_bytes(table.header, table.rows, delimiter=delimiter)
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig")), delimiter=delimiter))


async def test_a_supervisor_exports_only_his_own_placements(
    svc: Services, clock: FakeClock
) -> None:
    people = await school(svc, clock)
    ingrid = person(people["ingrid@school.example"], Role.SUPERVISOR)
    peter = person(people["peter@school.example"], Role.SUPERVISOR)
    mine = read_back(await export_for(svc, ingrid, ExportKind.CHECKINS))
    assert sorted({row["student"] for row in mine}) == ["Daan Smit", "Sanne de Vries"]
    assert len(mine) == 4  # two weeks of two students
    assert read_back(await export_for(svc, ingrid, ExportKind.ALERTS)) == []
    alerts = read_back(await export_for(svc, peter, ExportKind.ALERTS))
    assert [(row["student"], row["kind"], row["raised_at"]) for row in alerts] == [
        ("Lotte Visser", "problem_reported", "2026-03-13 15:00")
    ]
    # The student's words of a report stay in the bot: he chose who reads them.
    assert "my mentor shouts" not in str(alerts)
    placements = read_back(await export_for(svc, peter, ExportKind.PLACEMENTS))
    assert [
        (r["student"], r["student_joined"], r["mentor_joined"], r["checkin_weekday"])
        for r in placements
    ] == [("Lotte Visser", "1", "0", "fri")]


async def test_a_coordinator_exports_everything_and_others_nothing(
    svc: Services, clock: FakeClock
) -> None:
    people = await school(svc, clock)
    async with svc.db.transaction() as conn:
        carla = await PeopleRepo(conn).add(
            "Carla", "carla@school.example", Role.COORDINATOR, "nl", clock.now()
        )
    everything = read_back(
        await export_for(svc, person(carla, Role.COORDINATOR), ExportKind.CHECKINS)
    )
    assert len(everything) == 6
    first = everything[0]
    assert (first["week"], first["asked_at"], first["status"], first["mood"]) == (
        "2026-W10",
        "2026-03-06 14:00",
        "answered",
        "4",
    )
    # A formula a student typed is text in the spreadsheet, never run.
    assert first["week_text"] == '\'=HYPERLINK("http://evil.example")'
    for role in (Role.STUDENT, Role.MENTOR):
        refused = await export_for(
            svc, person(people["mark@bakkerij.example"], role), ExportKind.CHECKINS
        )
        assert refused is ExportRefusal.NOT_ALLOWED


async def test_a_period_holds_only_its_days(svc: Services, clock: FakeClock) -> None:
    await school(svc, clock)
    week_11 = read_back(
        await export(
            svc, ExportKind.CHECKINS, None, first_day=date(2026, 3, 13), last_day=date(2026, 3, 13)
        )
    )
    assert {row["week"] for row in week_11} == {"2026-W11"}
    week_10 = read_back(await export(svc, ExportKind.CHECKINS, None, last_day=date(2026, 3, 12)))
    assert {row["week"] for row in week_10} == {"2026-W10"}
    assert (
        read_back(await export(svc, ExportKind.PLACEMENTS, None, first_day=date(2026, 7, 1))) == []
    )
    assert (
        len(read_back(await export(svc, ExportKind.PLACEMENTS, None, last_day=date(2026, 3, 2))))
        == 3
    )


async def test_meetings_export_reads_its_table(svc: Services, clock: FakeClock) -> None:
    await school(svc, clock)
    assert read_back(await export(svc, ExportKind.MEETINGS, None)) == []
    assert ExportKind.MEETINGS in available()


@pytest.mark.parametrize(
    ("setting", "language", "expected"),
    [("auto", "nl", ";"), ("auto", "en", ","), (",", "nl", ","), (";", "en", ";")],
)
def test_the_separator_follows_the_reader_unless_set(
    setting: str, language: str, expected: str
) -> None:
    assert separator(Policy(export_separator=setting), language) == expected


async def test_an_export_in_chat_is_written_to_the_audit_log(
    svc: Services, clock: FakeClock
) -> None:
    people = await school(svc, clock)
    ingrid = person(people["ingrid@school.example"], Role.SUPERVISOR)
    await export_for(svc, ingrid, ExportKind.ALERTS)
    async with (
        svc.db.reading() as conn,
        conn.execute(
            "SELECT actor_id, action, subject, detail FROM audit_log WHERE action = 'export'"
        ) as cur,
    ):
        assert [tuple(r) for r in await cur.fetchall()] == [
            (ingrid.id, "export", "alerts", "0 rows")
        ]
