"""A school of any size, written straight into SQLite in one transaction (bulk inserts)."""

from __future__ import annotations

import asyncio
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

from storage.db import Database, to_db

# Students' Telegram ids start here, so a student's chat id is TELEGRAM_BASE + his number.
TELEGRAM_BASE = 10_000_000


def telegram_id(student: int) -> int:
    """The Telegram user id (and private chat id) of student number `student` (0-based)."""
    return TELEGRAM_BASE + student


async def create_school(path: Path, placements: int, *, due: int, now: datetime) -> None:
    """A migrated database with `placements` active placements of joined students.

    `due` of them have their next check-in a minute before `now`; the others later this week.
    """
    db = await Database.open(path)  # creates the file and applies the migrations
    await db.close()
    await asyncio.to_thread(_fill, path, placements, due, now)


def _fill(path: Path, placements: int, due: int, now: datetime) -> None:
    mentors, supervisors = max(1, placements // 10), max(1, placements // 100)
    companies = max(1, placements // 10)
    created = to_db(now)
    starts_on = (now - timedelta(days=14)).date().isoformat()
    ends_on = (now + timedelta(days=120)).date().isoformat()
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA synchronous=OFF")
        conn.execute("BEGIN IMMEDIATE")
        person = (
            "INSERT INTO people (id, name, email, role, language, telegram_id, created_at)"
            " VALUES (?, ?, ?, ?, 'en', ?, ?)"
        )
        conn.executemany(
            person,
            (
                (1 + n, f"Student {n}", f"s{n}@bench.invalid", "student", telegram_id(n), created)
                for n in range(placements)
            ),
        )
        first_mentor = 1 + placements
        conn.executemany(
            person,
            (
                (first_mentor + n, f"Mentor {n}", f"m{n}@bench.invalid", "mentor", None, created)
                for n in range(mentors)
            ),
        )
        first_supervisor = first_mentor + mentors
        conn.executemany(
            person,
            (
                (
                    first_supervisor + n,
                    f"Supervisor {n}",
                    f"v{n}@bench.invalid",
                    "supervisor",
                    None,
                    created,
                )
                for n in range(supervisors)
            ),
        )
        conn.executemany(
            "INSERT INTO companies (id, name) VALUES (?, ?)",
            ((1 + n, f"Company {n}") for n in range(companies)),
        )

        def next_checkin(n: int) -> str:
            if n < due:  # due a minute ago; the rest spread over the coming week
                return to_db(now - timedelta(minutes=1))
            return to_db(now + timedelta(minutes=1 + (n * 7919) % (7 * 24 * 60)))

        conn.executemany(
            """INSERT INTO placements (student_id, mentor_id, supervisor_id, company_id,
                   starts_on, ends_on, timezone, checkin_weekday, checkin_time,
                   mentor_meeting_every_days, tripartite_every_weeks, next_checkin_at,
                   created_at)
               VALUES (?, ?, ?, ?, ?, ?, 'Europe/Amsterdam', 4, '14:00', 7, 6, ?, ?)""",
            (
                (
                    1 + n,
                    first_mentor + n % mentors,
                    first_supervisor + n % supervisors,
                    1 + n % companies,
                    starts_on,
                    ends_on,
                    next_checkin(n),
                    created,
                )
                for n in range(placements)
            ),
        )
        # A school in its steady state: each placement's meeting cadence was looked at when it
        # was imported (migration 0010's trigger) and needs another look some time this week.
        conn.execute(
            """UPDATE meeting_tracks SET next_check_at = strftime('%Y-%m-%dT%H:%M:%S', ?,
                   '+' || (1 + (placement_id * 7919 + length(kind)) % 10080) || ' minutes')""",
            (created,),
        )
        conn.execute("COMMIT")
        conn.execute("PRAGMA optimize")
    finally:
        conn.close()
