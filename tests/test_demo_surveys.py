"""The demo's mid-placement survey (issue 14): Sanne answers it in the chat, the coordinator
reads /results and groups them by mentor; with --out the charts are written there, PNGs that
open."""

from __future__ import annotations

import asyncio
import io
import os
import stat
import sys
from pathlib import Path

from PIL import Image

from tests.processes import Processes

ROOT = Path(__file__).resolve().parent.parent


def chat(printed: str, name: str) -> str:
    """What one person saw, as the demo prints it."""
    return printed.split(f"══ what {name} saw ══")[1].split("══ what", maxsplit=1)[0]


async def test_the_demo_plays_the_mid_survey_and_the_coordinators_results(
    tmp_path: Path,
    processes: Processes,
) -> None:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("TELEGRAM_", "DATABASE_", "WEBHOOK_"))
    }
    out = tmp_path / "files"
    process = await processes.start(
        sys.executable,
        "-m",
        "bot",
        "demo",
        "--out",
        str(out),
        cwd=tmp_path,
        env={**env, "PYTHONPATH": str(ROOT)},
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    printed_bytes, logged = await asyncio.wait_for(process.communicate(), 300)
    printed = printed_bytes.decode()
    assert process.returncode == 0, logged.decode()
    assert "▶ week 9: the mid-placement survey, and the coordinator's results" in printed

    sanne = chat(printed, "Sanne")
    survey = sanne.split("📝 Mid-placement survey: ")[1].split("Thank you for your answers! ✅")[0]
    for step in (
        "1/6\n          │ I feel safe at my placement.",
        "│ → 4",
        "5/6\n          │ Would you recommend this placement to a fellow student?",
        "Sanne │ I learn a lot from Mark & the early shifts suit me 🍞",
    ):
        assert step in survey, step

    carla = chat(printed, "Carla")
    by_company, by_mentor = carla.split("Carla │ /results")[1].split("Grouped by: Company.")
    for part, group in ((by_company, "Bakkerij Jansen (1)"), (by_mentor, "Mark Jansen (1)")):
        assert "📊 Mid-placement survey (version 1): 1 answered" in part
        assert group in part
        assert "I feel safe at my placement. — mean 4.0 of 1 (1: 0 · 2: 0 · 3: 0 · 4: 1" in part
        assert "Would you recommend this placement to a fellow student? — 1 answered (Yes: 1" in (
            part
        )
    assert "📊 Mid-placement survey, grouped by: Company [picture]" in by_company
    assert "📊 Mid-placement survey, grouped by: Mentor [picture]" in by_mentor

    charts = sorted(path for path in out.iterdir() if path.name.startswith("carla-"))
    assert [path.name for path in charts] == [
        "carla-01-survey-chart.png",
        "carla-02-survey-chart.png",
    ]
    for path in charts:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert Image.open(io.BytesIO(path.read_bytes())).format == "PNG"
