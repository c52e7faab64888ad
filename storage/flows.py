"""Which conversation each person is in, so that flows survive restarts (bot/domain/flows.py)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import aiosqlite

from bot.domain.flows import AnyFlowState, encode, restore
from storage.db import from_db, to_db

COLUMNS = "id, flow, step, data, expires_at, update_id, ended"


def _state(row: aiosqlite.Row) -> AnyFlowState:
    return restore(
        row["flow"],
        row["step"],
        row["data"],
        from_db(row["expires_at"]),
        id=row["id"],
        update_id=row["update_id"],
        ended=row["ended"],
    )


class FlowRepo:
    """At most one flow per person: the open one, or the last that ended."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def get(self, person_id: int) -> AnyFlowState | None:
        """The person's flow; FlowDataError when the stored row does not fit its types."""
        sql = f"SELECT {COLUMNS} FROM flows WHERE person_id = ?"
        async with self._conn.execute(sql, (person_id,)) as cur:
            row = await cur.fetchone()
        return _state(row) if row else None

    async def save(self, person_id: int, state: AnyFlowState, now: datetime) -> AnyFlowState:
        """Store a new flow (it gets its id, replacing any other) or the next state of one."""
        values = (
            state.step.value,
            encode(state.data),
            to_db(now),
            to_db(state.expires_at),
            state.update_id,
            state.ended.value if state.ended else None,
        )
        if state.id:
            sql = """UPDATE flows SET step = ?, data = ?, updated_at = ?, expires_at = ?,
                         update_id = ?, ended = ?
                     WHERE id = ? AND person_id = ?"""
            await self._conn.execute(sql, (*values, state.id, person_id))
            return state
        # A new row, so a new id: buttons of the flow it replaces no longer match.
        await self._conn.execute("DELETE FROM flows WHERE person_id = ?", (person_id,))
        sql = """INSERT INTO flows (step, data, updated_at, expires_at, update_id, ended,
                                    person_id, flow, started_at)
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"""
        cur = await self._conn.execute(sql, (*values, person_id, state.flow.name, to_db(now)))
        assert cur.lastrowid is not None
        return replace(state, id=cur.lastrowid)

    async def start_where_idle(
        self, starts: list[tuple[int, AnyFlowState]], now: datetime
    ) -> None:
        """Start flows the bot begins on its own, for each person who is in no open flow."""
        await self._conn.executemany(
            "DELETE FROM flows WHERE person_id = ? AND (ended IS NOT NULL OR expires_at <= ?)",
            [(person_id, to_db(now)) for person_id, _ in starts],
        )
        sql = """INSERT OR IGNORE INTO flows (person_id, flow, step, data, started_at,
                                              updated_at, expires_at)
                 VALUES (?, ?, ?, ?, ?, ?, ?)"""
        await self._conn.executemany(
            sql,
            [
                (
                    person_id,
                    state.flow.name,
                    state.step.value,
                    encode(state.data),
                    to_db(now),
                    to_db(now),
                    to_db(state.expires_at),
                )
                for person_id, state in starts
            ],
        )

    async def timed_out(self, now: datetime, limit: int) -> list[int]:
        """People whose open flow has passed its expiry time."""
        sql = """SELECT person_id FROM flows WHERE ended IS NULL AND expires_at <= ?
                 ORDER BY expires_at LIMIT ?"""
        async with self._conn.execute(sql, (to_db(now), limit)) as cur:
            return [row[0] for row in await cur.fetchall()]

    async def delete(self, person_id: int) -> None:
        """Forget the person's flow altogether."""
        await self._conn.execute("DELETE FROM flows WHERE person_id = ?", (person_id,))
