"""Figures with their targets: the table on stdout and `bench/results.json`."""

from __future__ import annotations

import json
import os
import platform
import sys
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any


@dataclass(frozen=True, slots=True)
class Figure:
    """One measured number, and the target it is held to (if any)."""

    section: str
    name: str
    value: float
    unit: str
    target: float | None = None
    at_least: bool = True  # the value passes when >= target; False: when <= target

    @property
    def verdict(self) -> str:
        """PASS, MISS, or '' for a figure without a target."""
        if self.target is None:
            return ""
        ok = self.value >= self.target if self.at_least else self.value <= self.target
        return "PASS" if ok else "MISS"


@dataclass
class Results:
    """Everything one run measured, plus notes on how."""

    mode: str
    figures: list[Figure] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)  # wall time per section
    # The machine's load average (1, 5, 15 minutes) when the run began: the figures depend on it.
    load_at_start: tuple[float, ...] = field(default_factory=os.getloadavg)

    def add(self, *figures: Figure) -> None:
        """Keep figures, in the order they should be shown."""
        self.figures.extend(figures)

    def note(self, text: str) -> None:
        """Keep a remark on how a figure was obtained (shown below the table)."""
        self.notes.append(text)

    @property
    def misses(self) -> list[Figure]:
        """Figures that missed their target."""
        return [f for f in self.figures if f.verdict == "MISS"]

    def table(self) -> str:
        """A plain-text table, one figure a line."""
        rows = [("section", "figure", "value", "target", "")]
        for f in self.figures:
            target = "" if f.target is None else f"{'≥' if f.at_least else '≤'} {_num(f.target)}"
            rows.append((f.section, f.name, f"{_num(f.value)} {f.unit}", target, f.verdict))
        widths = [max(len(row[i]) for row in rows) for i in range(5)]
        lines = [
            "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
            for row in rows
        ]
        lines.insert(1, "  ".join("-" * w for w in widths))
        return "\n".join([*lines, *(f"* {n}" for n in self.notes)])

    def to_json(self) -> dict[str, Any]:
        """The results as written to results.json."""
        return {
            "mode": self.mode,
            "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "machine": {
                "cpus": os.cpu_count(),
                "python": sys.version.split()[0],
                "platform": platform.platform(),
            },
            "figures": [{**asdict(f), "verdict": f.verdict} for f in self.figures],
            "misses": len(self.misses),
            "notes": self.notes,
            "section_seconds": {k: round(v, 1) for k, v in self.seconds.items()},
            "load_average": {
                "start": [round(x, 2) for x in self.load_at_start],
                "end": [round(x, 2) for x in os.getloadavg()],
            },
        }

    def write(self, path: Path) -> None:
        """Write results.json."""
        path.write_text(
            json.dumps(self.to_json(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )


def _num(value: float) -> str:
    if value == float("inf"):
        return "inf"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"
