"""One limiter for every Bot API call: Telegram's flood limits, replies before bulk messages."""

from __future__ import annotations

import asyncio
import itertools
import logging
import math
import time
from collections import deque
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from telegram.error import BadRequest, NetworkError, RetryAfter
from telegram.ext import BaseRateLimiter

from bot.priority import Priority, current, passing_done, unwatch_passing, watch_passing

log = logging.getLogger(__name__)

Result = bool | dict[str, Any] | list[dict[str, Any]]
Call = Callable[..., Coroutine[Any, Any, Result]]

# Telegram allows about 20 messages a minute in one group.
GROUP_INTERVAL_SECONDS = 3.0
FLOOD_RETRIES = 5  # 429s one call may meet before the caller gets the RetryAfter
REPLY_RETRY_SECONDS = 60.0  # how long a reply keeps retrying network errors and 5xx
MAX_BACKOFF_SECONDS = 8.0
PASSING_GRACE_SECONDS = 5.0  # how long a clean stop waits for calls made in passing
ANSWERING_RECHECK_SECONDS = 0.25  # how often a call in passing held for its person looks again
# What a repeated call answers when its first attempt did reach Telegram after all.
_ALREADY_DONE = ("message is not modified", "query is too old")


def counts(endpoint: str) -> bool:
    """Whether a method puts or changes a message in a chat, so Telegram's flood limits apply.

    Sending and editing share the per-chat limit; answerCallbackQuery, getUpdates, getFile,
    setMyCommands and sendChatAction post no message (docs/ARCHITECTURE.md, "Telegram's limits").
    """
    if endpoint == "sendChatAction":
        return False
    return endpoint.startswith(("send", "edit", "copyMessage", "forwardMessage", "stopPoll"))


def retry_seconds(error: RetryAfter) -> float:
    """How long Telegram asked us to wait, in seconds."""
    # PTB keeps it as a timedelta; its public attribute warns unless PTB_TIMEDELTA is set, so
    # read it the way PTB's own AIORateLimiter does.
    value: object = getattr(error, "_retry_after", None)
    if not isinstance(value, timedelta | int | float):
        value = error.retry_after  # an older PTB
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


@dataclass(eq=False, slots=True)
class _Waiter:
    priority: int
    seq: int
    chat: int | str
    not_before: float
    granted: asyncio.Future[None] = field(repr=False)


