"""The durable inbox loop: fetch, store, then confirm; handle from the store."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any

from telegram import Update
from telegram.error import Conflict, InvalidToken, TelegramError
from telegram.ext import Application, CallbackContext

from bot.services.inbox import keep_updates, next_offset, unhandled_updates, update_handled
from bot.services.runtime import Services

log = logging.getLogger(__name__)

POLL_TIMEOUT = 25


class Inbox:
    """Updates go to SQLite before Telegram learns we have them, and are handled from there.

    PTB's own polling confirms an update as soon as it is fetched; a crash before the handler
    ran would lose it. Here the offset that confirms a batch is only sent with the next
    getUpdates call, after the batch is committed.
    """

    def __init__(self, svc: Services, application: Application[Any, Any, Any, Any, Any, Any],
                 *, poll_timeout: int = POLL_TIMEOUT,
                 after_update: Callable[[], None] = lambda: None) -> None:
        self._svc, self._app = svc, application
        self._after_update = after_update  # handlers may have queued outbox messages
        self._poll_timeout = poll_timeout
        self._arrived = asyncio.Event()
        self.progress = asyncio.Event()  # set whenever something was stored or handled
        self.busy = False
        self.handled = 0
        self._stopping = False
        self._in_hand: int | None = None
        self._failure: str | None = None
        # PTB gives a handler's exception to the error handlers, never to our `except`.
        application.add_error_handler(self._note_error)

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

    async def _note_error(self, update: object,
                          context: CallbackContext[Any, Any, Any, Any]) -> None:
        """Keep why the update in hand failed, so the inbox row says it (`inbox.error`)."""
        if isinstance(update, Update) and update.update_id == self._in_hand:
            self._failure = _described(context.error)

    def stop(self) -> None:
        """Finish the update in hand, then let `handle` return."""
        self._stopping = True
        self._arrived.set()

    async def handle_pending(self) -> int:
        """Handle every stored update not handled yet; return how many."""
        count = 0
        while not self._stopping and (batch := await unhandled_updates(self._svc)):
            for update_id, payload in batch:
                if self._stopping:
                    break
                self.busy = True
                self._in_hand, self._failure = update_id, None
                try:
                    update = Update.de_json(payload, self._app.bot)
                    await self._app.process_update(update)
                except Exception as exc:  # a malformed payload must not block the inbox
                    log.exception("update %s could not be handled", update_id)
                    self._failure = _described(exc)
                finally:
                    self.busy = False
                await update_handled(self._svc, update_id, self._svc.clock.now(),
                                     self._failure)
                self._after_update()
                self.handled += 1
                self.progress.set()
                count += 1
        return count


def _described(error: BaseException | None) -> str:
    """An exception in one line for the inbox row: its type and message."""
    return f"{type(error).__name__}: {error}"[:500]
