"""A school in a box for tests and the demo: emulator, running bot, fake clock, people."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from bot.app import MentorBot, running
from bot.clock import FakeClock
from bot.sandbox.emulator import BotApiEmulator
from bot.sandbox.users import SimUser
from bot.services.people import issue_invites
from bot.services.roster import ImportOutcome, import_roster
from bot.settings import Settings


class World:
    """Simulated people talking to the real bot over HTTP, on a clock the caller moves."""

    def __init__(self, emulator: BotApiEmulator, bot: MentorBot, clock: FakeClock) -> None:
        self.emulator, self.bot, self.clock = emulator, bot, clock
        self._next_user_id = 1000

    async def settle(self, timeout: float = 120.0) -> None:  # noqa: ASYNC109
        """Wait until the bot has handled every update and sent everything it may."""
        # First until Telegram's side has handed everything out and had it confirmed (woken by
        # the emulator's own events: an update the bot stores and ignores, a repeat, wakes
        # nothing on the bot's side), then until the bot is idle.
        async with asyncio.timeout(timeout):
            while True:
                await self.emulator.wait_for(lambda: self.emulator.pending_updates == 0, timeout)
                await self.bot.settle(lambda: True, timeout)
                if self.emulator.pending_updates == 0:
                    return

    async def import_roster(self, text: str, *, skip_bad_rows: bool = False) -> ImportOutcome:
        """The coordinator imports a roster."""
        return await import_roster(
            self.bot.services, text, skip_bad_rows=skip_bad_rows, now=self.clock.now()
        )

    async def invite_tokens(self) -> dict[str, str]:
        """Fresh invite tokens by email, for everyone who has not joined."""
        issued = await issue_invites(self.bot.services, self.clock.now())
        return {invite.person.email: invite.token for invite in issued}

    def user(self, first_name: str, *, language: str = "nl") -> SimUser:
        """A new Telegram user with his own private chat."""
        self._next_user_id += 1
        return self.emulator.user(self._next_user_id, first_name, language_code=language)

    async def join(self, user: SimUser, token: str) -> None:
        """A person opens his invite link (`/start <token>`)."""
        user.send_command("/start", token)
        await self.settle()

    async def advance(self, **delta: float) -> None:
        """Move the clock, run the tick as the scheduler would, and let everything settle."""
        self.clock.advance(timedelta(**delta))
        await self.bot.tick()
        await self.settle()

    async def move_to(self, moment: datetime) -> None:
        """Set the clock to a moment, tick and settle."""
        self.clock.set(moment)
        await self.bot.tick()
        await self.settle()


def sandbox_settings(emulator: BotApiEmulator, database: Path, **overrides: Any) -> Settings:
    """Settings that point the bot at the emulator, exactly as a self-hosted Bot API would."""
    values: dict[str, Any] = {
        "telegram_bot_token": emulator.token,
        "telegram_api_base_url": emulator.base_url,
        "database_path": database,
        "per_chat_interval_seconds": 0.0,
        "send_rate_per_second": 1000.0,
    }
    values.update(overrides)
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


@asynccontextmanager
async def open_world(
    database: Path, start: datetime, *, enforce_limits: bool = False, **overrides: Any
) -> AsyncIterator[World]:
    """Start an emulator and the bot against it, on a fake clock starting at `start`."""
    clock = FakeClock(start)
    async with BotApiEmulator(enforce_limits=enforce_limits) as emulator:
        emulator.now = clock.now
        settings = sandbox_settings(emulator, database, **overrides)
        async with running(settings, clock=clock, poll_timeout=1, schedule_tick=False) as bot:
            world = World(emulator, bot, clock)
            await world.settle()
            yield world
