"""`python -m bot demo`, as someone trying the bot for the first time runs it."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

from tests.processes import Processes

ROOT = Path(__file__).resolve().parent.parent


async def test_the_demo_plays_a_placement_offline_and_prints_every_chat(
    tmp_path: Path,
    processes: Processes,
) -> None:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("TELEGRAM_", "DATABASE_", "WEBHOOK_"))
    }
    process = await processes.start(
        sys.executable,
        "-m",
        "bot",
        "demo",
        cwd=tmp_path,
        env={**env, "PYTHONPATH": str(ROOT)},  # no token, no network, an empty directory
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(), 300)
    printed, logged = out.decode(), err.decode()
    assert process.returncode == 0, logged
    assert "Traceback" not in logged
    assert " ERROR " not in logged
    for scene in ("everyone joins through an invite link", "a problem reported"):
        assert scene in printed
    for person in ("Sanne", "Ingrid"):
        assert f"what {person} saw" in printed
    assert "demo done in" in printed
    assert os.listdir(tmp_path) == []  # it leaves nothing behind where it was started
