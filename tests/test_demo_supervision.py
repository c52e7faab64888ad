"""The demo ends with the supervisor's picture (issue 12): his overview, Monday's digest, one
student's picture; with --out the mood chart is written there, a PNG that opens."""

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


async def test_the_demo_ends_with_the_overview_the_digest_and_a_chart_written_out(
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
    ingrid = printed.split("══ what Ingrid saw ══")[1].split("══ what")[0]
    assert "📋 Your placements (2):" in ingrid
    assert "🗓 Your week," in ingrid
    assert "👤 Sanne de Vries, Bakkerij Jansen" in ingrid
    assert "📈 The weekly mood of Sanne de Vries [picture]" in ingrid
    [chart] = [path for path in out.iterdir() if path.name.endswith("mood-chart.png")]
    assert stat.S_IMODE(chart.stat().st_mode) == 0o600
    image = Image.open(io.BytesIO(chart.read_bytes()))
    assert (image.format, image.size) == ("PNG", (1000, 500))
