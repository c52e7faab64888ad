"""The one SQLite connection: pragmas, migrations, transactions behind one lock."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, date, datetime
from importlib import resources
from pathlib import Path

import aiosqlite

from storage.files import create_private, replacing_privately

TIME_FORMAT = "%Y-%m-%dT%H:%M:%S"


def to_db(moment: datetime) -> str:
    """A moment as stored: UTC text that sorts like time."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime")
    return moment.astimezone(UTC).strftime(TIME_FORMAT)


def from_db(text: str) -> datetime:
    """A stored moment back as an aware UTC datetime."""
    return datetime.strptime(text, TIME_FORMAT).replace(tzinfo=UTC)


def date_from_db(text: str | None) -> date | None:
    """A stored local date, if any."""
    return date.fromisoformat(text) if text else None


def migrations() -> list[tuple[int, str]]:
    """The numbered migration scripts shipped with the package, in order."""
    folder = resources.files("storage") / "migrations"
    found = [
        (int(item.name.split("_", 1)[0]), item.read_text(encoding="utf-8"))
        for item in folder.iterdir()
        if item.name.endswith(".sql")
    ]
    return sorted(found)


class Database:
    """One aiosqlite connection; every transaction runs behind one asyncio lock."""

    def __init__(self, connection: aiosqlite.Connection) -> None:
        self._conn = connection
        self._lock = asyncio.Lock()

    @classmethod
    async def open(cls, path: Path | str, *, migrate: bool = True) -> Database:
        """Open (and by default migrate) the database file, created private (0600) if new."""
        if str(path) != ":memory:":
            # SQLite would create it 0644; its -wal and -shm files take the database's mode.
            create_private(Path(path))
        conn = await aiosqlite.connect(str(path), isolation_level=None)
        conn.row_factory = aiosqlite.Row
        try:
            for pragma in (
                "journal_mode=WAL",
                "foreign_keys=ON",
                "busy_timeout=5000",
                "synchronous=NORMAL",
                # Deleted and overwritten text is zeroed, so erased personal data does not linger.
                "secure_delete=ON",
            ):
                await conn.execute(f"PRAGMA {pragma}")
        except BaseException:
            # A file that is no database: close the connection's thread, or the process
            # that asked would never exit.
            await conn.close()
            raise
        db = cls(conn)
        if migrate:
            try:
                await db.migrate()
            except BaseException:
                await conn.close()  # as above: a failed migration must not keep the thread
                raise
        return db

    async def close(self) -> None:
        """Close the connection (after the last transaction)."""
        async with self._lock:
            await self._conn.close()

    async def version(self) -> int:
        """The number of the last migration applied."""
        async with self._conn.execute("PRAGMA user_version") as cur:
            row = await cur.fetchone()
        return int(row[0]) if row else 0

    async def migrate(self) -> list[int]:
        """Apply the migrations not applied yet, each in its own transaction.

        Foreign keys are off while one runs and checked before its commit, as SQLite's way to
        rebuild a table asks (https://www.sqlite.org/lang_altertable.html#otheralter): with
        them on, dropping the old table would delete what other tables point at. A migration
        that leaves a dangling reference is rolled back.
        """
        applied: list[int] = []
        async with self._lock:
            current = await self.version()
            for number, script in migrations():
                if number <= current:
                    continue
                # The pragma is a no-op inside a transaction: it is set before BEGIN.
                await self._conn.execute("PRAGMA foreign_keys=OFF")
                try:
                    # executescript commits first; BEGIN inside keeps each migration atomic.
                    await self._conn.executescript(
                        f"BEGIN IMMEDIATE;\n{script}\nPRAGMA user_version = {number};"
                    )
                    async with self._conn.execute("PRAGMA foreign_key_check") as cur:
                        dangling = [tuple(row) for row in await cur.fetchall()]
                    if dangling:
                        raise sqlite3.IntegrityError(
                            f"migration {number} leaves dangling references: {dangling[:5]}"
                        )
                    await self._conn.execute("COMMIT")
                except BaseException:
                    await asyncio.shield(self._roll_back_if_open())
                    raise
                finally:
                    await asyncio.shield(self._conn.execute("PRAGMA foreign_keys=ON"))
                applied.append(number)
        return applied

    @asynccontextmanager
    async def transaction(self, *, durable: bool = False) -> AsyncIterator[aiosqlite.Connection]:
        """A write transaction: BEGIN IMMEDIATE … COMMIT, rolled back on any error.

        `durable`: the commit reaches the disk before it returns (synchronous=FULL for this
        one), so not even an OS crash or a power cut undoes it. The inbox uses it for what
        Telegram will not send again; the rest can be redone from there (docs/DECISIONS.md).
        """
        async with self._lock:
            try:
                if durable:
                    await self._conn.execute("PRAGMA synchronous=FULL")
                await self._conn.execute("BEGIN IMMEDIATE")
                yield self._conn
                await self._conn.execute("COMMIT")
            except BaseException:
                # Also when the task is cancelled while BEGIN or COMMIT is under way: the
                # statement still runs in aiosqlite's thread, so settle after it, or every
                # later transaction of this process would find this one still open.
                await asyncio.shield(self._roll_back_if_open())
                raise
            finally:
                if durable:
                    await asyncio.shield(self._conn.execute("PRAGMA synchronous=NORMAL"))

    async def _roll_back_if_open(self) -> None:
        await self._conn.execute("SELECT 1")  # runs after whatever was queued before it
        if self._conn.in_transaction:
            await self._conn.execute("ROLLBACK")

    @asynccontextmanager
    async def single_write(self) -> AsyncIterator[aiosqlite.Connection]:
        """One write statement, atomic on its own (SQLite's autocommit), for the hot path.

        A transaction costs three round trips to aiosqlite's thread; the sender marks every
        message it delivers, so there one statement without BEGIN … COMMIT is worth it.
        """
        async with self._lock:
            yield self._conn

    @asynccontextmanager
    async def reading(self) -> AsyncIterator[aiosqlite.Connection]:
        """Read access that never sees another coroutine's half-done transaction."""
        async with self._lock:
            yield self._conn

    async def checkpoint(self) -> None:
        """Copy the WAL into the database file and empty it: replaced text leaves the disk.

        With `secure_delete` the old text is zeroed in the file; the WAL would keep the old
        page images until they happen to be overwritten.
        """
        async with self._lock:
            await self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    async def backup(self, target: Path | str) -> None:
        """A consistent copy of the live database through SQLite's backup API, private (0600).

        Written beside the target and moved onto it when complete: never a half backup there.
        """
        async with self._lock:
            with replacing_privately(Path(target)) as part:
                dest = await aiosqlite.connect(str(part))
                try:
                    await self._conn.backup(dest)
                finally:
                    await dest.close()

    async def snapshot(self) -> Database:
        """An in-memory copy to try things on (the dry run), leaving this one untouched."""
        copy = await aiosqlite.connect(":memory:", isolation_level=None)
        copy.row_factory = aiosqlite.Row
        async with self._lock:
            await self._conn.backup(copy)
        await copy.execute("PRAGMA foreign_keys=ON")
        return Database(copy)

    async def integrity_problems(self) -> list[str]:
        """What `integrity_check` and `foreign_key_check` report, empty when clean."""
        problems: list[str] = []
        async with self.reading() as conn:
            async with conn.execute("PRAGMA integrity_check") as cur:
                problems += [str(row[0]) for row in await cur.fetchall() if row[0] != "ok"]
            async with conn.execute("PRAGMA foreign_key_check") as cur:
                problems += [str(tuple(row)) for row in await cur.fetchall()]
        return problems
