"""The one paced sender: delivers outbox rows within Telegram's limits."""

from __future__ import annotations

import asyncio
import logging
import math
import time
from collections.abc import Awaitable, Callable
from contextlib import suppress

from telegram.error import BadRequest, Forbidden, NetworkError, TelegramError

from bot.domain.messages import Outgoing, UnsendableError
from bot.limiter import Limiter
from bot.priority import bulk
from bot.services.deliveries import outbox_refused, outbox_sent
from bot.services.outbox import chat_unreachable, message_failed, next_messages
from bot.services.runtime import Services

log = logging.getLogger(__name__)

BATCH = 200
IDLE_SECONDS = 5.0
MAX_BACKOFF_SECONDS = 60.0
# Lays out an outbox message and sends it, returning Telegram's message id. The composition
# root hands it in (handlers/outgoing.py: post): the sender knows when and how often to send,
# the handlers know what a message looks like.
Post = Callable[[Outgoing], Awaitable[int]]


class Sender:
    """Sends pending outbox messages, a few at a time, through the bot's one limiter.

    The limiter (bot/limiter.py) keeps Telegram's limits for every call the bot makes, and lets
    replies to people go before these bulk messages; a 429 pauses it all. A round trip to
    Telegram takes 50–100 ms, so one message at a time could not even reach 25 a second:
    `concurrency` messages (each to another chat, so a chat's messages keep their order) are in
    flight at once. A crash can therefore send at most that many messages twice. Back-off
    lives in memory: after a restart the first round simply starts again from the outbox.
    """

    def __init__(
        self,
        svc: Services,
        post: Post,
        *,
        limiter: Limiter,
        concurrency: int = 1,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._svc, self._post, self._limiter = svc, post, limiter
        self._slots = asyncio.Semaphore(concurrency)
        self._monotonic = clock
        self._wake = asyncio.Event()
        self.progress = asyncio.Event()  # set after every attempt and every round
        self._ready_at: dict[int, float] = {}  # person id -> when his chat may get the next one
        self._failures: dict[int, int] = {}  # outbox id -> failed attempts since start
        self._stopping = False
        self.delivered = 0

    def wake(self) -> None:
        """Tell the sender that new messages are waiting."""
        self._wake.set()

    def stop(self) -> None:
        """Send no new message; `run` returns once the ones in flight are through."""
        self._stopping = True
        self._wake.set()

    async def run(self) -> None:
        """Deliver until stopped; sleeps when there is nothing it may send yet."""
        while not self._stopping:
            self._wake.clear()
            try:
                delay = await self.deliver_round()
            except Exception:  # a database hiccup must not end delivery for good
                log.exception("sender round failed")
                delay = IDLE_SECONDS
            self.progress.set()
            if delay > 0 and not self._stopping:
                with suppress(TimeoutError):
                    await asyncio.wait_for(self._wake.wait(), timeout=delay)

    async def deliver_round(self) -> float:
        """Send every message that may go now; return how long until the next may go."""
        now = self._monotonic()
        waiting = {p: at for p, at in self._ready_at.items() if at > now}
        self._ready_at = waiting
        messages = await next_messages(self._svc, BATCH, skip=waiting)
        if not messages:
            return min(waiting.values(), default=now + IDLE_SECONDS) - now
        in_flight: set[asyncio.Task[None]] = set()
        tried: set[int] = set()  # one message per chat per round keeps each chat's order
        for message in messages:
            if self._stopping:
                break
            if message.person_id in tried or (
                self._ready_at.get(message.person_id, 0.0) > self._monotonic()
            ):
                continue  # an earlier message to this chat is in flight, just went, or failed
            tried.add(message.person_id)
            assert message.telegram_id is not None
            if (turn := self._limiter.ready_at(message.telegram_id)) > self._monotonic():
                self._ready_at[message.person_id] = turn  # the chat just had a message
                continue
            await self._slots.acquire()
            self._ready_at[message.person_id] = math.inf  # until this one is through
            in_flight.add(asyncio.create_task(self._deliver_in_slot(message)))
        await asyncio.gather(*in_flight)
        return 0.0

    async def _deliver_in_slot(self, message: Outgoing) -> None:
        try:
            await self._deliver(message)
        finally:
            self._slots.release()
            if self._ready_at.get(message.person_id) == math.inf:
                self._ready_at[message.person_id] = self._monotonic()
            self.progress.set()

    async def _deliver(self, message: Outgoing) -> None:
        assert message.telegram_id is not None
        svc = self._svc
        try:
            with bulk():  # replies to people who are waiting go first
                message_id = await self._post(message)
        except UnsendableError as error:  # a bug or a message about what is gone: say it loudly
            log.error("outbox %s cannot be sent: %s", message.id, error)
            await outbox_refused(svc, message, str(error), svc.clock.now())
            return
        except Forbidden as error:
            await chat_unreachable(svc, message.person_id, str(error), svc.clock.now())
            return
        except BadRequest as error:
            if "chat not found" in str(error).lower():
                await chat_unreachable(svc, message.person_id, str(error), svc.clock.now())
            else:  # Telegram refuses this message itself: sending it again cannot help
                log.error("outbox %s refused: %s", message.id, error)
                # A refused alert is rerouted at once, never silently failed.
                await outbox_refused(svc, message, str(error), svc.clock.now())
            return
        except Exception as error:  # network, 5xx, timeout, 429s, a surprise: try again later
            if not isinstance(error, (NetworkError, TelegramError)):
                log.exception("outbox %s: unexpected error, will retry", message.id)
            failures = self._failures.get(message.id, 0) + 1
            self._failures[message.id] = failures
            backoff = min(MAX_BACKOFF_SECONDS, 0.25 * 2**failures)
            self._ready_at[message.person_id] = self._monotonic() + backoff
            await message_failed(svc, message.id, str(error), final=False)
            return
        self._failures.pop(message.id, None)
        self._ready_at[message.person_id] = self._limiter.ready_at(message.telegram_id)
        await outbox_sent(svc, message, message_id, svc.clock.now())
        self.delivered += 1
