"""The pending update queue with getUpdates offset semantics, and the change signal."""

from __future__ import annotations

import asyncio
import itertools
import time
from collections import deque
from typing import Any

# Telegram leaves these out unless they are asked for explicitly in allowed_updates.
_OPT_IN = frozenset({"chat_member", "message_reaction", "message_reaction_count"})


class Signal:
    """Wakes every waiter on each change; a fresh Event per generation, so no polling."""

    def __init__(self) -> None:
        self._event = asyncio.Event()

    def notify(self) -> None:
        """Wake everyone waiting now."""
        self._event.set()
        self._event = asyncio.Event()

    async def wait(self, within: float) -> bool:
        """Wait for the next change; False when the timeout passed first."""
        event = self._event
        try:
            await asyncio.wait_for(event.wait(), within)
        except TimeoutError:
            return False
        return True


def update_type(update: dict[str, Any]) -> str | None:
    """The kind of an update: its one key besides update_id."""
    return next((key for key in update if key != "update_id"), None)


class UpdateQueue:
    """Updates not yet confirmed by an offset, in the order Telegram would serve them."""

    def __init__(self) -> None:
        self._pending: deque[dict[str, Any]] = deque()
        self._next_id = 1
        self._confirmed = 0  # the highest offset given: Telegram never serves an id below it
        self._ordered = True  # forged update_ids may break the usual increasing order
        self.allowed: list[str] = []
        self.delivered_at: dict[int, float] = {}  # update_id -> first handed out (monotonic)

    def __len__(self) -> int:
        return len(self._pending)

    def add(self, update: dict[str, Any], *, again: bool = False) -> int:
        """Queue an update, numbering it when it has no update_id.

        An update below an offset already given counts as confirmed, as on Telegram: it is
        never served (a bot that confirms too far loses it). `again` serves it anyway: Telegram
        sending an update again, as when it lost the confirmation (a replay).
        """
        if "update_id" not in update:
            update = {"update_id": self._next_id, **update}
        update_id = int(update["update_id"])
        self._next_id = max(self._next_id, update_id + 1)
        if update_id < self._confirmed and not again:
            return update_id
        if self._pending and update_id <= int(self._pending[-1]["update_id"]):
            self._ordered = False
        self._pending.append(update)
        return update_id

    def confirm(self, offset: int) -> None:
        """Drop updates below offset; a negative offset keeps only the last -offset updates."""
        if offset < 0:
            while len(self._pending) > -offset:
                self._pending.popleft()
            return
        if self._next_id == 1:  # a fresh server stands for the one the bot polled before
            self._next_id = max(self._next_id, offset)
        self._confirmed = max(self._confirmed, offset)
        if self._ordered:
            while self._pending and int(self._pending[0]["update_id"]) < offset:
                self._pending.popleft()
            return
        self._pending = deque(u for u in self._pending if int(u["update_id"]) >= offset)
        ids = [int(u["update_id"]) for u in self._pending]
        self._ordered = all(a < b for a, b in itertools.pairwise(ids))

    def peek(self, limit: int) -> list[dict[str, Any]]:
        """Up to `limit` pending updates of the allowed kinds, oldest first."""
        out: list[dict[str, Any]] = []
        for update in self._pending:
            kind = update_type(update)
            if self.allowed and kind not in self.allowed:
                continue
            if not self.allowed and kind in _OPT_IN:
                continue
            out.append(update)
            if len(out) >= limit:
                break
        return out

    def hand_out(self, limit: int) -> list[dict[str, Any]]:
        """peek(), noting when each update was first handed out (benchmarks time from there)."""
        batch = self.peek(limit)
        now = time.monotonic()
        for update in batch:
            self.delivered_at.setdefault(int(update["update_id"]), now)
        return batch

    def first(self) -> dict[str, Any] | None:
        """The oldest pending update, for webhook delivery."""
        return self._pending[0] if self._pending else None

    def pop_first(self) -> None:
        """Forget the oldest update once the webhook accepted it."""
        self._pending.popleft()

    def clear(self) -> None:
        """Drop everything pending (drop_pending_updates)."""
        self._pending.clear()
