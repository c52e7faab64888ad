"""Telegram's flood limits, as the emulator enforces them on every message sent or edited.

Telegram's FAQ ("My bot is hitting limits"): about 30 messages a second to different chats, no
more than one a second in one chat, 20 a minute in one group. Editing a message shares the
sending limits (Telegram's developers on tdlib/td#2592 and tdlib/telegram-bot-api#648).
The emulator holds the bot to the strict form: one message per `per_chat_interval` in a private
chat, 20 in any minute in a group, `global_per_second` in any second overall.
"""

from __future__ import annotations

import math
from collections import deque

GROUP_PER_MINUTE = 20


class RateLimiter:
    """Tracks successful sends in O(1) per call; says how long to wait when a limit is hit."""

    def __init__(self, per_chat_interval: float, global_per_second: int) -> None:
        self.per_chat_interval = per_chat_interval
        self.global_per_second = global_per_second
        self._last_send: dict[int, float] = {}
        self._window: deque[float] = deque()  # send times within the last second
        self._groups: dict[int, deque[float]] = {}  # group id -> send times in the last minute
        self._min_gap = math.inf

    def retry_after(self, chat_id: int, now: float) -> int | None:
        """Whole seconds to wait (>= 1, as Telegram answers), or None when a send may go."""
        self._trim(now)
        waits: list[float] = []
        if chat_id < 0:
            sent = self._group(chat_id, now)
            if len(sent) >= GROUP_PER_MINUTE:
                waits.append(sent[0] + 60.0 - now)
        else:
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
        if chat_id < 0:
            self._group(chat_id, now).append(now)
        else:
            last = self._last_send.get(chat_id)
            if last is not None:
                self._min_gap = min(self._min_gap, now - last)
            self._last_send[chat_id] = now
        self._trim(now)
        self._window.append(now)

    def min_gap(self) -> float:
        """The smallest interval between two successful sends to one chat (inf if none)."""
        return self._min_gap

    def _group(self, chat_id: int, now: float) -> deque[float]:
        sent = self._groups.setdefault(chat_id, deque())
        while sent and now - sent[0] >= 60.0:
            sent.popleft()
        return sent

    def _trim(self, now: float) -> None:
        while self._window and now - self._window[0] >= 1.0:
            self._window.popleft()
