"""Migration 0017 rebuilds the people table for the trainee mentor role: on a database filled
at 0016 every row, reference, index and trigger survives, and the new role is accepted."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

import storage.db
from storage.db import Database, migrations

PEOPLE = [
    (1, "Carla Coördinator", "carla@school.example", "coordinator", "nl", 9001, None),
    (2, "Ingrid Bos", "ingrid@school.example", "supervisor", "en", 9002, None),
    (3, "Mark Jansen", "mark@bakkerij.example", "mentor", None, None, None),
    (4, "Sanne de Vries", "sanne@student.example", "student", "nl", 9004, "2026-04-01T10:00:00"),
    (7, "[erased]", "erased-7@erased.invalid", "student", None, None, None),
]
FILL = """
INSERT INTO companies (id, name) VALUES (1, 'Bakkerij Jansen');
INSERT INTO placements (id, student_id, mentor_id, supervisor_id, company_id, starts_on,
    ends_on, timezone, checkin_weekday, checkin_time, mentor_meeting_every_days,
    tripartite_every_weeks, created_at)
    VALUES (1, 4, 3, 2, 1, '2026-03-02', '2026-06-26', 'Europe/Amsterdam', 4, '14:00', 7, 6,
            '2026-03-01T10:00:00');
INSERT INTO invites (person_id, token_hash, created_at, expires_at)
    VALUES (3, 'abc', '2026-03-01T10:00:00', '2026-03-31T10:00:00');
INSERT INTO audit_log (at, actor_id, action, subject) VALUES ('2026-03-01T10:00:00', 1, 'x', 'y');
INSERT INTO training_courses (id, name, created_at) VALUES (1, 'Coach', '2026-03-01T10:00:00');
INSERT INTO training_runs (id, course_id, trainer_id, created_at)
    VALUES (1, 1, 2, '2026-03-01T10:00:00');
INSERT INTO training_enrolments (run_id, person_id, invited_at)
    VALUES (1, 3, '2026-03-01T10:00:00');
INSERT INTO certificates (number, person_id, run_id, company, course, issued_on, completion)
    VALUES ('MB-2026-0001', 3, 1, 'Bakkerij Jansen', 'Coach', '2026-03-20', 'attended_all');
