"""Fault injection: server errors, floods, slow answers and dropped connections."""

from __future__ import annotations

import random
import re
from collections import deque
from collections.abc import Iterable

_OUTCOME = re.compile(r"ok|500|502|drop|slow|429:[1-9][0-9]*")


class Faults:
    """Decides, call by call, whether the emulator misbehaves; reproducible through the seed."""

    def __init__(self, seed: int = 0) -> None:
        self.server_error_rate = 0.0  # answered 500 or 502
        self.timeout_rate = 0.0  # answered only after slow_seconds
        self.drop_rate = 0.0  # connection closed without an answer
        # PTB's default read timeout is 5 s, so a slow answer is a client timeout by default.
        self.slow_seconds = 10.0
        # A slow call that the client gave up on: applied like a real Telegram server that
        # delivered the message anyway (True), or answered 504 with no side effect (False).
        self.slow_applies = False
        self.include_get_updates = False
        self.random = random.Random(seed)
        self._script: deque[tuple[str, str | None]] = deque()  # (outcome, only this method)
        self._flood_left = 0
        self._flood_retry_after = 1

    def seed(self, seed: int) -> None:
        """Restart the random sequence so a run can be reproduced."""
        self.random.seed(seed)

    def flood(self, count: int, retry_after: int) -> None:
        """Answer the next `count` send calls with 429 and this retry_after."""
        self._flood_left = count
        self._flood_retry_after = max(1, retry_after)

    def script(self, outcomes: Iterable[str], *, method: str | None = None) -> None:
        """Queue outcomes for the next calls: "ok", "500", "502", "429:N", "drop", "slow".

        With `method`, they wait for the next calls of that method (say, "sendDocument"),
        whatever other calls come first.
        """
        items = list(outcomes)
        for item in items:
            if not _OUTCOME.fullmatch(item):
                raise ValueError(f"unknown fault outcome {item!r}")
        self._script.extend((item, method) for item in items)

    def clear(self) -> None:
        """Switch every fault off."""
        self.server_error_rate = self.timeout_rate = self.drop_rate = 0.0
        self._script.clear()
        self._flood_left = 0

    @property
    def scripted(self) -> int:
        """How many scripted outcomes are still queued."""
        return len(self._script)

    def next_outcome(self, method: str, *, is_send: bool) -> str:
        """The outcome for this call: script first, then flood, then the random rates."""
        if method == "getUpdates" and not self.include_get_updates:
            return "ok"
        for index, (outcome, only) in enumerate(self._script):
            if only is None or only == method:
                del self._script[index]
                return outcome
        if is_send and self._flood_left > 0:
            self._flood_left -= 1
            return f"429:{self._flood_retry_after}"
        rates = self.server_error_rate + self.timeout_rate + self.drop_rate
        if rates <= 0:
            return "ok"
        draw = self.random.random()
        if draw < self.server_error_rate:
            return self.random.choice(("500", "502"))
        draw -= self.server_error_rate
        if draw < self.timeout_rate:
            return "slow"
        draw -= self.timeout_rate
        return "drop" if draw < self.drop_rate else "ok"
