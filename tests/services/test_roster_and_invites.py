"""Importing rosters, issuing invites and joining, on a real SQLite file."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.clock import FakeClock
from bot.domain.people import Role
from bot.domain.roster import RowError
from bot.services.people import JoinResult, issue_invites, join, looks_like_token
from bot.services.roster import import_roster
from bot.services.runtime import Services
from handlers.coordinator_format import error_text
from tests.conftest import ROSTER


def english(error: RowError) -> str:
    """A refused line as the command line prints it (English)."""
    return error_text("en", error)


async def counts(svc: Services) -> tuple[int, ...]:
    async with svc.db.reading() as conn:
        result = []
        for table in ("people", "companies", "placements", "invites"):
            async with conn.execute(f"SELECT COUNT(*) FROM {table}") as cur:
                row = await cur.fetchone()
                assert row is not None
                result.append(row[0])
    return tuple(result)


async def test_a_roster_imports_once_and_again_changes_nothing(
    svc: Services, clock: FakeClock
) -> None:
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
    assert [(e.line, english(e)) for e in refused.errors] == [
        (4, "ends_on '2026-02-30' is not a date (2026-03-02, 2-3-2026, 02-03-2026)")
    ]
    assert await counts(svc) == (0, 0, 0, 0)
    skipped = await import_roster(svc, text, skip_bad_rows=True, now=clock.now())
    assert (skipped.written, skipped.placements_added) == (True, 2)


async def dump(svc: Services) -> list[str]:
    """Every table's schema and rows, as SQL: equal dumps are equal databases."""
    async with svc.db.reading() as conn:
        return [line async for line in conn.iterdump()]


# A second roster: Daan's new placement, and Lotte (a student) as another placement's
# supervisor, which would let her read Daan's supervisor-only reports.
SECOND = f"""{ROSTER.splitlines()[0]}
Noor Bakker,noor@student.example,Fatima El Amrani,fatima@zorg.example,Zorgcentrum West,Peter Mulder,peter@school.example,2026-09-01,2027-01-29
Daan Smit,daan@student.example,Kees Boer,kees@garage.example,Garage Boer,Lotte Visser,LOTTE@student.example,2026-09-01,2027-01-29
"""  # noqa: E501


async def test_a_roster_that_changes_a_role_is_refused_and_writes_nothing(
    svc: Services, clock: FakeClock
) -> None:
    await import_roster(svc, ROSTER, skip_bad_rows=False, now=clock.now())
    before = await dump(svc)
    refused = await import_roster(svc, SECOND, skip_bad_rows=False, now=clock.now())
    assert not refused.written
    assert [(e.line, english(e)) for e in refused.errors] == [
        (
            3,
            "lotte@student.example is a student already and cannot be a supervisor here "
            "(one email is one person with one role)",
        )
    ]
    assert await dump(svc) == before  # not even Noor's good line 2, nor Kees or his garage

    skipped = await import_roster(svc, SECOND, skip_bad_rows=True, now=clock.now())
    assert (skipped.written, skipped.placements_added, skipped.people_added) == (True, 1, 1)
    assert [e.line for e in skipped.errors] == [3]
    async with svc.db.reading() as conn:
        async with conn.execute(
            "SELECT role FROM people WHERE email = ?", ("lotte@student.example",)
        ) as cur:
            assert [tuple(row) for row in await cur.fetchall()] == [("student",)]
        async with conn.execute(
            "SELECT COUNT(*) FROM people WHERE email = ?", ("kees@garage.example",)
        ) as cur:
            assert tuple(await cur.fetchone() or ()) == (0,)


async def test_a_mentor_cannot_become_a_student(svc: Services, clock: FakeClock) -> None:
    await import_roster(svc, ROSTER, skip_bad_rows=False, now=clock.now())
    line = ROSTER.splitlines()[1].replace("sanne@student.example", "fatima@zorg.example")
    before = await dump(svc)
    refused = await import_roster(
        svc, ROSTER.splitlines()[0] + "\n" + line, skip_bad_rows=False, now=clock.now()
    )
    assert [(e.line, english(e).split(" (")[0]) for e in refused.errors] == [
        (2, "fatima@zorg.example is a workplace mentor already and cannot be a student here")
    ]
    assert await dump(svc) == before


async def test_a_windows_1252_roster_imports_and_names_its_encoding(
    svc: Services, clock: FakeClock
) -> None:
    text = (
        ROSTER.splitlines()[0].replace(",", ";") + "\r\n"
        "Emre Özdemir;emre@student.example;Zoë van IJsselmeer;zoe@bakkerij.example;"
        "Café ’t Hoekje;Ingrid Bos;ingrid@school.example;2-3-2026;26-06-2026\r\n"
    )
    outcome = await import_roster(svc, text.encode("cp1252"), skip_bad_rows=False, now=clock.now())
    assert (outcome.written, outcome.encoding, outcome.delimiter) == (True, "Windows-1252", ";")
    async with svc.db.reading() as conn:
        async with conn.execute("SELECT name FROM people ORDER BY id") as cur:
            names = [row[0] for row in await cur.fetchall()]
        async with conn.execute("SELECT name FROM companies") as cur:
            companies = [row[0] for row in await cur.fetchall()]
    assert names == ["Emre Özdemir", "Zoë van IJsselmeer", "Ingrid Bos"]
    assert companies == ["Café ’t Hoekje"]


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
        JoinResult.ALREADY_JOINED
    )
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


@pytest.mark.parametrize(
    ("payload", "looks_right"),
    [
        ("a" * 43, True),
        ("A-z_09" * 7, True),
        ("a" * 19, False),
        ("a" * 65, False),
        ("a" * 42 + "é", False),
        ("a" * 42 + "٣", False),
        ("a" * 42 + "²", False),
        ("a" * 42 + "ａ", False),
        ("a" * 42 + "!", False),
    ],
)
def test_a_token_is_ascii_letters_digits_dash_and_underscore(
    payload: str, looks_right: bool
) -> None:
    assert looks_like_token(payload) is looks_right
