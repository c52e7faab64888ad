"""The sample roster in examples/ imports cleanly, as the README promises."""

from __future__ import annotations

from pathlib import Path

from tests.test_cli import run_cli

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "roster.csv"


def test_the_example_roster_imports_cleanly_and_only_once(tmp_path: Path) -> None:
    env = {"DATABASE_PATH": str(tmp_path / "school.sqlite3"), "BOT_USERNAME": "school_bot"}
    first = run_cli("import", str(EXAMPLE), env=env, cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    assert first.stderr == ""
    assert first.stdout.startswith("imported: 6 placements, 12 people;")
    again = run_cli("import", str(EXAMPLE), env=env, cwd=tmp_path)
    assert "imported: 0 placements, 0 people; 6 placements were there already" in again.stdout
