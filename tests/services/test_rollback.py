"""All or nothing: an error at any statement of a service's transaction leaves no trace.

The fault is injected at the connection, statement by statement: the service runs once to
count the statements its transactions hold, then once per statement with that one raising.
After each failure the database must be exactly as before (a dump compared line by line).
"""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import aiosqlite
import pytest

from bot.clock import FakeClock
from bot.domain.people import Person
from bot.domain.policy import Policy
from bot.services.alerts import acknowledge_alert, resolve_alert
from bot.services.checkin_answers import record_mood
from bot.services.checkins import open_due_checkins
from bot.services.roster import import_roster
from bot.services.runtime import Services
from storage.db import Database
from storage.people import PeopleRepo
from tests.conftest import ROSTER, START

FRIDAY = datetime(2026, 3, 6, 13, 0, tzinfo=UTC)  # 14:00 in Amsterdam: check-ins are due
ONE_MORE = (
    ROSTER.splitlines()[0]
    + "\n"
    + (
        "Noor Bakker,noor@student.example,Mark Jansen,mark@bakkerij.example,Bakkerij Jansen,"
        "Ingrid Bos,ingrid@school.example,2026-03-02,2026-06-26\n"
        "Bram Peters,bram@student.example,Kees Boer,kees@boer.example,Boerderij Boer,"
        "Peter Mulder,peter@school.example,2026-03-02,2026-06-26\n"
    )
)


class BoomError(Exception):
    """The fault a test injects."""


class StatementFault:
    """Counts the statements run inside write transactions, and makes the n-th one raise."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.counted = 0
        self.fail_at: int | None = None
        self._in_transaction = False
        for name in ("execute", "executemany"):
            original = getattr(aiosqlite.Connection, name)
            monkeypatch.setattr(aiosqlite.Connection, name, self._wrap(original))

    def _wrap(self, original: Callable[..., Any]) -> Callable[..., Any]:
        def statement(conn: aiosqlite.Connection, sql: str, *args: Any, **kwargs: Any) -> Any:
            word = sql.lstrip().split(None, 1)[0].upper() if sql.strip() else ""
            if word == "BEGIN":
                self._in_transaction = True
            elif word in ("COMMIT", "ROLLBACK"):
                self._in_transaction = False
            elif self._in_transaction:
                self.counted += 1
                if self.counted == self.fail_at:
                    raise BoomError(f"statement {self.counted}: {sql.split()[:3]}")
            return original(conn, sql, *args, **kwargs)

        return statement

    def arm(self, fail_at: int | None) -> None:
        """Count from zero again; raise at statement `fail_at` (None: never)."""
        self.counted, self.fail_at, self._in_transaction = 0, fail_at, False


def dump(path: Path) -> list[str]:
    """The whole database as SQL, read as another process would."""
    with sqlite3.connect(path) as conn:
        return list(conn.iterdump())


@dataclass(frozen=True)
class Case:
    """A database to start from and one service call to break."""

    name: str
    prepare: Callable[[Services], Awaitable[dict[str, Any]]]
    act: Callable[[Services, dict[str, Any]], Awaitable[object]]


async def person(svc: Services, email: str) -> Person:
    async with svc.db.reading() as conn:
        found = await PeopleRepo(conn).by_email(email)
    assert found is not None
    return found


async def school(svc: Services) -> dict[str, Any]:
    """The roster, Sanne joined, her first check-in answered low and the second one open."""
    await import_roster(svc, ROSTER, skip_bad_rows=False, now=START)
    async with svc.db.transaction() as conn:
        sanne = await PeopleRepo(conn).by_email("sanne@student.example")
        assert sanne is not None
        await PeopleRepo(conn).link_telegram(sanne.id, 4242, "en")
    sanne = await person(svc, "sanne@student.example")
    await open_due_checkins(svc, FRIDAY)
    await record_mood(svc, sanne, 1, 1, FRIDAY, update_id=None)
    await open_due_checkins(svc, FRIDAY + timedelta(weeks=1))
    async with svc.db.transaction() as conn:  # an alert for the supervisor to act on
        await conn.execute(
            "INSERT INTO alerts (placement_id, kind, details, created_at) VALUES "
            "(1, 'problem_reported', 'The oven burns me', '2026-03-06T13:30:00')"
        )
    return {"sanne": sanne, "ingrid": await person(svc, "ingrid@school.example")}


async def second_low_mood(svc: Services, cast: dict[str, Any]) -> object:
    # A second low mood in a row: the answer, the alert, its outbox rows and the audit.
    return await record_mood(
        svc, cast["sanne"], 2, 2, FRIDAY + timedelta(weeks=1, hours=1), update_id=None
    )


async def acknowledge(svc: Services, cast: dict[str, Any]) -> object:
    return await acknowledge_alert(svc, cast["ingrid"], 1, FRIDAY + timedelta(days=1))


async def resolve(svc: Services, cast: dict[str, Any]) -> object:
    return await resolve_alert(svc, cast["ingrid"], 1, FRIDAY + timedelta(days=1))


async def second_roster(svc: Services, _: dict[str, Any]) -> object:
    return await import_roster(svc, ONE_MORE, skip_bad_rows=False, now=FRIDAY)


CASES = [
    Case("check-in answer", school, second_low_mood),
    Case("alert acknowledged", school, acknowledge),
    Case("alert resolved", school, resolve),
    Case("roster import", school, second_roster),
]


@pytest.fixture
def fault(monkeypatch: pytest.MonkeyPatch) -> StatementFault:
    return StatementFault(monkeypatch)


async def run(path: Path, case: Case, cast: dict[str, Any]) -> object:
    db = await Database.open(path)
    try:
        return await case.act(Services(db, FakeClock(FRIDAY), Policy()), cast)
    finally:
        await db.close()


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
async def test_an_error_in_the_middle_of_a_transaction_leaves_the_database_as_before(
    tmp_path: Path,
    fault: StatementFault,
    case: Case,
) -> None:
    template = tmp_path / "template.sqlite3"
    db = await Database.open(template)
    cast = await case.prepare(Services(db, FakeClock(START), Policy()))
    await db.close()
    before = dump(template)

    whole = tmp_path / "whole.sqlite3"
    shutil.copy(template, whole)
    fault.arm(None)
    await run(whole, case, cast)
    statements = fault.counted
    assert dump(whole) != before, "the call must change something for this test to mean it"
    assert statements >= 2

    for fail_at in range(1, statements + 1):
        broken = tmp_path / f"broken-{fail_at}.sqlite3"
        shutil.copy(template, broken)
        fault.arm(fail_at)
        with pytest.raises(BoomError):
            await run(broken, case, cast)
        fault.arm(None)
        assert dump(broken) == before, f"statement {fail_at} of {statements} left a trace"
