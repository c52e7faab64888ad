"""The command line for roster changes, ending a placement, who joined, one invite and exports,
as an operator runs it (a process, real files, the real clock)."""

from __future__ import annotations

import csv
import io
import stat
from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.test_cli import run_cli

TODAY = date.today()  # noqa: DTZ011  (the command line runs on the real clock)
STARTS, ENDS = TODAY - timedelta(days=30), TODAY + timedelta(days=100)
HEADER = (
    "student_name,student_email,mentor_name,mentor_email,company,supervisor_name,"
    "supervisor_email,starts_on,ends_on,tripartite_every_weeks"
)


def roster(*lines: str) -> str:
    """A roster with these lines (placeholders {s} and {e}: the first and last day)."""
    return "\n".join([HEADER, *(line.format(s=STARTS, e=ENDS) for line in lines)]) + "\n"


FIRST = roster(
    "Sanne de Vries,sanne@student.example,Mark Jansen,mark@bakkerij.example,Bakkerij Jansen,"
    "Ingrid Bos,ingrid@school.example,{s},{e},6",
    "Lotte Visser,lotte@student.example,Fatima El Amrani,fatima@zorg.example,Zorgcentrum West,"
    "Peter Mulder,peter@school.example,{s},{e},6",
)
CHANGED = roster(
    "Sanne de Vries,sanne@student.example,Piet Bos,piet@bakkerij.example,Bakkerij Jansen,"
    "Ingrid Bos,ingrid@school.example,{s},2030-01-31,8",
    "Lotte Visser,lotte@student.example,Fatima El Amrani,fatima@zorg.example,Zorgcentrum West,"
    "Peter Mulder,peter@school.example,{s},{e},6",
)


def setup(tmp_path: Path) -> dict[str, str]:
    env = {"DATABASE_PATH": str(tmp_path / "school.sqlite3"), "BOT_USERNAME": "school_bot"}
    (tmp_path / "first.csv").write_text(FIRST)
    (tmp_path / "changed.csv").write_text(CHANGED)
    assert run_cli("import", "first.csv", env=env, cwd=tmp_path).returncode == 0
    return env


def test_import_dry_run_shows_the_changes_then_the_import_makes_them(tmp_path: Path) -> None:
    env = setup(tmp_path)
    database = (tmp_path / "school.sqlite3").read_bytes()
    dry = run_cli("import", "--dry-run", "changed.csv", env=env, cwd=tmp_path)
    assert dry.returncode == 0, dry.stderr
    assert dry.stdout.splitlines() == [
        "line 2: Sanne de Vries at Bakkerij Jansen (placement 1)",
        "    mentor: Mark Jansen <mark@bakkerij.example> -> Piet Bos <piet@bakkerij.example>",
        f"    ends_on: {ENDS} -> 2030-01-31",
        "    tripartite_every_weeks: 6 -> 8",
        "dry run, nothing written: would import 0 placements, 1 people and change 1 "
        "placements; 1 unchanged; read changed.csv as UTF-8, separated by commas",
    ]
    assert (tmp_path / "school.sqlite3").read_bytes() == database
    done = run_cli("import", "changed.csv", env=env, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1].startswith(
        "imported: 0 placements, 1 people; 1 placements changed, 1 placements were there"
    )
    again = run_cli("import", "--dry-run", "changed.csv", env=env, cwd=tmp_path)
    assert "would import 0 placements, 0 people and change 0 placements" in again.stdout


def test_a_placement_ended_from_the_command_line(tmp_path: Path) -> None:
    env = setup(tmp_path)
    ended = run_cli("end", "sanne@student.example", env=env, cwd=tmp_path)
    assert ended.returncode == 0, ended.stderr
    yesterday = TODAY - timedelta(days=1)
    assert ended.stdout.strip() == (
        f"placement 1 at Bakkerij Jansen now ends on {yesterday}: no check-ins after that day"
    )
    again = run_cli("end", "sanne@student.example", env=env, cwd=tmp_path)
    assert again.returncode == 1
    assert again.stderr.startswith("mentorbot: placement 1 at Bakkerij Jansen ended on")
    unknown = run_cli("end", "nobody@student.example", env=env, cwd=tmp_path)
    assert (unknown.returncode, unknown.stderr.count("\n")) == (1, 1)
    later = run_cli(
        "end", "lotte@student.example", "--last-day", "1-1-2099", env=env, cwd=tmp_path
    )
    assert later.returncode == 1
    assert "give an earlier --last-day" in later.stderr
    bad = run_cli("end", "lotte@student.example", "--last-day", "yesterday", env=env, cwd=tmp_path)
    assert bad.returncode == 2
    assert "is not a date" in bad.stderr


def test_status_lists_who_has_not_joined_and_invites_only_renews_one(tmp_path: Path) -> None:
    env = setup(tmp_path)
    status = run_cli("status", env=env, cwd=tmp_path)
    assert status.returncode == 0, status.stderr
    lines = status.stdout.splitlines()
    assert lines[0] == "not joined  supervisor  Ingrid Bos <ingrid@school.example>  (1 placements)"
    assert lines[-1] == "joined: 0 of 6 (supervisors 0 of 2, mentors 0 of 2, students 0 of 2)"
    one = run_cli("invites", "--only", "SANNE@student.example", env=env, cwd=tmp_path)
    assert one.returncode == 0, one.stderr
    assert one.stdout.startswith(
        "student     Sanne de Vries <sanne@student.example>  https://t.me/school_bot?start="
    )
    assert one.stdout.count("https://") == 1
    missing = run_cli("invites", "--only", "nobody@example.org", env=env, cwd=tmp_path)
    assert missing.returncode == 1


def test_an_export_is_a_private_csv_dutch_excel_opens(tmp_path: Path) -> None:
    env = setup(tmp_path)
    out = tmp_path / "placements.csv"
    result = run_cli("export", "placements", "--out", str(out), env=env, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"2 placements rows written to {out}")
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert [row["student"] for row in rows] == ["Sanne de Vries", "Lotte Visser"]
    english = run_cli(
        "export",
        "placements",
        "--until",
        str(STARTS - timedelta(days=1)),
        env={**env, "DEFAULT_LANGUAGE": "en"},
        cwd=tmp_path,
    )
    assert english.returncode == 0, english.stderr
    default = tmp_path / f"mentorbot-placements-{TODAY}.csv"
    # English readers get commas; a period before every placement holds the header only.
    assert default.read_bytes().startswith(b"\xef\xbb\xbfplacement_id,student,student_email,")
    assert len(default.read_text(encoding="utf-8-sig").splitlines()) == 1
    backwards = run_cli(
        "export", "alerts", "--since", "2026-03-02", "--until", "2026-03-01", env=env, cwd=tmp_path
    )
    assert (backwards.returncode, backwards.stderr) == (
        1,
        "mentorbot: --until is before --since\n",
    )


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("WORKING_HOURS", "17:00-08:00"),
        ("WORKING_DAYS", "weekdays"),
        ("SCHOOL_HOLIDAYS", "kerst"),
        ("DIGEST_WEEKDAY", "maandag"),
        ("DIGEST_TIME", "8u30"),
        ("EXPORT_SEPARATOR", "tab"),
    ],
)
def test_a_malformed_setting_of_the_supervisors_picture_stops_with_exit_2(
    tmp_path: Path, name: str, value: str
) -> None:
    result = run_cli(
        "status", env={"DATABASE_PATH": str(tmp_path / "s.sqlite3"), name: value}, cwd=tmp_path
    )
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith(f"mentorbot: {name} is invalid")
