"""Which question each person is answering, so flows survive restarts."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import aiosqlite

from storage.db import to_db


@dataclass(frozen=True, slots=True)
class Conversation:
    """A person's open question: the flow, the step and what was said so far."""

    flow: str
    step: str
    data: dict[str, Any]


class ConversationRepo:
    """At most one open question per person."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def get(self, person_id: int) -> Conversation | None:
        sql = "SELECT flow, step, data FROM conversations WHERE person_id = ?"
        async with self._conn.execute(sql, (person_id,)) as cur:
            row = await cur.fetchone()
        return Conversation(row[0], row[1], json.loads(row[2])) if row else None

    async def set(self, person_id: int, conversation: Conversation, now: datetime) -> None:
        sql = """INSERT INTO conversations (person_id, flow, step, data, updated_at)
                 VALUES (?, ?, ?, ?, ?)
                 ON CONFLICT (person_id) DO UPDATE SET
                     flow = excluded.flow, step = excluded.step, data = excluded.data,
                     updated_at = excluded.updated_at"""
        await self._conn.execute(sql, (person_id, conversation.flow, conversation.step,
                                       json.dumps(conversation.data), to_db(now)))

    async def clear(self, person_id: int) -> None:
        await self._conn.execute("DELETE FROM conversations WHERE person_id = ?", (person_id,))
