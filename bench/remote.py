"""The emulator in a process of its own, so that it does not take the bot's core.

`python -m bench.remote [--limits]` starts it, prints its base URL and then answers one JSON
command a line on stdin: `{"users": [first, count]}` creates users, `{"stats": true}` reports
what the bot sent, `{"peak": students}` lets that many students answer every check-in the bot
sends them (bench/peak.py; with `"answering_every": k` only every k-th answers, the others
only read theirs: bench/scale.py) and `{"peak_done": timeout}` answers with what they saw once
all are through. time.monotonic() is CLOCK_MONOTONIC, the same clock in both processes.
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from types import TracebackType
from typing import IO, Any

from bot.sandbox.emulator import BotApiEmulator


def stats(emulator: BotApiEmulator) -> dict[str, Any]:
    """What the bench asks of the emulator: sends, 429s, gaps and when sends happened."""
    sends = [c.time for c in emulator.calls if c.method == "sendMessage" and c.status == 200]
    return {
        "sent": len(sends),
        "first": sends[0] if sends else None,
        "last": sends[-1] if sends else None,
        "too_many": emulator.count(status=429),
        "min_gap": min(emulator.min_gap_per_chat(), 1e9),
        "poller": emulator.poller,
    }


async def serve(limits: bool) -> None:
    """Run the emulator until stdin closes."""
    from bench.students import Peak  # noqa: PLC0415  (only this process plays the students)

    async with BotApiEmulator(enforce_limits=limits) as emulator:
        print(json.dumps({"base_url": emulator.base_url, "token": emulator.token}), flush=True)
        peak: Peak | None = None
        playing: asyncio.Task[None] | None = None
        while line := await asyncio.to_thread(sys.stdin.readline):
            command = json.loads(line)
            if "users" in command:
                first, count = command["users"]
                for user_id in range(first, first + count):
                    emulator.user(user_id, f"User {user_id}")
            if "peak" in command:
                peak = Peak(emulator, command["peak"], command.get("answering_every", 1))
                playing = asyncio.create_task(peak.play(timeout=float(command["timeout"])))
            if "peak_done" in command and peak is not None and playing is not None:
                await playing
                print(json.dumps(peak.summary()), flush=True)
                continue
            print(json.dumps(stats(emulator)), flush=True)


class RemoteEmulator:
    """The bench's handle on an emulator process."""

    def __init__(self, *, limits: bool = False) -> None:
        args = [sys.executable, "-m", "bench.remote", *(["--limits"] if limits else [])]
        self._process = subprocess.Popen(
            args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )
        hello = json.loads(self._stdout.readline())
        self.base_url: str = hello["base_url"]
        self.token: str = hello["token"]

    @property
    def _stdout(self) -> IO[str]:
        assert self._process.stdout is not None
        return self._process.stdout

    async def ask(self, **command: Any) -> dict[str, Any]:
        """Send one command and return the emulator's stats."""
        assert self._process.stdin is not None
        self._process.stdin.write(json.dumps(command) + "\n")
        self._process.stdin.flush()
        answer: dict[str, Any] = json.loads(await asyncio.to_thread(self._stdout.readline))
        return answer

    async def wait_sent(self, count: int, timeout: float) -> dict[str, Any]:  # noqa: ASYNC109
        """Poll (this is a benchmark, not a test) until `count` messages were accepted."""
        async with asyncio.timeout(timeout):
            # The answer comes from another process: there is no event to wait on.
            while (answer := await self.ask(stats=True))["sent"] < count:  # noqa: ASYNC110
                await asyncio.sleep(0.02)
        return answer

    def close(self) -> None:
        """End the emulator process."""
        assert self._process.stdin is not None
        self._process.stdin.close()
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()

    def __enter__(self) -> RemoteEmulator:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


if __name__ == "__main__":
    asyncio.run(serve("--limits" in sys.argv[1:]))
