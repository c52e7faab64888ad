"""Which Bot API call goes first when several wait: replies, then calls in passing, then bulk.

The one limiter (bot/limiter.py) reads the priority of each call from here: the default is a
reply to someone who waits for it; the sender marks its outbox messages `bulk()`; a handler
makes a call nobody waits for `in_passing()`.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from enum import IntEnum
from typing import Any

from telegram.error import BadRequest

log = logging.getLogger(__name__)


class Priority(IntEnum):
    """Who goes first when several wait: a person waiting for an answer, then the rest."""

    REPLY = 0  # the answer someone is waiting for
    LATER = 1  # a call nobody waits for, such as showing a choice under its question
    BULK = 2  # outbox messages


_PRIORITY: ContextVar[Priority] = ContextVar("mentorbot_priority", default=Priority.REPLY)
_PASSING: set[asyncio.Task[None]] = set()  # calls made in passing, until they are through
_WATCHERS: list[Callable[[], None]] = []  # told when a call made in passing is through


@contextmanager
def bulk() -> Iterator[None]:
    """Bot API calls made inside go after every waiting reply (the sender's outbox messages)."""
    token = _PRIORITY.set(Priority.BULK)
    try:
        yield
    finally:
        _PRIORITY.reset(token)


def in_passing(call: Coroutine[Any, Any, object]) -> None:
    """Make a Bot API call nobody waits for; the replies waiting in its chat go first.

    Telegram allows one message a second in a chat, and an edit counts as one: showing a
    student's choice under the question he answered must not hold back his next question.
    A failure is logged; a call that Telegram refuses (the message is gone) is left.
    """
    token = _PRIORITY.set(Priority.LATER)
    try:  # the task takes the current context, and with it the priority
        task = asyncio.create_task(_quietly(call))
    finally:
        _PRIORITY.reset(token)
    _PASSING.add(task)
    task.add_done_callback(_passed)


def calls_in_passing() -> int:
    """How many calls made in passing are not through yet."""
    return len(_PASSING)


def _passed(task: asyncio.Task[None]) -> None:
    _PASSING.discard(task)
    for watcher in list(_WATCHERS):
        watcher()


async def _quietly(call: Coroutine[Any, Any, object]) -> None:
    try:
        await call
    except BadRequest as error:
        log.info("a call in passing was refused: %s", error)
    except Exception:  # nobody waits for it: say it here
        log.exception("a call in passing failed")


def current() -> Priority:
    """The priority of a call made here and now."""
    return _PRIORITY.get()


def watch_passing(watcher: Callable[[], None]) -> None:
    """Call `watcher` whenever a call made in passing is through."""
    _WATCHERS.append(watcher)


def unwatch_passing(watcher: Callable[[], None]) -> None:
    """Stop calling `watcher`."""
    if watcher in _WATCHERS:
        _WATCHERS.remove(watcher)


async def passing_done(timeout: float) -> None:  # noqa: ASYNC109
    """Wait (at most `timeout` seconds) for the calls made in passing to be through."""
    if _PASSING:
        await asyncio.wait(set(_PASSING), timeout=timeout)
