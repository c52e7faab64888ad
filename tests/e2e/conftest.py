"""End-to-end fixtures: the real bot over HTTP against the emulator, on a fake clock."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.demo.world import World, open_world
from tests.conftest import START


@pytest.fixture
async def world(tmp_path: Path) -> AsyncIterator[World]:
    """A running bot and emulator, clock at Monday 2 March 2026 09:00 Amsterdam."""
    async with open_world(tmp_path / "bot.sqlite3", START) as world:
        yield world
