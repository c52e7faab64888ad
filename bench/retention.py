"""The retention purge in a busy school: 50 people erased while the inbox holds 100,000 updates.

Erasure and retention find one person's updates through the inbox's `from_id` column and its
index (storage/erasure.py); before, each person meant a json_tree scan of every stored update,
which froze the bot for seconds. Both are timed on the same database.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import sqlite3
import statistics
import time
from datetime import timedelta
from pathlib import Path

from bench.harness import NOW
from bench.report import Figure, Results
from bench.school import create_school, telegram_id
from bot.clock import FakeClock
from bot.domain.policy import Policy
from bot.services.privacy import PURGE_BATCH, purge_expired
from bot.services.runtime import Services
from storage.db import Database, to_db

SECTION = "retention"
PLACEMENTS = 1_000
EXPIRED = PURGE_BATCH  # students whose placement ended long ago: one purge takes them all
LATE_WORDS = 3  # updates each of them sent in the last days, long after the placement
TARGET_MS = 50.0
POLICY = Policy(bot_username="mentorbot_bench_bot", retention_months=24)
# How the inbox looked before: every stored update read to find one person's.
OLD_SCAN = """SELECT COUNT(*) FROM inbox WHERE EXISTS (
                  SELECT 1 FROM json_tree(inbox.payload)
                  WHERE key = 'id' AND type = 'integer' AND atom = ?)"""


def _update(update_id: int, sender: int, when: str) -> tuple[int, str, str, str, int]:
    """A handled text message as the inbox keeps it, about the size of a real one."""
    payload = {
        "update_id": update_id,
        "message": {
            "message_id": update_id,
            "date": 1_772_000_000 + update_id,
            "text": f"Week {update_id % 40}: it went fine, we baked bread and I cleaned the oven.",
            "chat": {"id": sender, "type": "private"},
            "from": {"id": sender, "is_bot": False, "language_code": "nl"},
        },
    }
    return update_id, json.dumps(payload), when, when, sender


def _fill(path: Path, inbox_rows: int) -> None:
    """Expire the first students' placements; a busy inbox, and every message ever sent."""
    ended = (NOW - timedelta(days=3 * 365)).date()
    when = to_db(NOW - timedelta(days=2))
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA synchronous=OFF")
        conn.execute("BEGIN IMMEDIATE")
        # Their mentors and supervisors have other placements that still run: only they go.
        conn.execute(
            "UPDATE placements SET starts_on = ?, ends_on = ? WHERE student_id <= ?",
            ((ended - timedelta(days=120)).isoformat(), ended.isoformat(), EXPIRED),
        )
        # The inbox keeps INBOX_KEEP_DAYS of updates: nearly all from the people still on
        # placement, and a few the others sent since (a "does this still work?").
        active = PLACEMENTS - EXPIRED
        conn.executemany(
            "INSERT INTO inbox (update_id, payload, received_at, processed_at, from_id) "
            "VALUES (?, ?, ?, ?, ?)",
            (
                _update(
                    n + 1,
                    telegram_id(EXPIRED + (n * 7919) % active)
                    if n >= LATE_WORDS * EXPIRED
                    else telegram_id(n % EXPIRED),
                    when,
                )
                for n in range(inbox_rows)
            ),
        )
        conn.executemany(
            "INSERT INTO outbox (dedupe_key, person_id, kind, payload, created_at, status, "
            "sent_at) VALUES (?, ?, 'notice', '{}', ?, 'sent', ?)",
            ((f"bench:{n}", 1 + n % PLACEMENTS, when, when) for n in range(inbox_rows // 2)),
        )
        conn.execute("COMMIT")
        conn.execute("PRAGMA optimize")
    finally:
        conn.close()


def _durable_copy(source: Path, target: Path) -> None:
    """A copy already on disk, like a live database: its checkpoint then writes only what the
    purge changed (a fresh copy would make the checkpoint's fsync write the whole file)."""
    shutil.copyfile(source, target)
    with target.open("rb+") as file:
        os.fsync(file.fileno())


async def _purge_ms(path: Path) -> float:
    """Milliseconds of one purge (the erasures, their audit, the WAL checkpoint)."""
    db = await Database.open(path)
    try:
        svc = Services(db, FakeClock(NOW), POLICY)
        async with db.reading() as conn:  # a warm connection, as the bot's is
            await conn.execute("SELECT COUNT(*) FROM people")
        started = time.perf_counter()
        erased = await purge_expired(svc, NOW)
        elapsed = (time.perf_counter() - started) * 1000
        if erased != EXPIRED:
            raise RuntimeError(f"the purge erased {erased} people, not {EXPIRED}")
        return elapsed
    finally:
        await db.close()


def _old_scan_ms(path: Path) -> float:
    """Milliseconds of the json_tree scan the purge used to make for one person."""
    with sqlite3.connect(path) as conn:
        started = time.perf_counter()
        conn.execute(OLD_SCAN, (telegram_id(0),)).fetchone()
        return (time.perf_counter() - started) * 1000


async def retention_purge(
    results: Results, workdir: Path, inbox_rows: int, repeats: int = 3
) -> None:
    """Time one retention purge of EXPIRED people with `inbox_rows` updates stored."""
    path = workdir / "retention.sqlite3"
    await create_school(path, PLACEMENTS, due=0, now=NOW)
    await asyncio.to_thread(_fill, path, inbox_rows)
    times = []
    for n in range(repeats):
        copy = workdir / f"retention-{n}.sqlite3"
        await asyncio.to_thread(_durable_copy, path, copy)
        times.append(await _purge_ms(copy))
        copy.unlink()
    scan = await asyncio.to_thread(_old_scan_ms, path)
    path.unlink()
    results.add(
        Figure(
            SECTION,
            f"purge of {EXPIRED} people, {inbox_rows:,} inbox rows",
            statistics.median(times),
            "ms",
            TARGET_MS,
            at_least=False,
        ),
        Figure(SECTION, "the whole-inbox json_tree scan it replaces, one person", scan, "ms"),
    )
    results.note(
        f"retention: median of {repeats} purges, each on a fresh copy; {PLACEMENTS:,}"
        f" placements, {inbox_rows // 2:,} outbox rows; the purge includes its WAL "
        "checkpoint"
    )
