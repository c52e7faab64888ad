"""Invite tokens, stored only as their hash."""

from __future__ import annotations

from datetime import datetime

import aiosqlite

from bot.domain.people import Invite
from storage.db import from_db, to_db


class InviteRepo:
    """Single-use, expiring invites."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def add(
        self, person_id: int, token_hash: str, now: datetime, expires_at: datetime
    ) -> None:
        sql = """INSERT INTO invites (person_id, token_hash, created_at, expires_at)
                 VALUES (?, ?, ?, ?)"""
        await self._conn.execute(sql, (person_id, token_hash, to_db(now), to_db(expires_at)))

    async def by_hash(self, token_hash: str) -> Invite | None:
        sql = "SELECT person_id, expires_at, used_at FROM invites WHERE token_hash = ?"
        async with self._conn.execute(sql, (token_hash,)) as cur:
            row = await cur.fetchone()
        if row is None:
            return None
        used = row["used_at"]
        used_at = from_db(used) if used else None
        return Invite(row["person_id"], from_db(row["expires_at"]), used_at)

    async def use(self, token_hash: str, now: datetime) -> bool:
        """Mark an invite used; False when someone used it first."""
        sql = "UPDATE invites SET used_at = ? WHERE token_hash = ? AND used_at IS NULL"
        cur = await self._conn.execute(sql, (to_db(now), token_hash))
        return cur.rowcount > 0

    async def revoke_open(self, person_id: int, now: datetime) -> None:
        """Expire a person's unused invites (a new one replaces them)."""
        sql = """UPDATE invites SET expires_at = ?
                 WHERE person_id = ? AND used_at IS NULL AND expires_at > ?"""
        await self._conn.execute(sql, (to_db(now), person_id, to_db(now)))

    async def failures_since(self, telegram_id: int, since: datetime) -> int:
        """How many wrong tokens a Telegram user sent after `since`."""
        sql = "SELECT COUNT(*) FROM invite_attempts WHERE telegram_id = ? AND at > ?"
        async with self._conn.execute(sql, (telegram_id, to_db(since))) as cur:
            row = await cur.fetchone()
        return int(row[0]) if row else 0

    async def record_failure(
        self, telegram_id: int, now: datetime, *, forget_before: datetime
    ) -> None:
        """Note a wrong token, dropping this user's attempts too old to count."""
        await self._conn.execute(
            "DELETE FROM invite_attempts WHERE telegram_id = ? AND at <= ?",
            (telegram_id, to_db(forget_before)),
        )
        await self._conn.execute(
            "INSERT INTO invite_attempts (telegram_id, at) VALUES (?, ?)",
            (telegram_id, to_db(now)),
        )
