"""One bot per database: a second `run` on the same file is refused, with one line."""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from storage.files import PRIVATE


class AlreadyRunningError(Exception):
    """Another process serves this database; the message is one line for the operator."""


def lock_path(database: Path) -> Path:
    """The lock file beside the database (SQLite's own locks are per transaction, not per
    process, so they cannot say "someone else is serving this school")."""
    return database.with_name(database.name + ".lock")


@contextmanager
def only_instance(database: Path) -> Iterator[Path]:
    """Hold the database's lock while the block runs, or refuse at once.

    flock is released by the kernel when the holder dies, even by SIGKILL: a crashed bot
    never leaves a stale lock behind.
    """
    path = lock_path(database)
    handle = os.open(path, os.O_RDWR | os.O_CREAT, PRIVATE)
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(handle, 32, 0).decode(errors="replace").strip() or "?"
            raise AlreadyRunningError(
                f"another mentorbot (process {holder}) is already running on {database}; "
                f"stop it first (one bot per database, lock {path})"
            ) from None
        os.ftruncate(handle, 0)
        os.pwrite(handle, f"{os.getpid()}\n".encode(), 0)
        yield path
    finally:
        os.close(handle)
