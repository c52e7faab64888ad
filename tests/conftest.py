"""Shared fixtures: a real SQLite file per test, a fixed clock, the services on top."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.clock import FakeClock
from bot.domain.policy import Policy
from bot.services.runtime import Services
from storage.db import Database
from tests.mutation import select
from tests.processes import Processes, kill, leftovers

# A Monday morning in Amsterdam winter time: 2026-03-02 09:00 local.
START = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)

ROSTER = """student_name,student_email,mentor_name,mentor_email,company,supervisor_name,supervisor_email,starts_on,ends_on
Sanne de Vries,sanne@student.example,Mark Jansen,mark@bakkerij.example,Bakkerij Jansen,Ingrid Bos,ingrid@school.example,2026-03-02,2026-06-26
Daan Smit,daan@student.example,Mark Jansen,mark@bakkerij.example,Bakkerij Jansen,Ingrid Bos,ingrid@school.example,2026-03-02,2026-06-26
Lotte Visser,lotte@student.example,Fatima El Amrani,fatima@zorg.example,Zorgcentrum West,Peter Mulder,peter@school.example,2026-03-02,2026-06-26
"""


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """While mutmut runs a mutant: only the tests chosen for its module (tests/mutation.py)."""
    mutant = os.environ.get("MUTANT_UNDER_TEST", "")
    if "__mutmut_" not in mutant:
        return
    chosen = select(mutant, items)
    config.hook.pytest_deselected(items=[item for item in items if item not in chosen])
    items[:] = chosen


@pytest.fixture
def clock() -> FakeClock:
    """A clock that stands still until a test moves it."""
    return FakeClock(START)


@pytest.fixture
async def svc(tmp_path: Path, clock: FakeClock) -> AsyncIterator[Services]:
    """Services over a fresh SQLite file."""
    db = await Database.open(tmp_path / "test.sqlite3")
    yield Services(db, clock, Policy(bot_username="mentorbot_test_bot"))
    await db.close()


@pytest.fixture
async def processes() -> AsyncIterator[Processes]:
    """Start processes through this; whatever still runs when the test ends is killed."""
    started = Processes()
    try:
        yield started
    finally:
        await started.stop_all()


@pytest.fixture(autouse=True)
def no_process_outlives_its_test() -> Iterator[None]:
    """A test that leaves a process running fails (and the process is killed)."""
    before = set(leftovers())
    yield
    left = {pid: command for pid, command in leftovers().items() if pid not in before}
    if left:
        kill(list(left))
        pytest.fail(f"processes left running by this test (killed now): {left}")


@pytest.fixture(scope="session", autouse=True)
def no_process_left_at_the_end() -> Iterator[None]:
    """The run fails if any process it started is still running at its end."""
    yield
    left = leftovers()
    if left:
        kill(list(left))
        pytest.fail(f"processes left running by the test run (killed now): {left}")


@dataclass(frozen=True, slots=True)
class DemoRun:
    """One `python -m bot demo --out DIR`, run as someone trying the bot first runs it."""

    printed: str
    logged: str
    returncode: int
    started_in: Path  # the empty directory it was started in
    out: Path  # where it wrote the documents it made

    def chat(self, name: str) -> str:
        """What one person saw, as the demo prints it."""
        return self.printed.split(f"══ what {name} saw ══")[1].split("══ what", maxsplit=1)[0]


@pytest.fixture(scope="session")
def demo(tmp_path_factory: pytest.TempPathFactory) -> DemoRun:
    """The demo played once for every test that reads it (it takes a minute or two): no token,
    no network, an empty directory. subprocess.run waits for it and kills it on the timeout."""
    started_in, out = tmp_path_factory.mktemp("demo-cwd"), tmp_path_factory.mktemp("demo-out")
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("TELEGRAM_", "DATABASE_", "WEBHOOK_"))
    }
    done = subprocess.run(
        [sys.executable, "-m", "bot", "demo", "--out", str(out)],
        cwd=started_in,
        env={**env, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)},
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    return DemoRun(done.stdout, done.stderr, done.returncode, started_in, out)
