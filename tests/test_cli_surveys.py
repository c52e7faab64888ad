"""`python -m bot survey load FILE` and `survey list` as an operator runs them."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from tests.test_cli import run_cli


def test_a_bad_definition_is_refused_with_its_line_and_a_good_one_is_listed(
    tmp_path: Path,
) -> None:
    env = {"DATABASE_PATH": str(tmp_path / "bot.sqlite3")}
    source = (resources.files("bot") / "surveys" / "student_mid.toml").read_text("utf-8")
    bad = tmp_path / "bad.toml"
    bad.write_text(
        source.replace('kind = "yes_no"', 'kind = "maybe"').replace(
            'text.en = "My workplace mentor has enough time for me."\n', ""
        ),
        encoding="utf-8",
    )
    refused = run_cli("survey", "load", str(bad), env=env, cwd=tmp_path)
    assert refused.returncode == 1
    lines = refused.stderr.splitlines()
    assert len(lines) == 2, refused.stderr
    assert "line 43, question 'mentor_time': missing_translation: text.en" in lines[0]
    assert "question 'recommend': unknown_kind: kind = 'maybe'" in lines[1]
    assert "Traceback" not in refused.stderr
    assert run_cli("survey", "list", env=env, cwd=tmp_path).stdout == ""  # nothing stored

    good = tmp_path / "mine.toml"
    good.write_text(source.replace('name = "student_mid"', 'name = "our_mid"'), encoding="utf-8")
    loaded = run_cli("survey", "load", str(good), env=env, cwd=tmp_path)
    assert (loaded.returncode, loaded.stdout) == (0, "our_mid version 1 loaded: 7 questions\n")
    again = run_cli("survey", "load", str(good), env=env, cwd=tmp_path)
    assert again.stdout == "our_mid version 1 stored already: 7 questions\n"
    good.write_text(good.read_text("utf-8").replace("Ik leer", "Ik werk"), encoding="utf-8")
    changed = run_cli("survey", "load", str(good), env=env, cwd=tmp_path)
    assert changed.returncode == 1
    assert "raise `version`" in changed.stderr
    listed = run_cli("survey", "list", env=env, cwd=tmp_path)
    assert listed.stdout.startswith("our_mid v1: student, mid, 7 questions (loaded ")
    assert run_cli("survey", "load", env=env, cwd=tmp_path).returncode == 2
    exported = run_cli(
        "export", "survey", "our_mid", "--out", str(tmp_path / "o.csv"), env=env, cwd=tmp_path
    )
    assert exported.stdout.startswith("0 answers to our_mid written to "), exported.stderr
    header = (tmp_path / "o.csv").read_text("utf-8-sig").splitlines()[0]
    assert header.startswith(
        "survey;version;company;school_year;mentor;course_run;person;answered_at;safe;"
    )
    by_mentor = run_cli("export", "survey", "our_mid", "--by", "mentor", env=env, cwd=tmp_path)
    assert by_mentor.stdout.startswith("0 result lines per mentor of our_mid written to ")
    end = tmp_path / "end.toml"
    end.write_text((resources.files("bot") / "surveys" / "student_end.toml").read_text("utf-8"))
    assert run_cli("survey", "load", str(end), env=env, cwd=tmp_path).returncode == 0
    anonymous = run_cli("export", "survey", "student_end", "--by", "mentor", env=env, cwd=tmp_path)
    assert anonymous.returncode == 1, anonymous.stdout
    assert "student_end is anonymous: its results are not grouped by mentor" in anonymous.stderr
    unknown = run_cli("export", "survey", "nope", env=env, cwd=tmp_path)
    assert unknown.returncode == 1
    assert "no survey is called 'nope'" in unknown.stderr
