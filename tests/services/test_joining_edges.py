"""Joining at its edges: what looks like one of our tokens, and the audit line a join leaves."""

from __future__ import annotations

import pytest

from bot.clock import FakeClock
from bot.services.people import JoinResult, identify, issue_invites, join, looks_like_token
from bot.services.roster import import_roster
from bot.services.runtime import Services
from storage.people import PeopleRepo
from tests.conftest import ROSTER


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a" * 19, False),
        ("a" * 20, True),  # the shortest we accept
        ("a" * 64, True),  # Telegram's longest /start argument
        ("a" * 65, False),
        ("Ab3-_" * 8, True),  # the URL-safe alphabet, '-' and '_' included
        ("a" * 30 + "+", False),
        ("a" * 30 + "é", False),
    ],
)
def test_what_looks_like_one_of_our_tokens(text: str, expected: bool) -> None:
    assert looks_like_token(text) is expected


async def test_a_join_is_written_in_the_audit_log_as_done_by_the_person_himself(
    svc: Services, clock: FakeClock
) -> None:
    await import_roster(svc, ROSTER, skip_bad_rows=False, now=clock.now())
    invite = next(
        i
        for i in await issue_invites(svc, clock.now())
        if i.person.email == "daan@student.example"
    )
    joined = await join(svc, invite.token, 4242, "nl", clock.now())
    assert joined.result is JoinResult.JOINED
    assert joined.person is not None
    async with (
        svc.db.reading() as conn,
        conn.execute(
            "SELECT actor_id, action, subject FROM audit_log WHERE action != 'import_roster'"
        ) as cur,
    ):
        rows = [tuple(row) for row in await cur.fetchall()]
    assert rows == [(joined.person.id, "joined", f"person:{joined.person.id}")]


async def test_someone_who_blocked_the_bot_and_writes_again_is_reachable_again(
    svc: Services, clock: FakeClock
) -> None:
    await import_roster(svc, ROSTER, skip_bad_rows=False, now=clock.now())
    invite = next(
        i
        for i in await issue_invites(svc, clock.now())
        if i.person.email == "daan@student.example"
    )
    await join(svc, invite.token, 4242, "nl", clock.now())
    async with svc.db.transaction() as conn:
        person = await PeopleRepo(conn).by_telegram_id(4242)
        assert person is not None
        await PeopleRepo(conn).mark_undeliverable(person.id, clock.now())
    found = await identify(svc, 4242, "Daan", "nl", clock.now())
    assert found is not None
    assert found.undeliverable is False  # what this update's handlers see
    async with svc.db.reading() as conn:
        stored = await PeopleRepo(conn).by_id(found.id)
    assert stored is not None
    assert stored.undeliverable is False
