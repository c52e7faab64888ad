"""A course run in survey results is named as a trainer knows it, in the reader's language:
the course and the day of its first session (in the school's time zone), never 'Course #1'."""

from __future__ import annotations

import asyncio
import csv
import io
from pathlib import Path

import pytest

from bot.services.runtime import Services
from handlers.run_names import named_rows, run_name
from tests.services.test_survey_grouping import grouped_school
from tests.test_cli import run_cli

AMS = "Europe/Amsterdam"
HOSTILE = "Coach & <b>zorg</b> 🍞" * 3


@pytest.mark.parametrize(
    ("language", "name"),
    [
        ("en", f"{HOSTILE}, from Thu 12 Mar 2026"),
        ("nl", f"{HOSTILE}, vanaf do 12 mrt 2026"),
    ],
)
def test_a_run_is_its_course_and_the_local_day_of_its_first_session(
    language: str, name: str
) -> None:
    # 23:30 UTC on the 11th is already the 12th in Amsterdam.
    key = f"2026-03-11T23:30:00\x1f1\x1f{HOSTILE}"
    assert run_name(language, key, AMS) == name  # plain text: the chat escapes it once


def test_what_is_no_runs_key_is_left_as_it_is() -> None:
    for label in ("Bakkerij Jansen", "2025-2026", "Mark Jansen", "", "a\x1fb", "x\x1fy\x1fz"):
        assert run_name("nl", label, AMS) == label
    assert run_name("nl", "\x1f7\x1fCoach", AMS) == "Coach"  # a run without sessions


def test_only_the_run_columns_of_an_export_are_named() -> None:
    key = "2026-03-12T14:00:00\x1f1\x1fCoach"
    rows = named_rows(("course_run", "company", "mean"), [(key, key, 2.5)], "en", AMS)
    assert rows == (("Coach, from Thu 12 Mar 2026", key, 2.5),)
    rows = named_rows(("survey", "run", "mean"), [("s", key, None)], "nl", AMS)
    assert rows == (("s", "Coach, vanaf do 12 mrt 2026", None),)


@pytest.mark.parametrize(
    ("language", "excel"),
    [
        ("nl", (";", "Coach, vanaf do 12 mrt 2026", "Coach, vanaf do 5 feb 2026")),
        ("en", (",", "Coach, from Thu 12 Mar 2026", "Coach, from Thu 5 Feb 2026")),
    ],
)
async def test_the_command_line_exports_name_the_run_in_the_schools_language(
    svc: Services, tmp_path: Path, language: str, excel: tuple[str, str, str]
) -> None:
    await grouped_school(svc)  # run 1 (from 12 March) has 5 answers, run 2 (5 February) 2
    delimiter, first, second = excel
    env = {"DATABASE_PATH": str(tmp_path / "test.sqlite3"), "DEFAULT_LANGUAGE": language}
    found = {}
    for by in ((), ("--by", "run")):
        out = tmp_path / f"export{len(by)}.csv"
        args = ("export", "survey", "training_course", *by, "--out", str(out))
        result = await asyncio.to_thread(run_cli, *args, env=env, cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        text = out.read_bytes().decode("utf-8-sig")
        found[by] = list(csv.DictReader(io.StringIO(text), delimiter=delimiter))
    # One row per answer: run 2's two are left out (anonymous, below the minimum of 5).
    assert [row["course_run"] for row in found[()]] == [first] * 5
    assert {row["run"] for row in found[("--by", "run")]} == {first}
    assert second not in str(found)
    assert "#" not in str(found)
