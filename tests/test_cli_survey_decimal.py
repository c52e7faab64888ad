"""`python -m bot export survey NAME --by KEY` as Excel reads it: a Dutch export is split at ";"
and its means carry a decimal comma (as every export: bot/documents/spreadsheet.py), an English
one "," and a decimal point; UTF-8 with a BOM both."""

from __future__ import annotations

import asyncio
import csv
import io
from pathlib import Path

import pytest

from bot.services.runtime import Services
from tests.services.test_survey_results import school
from tests.test_cli import run_cli


@pytest.mark.parametrize(
    ("language", "excel"),
    [("nl", (";", "2,3", "5,0")), ("en", (",", "2.3", "5.0"))],
)
async def test_the_means_read_back_as_numbers_in_the_exports_language(
    svc: Services, tmp_path: Path, language: str, excel: tuple[str, str, str]
) -> None:
    delimiter, mean, whole = excel  # the separator, 'safe' (4, 2, 1), 'mentor_time' (5 each)
    await school(svc, anonymous_answers=0)  # 'safe' answered 4, 2 and 1 this school year
    env = {"DATABASE_PATH": str(tmp_path / "test.sqlite3"), "DEFAULT_LANGUAGE": language}
    out = tmp_path / "by-year.csv"
    args = ("export", "survey", "student_mid", "--by", "year", "--out", str(out))
    result = await asyncio.to_thread(run_cli, *args, env=env, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    data = out.read_bytes()
    assert data.startswith("\ufeff".encode())
    # Excel splits at its list separator only; a decimal sign that is the separator would
    # push every later column one to the right.
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=delimiter))
    header, lines = rows[0], rows[1:]
    assert all(len(line) == len(header) for line in lines)
    found = {
        line[header.index("question")]: dict(zip(header, line, strict=True)) for line in lines
    }
    assert found["safe"]["year"] == "2025-2026"
    assert found["safe"]["mean"] == mean
    assert found["mentor_time"]["mean"] == whole
    assert found["tasks"]["mean"] == ""  # a choice has no mean
    assert float(found["safe"]["mean"].replace(",", ".")) == pytest.approx(7 / 3, abs=0.05)
