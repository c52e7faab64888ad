"""`python -m tests [PYTEST ARGS]`: the whole suite under coverage, every process counted.

What CI runs (.ci/run). Every Python process the tests start (the bot killed and started
again, the clock bot, the command line, the demo, the backup) measures itself: coverage's
`a1_coverage.pth` starts it in any interpreter that finds COVERAGE_PROCESS_START in its
environment, and each writes its own data file (`parallel`) into one directory, which is then
combined. A process killed with SIGKILL writes nothing (coverage saves at exit); every crash
test ends with a clean stop whose process does count. `coverage report` then fails the run
under `fail_under` (pyproject.toml, [tool.coverage.report]).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def coverage(*args: str, env: dict[str, str]) -> int:
    """One `coverage` command, run from the project root."""
    return subprocess.run(
        [sys.executable, "-m", "coverage", *args], cwd=ROOT, env=env, check=False
    ).returncode


def main(pytest_args: list[str]) -> int:
    """Erase, run pytest (its processes too), combine, report; the worst exit code wins."""
    data = ROOT / ".coverage-data"
    data.mkdir(exist_ok=True)
    env = {
        **os.environ,
        "COVERAGE_PROCESS_START": str(ROOT / "pyproject.toml"),
        "MENTORBOT_COVERAGE_DATA": str(data),
    }
    coverage("erase", env=env)
    for stale in data.glob(".coverage*"):
        stale.unlink()
    tests = subprocess.run(
        [sys.executable, "-m", "pytest", *pytest_args], cwd=ROOT, env=env, check=False
    ).returncode
    if coverage("combine", "--quiet", env=env) != 0:
        return tests or 1
    report = coverage("report", env=env)
    return tests or report


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
