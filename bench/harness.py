"""Starting the real bot against an emulator that runs in-process or in its own process."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bot.app import MentorBot
from bot.domain.messages import Message, Outgoing, Payload, message_kind
from bot.services.runtime import Services
from bot.settings import Settings
from handlers.outgoing import Text, view
from storage.outbox import OutboxRepo

# A Friday afternoon: the moment the weekly check-ins go out.
NOW = datetime(2026, 3, 6, 13, 0, tzinfo=UTC)


@message_kind("bench.note")
@dataclass(frozen=True, slots=True)
class BenchNote(Payload):
    """A numbered text only the benchmarks send, to fill the outbox."""

    n: int


@view(BenchNote)
async def _bench_note(svc: Services, message: Outgoing, payload: BenchNote) -> Text:
    return Text(f"Message {payload.n} of the benchmark.")


def bot_settings(base_url: str, token: str, database: Path, **overrides: Any) -> Settings:
    """Settings that point the bot at an emulator, as a self-hosted Bot API would be."""
    values: dict[str, Any] = {
        "telegram_bot_token": token,
        "telegram_api_base_url": base_url,
        "database_path": database,
    }
    values.update(overrides)
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


async def queue_messages(bot: MentorBot, count: int, chat_of: Any = None) -> int:
    """Have the tick queue what is due, then queue notices up to `count`; returns the tick's."""
    report = await bot.tick()
    missing = count - report.total
    if missing > 0:  # the tick has no step that sends to all of them (yet)
        person = chat_of or (lambda n: 1 + n)
        async with bot.services.db.transaction() as conn:
            await OutboxRepo(conn).add(
                [Message(f"bench:{n}", person(n), BenchNote(n)) for n in range(missing)], NOW
            )
        bot.sender.wake()
    return report.total
