"""Files on disk with personal data or live links: private to the bot's user from the start."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

PRIVATE = 0o600


def create_private(path: Path) -> None:
    """Create an empty file readable only by its owner, unless it exists already.

    Created with that mode, never chmod-ed after: there is no moment when others may read it.
    """
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE))


@contextlib.contextmanager
def replacing_privately(path: Path) -> Iterator[Path]:
    """A new private file (0600) beside `path` to fill, moved onto `path` only when complete.

    Nobody ever sees a half-written file at `path`, and an older file there with wider rights
    is replaced, not reused.
    """
    path = Path(path)
    # mkstemp creates the file with mode 0600, in the target's folder so the move is atomic.
    handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    os.close(handle)
    temporary = Path(name)
    try:
        yield temporary
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def write_private(path: Path, data: bytes) -> None:
    """Write a file only the bot's user can read (0600), all at once."""
    with replacing_privately(path) as temporary, temporary.open("wb") as file:
        file.write(data)
        file.flush()
        os.fsync(file.fileno())
