"""Who has each alert: one copy per person and channel, and the email queue."""

from __future__ import annotations

from datetime import datetime

import aiosqlite

from bot.domain.reports import Channel, Copy, CopyStatus, Reader
from storage.db import to_db

_COLUMNS = "id, alert_id, person_id, reader, channel, status"


def _copy(row: aiosqlite.Row) -> Copy:
    return Copy(row[0], row[1], row[2], Reader(row[3]), Channel(row[4]), CopyStatus(row[5]))


class CopyRepo:
    """Copies of alerts on Telegram (through the outbox) and by email (queued here)."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def add(
        self,
        alert_id: int,
        person_id: int,
        reader: Reader,
        channel: Channel,
        now: datetime,
        *,
        outbox_key: str | None = None,
    ) -> bool:
        """Record that a copy goes out; one person gets one copy per channel. False if known."""
        sql = """INSERT OR IGNORE INTO alert_copies
                     (alert_id, person_id, reader, channel, outbox_key, created_at,
                      next_attempt_at)
                 VALUES (?, ?, ?, ?, ?, ?, ?)"""
        due = to_db(now) if channel is Channel.EMAIL else None
        cur = await self._conn.execute(
            sql, (alert_id, person_id, reader.value, channel.value, outbox_key, to_db(now), due)
        )
        return cur.rowcount > 0

    async def of_alert(self, alert_id: int) -> list[Copy]:
        sql = f"SELECT {_COLUMNS} FROM alert_copies WHERE alert_id = ? ORDER BY id"
        async with self._conn.execute(sql, (alert_id,)) as cur:
            return [_copy(row) for row in await cur.fetchall()]

    async def by_id(self, copy_id: int) -> Copy | None:
        sql = f"SELECT {_COLUMNS} FROM alert_copies WHERE id = ?"
        async with self._conn.execute(sql, (copy_id,)) as cur:
            row = await cur.fetchone()
        return _copy(row) if row else None

    async def delivered_by_outbox(self, outbox_id: int, now: datetime) -> Copy | None:
        """The copy an outbox row carried has arrived (None: the row carried no copy)."""
        sql = f"""UPDATE alert_copies SET status = 'delivered', delivered_at = ?
                  WHERE outbox_key = (SELECT dedupe_key FROM outbox WHERE id = ?)
                    AND status = 'pending'
                  RETURNING {_COLUMNS}"""
        async with self._conn.execute(sql, (to_db(now), outbox_id)) as cur:
            row = await cur.fetchone()
        return _copy(row) if row else None

    async def lost_by_outbox(self, outbox_id: int, error: str) -> Copy | None:
        """Telegram refused the row carrying a copy for good."""
        sql = f"""UPDATE alert_copies SET status = 'lost', last_error = ?
                  WHERE outbox_key = (SELECT dedupe_key FROM outbox WHERE id = ?)
                    AND status = 'pending'
                  RETURNING {_COLUMNS}"""
        async with self._conn.execute(sql, (error[:500], outbox_id)) as cur:
            row = await cur.fetchone()
        return _copy(row) if row else None

    async def lost_for_person(self, person_id: int, error: str) -> list[Copy]:
        """A person's chat is gone: his Telegram copies still waiting will not arrive."""
        sql = f"""UPDATE alert_copies SET status = 'lost', last_error = ?
                  WHERE person_id = ? AND channel = 'telegram' AND status = 'pending'
                  RETURNING {_COLUMNS}"""
        async with self._conn.execute(sql, (error[:500], person_id)) as cur:
            return sorted((_copy(row) for row in await cur.fetchall()), key=lambda c: c.id)

    async def lost_of_unresolved(self, person_id: int) -> list[Copy]:
        """A person's lost Telegram copies of alerts nobody has resolved yet."""
        sql = f"""SELECT {", ".join("c." + c for c in _COLUMNS.split(", "))}
                  FROM alert_copies c JOIN alerts a ON a.id = c.alert_id
                  WHERE c.person_id = ? AND c.channel = 'telegram' AND c.status = 'lost'
                    AND a.status != 'resolved'
                  ORDER BY c.id"""
        async with self._conn.execute(sql, (person_id,)) as cur:
            return [_copy(row) for row in await cur.fetchall()]

    async def carried_by(self, copy_id: int, outbox_key: str) -> None:
        """A lost copy goes out again in another outbox row."""
        sql = """UPDATE alert_copies SET status = 'pending', outbox_key = ?, last_error = NULL
                 WHERE id = ?"""
        await self._conn.execute(sql, (outbox_key, copy_id))

    async def waiting_in_outbox(self, key_prefix: str) -> bool:
        """Whether an outbox row whose dedupe key starts with `key_prefix` is still pending."""
        # A range on the unique key uses its index; LIKE (case-insensitive) would not.
        upper = key_prefix[:-1] + chr(ord(key_prefix[-1]) + 1)
        sql = """SELECT 1 FROM outbox
                 WHERE dedupe_key >= ? AND dedupe_key < ? AND status = 'pending' LIMIT 1"""
        async with self._conn.execute(sql, (key_prefix, upper)) as cur:
            return await cur.fetchone() is not None

    async def due_emails(self, now: datetime, limit: int) -> list[Copy]:
        """Email copies whose (next) attempt is due."""
        sql = f"""SELECT {_COLUMNS} FROM alert_copies
                  WHERE channel = 'email' AND status = 'pending' AND next_attempt_at <= ?
                  ORDER BY next_attempt_at, id LIMIT ?"""
        async with self._conn.execute(sql, (to_db(now), limit)) as cur:
            return [_copy(row) for row in await cur.fetchall()]

    async def email_sent(self, copy_id: int, now: datetime) -> Copy | None:
        """The SMTP server took the email (None if it was no longer pending)."""
        sql = f"""UPDATE alert_copies SET status = 'delivered', delivered_at = ?,
                      attempts = attempts + 1, next_attempt_at = NULL
                  WHERE id = ? AND status = 'pending'
                  RETURNING {_COLUMNS}"""
        async with self._conn.execute(sql, (to_db(now), copy_id)) as cur:
            row = await cur.fetchone()
        return _copy(row) if row else None

    async def email_failed(self, copy_id: int, error: str, retry_at: datetime | None) -> None:
        """An attempt failed: try again at `retry_at`, or never (None)."""
        sql = """UPDATE alert_copies SET attempts = attempts + 1, last_error = ?,
                     next_attempt_at = ?,
                     status = CASE WHEN ? IS NULL THEN 'lost' ELSE status END
                 WHERE id = ? AND status = 'pending'"""
        at = to_db(retry_at) if retry_at else None
        await self._conn.execute(sql, (error[:500], at, at, copy_id))

    async def attempts(self, copy_id: int) -> int:
        sql = "SELECT attempts FROM alert_copies WHERE id = ?"
        async with self._conn.execute(sql, (copy_id,)) as cur:
            row = await cur.fetchone()
        return int(row[0]) if row else 0

    async def drop(self, copy_id: int) -> None:
        """An email that is no longer needed (the alert was acknowledged meanwhile)."""
        sql = """UPDATE alert_copies SET status = 'dropped', next_attempt_at = NULL
                 WHERE id = ? AND status = 'pending'"""
        await self._conn.execute(sql, (copy_id,))
