"""`python -m bot course create FILE` refuses a session in the past as the chat does: one line
per such session, exit code 1, and no run made (not even of the file's good sessions)."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from tests.test_cli import run_cli
from tests.test_cli_trainees import school

HEADER = "course;date;time;minutes;link;assignment;due_hours_before\n"


def runs(env: dict[str, str]) -> list[tuple[int, str]]:
    """The runs in the database, with their first session's start."""
    with sqlite3.connect(env["DATABASE_PATH"]) as conn:
        return conn.execute(
            "SELECT run_id, MIN(starts_at) FROM training_sessions GROUP BY run_id"
        ).fetchall()


def test_a_session_in_the_past_is_refused_with_its_line_and_nothing_is_made(
    tmp_path: Path,
) -> None:
    env = school(tmp_path)  # run 1, from a file whose session lies ahead
    before = runs(env)
    (tmp_path / "past.csv").write_text(
        HEADER
        + "Coach & <b>gids</b> 🍞;2031-03-12;15:00;90;https://meet.example.org/s1;Lees.;\n"
        + "Coach & <b>gids</b> 🍞;12-3-2020;15:00;90;https://meet.example.org/s2;Lees.;\n",
        encoding="utf-8",
    )
    result = run_cli(
        "course", "create", "past.csv", "--trainer", "ingrid@school.example", env=env, cwd=tmp_path
    )
    assert result.returncode == 1
    assert result.stderr == ("mentorbot: past.csv: line 3: the session would start in the past\n")
    assert result.stdout == ""
    assert runs(env) == before


def test_a_session_whose_assignment_is_due_already_is_refused(tmp_path: Path) -> None:
    env = school(tmp_path)
    before = runs(env)
    tomorrow = datetime.now(ZoneInfo("Europe/Amsterdam")).date() + timedelta(days=1)
    (tmp_path / "due.csv").write_text(
        HEADER + f"Coach;{tomorrow.isoformat()};15:00;90;https://meet.example.org/s1;Lees.;48\n",
        encoding="utf-8",
    )
    result = run_cli(
        "course", "create", "due.csv", "--trainer", "ingrid@school.example", env=env, cwd=tmp_path
    )
    assert result.returncode == 1
    assert result.stderr == (
        "mentorbot: due.csv: line 2: the assignment would be due in the past\n"
    )
    assert runs(env) == before


def test_a_file_of_sessions_ahead_still_makes_its_run(tmp_path: Path) -> None:
    env = school(tmp_path)
    (tmp_path / "ahead.csv").write_text(
        HEADER + "Coach;2031-04-02;15:00;90;https://meet.example.org/s1;Lees.;\n",
        encoding="utf-8",
    )
    result = run_cli(
        "course",
        "create",
        "ahead.csv",
        "--trainer",
        "ingrid@school.example",
        env=env,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("run 2 of 'Coach' with 1 sessions")
    assert [run for run, _ in runs(env)] == [1, 2]
