"""The command line as an operator uses it: exit codes, one-line errors, files in and out."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import pytest

from storage.db import migrations
from tests.conftest import ROSTER


def run_cli(*args: str, env: dict[str, str] | None = None,
            cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items()
             if k not in ("TELEGRAM_BOT_TOKEN", "TIMEZONE", "DATABASE_PATH")}
    return subprocess.run(
        [sys.executable, "-m", "bot", *args], capture_output=True, text=True, timeout=60,
        env={**clean, "PYTHONPATH": str(Path(__file__).parent.parent), **(env or {})},
        cwd=cwd, check=False,
    )


def test_a_missing_token_stops_with_exit_2_and_one_line(tmp_path: Path) -> None:
    result = run_cli("run", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("mentorbot: TELEGRAM_BOT_TOKEN is missing")
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("name", "value"),
    [("TIMEZONE", "Europe/Amsterdm"), ("DEFAULT_LANGUAGE", "fr"), ("COORDINATOR_IDS", "abc"),
     ("TELEGRAM_API_BASE_URL", "localhost:8081")],
)
def test_a_malformed_setting_stops_with_exit_2_and_names_it(tmp_path: Path, name: str,
                                                            value: str) -> None:
    result = run_cli("run", env={"TELEGRAM_BOT_TOKEN": "1:x", name: value}, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith(f"mentorbot: {name} is invalid")


def test_help_explains_every_command(tmp_path: Path) -> None:
    result = run_cli("--help", cwd=tmp_path)
    for command in ("run", "demo", "import", "invites", "due", "migrate", "backup"):
        assert command in result.stdout


def test_import_invites_due_migrate_and_backup(tmp_path: Path) -> None:
    env = {"DATABASE_PATH": str(tmp_path / "school.sqlite3"), "BOT_USERNAME": "school_bot",
           "CHECKIN_TIME": "14:00"}
    roster = tmp_path / "roster.csv"
    roster.write_text("\ufeff" + ROSTER.replace(",", ";"), encoding="utf-8")

    first = run_cli("import", str(roster), env=env, cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    assert "imported: 3 placements, 7 people" in first.stdout
    again = run_cli("import", str(roster), env=env, cwd=tmp_path)
    assert "imported: 0 placements, 0 people; 3 placements were there already" in again.stdout

    bad = tmp_path / "bad.csv"
    bad.write_text(ROSTER.replace("2026-06-26", "2026-06-31", 1), encoding="utf-8")
    refused = run_cli("import", str(bad), env=env, cwd=tmp_path)
    assert refused.returncode == 1
    assert "line 2: ends_on '2026-06-31' is not a date" in refused.stderr

    links = tmp_path / "links.csv"
    assert run_cli("invites", "--csv", str(links), env=env, cwd=tmp_path).returncode == 0
    with links.open(encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    assert len(rows) == 7
    assert all(r["invite_link"].startswith("https://t.me/school_bot?start=") for r in rows)

    migrated = run_cli("migrate", env=env, cwd=tmp_path)
    assert f"at version {migrations()[-1][0]} (applied: none)" in migrated.stdout
    backup = run_cli("backup", str(tmp_path / "copy.sqlite3"), env=env, cwd=tmp_path)
    assert backup.returncode == 0
    assert (tmp_path / "copy.sqlite3").stat().st_size > 0

    due = run_cli("due", "--at", "2026-03-06T14:00+01:00", env=env, cwd=tmp_path)
    assert due.returncode == 0, due.stderr
    assert "messages would be sent at 2026-03-06T14:00:00+01:00" in due.stdout


def test_due_needs_a_time_zone(tmp_path: Path) -> None:
    result = run_cli("due", "--at", "2026-03-06T14:00", cwd=tmp_path)
    assert result.returncode == 2
    assert "give a time zone" in result.stderr
