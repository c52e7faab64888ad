"""The bot's own health: it gets its updates and runs its tick, or something is wrong.

While running, a heartbeat writes when the last getUpdates succeeded (the inbox notes it) and
the tick writes its own mark when it has run. `python -m bot health` (the container's
HEALTHCHECK, the systemd watchdog script) reads both from the database and says whether
they are recent, so a bot that is up but stuck (a dead poll loop, a jammed scheduler) counts
as unhealthy, not only a bot that is gone.
"""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta

from bot.inbox import Inbox
from bot.services.operations import mark_health
from bot.services.runtime import Services

UPDATES, TICK = "updates", "tick"
BEAT_SECONDS = 30.0  # how often the heartbeat writes (one small write, not one per poll)


async def heartbeat(svc: Services, inbox: Inbox, every: float = BEAT_SECONDS) -> None:
    """Write the inbox's last successful getUpdates to the database: the first at once, then
    at most one every `every` seconds (a look each second costs nothing; a write does)."""
    written: datetime | None = None
    while True:
        polled = inbox.polled_at
        if polled is not None and (
            written is None or polled - written >= timedelta(seconds=every)
        ):
            await mark_health(svc, UPDATES, polled)
            written = polled
        await asyncio.sleep(1.0)


def problems(
    marks: dict[str, datetime],
    now: datetime,
    *,
    polling: bool,
    tick_seconds: int,
    poll_timeout: int = 25,
) -> list[str]:
    """What is not recent, one line each; empty when healthy.

    Limits: a long poll returns at least every `poll_timeout` seconds, and the heartbeat
    writes every 30 s, so 2 × (both) + a minute; the tick runs every `tick_seconds`, so three
    of those + a minute. Under a webhook no getUpdates runs: only the tick is asked.
    """
    limits = {TICK: timedelta(seconds=3 * tick_seconds + 60)}
    if polling:
        limits[UPDATES] = timedelta(seconds=2 * (poll_timeout + BEAT_SECONDS) + 60)
    found = []
    for name, limit in limits.items():
        at = marks.get(name)
        if at is None:
            found.append(f"{name}: never (has the bot run on this database?)")
        elif now - at > limit:
            ago, most = int((now - at).total_seconds()), int(limit.total_seconds())
            found.append(
                f"{name}: last at {at.isoformat(timespec='seconds')}, {ago} s ago (limit {most} s)"
            )
    return found
