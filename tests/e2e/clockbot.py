"""The bot as its own process on a clock the test moves: `python -m tests.e2e.clockbot CLOCK`.

It is `python -m bot run` (settings from the environment, the same composition root), except
that the time is read from the file CLOCK, which holds one ISO time, and that the tick runs at
start-up and whenever that file changes, instead of every minute. A crash test can then kill it
with SIGKILL at any moment of a simulated week and start it again.
"""

from __future__ import annotations

import asyncio
import logging
import os
import sys
from datetime import UTC, datetime
from pathlib import Path
from signal import SIGINT, SIGTERM
from typing import Any

from bot.app import MentorBot, running
from bot.settings import SettingsError, load_settings

# How often the file is looked at: quick enough that a test hardly waits for it.
WATCH_SECONDS = 0.02


class FileClock:
    """The moment written in a file; the test moves it by writing another one."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def text(self) -> str:
        """The file's content, as written by `set_clock`."""
        return self.path.read_text(encoding="utf-8").strip()

    def now(self) -> datetime:
        moment = datetime.fromisoformat(self.text())
        if moment.tzinfo is None:
            raise ValueError(f"{self.path} holds a time without a time zone")
        return moment.astimezone(UTC)


def set_clock(path: Path, moment: datetime) -> None:
    """Move the bot's clock: replaced in one step, so the bot never reads half a time."""
    if moment.tzinfo is None:
        raise ValueError("the clock needs an aware datetime")
    draft = path.with_name(path.name + ".new")
    draft.write_text(moment.isoformat(), encoding="utf-8")
    os.replace(draft, path)


async def follow(bot: MentorBot, clock: FileClock) -> None:
    """Tick now (a restart catches up like the scheduler's first tick) and on every move."""
    seen: str | None = None
    while True:
        current = clock.text()
        if current != seen:
            seen = current
            await bot.tick()
        await asyncio.sleep(WATCH_SECONDS)


async def serve(clock_file: Path) -> None:
    """Run the bot until SIGINT/SIGTERM, like `run_forever`, on the file's clock."""
    settings = load_settings()
    settings.require_token()
    clock = FileClock(clock_file)
    clock.now()  # a missing or bad clock file stops us before Telegram is called
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signal in (SIGINT, SIGTERM):
        loop.add_signal_handler(signal, stop.set)
    async with running(settings, clock=clock, poll_timeout=1, schedule_tick=False) as bot:
        ticking = asyncio.create_task(follow(bot, clock))
        stopping = asyncio.create_task(stop.wait())
        watched: list[asyncio.Task[Any]] = [stopping, ticking, *bot.tasks]
        done, _ = await asyncio.wait(watched, return_when=asyncio.FIRST_COMPLETED)
        for task in (stopping, ticking):
            task.cancel()
        for task in done:
            if task is not stopping:
                task.result()  # a loop that ended by itself has failed: let it be seen


def main(argv: list[str]) -> int:
    """Start the bot on the clock file named by the one argument."""
    if len(argv) != 1:
        print("usage: python -m tests.e2e.clockbot CLOCK_FILE", file=sys.stderr)
        return 2
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(process)d %(levelname)s %(name)s: %(message)s"
    )
    logging.getLogger("httpx").setLevel(logging.WARNING)
    try:
        asyncio.run(serve(Path(argv[0])))
    except SettingsError as error:
        print(f"clockbot: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