"""


def database_at_0016(path: Path) -> None:
    """A database as release 0016 left it, with people of every role and rows pointing at them."""
    raw = sqlite3.connect(path, isolation_level=None)
    try:
        raw.execute("PRAGMA foreign_keys=ON")
        for number, script in migrations():
            if number <= 16:
                raw.executescript(f"BEGIN;\n{script}\nPRAGMA user_version = {number};\nCOMMIT;")
        raw.executemany(
            """INSERT INTO people (id, name, email, role, language, telegram_id,
                   undeliverable_at, created_at)
               VALUES (?, ?, ?, ?, ?, ?, ?, '2026-03-01T09:00:00')""",
            PEOPLE,
        )
        raw.execute("UPDATE people SET erased_at = '2026-05-01T00:00:00' WHERE id = 7")
        raw.executescript(FILL)
        assert raw.execute("PRAGMA user_version").fetchone() == (16,)
    finally:
        raw.close()


def everything(path: Path) -> tuple[dict[str, list[tuple[object, ...]]], set[tuple[str, str]]]:
    """Every row of every table but people's new column, and every index and trigger by name."""
    raw = sqlite3.connect(path)
    try:
        tables = [
            name
            for (name,) in raw.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        rows = {}
        for table in tables:
            columns = "id, name, email, role, language, telegram_id, undeliverable_at, " + (
                "created_at, erased_at"
            )
            what = columns if table == "people" else "*"
            rows[table] = sorted(raw.execute(f"SELECT {what} FROM {table}").fetchall(), key=repr)
        names = set(raw.execute("SELECT type, name FROM sqlite_master WHERE type != 'table'"))
        return rows, names
    finally:
        raw.close()


async def test_0017_keeps_every_row_reference_index_and_trigger(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "old.sqlite3"
    database_at_0016(path)
    rows_before, names_before = everything(path)
    shipped = migrations()
    monkeypatch.setattr(storage.db, "migrations", lambda: [m for m in shipped if m[0] <= 17])
    db = await Database.open(path)
    try:
        assert await db.version() == 17
        assert await db.integrity_problems() == []
        async with db.reading() as conn, conn.execute("PRAGMA foreign_keys") as cur:
            assert tuple(await cur.fetchone() or ()) == (1,)  # on again after migrating
    finally:
        await db.close()
    rows_after, names_after = everything(path)
    assert rows_after == rows_before
    assert names_after == names_before
    assert ("index", "sqlite_autoindex_people_1") in names_after  # email UNIQUE
    assert ("index", "sqlite_autoindex_people_2") in names_after  # telegram_id UNIQUE

    raw = sqlite3.connect(path, isolation_level=None)
    try:
        raw.execute("PRAGMA foreign_keys=ON")
        # The tables that point at people still do, and are still held to it.
        for table in ("invites", "training_enrolments", "placements", "certificates"):
            targets = [row[2] for row in raw.execute(f"PRAGMA foreign_key_list({table})")]
            assert "people" in targets, table
        with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"):
            raw.execute("DELETE FROM people WHERE id = 3")
        with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"):
            raw.execute(
                "INSERT INTO invites (person_id, token_hash, created_at, expires_at) "
                "VALUES (99, 'x', 'a', 'b')"
            )
        # The fifth role goes in; a made-up one and a second use of an email do not.
        raw.execute(
            "INSERT INTO people (name, email, role, created_at, company_id) "
            "VALUES ('Tom', 'tom@bakkerij.example', 'trainee_mentor', 'now', 1)"
        )
        with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
            raw.execute(
                "INSERT INTO people (name, email, role, created_at) "
                "VALUES ('Eve', 'eve@x.example', 'janitor', 'now')"
            )
        with pytest.raises(sqlite3.IntegrityError, match="UNIQUE"):
            raw.execute(
                "INSERT INTO people (name, email, role, created_at) "
                "VALUES ('Eve', 'mark@bakkerij.example', 'mentor', 'now')"
            )
        with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"):
            raw.execute("UPDATE people SET company_id = 42 WHERE id = 3")
        # The placements' triggers still fire (0010's meeting tracks).
        raw.execute(
            "INSERT INTO placements (student_id, mentor_id, supervisor_id, company_id, starts_on,"
            " ends_on, timezone, checkin_weekday, checkin_time, mentor_meeting_every_days,"
            " tripartite_every_weeks, created_at) VALUES (4, 3, 2, 1, '2026-09-01',"
            " '2026-12-18', 'Europe/Amsterdam', 4, '14:00', 7, 6, 'now')"
        )
        assert raw.execute("SELECT COUNT(*) FROM meeting_tracks").fetchone() == (4,)
    finally:
        raw.close()


async def test_a_migration_leaving_a_dangling_reference_is_rolled_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "bot.sqlite3"
    db = await Database.open(path)
    version = await db.version()
    await db.close()
    shipped = migrations()
    bad = (
        "INSERT INTO invites (person_id, token_hash, created_at, expires_at) "
        "VALUES (424242, 'dangling', 'a', 'b');"
    )
    monkeypatch.setattr(storage.db, "migrations", lambda: [*shipped, (version + 1, bad)])
    with pytest.raises(sqlite3.IntegrityError, match="dangling"):
        await Database.open(path)
    db = await Database.open(path, migrate=False)
    try:
        assert await db.version() == version
        async with db.reading() as conn:
            async with conn.execute("SELECT COUNT(*) FROM invites") as cur:
                assert tuple(await cur.fetchone() or ()) == (0,)
            async with conn.execute("PRAGMA foreign_keys") as cur:
                assert tuple(await cur.fetchone() or ()) == (1,)
    finally:
        await db.close()
