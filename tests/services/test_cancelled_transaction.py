"""A task cancelled in the middle of a transaction leaves no transaction open behind it."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from storage.db import Database


async def _count(db: Database) -> int:
    async with db.reading() as conn, conn.execute("SELECT COUNT(*) FROM companies") as cur:
        row = await cur.fetchone()
    return int(row[0]) if row else -1


@pytest.mark.parametrize("durable", [False, True])
async def test_a_task_cancelled_during_begin_leaves_the_database_usable(
    tmp_path: Path, durable: bool
) -> None:
    db = await Database.open(tmp_path / "db.sqlite3")
    try:

        async def write() -> None:
            async with db.transaction(durable=durable) as conn:
                await conn.execute("INSERT INTO companies (name) VALUES ('never')")

        task = asyncio.create_task(write())
        await asyncio.sleep(0)  # the task now waits on BEGIN in aiosqlite's thread
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        async with db.transaction() as conn:  # would fail: "cannot start a transaction"
            await conn.execute("INSERT INTO companies (name) VALUES ('Bakkerij Jansen')")
        assert await _count(db) == 1
    finally:
        await db.close()


async def test_a_task_cancelled_inside_the_transaction_rolls_it_back(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "db.sqlite3")
    try:
        inside = asyncio.Event()

        async def write() -> None:
            async with db.transaction() as conn:
                await conn.execute("INSERT INTO companies (name) VALUES ('half')")
                inside.set()
                await asyncio.Event().wait()  # cancelled here

        task = asyncio.create_task(write())
        await inside.wait()
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        assert await _count(db) == 0
        async with db.transaction() as conn:
            await conn.execute("INSERT INTO companies (name) VALUES ('Bakkerij Jansen')")
        assert await _count(db) == 1
    finally:
        await db.close()
