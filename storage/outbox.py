"""The durable outbox: messages written with the change that caused them."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime

import aiosqlite

from bot.domain.messages import Message, MessageKind, Outgoing
from storage.db import to_db


class OutboxRepo:
    """Messages the sender still has to deliver, and what became of them."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def add(self, messages: Iterable[Message], now: datetime) -> int:
        """Queue messages; one whose dedupe key exists already is dropped. Returns how many."""
        sql = """INSERT OR IGNORE INTO outbox (dedupe_key, person_id, kind, params, created_at)
                 VALUES (?, ?, ?, ?, ?)"""
        before = self._conn.total_changes
        await self._conn.executemany(sql, [
            (m.dedupe_key, m.person_id, m.kind.value,
             json.dumps(dict(m.params), ensure_ascii=False), to_db(now))
            for m in messages
        ])
        return self._conn.total_changes - before

    async def pending(self, limit: int, default_language: str,
                      skip: Iterable[int] = ()) -> list[Outgoing]:
        """The oldest undelivered messages to people who joined, except to the `skip` ids."""
        skipped = list(skip)
        marks = ",".join("?" * len(skipped))
        sql = f"""SELECT o.id, o.person_id, p.telegram_id, COALESCE(p.language, ?) AS language,
                         o.kind, o.params, o.attempts
                  FROM outbox o JOIN people p ON p.id = o.person_id
                  WHERE o.status = 'pending' AND p.telegram_id IS NOT NULL
                    AND p.undeliverable_at IS NULL
                    {f"AND o.person_id NOT IN ({marks})" if skipped else ""}
                  ORDER BY o.id LIMIT ?"""
        async with self._conn.execute(sql, (default_language, *skipped, limit)) as cur:
            return [
                Outgoing(row[0], row[1], row[2], row[3], MessageKind(row[4]),
                         json.loads(row[5]), row[6])
                for row in await cur.fetchall()
            ]

    async def since(self, after_id: int, default_language: str) -> list[tuple[str, Outgoing]]:
        """Messages queued after a given outbox id, with the recipient's name."""
        sql = """SELECT o.id, o.person_id, p.telegram_id, COALESCE(p.language, ?), o.kind,
                        o.params, o.attempts, p.name
                 FROM outbox o JOIN people p ON p.id = o.person_id
                 WHERE o.id > ? ORDER BY o.id"""
        async with self._conn.execute(sql, (default_language, after_id)) as cur:
            return [
                (row[7], Outgoing(row[0], row[1], row[2], row[3], MessageKind(row[4]),
                                  json.loads(row[5]), row[6]))
                for row in await cur.fetchall()
            ]

    async def last_id(self) -> int:
        async with self._conn.execute("SELECT COALESCE(MAX(id), 0) FROM outbox") as cur:
            row = await cur.fetchone()
        return int(row[0]) if row else 0

    async def sent(self, outbox_id: int, message_id: int | None, now: datetime) -> None:
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
