"""The durable outbox: messages written with the change that caused them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from bot.domain.messages import Message, Outgoing, PayloadError, decode, encode
from storage.db import to_db


@dataclass(frozen=True, slots=True)
class Unreadable:
    """An outbox row whose payload does not fit its kind (written by hand, or by a bug)."""

    id: int
    kind: str
    error: str


_SELECT = """SELECT o.id, o.person_id, p.telegram_id, COALESCE(p.language, :language), p.name,
                    o.kind, o.payload
             FROM outbox o JOIN people p ON p.id = o.person_id"""


def _row(row: aiosqlite.Row) -> Outgoing | Unreadable:
    try:
        payload = decode(row[5], row[6])
    except PayloadError as error:
        return Unreadable(row[0], row[5], str(error))
    return Outgoing(row[0], row[1], row[2], row[3], row[4], payload)


class OutboxRepo:
    """Messages the sender still has to deliver, and what became of them."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def add(self, messages: Iterable[Message], now: datetime) -> int:
        """Queue messages; one whose dedupe key exists already is dropped. Returns how many."""
        sql = """INSERT OR IGNORE INTO outbox (dedupe_key, person_id, kind, payload, created_at)
                 VALUES (?, ?, ?, ?, ?)"""
        before = self._conn.total_changes
        await self._conn.executemany(
            sql,
            [(m.dedupe_key, m.person_id, m.kind, encode(m.payload), to_db(now)) for m in messages],
        )
        return self._conn.total_changes - before

    async def pending(
        self, limit: int, default_language: str, skip: Iterable[int] = ()
    ) -> list[Outgoing | Unreadable]:
        """The oldest undelivered messages to people who joined, except to the `skip` ids."""
        skipped = [int(person_id) for person_id in skip]
        # Ids are ints: inlined, they keep the statement one that SQLite has cached.
        sql = f"""{_SELECT}
                  WHERE o.status = 'pending' AND p.telegram_id IS NOT NULL
                    AND p.undeliverable_at IS NULL
                    {f"AND o.person_id NOT IN ({','.join(map(str, skipped))})" if skipped else ""}
                  ORDER BY o.id LIMIT :limit"""
        async with self._conn.execute(sql, {"language": default_language, "limit": limit}) as cur:
            return [_row(row) for row in await cur.fetchall()]

    async def since(self, after_id: int, default_language: str) -> list[Outgoing | Unreadable]:
        """Messages queued after a given outbox id (what a tick queued), oldest first."""
        sql = f"{_SELECT} WHERE o.id > :after ORDER BY o.id"
        async with self._conn.execute(
            sql, {"language": default_language, "after": after_id}
        ) as cur:
            return [_row(row) for row in await cur.fetchall()]

    async def last_id(self) -> int:
        """The id of the newest message (0 when there is none)."""
        async with self._conn.execute("SELECT COALESCE(MAX(id), 0) FROM outbox") as cur:
            row = await cur.fetchone()
        return int(row[0]) if row else 0

    async def sent(self, outbox_id: int, message_id: int | None, now: datetime) -> None:
        """Telegram accepted the message."""
        sql = """UPDATE outbox SET status = 'sent', sent_at = ?, message_id = ?,
                 attempts = attempts + 1 WHERE id = ?"""
        await self._conn.execute(sql, (to_db(now), message_id, outbox_id))

    async def failed(self, outbox_id: int, error: str, *, final: bool) -> None:
        """Count a failed attempt; a final failure is not tried again."""
        sql = """UPDATE outbox SET attempts = attempts + 1, last_error = ?,
                 status = CASE WHEN ? THEN 'failed' ELSE status END WHERE id = ?"""
        await self._conn.execute(sql, (error[:500], final, outbox_id))

    async def undeliverable(self, person_id: int, error: str) -> int:
        """Give up on every pending message to a person whose chat is gone."""
        sql = """UPDATE outbox SET status = 'undeliverable', last_error = ?
                 WHERE person_id = ? AND status = 'pending'"""
        cur = await self._conn.execute(sql, (error[:500], person_id))
        return cur.rowcount
