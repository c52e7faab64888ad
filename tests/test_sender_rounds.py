"""The sender's rounds and its loop, on a fake clock: one message per chat per round, a chat
that must wait does not hold up the others, an idle sender sleeps until woken or due, and a
round that fails is logged and tried again."""

from __future__ import annotations

import asyncio
import logging

import pytest

from bot.clock import FakeClock
from bot.domain.messages import Message, Outgoing
from bot.domain.people import Role
from bot.limiter import Limiter
from bot.sender import IDLE_SECONDS, Sender
from bot.services.runtime import Services
from storage.outbox import OutboxRepo
from storage.people import PeopleRepo
from tests.kinds import Note
from tests.test_sender_outcomes import Ticks

ANN_TG, BEN_TG = 8101, 8102


async def queue(svc: Services, clock: FakeClock, *to: int) -> dict[int, int]:
    """Ann and Ben joined; a note to each Telegram id in `to`, in that order."""
    ids = {}
    async with svc.db.transaction() as conn:
        people = PeopleRepo(conn)
        for n, chat in enumerate((ANN_TG, BEN_TG)):
            ids[chat] = await people.add(
                f"P{n}", f"p{n}@example.org", Role.STUDENT, "en", clock.now()
            )
            await people.link_telegram(ids[chat], chat, "en")
        await OutboxRepo(conn).add(
            [Message(f"note:{n}", ids[chat], Note(n)) for n, chat in enumerate(to)], clock.now()
        )
    return ids


class Recording:
    """A post that takes every message and remembers to whom it went, in order."""

    def __init__(self) -> None:
        self.sent: list[int | None] = []

    async def __call__(self, message: Outgoing) -> int:
        self.sent.append(message.telegram_id)
        return len(self.sent)


async def test_a_round_sends_one_message_per_chat_and_every_chat_gets_its_turn(
    svc: Services, clock: FakeClock
) -> None:
    await queue(svc, clock, ANN_TG, ANN_TG, BEN_TG)
    post, ticks = Recording(), Ticks()
    sender = Sender(svc, post, limiter=Limiter(25, 1.0, clock=ticks), concurrency=4, clock=ticks)
    assert await sender.deliver_round() == 0.0
    assert post.sent == [ANN_TG, BEN_TG]  # Ann's second waits, Ben is not held up by it
    assert sender.delivered == 2
    await sender.deliver_round()
    assert post.sent == [ANN_TG, BEN_TG, ANN_TG]
    assert sender.delivered == 3
    assert await sender.deliver_round() == IDLE_SECONDS  # nothing left: sleep until woken


async def test_a_chat_whose_turn_has_not_come_does_not_hold_up_the_others(
    svc: Services, clock: FakeClock
) -> None:
    await queue(svc, clock, ANN_TG, BEN_TG)
    post, ticks = Recording(), Ticks()
    limiter = Limiter(25, 1.0, clock=ticks)

    async def call() -> bool:
        return True

    # Ann's chat just had a reply: her next message may go one second later.
    await limiter.process_request(call, (), {}, "sendMessage", {"chat_id": ANN_TG}, None)
    sender = Sender(svc, post, limiter=limiter, concurrency=4, clock=ticks)
    await sender.deliver_round()
    assert post.sent == [BEN_TG]
    assert await sender.deliver_round() == pytest.approx(1.0)  # until Ann's turn
    ticks.now += 1.0
    await sender.deliver_round()
    assert post.sent == [BEN_TG, ANN_TG]


class Scripted(Sender):
    """A sender whose rounds answer as scripted (a delay, or an error to raise)."""

    def __init__(self, svc: Services, script: list[float | Exception]) -> None:
        super().__init__(svc, Recording(), limiter=Limiter(25, 1.0))
        self.script, self.rounds = script, 0
        self.second = asyncio.Event()

    async def deliver_round(self) -> float:
        self.rounds += 1
        if self.rounds >= 2:
            self.second.set()
        step = self.script[min(self.rounds, len(self.script)) - 1]
        if isinstance(step, Exception):
            raise step
        return step


async def test_an_idle_sender_sleeps_until_it_is_woken(svc: Services) -> None:
    for delay in (IDLE_SECONDS, 0.5):  # nothing to send; a chat's turn half a second away
        sender = Scripted(svc, [delay])
        running = asyncio.create_task(sender.run())
        await sender.progress.wait()
        for _ in range(20):  # other work gets its turn; the sender does not go round again
            await asyncio.sleep(0)
        assert sender.rounds == 1
        sender.wake()
        await asyncio.wait_for(sender.second.wait(), timeout=60)
        sender.stop()
        await asyncio.wait_for(running, timeout=60)


async def test_a_sender_goes_round_again_when_the_next_message_is_due(svc: Services) -> None:
    sender = Scripted(svc, [0.01])  # the next message may go in 10 ms: nobody wakes it
    running = asyncio.create_task(sender.run())
    await asyncio.wait_for(sender.second.wait(), timeout=60)
    sender.stop()
    await asyncio.wait_for(running, timeout=60)


async def test_a_failed_round_is_logged_and_tried_again(
    svc: Services, caplog: pytest.LogCaptureFixture
) -> None:
    sender = Scripted(svc, [RuntimeError("database is locked"), IDLE_SECONDS])
    with caplog.at_level(logging.ERROR):
        running = asyncio.create_task(sender.run())
        await sender.progress.wait()
        sender.wake()  # rather than waiting IDLE_SECONDS
        await asyncio.wait_for(sender.second.wait(), timeout=60)
        sender.stop()
        await asyncio.wait_for(running, timeout=60)
    assert [(r.getMessage(), r.exc_info is not None) for r in caplog.records] == [
        ("sender round failed", True)
    ]