class Limiter(BaseRateLimiter[Priority]):
    """Paces every call that posts or edits a message: `rate` a second overall, one a chat.

    A call waits for three things: no 429 pause, its chat's turn (`per_chat_interval` after the
    chat's last call finished; one call at a time per chat) and a global slot (`1/rate` apart).
    When several may go, replies (the default) go first, then calls made `in_passing`, then bulk
    calls (made inside `bulk()` or with `rate_limit_args=Priority.BULK`), each in arrival order;
    a call in passing also waits while its person has an update in hand (`answering`).
    A 429 pauses every call for `retry_after`, then the call is repeated. A reply that meets a
    network error or a 5xx is repeated with back-off for up to a minute; other calls are not
    (the outbox retries its own).
    """

    def __init__(
        self,
        rate_per_second: float,
        per_chat_interval: float,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._gap = 1.0 / rate_per_second
        self._per_chat = per_chat_interval
        self._per_group = max(per_chat_interval, GROUP_INTERVAL_SECONDS)
        self._clock = clock
        self._next_slot = 0.0
        # The last second's grants, so that no second holds more than the rate, however late
        # a timer fired.
        self._window: deque[float] = deque(maxlen=max(1, int(rate_per_second)))
        self._paused_until = 0.0
        self._ready: dict[int | str, float] = {}  # chat -> when its next call may go
        self._busy: set[int | str] = set()  # chats with a call in flight
        self._waiting: list[_Waiter] = []
        self._timer: asyncio.TimerHandle | None = None
        self._seq = itertools.count()
        self.floods = 0  # 429 answers seen
        self.progress = asyncio.Event()  # set whenever a call made in passing is through
        # Whether the person of a chat has an update in hand: his next answer may be coming, and
        # a call in passing must not take its turn (the composition root sets the inbox's).
        self.answering: Callable[[int | str], bool] = lambda chat: False

    async def initialize(self) -> None:
        """Hear about calls made in passing."""
        watch_passing(self.progress.set)

    async def shutdown(self) -> None:
        """Let the calls made in passing finish (PTB closes its connections after this)."""
        await passing_done(PASSING_GRACE_SECONDS)
        unwatch_passing(self.progress.set)
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def ready_at(self, chat_id: int) -> float:
        """When a call to this chat could go next (monotonic seconds); the sender skips ahead."""
        if chat_id in self._busy:
            return self._clock() + self._interval(chat_id)
        return max(self._ready.get(chat_id, 0.0), self._paused_until)

    async def process_request(  # noqa: PLR0917 (PTB's signature)
        self,
        callback: Call,
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: Priority | None,
    ) -> Result:
        """Make the call when the limits allow it, repeating it where Telegram asks us to."""
        priority = rate_limit_args or current()
        chat = data.get("chat_id") if counts(endpoint) else None
        seq, floods, failures = next(self._seq), 0, 0
        started, not_before, uncertain = self._clock(), 0.0, False
        while True:
            await self._admit(chat, priority, seq, not_before)
            not_before = 0.0
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as error:
                floods += 1
                self._pause(retry_seconds(error))
                if floods > FLOOD_RETRIES:
                    raise
            except BadRequest as error:
                if uncertain and any(s in str(error).lower() for s in _ALREADY_DONE):
                    return True  # the attempt that timed out had been applied after all
                raise
            except NetworkError:  # 5xx, timeout, dropped connection
                failures += 1
                if priority is not Priority.REPLY or self._clock() - started > REPLY_RETRY_SECONDS:
                    raise
                uncertain = True
                not_before = self._clock() + min(MAX_BACKOFF_SECONDS, 0.25 * 2**failures)
                log.warning(
                    "%s failed; retrying the reply in %.1fs", endpoint, not_before - self._clock()
                )
            finally:
                if isinstance(chat, int | str):
                    self._release(chat, not_before)

    # --- waiting for a turn -----------------------------------------------------------------

    def _interval(self, chat: int | str) -> float:
        # Group and channel ids are negative (or @names); private chats are the user's id.
        return self._per_chat if isinstance(chat, int) and chat > 0 else self._per_group

    def _pause(self, seconds: float) -> None:
        # 429: Telegram wants silence from the whole bot, not just this chat.
        self.floods += 1
        self._paused_until = max(self._paused_until, self._clock() + seconds)
        log.warning("429 from Telegram: pausing every call for %.1fs", seconds)
        self._schedule()

    async def _admit(self, chat: Any, priority: Priority, seq: int, not_before: float) -> None:
        if not isinstance(chat, int | str):  # not a message: only a 429 pause holds it
            # Waiting for a moment, not an event; look again: another 429 may have come.
            while (wait := self._paused_until - self._clock()) > 0:  # noqa: ASYNC110
                await asyncio.sleep(wait)
            return
        now = self._clock()
        if not self._waiting and self._may_go(chat, not_before, now):
            self._grant(chat, now)
            return
        waiter = _Waiter(
            priority, seq, chat, not_before, asyncio.get_running_loop().create_future()
        )
        self._waiting.append(waiter)
        self._schedule()
        try:
            await waiter.granted
        except asyncio.CancelledError:
            if waiter in self._waiting:
                self._waiting.remove(waiter)
            elif waiter.granted.done() and not waiter.granted.cancelled():
                self._release(chat, 0.0)  # granted, but the caller is gone: free the turn
            raise

    def _may_go(self, chat: int | str, not_before: float, now: float) -> bool:
        return (
            chat not in self._busy
            and max(self._global_at(), self._ready.get(chat, 0.0), not_before) <= now
        )

    def _global_at(self) -> float:
        """When the next call may go as far as the whole bot goes: pause, slot, last second."""
        window = self._window
        full = len(window) == window.maxlen
        return max(self._paused_until, self._next_slot, window[0] + 1.0 if full else 0.0)

    def _grant(self, chat: int | str, now: float) -> None:
        # Stay on the grid of slots when a timer fired a little late, so the rate holds.
        base = self._next_slot if now - self._next_slot < self._gap else now
        self._next_slot = base + self._gap
        self._window.append(now)
        self._busy.add(chat)

    def _release(self, chat: int | str, not_before: float) -> None:
        self._busy.discard(chat)
        now = self._clock()
        self._ready[chat] = max(now + self._interval(chat), not_before)
        if len(self._ready) > 4096:  # forget chats whose turn has long come
            self._ready = {c: at for c, at in self._ready.items() if at > now}
        self._schedule()

    def _schedule(self) -> None:
        """Let every call go that may go now; set a timer for the moment the next one may."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        while self._waiting:
            now = self._clock()
            global_at = self._global_at()
            best, soonest = None, math.inf
            for waiter in self._waiting:
                if waiter.chat in self._busy:
                    continue  # its chat's call in flight ends with a _release
                if waiter.priority is Priority.LATER and self.answering(waiter.chat):
                    soonest = min(soonest, now + ANSWERING_RECHECK_SECONDS)
                    continue
                at = max(waiter.not_before, self._ready.get(waiter.chat, 0.0), global_at)
                if at > now:
                    soonest = min(soonest, at)
                elif best is None or (waiter.priority, waiter.seq) < (best.priority, best.seq):
                    best = waiter
            if best is None:
                if soonest < math.inf:
                    loop = asyncio.get_running_loop()
                    self._timer = loop.call_later(max(0.0, soonest - now), self._schedule)
                return
            self._waiting.remove(best)
            self._grant(best.chat, now)
            best.granted.set_result(None)
