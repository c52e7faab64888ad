"""The audit log: who did what, for the coordinator and for disputes."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import aiosqlite

from storage.db import to_db


class AuditRepo:
    """Who did what, for the coordinator and for disputes."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def record(
        self, now: datetime, actor_id: int | None, action: str, subject: str, detail: str = ""
    ) -> None:
        sql = "INSERT INTO audit_log (at, actor_id, action, subject, detail) VALUES (?,?,?,?,?)"
        await self._conn.execute(sql, (to_db(now), actor_id, action, subject, detail))

    async def record_each(
        self, now: datetime, actor_id: int | None, action: str, subjects: Sequence[str]
    ) -> None:
        """The same action on several subjects, in one statement."""
        sql = "INSERT INTO audit_log (at, actor_id, action, subject) VALUES (?, ?, ?, ?)"
        await self._conn.executemany(
            sql, [(to_db(now), actor_id, action, subject) for subject in subjects]
        )
