"""Importing rosters, issuing invites and joining, on a real SQLite file."""

from __future__ import annotations

from datetime import timedelta

from bot.clock import FakeClock
from bot.domain.people import Role
from bot.services.people import JoinResult, issue_invites, join
from bot.services.roster import import_roster
from bot.services.runtime import Services
from tests.conftest import ROSTER


async def counts(svc: Services) -> tuple[int, ...]:
    async with svc.db.reading() as conn:
        result = []
        for table in ("people", "companies", "placements", "invites"):
            async with conn.execute(f"SELECT COUNT(*) FROM {table}") as cur:
                row = await cur.fetchone()
                assert row is not None
                result.append(row[0])
    return tuple(result)


async def test_a_roster_imports_once_and_again_changes_nothing(svc: Services,
                                                                clock: FakeClock) -> None:
    first = await import_roster(svc, ROSTER, skip_bad_rows=False, now=clock.now())
    assert (first.written, first.people_added, first.placements_added) == (True, 7, 3)
    before = await counts(svc)
    assert before == (7, 2, 3, 0)
    again = await import_roster(svc, ROSTER, skip_bad_rows=False, now=clock.now())
    assert (again.people_added, again.placements_added, again.placements_unchanged) == (0, 0, 3)
    assert await counts(svc) == before


async def test_a_bad_row_writes_nothing_unless_skipped(svc: Services, clock: FakeClock) -> None:
    lines = ROSTER.splitlines()
    lines[3] = lines[3].replace("2026-06-26", "2026-02-30")
    text = "\n".join(lines)
    refused = await import_roster(svc, text, skip_bad_rows=False, now=clock.now())
    assert not refused.written
    assert [(e.line, e.reason) for e in refused.errors] == [
        (4, "ends_on '2026-02-30' is not a date YYYY-MM-DD")]
    assert await counts(svc) == (0, 0, 0, 0)
    skipped = await import_roster(svc, text, skip_bad_rows=True, now=clock.now())
    assert (skipped.written, skipped.placements_added) == (True, 2)


async def test_an_invite_joins_once(svc: Services, clock: FakeClock) -> None:
    await import_roster(svc, ROSTER, skip_bad_rows=False, now=clock.now())
    issued = {i.person.email: i for i in await issue_invites(svc, clock.now())}
    assert len(issued) == 7
    sanne = issued["sanne@student.example"]
    assert len(sanne.token) >= 32

    joined = await join(svc, sanne.token, 1001, "en", clock.now())
    assert joined.result is JoinResult.JOINED
    assert joined.person is not None
    assert (joined.person.role, joined.person.telegram_id) == (Role.STUDENT, 1001)
    assert joined.person.language == "nl"  # the roster's language wins over the client's

    assert (await join(svc, sanne.token, 1001, "en", clock.now())).result is (
        JoinResult.ALREADY_JOINED)
    assert (await join(svc, sanne.token, 666, "en", clock.now())).result is JoinResult.USED
    assert (await join(svc, "x" * 43, 666, "en", clock.now())).result is JoinResult.UNKNOWN


async def test_expired_and_replaced_invites_are_refused(svc: Services, clock: FakeClock) -> None:
    await import_roster(svc, ROSTER, skip_bad_rows=False, now=clock.now())
    old = {i.person.email: i.token for i in await issue_invites(svc, clock.now())}
    new = {i.person.email: i.token for i in await issue_invites(svc, clock.now())}
    mark = "mark@bakkerij.example"
    assert (await join(svc, old[mark], 2002, None, clock.now())).result is JoinResult.EXPIRED
    clock.advance(days=31)
    assert (await join(svc, new[mark], 2002, None, clock.now())).result is JoinResult.EXPIRED
    fresh = {i.person.email: i.token for i in await issue_invites(svc, clock.now())}
    outcome = await join(svc, fresh[mark], 2002, None, clock.now() + timedelta(days=29))
    assert outcome.result is JoinResult.JOINED


async def test_only_hashes_of_tokens_are_stored(svc: Services, clock: FakeClock) -> None:
    await import_roster(svc, ROSTER, skip_bad_rows=False, now=clock.now())
    tokens = [i.token for i in await issue_invites(svc, clock.now())]
    async with svc.db.reading() as conn, conn.execute("SELECT token_hash FROM invites") as cur:
        stored = {row[0] for row in await cur.fetchall()}
    assert not stored & set(tokens)
    assert all(len(h) == 64 for h in stored)
