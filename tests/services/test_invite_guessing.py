"""Guessing invite tokens: after five wrong ones in an hour, tokens are not even checked."""

from __future__ import annotations

from bot.clock import FakeClock
from bot.services.people import JoinResult, issue_invites, join
from bot.services.roster import import_roster
from bot.services.runtime import Services
from tests.conftest import ROSTER

GUESSER = 666


async def test_the_sixth_wrong_token_in_an_hour_is_not_checked(
    svc: Services, clock: FakeClock
) -> None:
    await import_roster(svc, ROSTER, skip_bad_rows=False, now=clock.now())
    tokens = {i.person.email: i.token for i in await issue_invites(svc, clock.now())}
    for n in range(5):
        outcome = await join(svc, f"wrong-token-number-{n:04d}", GUESSER, "en", clock.now())
        assert outcome.result is JoinResult.UNKNOWN
        clock.advance(minutes=10)
    # Even the right token is refused now: it is not looked at.
    right = await join(svc, tokens["sanne@student.example"], GUESSER, "en", clock.now())
    assert right.result is JoinResult.SLOW_DOWN
    assert right.person is None
    # Someone else is not slowed down by the guesser.
    other = await join(svc, "wrong-token-number-0000", GUESSER + 1, "en", clock.now())
    assert other.result is JoinResult.UNKNOWN
    # An hour after the first wrong ones, the oldest no longer count.
    clock.advance(minutes=11)
    joined = await join(svc, tokens["sanne@student.example"], GUESSER, "en", clock.now())
    assert joined.result is JoinResult.JOINED


async def test_used_and_expired_tokens_count_as_wrong_but_joining_does_not(
    svc: Services,
    clock: FakeClock,
) -> None:
    await import_roster(svc, ROSTER, skip_bad_rows=False, now=clock.now())
    tokens = {i.person.email: i.token for i in await issue_invites(svc, clock.now())}
    sanne = tokens["sanne@student.example"]
    assert (await join(svc, sanne, 1, "nl", clock.now())).result is JoinResult.JOINED
    for _ in range(5):
        assert (await join(svc, sanne, 1, "nl", clock.now())).result is JoinResult.ALREADY_JOINED
    assert (await join(svc, sanne, 1, "nl", clock.now())).result is JoinResult.ALREADY_JOINED
    results = [(await join(svc, sanne, GUESSER, "en", clock.now())).result for _ in range(6)]
    assert results == [JoinResult.USED] * 5 + [JoinResult.SLOW_DOWN]
