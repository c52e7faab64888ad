"""The durable inbox loop: fetch, store, then confirm; handle from the store."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import datetime
from functools import partial
from typing import Any

from telegram import Update
from telegram.error import Conflict, InvalidToken, TelegramError
from telegram.ext import Application, CallbackContext

from bot.lanes import Lanes, lane_of, lanes_of_chat
from bot.services.inbox import keep_updates, next_offset, unhandled_updates, update_handled
from bot.services.runtime import Services

log = logging.getLogger(__name__)

POLL_TIMEOUT = 25
BATCH = 100
MOST_HELD = 1000  # updates taken in hand (running or queued in their lane) at most


class Inbox:
    """Updates go to SQLite before Telegram learns we have them, and are handled from there.

    PTB's own polling confirms an update as soon as it is fetched; a crash before the handler
    ran would lose it. Here the offset that confirms a batch is only sent with the next
    getUpdates call, after the batch is committed. Each person's updates are handled in order;
    up to `concurrency` people's at the same time (bot/lanes.py).
    """

    def __init__(
        self,
        svc: Services,
        application: Application[Any, Any, Any, Any, Any, Any],
        *,
        poll_timeout: int = POLL_TIMEOUT,
        after_update: Callable[[], None] = lambda: None,
        concurrency: int = 1,
    ) -> None:
        self._svc, self._app = svc, application
        self._after_update = after_update  # handlers may have queued outbox messages
        self._poll_timeout = poll_timeout
        self._arrived = asyncio.Event()
        self.progress = asyncio.Event()  # set whenever something was stored or handled
        self.handled = 0
        self.polled_at: datetime | None = None  # last getUpdates answered (bot/health.py)
        self._stopping = False
        self._lanes = Lanes(concurrency)
        self._failures: dict[int, str] = {}  # update in hand -> why its handler failed
        # PTB gives a handler's exception to the error handlers, never to our `except`.
        application.add_error_handler(self._note_error)

    @property
    def busy(self) -> bool:
        """Whether updates are in hand (running, or waiting for their lane)."""
        return len(self._lanes) > 0

    def answering(self, chat_id: int | str) -> bool:
        """Whether an update of this chat's person is in hand (his answer may be coming)."""
        return any(self._lanes.busy(lane) for lane in lanes_of_chat(chat_id))

    async def accept(self, payloads: list[dict[str, Any]]) -> int:
        """Store updates (from polling or the webhook) and wake the handler loop."""
        stored = await keep_updates(self._svc, payloads, self._svc.clock.now())
        self._arrived.set()
        self.progress.set()
        return stored

    async def poll(self) -> None:
        """Long-poll the Bot API forever, storing each batch before confirming it."""
        bot = self._app.bot
        offset = await next_offset(self._svc)
        while True:
            try:
                updates = await bot.get_updates(
                    offset=offset, timeout=self._poll_timeout, allowed_updates=Update.ALL_TYPES
                )
            except (Conflict, InvalidToken):
                raise
            except TelegramError as error:
                log.warning("getUpdates failed (%s); retrying", error)
                await asyncio.sleep(1.0)
                continue
            self.polled_at = self._svc.clock.now()
            if updates:
                await self.accept([update.to_dict() for update in updates])
                # Telegram hands updates out in order; taking the highest id stays right anyway.
                offset = max(update.update_id for update in updates) + 1

    async def handle(self) -> None:
        """Handle stored updates in order until stopped; leftovers from a crash go first."""
        # An update a crash interrupted may have saved its change but not sent its answer; the
        # flow it moved carries its id, and the guard asks that step again (handlers/flows.py).
        while not self._stopping:
            self._arrived.clear()
            if not await self.handle_pending():
                await self._arrived.wait()
        await self._lanes.join()

    async def _note_error(
        self, update: object, context: CallbackContext[Any, Any, Any, Any]
    ) -> None:
        """Keep why the update in hand failed, so the inbox row says it (`inbox.error`)."""
        if isinstance(update, Update) and update.update_id in self._lanes:
            self._failures[update.update_id] = _described(context.error)

    def stop(self) -> None:
        """Finish the updates in hand, then let `handle` return."""
        self._stopping = True
        self._lanes.stop()
        self._arrived.set()

    async def handle_pending(self) -> int:
        """Take every stored update not handled yet in hand, in its lane; return how many."""
        count = 0
        while not self._stopping and len(self._lanes) < MOST_HELD:
            batch = [
                (update_id, payload)
                for update_id, payload in await unhandled_updates(
                    self._svc, len(self._lanes) + BATCH
                )
                if update_id not in self._lanes
            ]
            if not batch:
                break
            for update_id, payload in batch:
                self._lanes.submit(
                    lane_of(update_id, payload),
                    update_id,
                    partial(self._handle_one, update_id, payload),
                )
                count += 1
        return count

    async def _handle_one(self, update_id: int, payload: dict[str, Any]) -> None:
        try:
            update = Update.de_json(payload, self._app.bot)
            await self._app.process_update(update)
        except Exception as exc:  # a malformed payload must not block the inbox
            log.exception("update %s could not be handled", update_id)
            self._failures[update_id] = _described(exc)
        await update_handled(
            self._svc, update_id, self._svc.clock.now(), self._failures.pop(update_id, None)
        )
        self._after_update()
        self.handled += 1
        self.progress.set()
        if len(self._lanes) >= MOST_HELD:
            self._arrived.set()  # room to take more in hand


def _described(error: BaseException | None) -> str:
    """An exception in one line for the inbox row: its type and message."""
    return f"{type(error).__name__}: {error}"[:500]
