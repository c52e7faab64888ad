"""The one limiter, driven directly with calls that record when they ran."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import pytest
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut

from bot.limiter import Limiter, counts
from bot.priority import Priority, bulk, calls_in_passing, in_passing

RATE = 20.0  # a slot every 50 ms
INTERVAL = 0.2


@pytest.fixture(autouse=True)
def _timedelta_retry_after(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PTB_TIMEDELTA", "true")  # as bot/app.py sets it


@dataclass
class Api:
    """A Bot API stand-in: records each attempt; `failures` are raised first, in order."""

    failures: list[Exception] = field(default_factory=list)
    attempts: list[tuple[str, Any, float]] = field(default_factory=list)
    clock: Callable[[], float] = time.monotonic

    def call(self, name: str, chat: Any) -> Callable[[], Any]:
        async def attempt() -> Any:
            self.attempts.append((name, chat, self.clock()))
            if self.failures:
                raise self.failures.pop(0)
            return {"name": name}

        return attempt

    def order(self) -> list[str]:
        return [name for name, _, _ in self.attempts]


async def call(
    limiter: Limiter,
    api: Api,
    name: str,
    chat: Any = None,
    *,
    endpoint: str = "sendMessage",
    priority: Priority | None = None,
) -> Any:
    data = {} if chat is None else {"chat_id": chat}
    return await limiter.process_request(api.call(name, chat), (), {}, endpoint, data, priority)


def test_what_counts_against_telegrams_limits() -> None:
    assert all(
        counts(m)
        for m in (
            "sendMessage",
            "sendDocument",
            "sendPhoto",
            "editMessageText",
            "editMessageReplyMarkup",
            "copyMessage",
        )
    )
    assert not any(
        counts(m)
        for m in (
            "answerCallbackQuery",
            "getUpdates",
            "getFile",
            "getMe",
            "setMyCommands",
            "sendChatAction",
            "deleteWebhook",
        )
    )


async def test_waiting_replies_go_before_waiting_bulk_messages() -> None:
    limiter, api = Limiter(RATE, INTERVAL), Api()
    with bulk():
        outbox = [asyncio.create_task(call(limiter, api, f"bulk{n}", 100 + n)) for n in range(4)]
    await asyncio.sleep(0)  # the outbox calls are queued first
    replies = [asyncio.create_task(call(limiter, api, f"reply{n}", 200 + n)) for n in range(3)]
    await asyncio.gather(*outbox, *replies)
    # The first bulk call found the limiter idle; every reply then overtook the rest.
    assert api.order() == ["bulk0", "reply0", "reply1", "reply2", "bulk1", "bulk2", "bulk3"]
    # On the grid of slots, 1/RATE apart (a timer that fired late may catch up one slot).
    starts = [at for _, _, at in api.attempts]
    assert starts[-1] - starts[0] >= (len(starts) - 2) / RATE


async def test_rate_limit_args_mark_bulk_too() -> None:
    limiter, api = Limiter(RATE, INTERVAL), Api()
    first = asyncio.create_task(call(limiter, api, "bulk0", 1, priority=Priority.BULK))
    second = asyncio.create_task(call(limiter, api, "bulk1", 2, priority=Priority.BULK))
    await asyncio.sleep(0)
    reply = asyncio.create_task(call(limiter, api, "reply", 3))
    await asyncio.gather(first, second, reply)
    assert api.order() == ["bulk0", "reply", "bulk1"]


async def test_one_chat_waits_its_interval_while_other_chats_go() -> None:
    limiter, api = Limiter(RATE, INTERVAL), Api()

    async def two_to_one_chat() -> None:
        await call(limiter, api, "first", 1)
        await call(limiter, api, "second", 1)

    async def others() -> None:
        await asyncio.sleep(0)
        await asyncio.gather(*(call(limiter, api, f"other{n}", 10 + n) for n in range(2)))

    await asyncio.gather(two_to_one_chat(), others())
    assert api.order() == ["first", "other0", "other1", "second"]
    at = {name: when for name, _, when in api.attempts}
    assert at["second"] - at["first"] >= INTERVAL


async def test_a_group_gets_twenty_a_minute() -> None:
    limiter, api = Limiter(1000.0, 0.0), Api()
    await call(limiter, api, "one", -100)
    assert limiter.ready_at(-100) - time.monotonic() > 2.9  # 60 s / 20
    assert limiter.ready_at(5) <= time.monotonic()  # a private chat with no interval


async def test_a_429_pauses_every_call_then_the_call_is_made_again() -> None:
    limiter = Limiter(1000.0, 0.0)
    api = Api(failures=[RetryAfter(timedelta(milliseconds=300))])
    first = asyncio.create_task(call(limiter, api, "flooded", 1))
    await asyncio.sleep(0)  # its first attempt meets the 429
    assert api.attempts
    # Calls started during the pause, counted or not, wait for its end.
    others = [
        asyncio.create_task(call(limiter, api, "other", 2)),
        asyncio.create_task(call(limiter, api, "answer", endpoint="answerCallbackQuery")),
    ]
    assert await first == {"name": "flooded"}
    await asyncio.gather(*others)
    flooded_at = api.attempts[0][2]
    assert [name for name, _, _ in api.attempts[1:]].count("flooded") == 1
    assert all(at - flooded_at >= 0.29 for _, _, at in api.attempts[1:])
    assert limiter.floods == 1


async def test_a_reply_that_meets_a_5xx_or_a_dropped_connection_is_made_again() -> None:
    limiter = Limiter(1000.0, 0.0)
    api = Api(failures=[NetworkError("Bad Gateway"), NetworkError("Server disconnected")])
    assert await call(limiter, api, "reply", 1) == {"name": "reply"}
    assert api.order() == ["reply", "reply", "reply"]


async def test_a_bulk_call_that_meets_a_5xx_is_left_to_the_outbox() -> None:
    limiter, api = Limiter(1000.0, 0.0), Api(failures=[NetworkError("Bad Gateway")])
    with bulk(), pytest.raises(NetworkError):
        await call(limiter, api, "bulk", 1)
    assert api.order() == ["bulk"]


@pytest.mark.parametrize(
    "refusal",
    [
        BadRequest("Bad Request: chat not found"),
        Forbidden("Forbidden: bot was blocked by the user"),
    ],
)
async def test_a_refused_reply_is_not_made_again(refusal: Exception) -> None:
    limiter, api = Limiter(1000.0, 0.0), Api(failures=[refusal])
    with pytest.raises(type(refusal)):
        await call(limiter, api, "reply", 1)
    assert api.order() == ["reply"]


async def test_an_edit_that_timed_out_but_was_applied_counts_as_done() -> None:
    limiter = Limiter(1000.0, 0.0)
    api = Api(failures=[TimedOut(), BadRequest("Bad Request: message is not modified: …")])
    assert await call(limiter, api, "edit", 1, endpoint="editMessageText") is True
    assert len(api.attempts) == 2


async def test_a_cancelled_waiting_call_frees_its_turn() -> None:
    limiter, api = Limiter(RATE, 10.0), Api()
    await call(limiter, api, "first", 1)
    stuck = asyncio.create_task(call(limiter, api, "second", 1))  # 10 s until its chat's turn
    await asyncio.sleep(0)
    stuck.cancel()
    with pytest.raises(asyncio.CancelledError):
        await stuck
    await call(limiter, api, "elsewhere", 2)
    assert api.order() == ["first", "elsewhere"]
    assert not limiter._waiting


async def test_a_call_in_passing_lets_the_next_question_in_its_chat_go_first() -> None:
    limiter, api = Limiter(RATE, INTERVAL), Api()
    await limiter.initialize()  # as PTB does: from now on it hears of calls in passing
    await call(limiter, api, "question", 1)  # the chat's turn comes again in INTERVAL
    in_passing(call(limiter, api, "show the choice", 1, endpoint="editMessageText"))
    await asyncio.sleep(0)  # the edit waits for the chat first…
    assert calls_in_passing() == 1
    await call(limiter, api, "next question", 1)  # …yet the reply goes before it
    while calls_in_passing():
        await limiter.progress.wait()
        limiter.progress.clear()
    await limiter.shutdown()
    assert api.order() == ["question", "next question", "show the choice"]


async def test_a_call_in_passing_that_fails_is_logged_not_raised(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger="bot.priority")
    limiter = Limiter(1000.0, 0.0)
    api = Api(
        failures=[
            BadRequest("Bad Request: message to edit not found"),
            NetworkError("Bad Gateway"),
        ]
    )
    for _ in range(2):
        in_passing(call(limiter, api, "edit", 1, endpoint="editMessageText"))
    await limiter.shutdown()  # waits for them
    assert calls_in_passing() == 0
    assert api.order() == ["edit", "edit"]  # neither is tried again
    assert "Message to edit not found" in caplog.text
    assert "a call in passing failed" in caplog.text


async def test_a_call_in_passing_waits_while_its_person_is_being_answered() -> None:
    limiter, api = Limiter(1000.0, 0.0), Api()
    await limiter.initialize()
    answering = {1}  # an update of chat 1's person is in hand: his next answer may come
    limiter.answering = lambda chat: chat in answering
    in_passing(call(limiter, api, "show the choice", 1, endpoint="editMessageText"))
    await call(limiter, api, "another chat", 2)
    await call(limiter, api, "his next question", 1)
    assert api.order() == ["another chat", "his next question"]
    answering.clear()
    while calls_in_passing():
        await limiter.progress.wait()
        limiter.progress.clear()
    await limiter.shutdown()
    assert api.order() == ["another chat", "his next question", "show the choice"]


async def test_no_second_holds_more_calls_than_the_rate_even_after_a_late_timer() -> None:
    now = [0.24]  # the first slot's timer fired 0.24 s late (a slot is 0.25 s at 4/s)
    limiter = Limiter(4.0, 0.0, clock=lambda: now[0])
    api = Api(clock=lambda: now[0])
    for n, at in enumerate((0.24, 0.25, 0.5, 0.75)):  # back on the grid of slots
        now[0] = at
        await call(limiter, api, f"call {n}", 100 + n)
    now[0] = 1.0  # the fifth slot, yet 0.24..1.0 already holds four calls
    fifth = asyncio.create_task(call(limiter, api, "call 4", 200))
    await asyncio.sleep(0)
    assert len(api.attempts) == 4
    now[0] = 1.25  # a second after the first
    await fifth
    assert api.attempts[-1] == ("call 4", 200, 1.25)
