"""Sending what a meeting act causes, unless it falls in the reader's quiet hours: then it
waits (storage/meeting_waiting.py) and the tick sends it when they end."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

import aiosqlite

from bot.domain.localtime import zone_of
from bot.domain.meetings import zone_name_for
from bot.domain.messages import Message
from bot.domain.people import Person, Placement
from bot.domain.policy import Policy
from bot.domain.quiet import release_at
from bot.services.runtime import Services
from storage.meeting_waiting import WaitingRepo
from storage.outbox import OutboxRepo

CHUNK = 200


async def send_or_hold(
    conn: aiosqlite.Connection,
    policy: Policy,
    placement: Placement,
    messages: Iterable[tuple[Person, Message]],
    now: datetime,
) -> None:
    """Queue each message now, or hold it until its reader's quiet hours end."""
    now_ones, held = [], []
    for reader, message in messages:
        zone = zone_of(zone_name_for(reader.role, placement.timezone, policy.timezone))
        moment = release_at(now, policy.meetings.quiet, zone)
        if moment > now:
            held.append((message, moment))
        else:
            now_ones.append(message)
    await OutboxRepo(conn).add(now_ones, now)
    await WaitingRepo(conn).hold(held)


async def release_held_messages(svc: Services, now: datetime) -> int:
    """Hand the messages whose readers' quiet hours have ended to the outbox (a tick step)."""
    async with svc.db.reading() as conn:  # the idle tick: one indexed read, no transaction
        if not await WaitingRepo(conn).due(now, 1):
            return 0
    async with svc.db.transaction() as conn:
        repo = WaitingRepo(conn)
        due = await repo.due(now, CHUNK)
        await OutboxRepo(conn).add(due, now)
        await repo.forget(message.dedupe_key for message in due)
        return len(due)
