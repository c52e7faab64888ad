"""`python -m bot course invite RUN`: trainee mentors by name and email or a CSV, their links
printed and, with SMTP, emailed with the invite letter."""

from __future__ import annotations

import asyncio
import io
import os
import re
import sys
from pathlib import Path

import pypdf

from tests.conftest import ROSTER
from tests.e2e.smtp import Mailbox, body, smtp_server
from tests.test_cli import run_cli

# Far ahead of the real clock the command line runs on.
COURSE = (
    "course;date;time;minutes;link;assignment\n"
    "Praktijkopleider & coach;2031-03-12;15:00;90;https://meet.example.org/s1;Beschrijf.\n"
)
LINK = re.compile(r"https://t\.me/school_bot\?start=[A-Za-z0-9_-]+")


def school(tmp_path: Path) -> dict[str, str]:
    """A database with the roster and run 1 (Ingrid trains it); the settings to reach it."""
    env = {"DATABASE_PATH": str(tmp_path / "school.sqlite3"), "BOT_USERNAME": "school_bot"}
    (tmp_path / "roster.csv").write_text(ROSTER, encoding="utf-8")
    (tmp_path / "course.csv").write_text(COURSE, encoding="utf-8")
    assert run_cli("import", "roster.csv", env=env, cwd=tmp_path).returncode == 0
    made = run_cli(
        "course",
        "create",
        "course.csv",
        "--trainer",
        "ingrid@school.example",
        env=env,
        cwd=tmp_path,
    )
    assert made.returncode == 0, made.stderr
    assert made.stdout.startswith("run 1 of 'Praktijkopleider & coach'")
    return env


def test_bad_invitations_say_why_in_one_line_and_invite_nobody(tmp_path: Path) -> None:
    env = school(tmp_path)
    (tmp_path / "bad.csv").write_text(
        "name;email;company\nTom;tom@bakkerij.example;B\nAd;ad-at-example;B\n", encoding="utf-8"
    )
    for args, said in (
        (("--csv", "bad.csv"), "mentorbot: bad.csv: line 3: 'ad-at-example' is no email address"),
        (("--csv", "missing.csv"), "mentorbot: cannot read missing.csv: No such file"),
        (("--name", "Tom"), "mentorbot: course invite needs --name and --email, or --csv FILE"),
        (("--name", "Tom", "--email", "tom@x"), "mentorbot: 'tom@x' is no email address"),
    ):
        result = run_cli("course", "invite", "1", *args, env=env, cwd=tmp_path)
        assert result.returncode == 1, args
        assert result.stderr.startswith(said), (args, result.stderr)
        assert "Traceback" not in result.stderr
    for run, said in (("99", "mentorbot: run 99: no such run"), ("x", "takes the run's number")):
        result = run_cli(
            "course",
            "invite",
            run,
            "--name",
            "Tom",
            "--email",
            "t@x.example",
            env=env,
            cwd=tmp_path,
        )
        assert result.returncode == 1
        assert said in result.stderr
    student = run_cli(
        "course", "invite", "1", "--name", "Sanne", "--email", "SANNE@student.example",
        env=env, cwd=tmp_path,
    )  # fmt: skip
    assert student.returncode == 1
    assert "not invited: this email is a student's" in student.stdout
    nobody = run_cli("course", "create", "course.csv", env=env, cwd=tmp_path)
    assert nobody.returncode == 2
    assert nobody.stderr == "mentorbot: course create needs --trainer EMAIL\n"
    status = run_cli("status", env=env, cwd=tmp_path)
    assert "tom@bakkerij.example" not in status.stdout


def test_invited_from_a_csv_each_gets_his_link_once(tmp_path: Path) -> None:
    env = school(tmp_path)
    (tmp_path / "trainees.csv").write_bytes(
        "name;email;company\nTom Bakker;tom@bakkerij.example;Bakkerij Jansen\n"
        "Zoë Ĳssel;zoe@zorg.example;\n".encode()
    )
    result = run_cli("course", "invite", "1", "--csv", "trainees.csv", env=env, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert [line.split(": ")[0] for line in lines] == [
        "Tom Bakker <tom@bakkerij.example>",
        "Zoë Ĳssel <zoe@zorg.example>",
    ]
    assert all(LINK.search(line) and "works once, until" in line for line in lines)
    again = run_cli("course", "invite", "1", "--csv", "trainees.csv", env=env, cwd=tmp_path)
    new_links = LINK.findall(again.stdout)
    assert len(new_links) == 2
    assert set(new_links).isdisjoint(LINK.findall(result.stdout))  # fresh ones replace them


async def test_with_smtp_the_trainee_gets_his_link_and_letter_by_email(tmp_path: Path) -> None:
    env = school(tmp_path)
    mailbox = Mailbox()
    async with smtp_server(mailbox) as port:
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            "course",
            "invite",
            "1",
            "--name",
            "Tom Bakker & Zn",
            "--email",
            "tom@bakkerij.example",
            "--company",
            "Bakkerij Jansen",
            env={
                **os.environ,
                "PYTHONPATH": str(Path(__file__).parent.parent),
                **env,
                "SMTP_URL": f"smtp://127.0.0.1:{port}",
                "SMTP_FROM": "bpv@school.example",
                "DEFAULT_LANGUAGE": "nl",
                "SCHOOL_NAME": "ROC Rijn & IJssel",
            },
            cwd=tmp_path,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        out, err = await asyncio.wait_for(process.communicate(), 120)
    assert process.returncode == 0, err.decode()
    assert "1 of 1 invitations emailed" in out.decode()
    printed = LINK.findall(out.decode())
    [email] = mailbox.to("tom@bakkerij.example")
    assert email["Subject"] == (
        "Je uitnodiging voor de praktijkopleiderstraining Praktijkopleider & coach "
        "van ROC Rijn & IJssel"
    )
    text = body(email)
    assert text.startswith("Beste Tom Bakker & Zn,")
    assert LINK.findall(text) == printed
    [letter] = list(email.iter_attachments())
    assert (letter.get_filename() or "").startswith("trainee_mentor-tom-bakker-zn-")
    pdf = pypdf.PdfReader(io.BytesIO(letter.get_content()))
    page = pdf.pages[0].extract_text()
    assert "Tom Bakker & Zn" in page
    assert "praktijkopleider in opleiding" in page
    assert printed[0] in page.replace("\n", "")
