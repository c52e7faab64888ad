"""What the sender does with each answer Telegram can give, on a fake clock: what the outbox
row says afterwards, what the operator reads in the log, and how long a failing chat waits."""

from __future__ import annotations

import logging
from collections.abc import Callable

import pytest
from telegram.error import BadRequest, Forbidden, NetworkError

from bot.clock import FakeClock
from bot.domain.messages import Message, Outgoing, UnsendableError
from bot.domain.people import Role
from bot.limiter import Limiter
from bot.sender import MAX_BACKOFF_SECONDS, Sender
from bot.services.runtime import Services
from storage.outbox import OutboxRepo
from storage.people import PeopleRepo
from tests.kinds import Note

TELEGRAMS_ID = 4711  # the message id Telegram gives a sent message


class Ticks:
    """A monotonic clock that moves only when told."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def people_with_a_note(svc: Services, clock: FakeClock, count: int) -> list[int]:
    """`count` joined people, each with one note waiting in the outbox."""
    ids = []
    async with svc.db.transaction() as conn:
        people = PeopleRepo(conn)
        for n in range(count):
            person = await people.add(
                f"P{n}", f"p{n}@example.org", Role.STUDENT, "en", clock.now()
            )
            await people.link_telegram(person, 8000 + n, "en")
            ids.append(person)
        await OutboxRepo(conn).add(
            [Message(f"note:{n}", person, Note(n)) for n, person in enumerate(ids)], clock.now()
        )
    return ids


async def rows(svc: Services) -> list[tuple[object, ...]]:
    async with (
        svc.db.reading() as conn,
        conn.execute("SELECT status, attempts, last_error FROM outbox ORDER BY id") as cur,
    ):
        return [tuple(row) for row in await cur.fetchall()]


def sender(
    svc: Services, post: Callable[[Outgoing], BaseException | None], ticks: Ticks | None = None
) -> Sender:
    ticks = ticks or Ticks()

    async def posting(message: Outgoing) -> int:
        if (error := post(message)) is not None:
            raise error
        return TELEGRAMS_ID

    return Sender(svc, posting, limiter=Limiter(25, 1.0, clock=ticks), clock=ticks)


async def test_a_chat_that_keeps_failing_waits_twice_as_long_each_time_up_to_a_minute(
    svc: Services, clock: FakeClock
) -> None:
    await people_with_a_note(svc, clock, 1)
    failures = 8
    calls: list[int] = []

    def post(message: Outgoing) -> BaseException | None:
        calls.append(message.id)
        return NetworkError("Bad Gateway") if len(calls) <= failures else None

    ticks = Ticks()
    it = sender(svc, post, ticks)
    waits = []
    for _ in range(failures):
        assert await it.deliver_round() == 0.0  # one attempt
        waits.append(await it.deliver_round())  # nothing may go yet: how long until it may
        ticks.now += waits[-1]
    assert await it.deliver_round() == 0.0
    assert len(calls) == failures + 1
    assert waits == [0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 32.0, MAX_BACKOFF_SECONDS]
    assert await rows(svc) == [("sent", failures + 1, "Bad Gateway")]
    async with svc.db.reading() as conn, conn.execute("SELECT message_id FROM outbox") as cur:
        assert [tuple(row) for row in await cur.fetchall()] == [(TELEGRAMS_ID,)]


async def test_each_answer_leaves_the_row_and_the_log_as_the_operator_needs_them(
    svc: Services, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    ids = await people_with_a_note(svc, clock, 6)
    answers: dict[int, BaseException] = {
        ids[0]: Forbidden("Forbidden: bot was blocked by the user"),
        ids[1]: BadRequest("Bad Request: chat not found"),
        ids[2]: BadRequest("Bad Request: message is too long"),
        ids[3]: UnsendableError("alert 9 is not there"),
        ids[4]: ValueError("a surprise"),
        ids[5]: NetworkError("Bad Gateway"),
    }
    with caplog.at_level(logging.WARNING):
        await sender(svc, lambda message: answers[message.person_id]).deliver_round()
    said = {person: str(error) for person, error in answers.items()}
    assert await rows(svc) == [
        ("undeliverable", 0, said[ids[0]]),  # he blocked the bot: nothing more goes to him
        ("undeliverable", 0, said[ids[1]]),
        ("failed", 1, said[ids[2]]),  # Telegram refuses this message: never again
        ("failed", 1, said[ids[3]]),
        ("pending", 1, "a surprise"),  # tried again later
        ("pending", 1, "Bad Gateway"),
    ]
    logged = [(r.levelno, r.getMessage(), r.exc_info is not None) for r in caplog.records]
    assert logged == [
        (logging.ERROR, "outbox 3 refused: Message is too long", False),
        (logging.ERROR, "outbox 4 cannot be sent: alert 9 is not there", False),
        (logging.ERROR, "outbox 5: unexpected error, will retry", True),
    ]
