"""`python -m bench.durability`: what `synchronous=FULL` costs against `NORMAL` (WAL mode).

With WAL and NORMAL, SQLite syncs the WAL only at checkpoints: a transaction that COMMIT has
returned survives a crash of the process, but an OS crash or power loss may lose the last
ones. FULL syncs the WAL on every commit. The bot commits on the paths users feel: storing an
update before it is confirmed to Telegram, handling it (a transaction), marking a message sent.
This runs those three writes per update on the real schema, in each mode, in a directory on
the same file system as the database would be (not tmpfs, where a sync costs nothing), and
writes the figures to bench/durability.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import tempfile
import time
from pathlib import Path

from storage.db import Database

RESULTS = Path(__file__).with_name("durability.json")


async def one_mode(path: Path, mode: str, updates: int) -> dict[str, float]:
    """Per update: store it, handle it in a transaction (state + outbox), mark a send.

    `mode` NORMAL or FULL is the connection's setting; DURABLE_INBOX is the bot's choice:
    NORMAL, but the commit that stores an update synced (`transaction(durable=True)`).
    """
    db = await Database.open(path)
    durable_inbox = mode == "DURABLE_INBOX"
    timings: list[float] = []
    try:
        async with db.reading() as conn:
            await conn.execute(f"PRAGMA synchronous={'NORMAL' if durable_inbox else mode}")
        async with db.transaction() as conn:
            await conn.execute("""INSERT INTO people (name, email, role, created_at)
                                  VALUES ('Bench', 'bench@example.nl', 'student', '2026')""")
        for n in range(updates):
            started = time.perf_counter()
            async with db.transaction(durable=durable_inbox) as conn:  # the inbox stores it
                await conn.execute(
                    "INSERT INTO inbox (update_id, payload, received_at) VALUES (?, ?, ?)",
                    (n, f'{{"update_id": {n}}}', "2026-03-06T13:00:00"),
                )
            async with db.transaction() as conn:  # a handler's service, with its outbox row
                await conn.execute(
                    """INSERT INTO outbox (dedupe_key, person_id, kind, payload, created_at)
                       VALUES (?, 1, 'bench', '{}', '2026-03-06T13:00:00')""",
                    (f"b:{n}",),
                )
                await conn.execute(
                    "UPDATE inbox SET processed_at = received_at WHERE update_id = ?", (n,)
                )
            async with db.single_write() as conn:  # the sender marks it sent
                await conn.execute(
                    "UPDATE outbox SET status = 'sent' WHERE dedupe_key = ?", (f"b:{n}",)
                )
            timings.append(time.perf_counter() - started)
    finally:
        await db.close()
    timings.sort()
    return {
        "updates_per_second": round(updates / sum(timings), 1),
        "p50_ms": round(statistics.median(timings) * 1000, 3),
        "p99_ms": round(timings[int(len(timings) * 0.99) - 1] * 1000, 3),
    }


async def measure(workdir: Path, updates: int) -> dict[str, object]:
    """Each mode on a fresh file, twice, interleaved (the disk's mood changes over a run)."""
    figures: dict[str, object] = {"updates": updates, "directory": str(workdir)}
    for run, mode in enumerate(("NORMAL", "FULL", "DURABLE_INBOX") * 2):
        figures[f"{mode.lower()}_{run}"] = await one_mode(
            workdir / f"{run}.sqlite3", mode, updates
        )
    return figures


def main() -> None:
    """Run and print the figures; write them to bench/durability.json."""
    parser = argparse.ArgumentParser(prog="python -m bench.durability", description=__doc__)
    parser.add_argument("--updates", type=int, default=2000)
    parser.add_argument(
        "--dir",
        type=Path,
        default=Path.cwd(),
        help="where the database files go (default: here, not /tmp)",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="mentorbot-sync-", dir=args.dir) as workdir:
        figures = asyncio.run(measure(Path(workdir), args.updates))
    figures["filesystem"] = os.popen(f"df -T {args.dir} | tail -1").read().split()[1:2]
    print(json.dumps(figures, indent=2))
    RESULTS.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
