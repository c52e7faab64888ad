"""Meeting messages waiting for the end of their reader's quiet hours."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

import aiosqlite

from bot.domain.messages import Message, decode, encode
from storage.db import to_db


class WaitingRepo:
    """Messages held back until a moment, then handed to the outbox."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def hold(self, held: Iterable[tuple[Message, datetime]]) -> None:
        """Keep messages until their moment; one whose dedupe key waits already is dropped."""
        sql = """INSERT OR IGNORE INTO meeting_waiting (dedupe_key, person_id, kind, payload,
                     release_at) VALUES (?, ?, ?, ?, ?)"""
        await self._conn.executemany(
            sql,
            [
                (
                    message.dedupe_key,
                    message.person_id,
                    message.kind,
                    encode(message.payload),
                    to_db(moment),
                )
                for message, moment in held
            ],
        )

    async def due(self, now: datetime, limit: int) -> list[Message]:
        """The messages whose moment has come, oldest first."""
        sql = """SELECT dedupe_key, person_id, kind, payload FROM meeting_waiting
                 WHERE release_at <= ? ORDER BY release_at LIMIT ?"""
        async with self._conn.execute(sql, (to_db(now), limit)) as cur:
            rows = await cur.fetchall()
        return [Message(row[0], row[1], decode(row[2], row[3])) for row in rows]

    async def forget(self, keys: Iterable[str]) -> None:
        """They went to the outbox."""
        await self._conn.executemany(
            "DELETE FROM meeting_waiting WHERE dedupe_key = ?", [(key,) for key in keys]
        )
