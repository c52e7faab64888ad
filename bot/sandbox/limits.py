"""Telegram's flood limits: one message per chat per interval, N messages per second overall."""

from __future__ import annotations

import math
from collections import deque


class RateLimiter:
    """Tracks successful sends in O(1) per call; says how long to wait when a limit is hit."""

    def __init__(self, per_chat_interval: float, global_per_second: int) -> None:
        self.per_chat_interval = per_chat_interval
        self.global_per_second = global_per_second
        self._last_send: dict[int, float] = {}
        self._window: deque[float] = deque()  # send times within the last second
        self._min_gap = math.inf

    def retry_after(self, chat_id: int, now: float) -> int | None:
        """Whole seconds to wait (>= 1, as Telegram answers), or None when a send may go."""
        self._trim(now)
        waits: list[float] = []
        last = self._last_send.get(chat_id)
        if last is not None and now - last < self.per_chat_interval:
            waits.append(last + self.per_chat_interval - now)
        if len(self._window) >= self.global_per_second:
            waits.append(self._window[0] + 1.0 - now)
        if not waits:
            return None
        return max(1, math.ceil(max(waits)))

    def record(self, chat_id: int, now: float) -> None:
        """Remember a successful send."""
        last = self._last_send.get(chat_id)
        if last is not None:
            self._min_gap = min(self._min_gap, now - last)
        self._last_send[chat_id] = now
        self._trim(now)
        self._window.append(now)

    def min_gap(self) -> float:
        """The smallest interval between two successful sends to one chat (inf if none)."""
        return self._min_gap

    def _trim(self, now: float) -> None:
        while self._window and now - self._window[0] >= 1.0:
            self._window.popleft()
