"""Files with personal data or live links are private to the bot's user from the moment they
exist: the database (and its WAL), backups, and files the command line writes."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from storage.db import Database
from storage.files import write_private


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(autouse=True)
def open_umask() -> Iterator[None]:
    """A umask that lets everyone read new files: what a careless service manager gives."""
    old = os.umask(0o000)
    yield
    os.umask(old)


async def test_a_new_database_and_its_wal_are_created_0600(tmp_path: Path) -> None:
    path = tmp_path / "school.sqlite3"
    db = await Database.open(path)
    try:
        async with db.transaction() as conn:
            await conn.execute("CREATE TABLE t (x)")
        files = [path, Path(f"{path}-wal"), Path(f"{path}-shm")]
        assert [(f.name, oct(mode(f))) for f in files] == [(f.name, "0o600") for f in files]
    finally:
        await db.close()


async def test_an_existing_database_keeps_its_mode(tmp_path: Path) -> None:
    path = tmp_path / "school.sqlite3"
    path.touch(mode=0o640)
    db = await Database.open(path)
    await db.close()
    assert mode(path) == 0o640  # the operator chose it; we only decide for files we create


async def test_a_backup_is_0600_even_over_a_file_others_could_read(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "school.sqlite3")
    target = tmp_path / "backup.sqlite3"
    target.write_bytes(b"an old backup")
    target.chmod(0o644)
    old_inode = target.stat().st_ino
    try:
        await db.backup(target)
    finally:
        await db.close()
    assert mode(target) == 0o600
    assert target.stat().st_ino != old_inode  # a new file, not the old one chmod-ed
    assert target.read_bytes().startswith(b"SQLite format 3\x00")
    assert sorted(os.listdir(tmp_path)) == ["backup.sqlite3", "school.sqlite3"]


def test_write_private_replaces_a_readable_file_and_leaves_no_part(tmp_path: Path) -> None:
    target = tmp_path / "links.csv"
    target.write_text("old")
    target.chmod(0o644)
    write_private(target, b"new")
    assert (target.read_bytes(), mode(target)) == (b"new", 0o600)
    assert [p.name for p in tmp_path.iterdir()] == ["links.csv"]


def test_a_failed_write_leaves_the_old_file_and_no_part(tmp_path: Path) -> None:
    target = tmp_path / "links.csv"
    target.write_text("old")
    with pytest.raises(TypeError):
        write_private(target, "not bytes")  # type: ignore[arg-type]
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["links.csv"]
