"""`python -m bench [--quick]`: run every measurement, print the table, write results.json.

A missed target prints MISS and still exits 0 (CI runs this on a shared, noisy machine);
an exception exits non-zero.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

from bench import fanout, peak, retention, scale, startup, ticking, updates
from bench.report import Results

RESULTS = Path(__file__).with_name("results.json")


@dataclass(frozen=True, slots=True)
class Sizes:
    """How big each measurement is in one mode."""

    fan_out: int
    pacing_chats: int
    pacing_per_chat: int
    tick_sizes: tuple[int, ...]
    tick_repeats: int
    updates: int
    startup_placements: int
    peak_students: int
    scale_placements: int


FULL = Sizes(10_000, 100, 5, (1_000, 10_000, 100_000), 5, 5_000, 100_000, 1_000, 10_000)
QUICK = Sizes(1_000, 50, 2, (1_000, 10_000), 2, 500, 10_000, 100, 300)
# Run in full only when named (`--only scale`): it alone takes about 15 minutes.
BY_NAME_ONLY = {"scale"}


async def run(sizes: Sizes, results: Results, workdir: Path, only: set[str]) -> None:
    """Each measurement in turn, timing each section."""
    steps: dict[str, Callable[[], Awaitable[None]]] = {
        "fan-out": lambda: fanout.fan_out(results, workdir, sizes.fan_out),
        "fan-out-local": lambda: fanout.fan_out_in_process(results, workdir, sizes.fan_out),
        "pacing": lambda: fanout.pacing(
            results, workdir, sizes.pacing_chats, sizes.pacing_per_chat
        ),
        "tick": lambda: ticking.tick_scaling(
            results, workdir, list(sizes.tick_sizes), repeats=sizes.tick_repeats
        ),
        "updates": lambda: updates.update_handling(results, workdir, sizes.updates),
        "peak": lambda: peak.friday_peak(results, workdir, sizes.peak_students),
        "retention": lambda: retention.retention_purge(
            results, workdir, 100_000 if sizes == FULL else 20_000
        ),
        "start-up": lambda: startup.startup(results, workdir, sizes.startup_placements),
        "scale": lambda: scale.scale(results, workdir, sizes.scale_placements),
    }
    for name, step in steps.items():
        if only and not any(name.startswith(o) for o in only):
            continue
        if not only and sizes == FULL and name in BY_NAME_ONLY:
            continue
        print(f"== {name}", flush=True)
        started = time.perf_counter()
        await step()
        results.seconds[name] = time.perf_counter() - started


def main() -> int:
    """Parse the command line and run."""
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small sizes, for CI")
    parser.add_argument(
        "--only",
        action="append",
        default=[],
        metavar="NAME",
        help="run only this measurement (fan-out, pacing, tick, updates, "
        "peak, retention, start-up, scale); may be repeated; the full run leaves scale out "
        "unless it is named here",
    )
    parser.add_argument("--output", type=Path, default=RESULTS, help="where to write JSON")
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)  # the sender logs each 429; the table says it
    results = Results("quick" if args.quick else "full")
    with tempfile.TemporaryDirectory(prefix="mentorbot-bench-") as workdir:
        asyncio.run(run(QUICK if args.quick else FULL, results, Path(workdir), set(args.only)))
    print(results.table())
    load = " / ".join(f"{x:.2f}" for x in results.load_at_start)
    print(f"load average (1 / 5 / 15 min) at the start: {load}; at the end: ", end="")
    print(" / ".join(f"{x:.2f}" for x in os.getloadavg()))
    results.write(args.output)
    print(
        f"{len(results.misses)} of {sum(1 for f in results.figures if f.target is not None)}"
        f" targets missed; figures written to {args.output}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
