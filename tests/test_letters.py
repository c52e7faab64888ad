"""Invite letters as a coordinator makes them: a PDF per person, the right link in text and QR."""

from __future__ import annotations

import asyncio
import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import pypdf
import segno
from PIL import Image

from bot.documents.letter import MODULE, QUIET_ZONE, qr_place
from tests.conftest import ROSTER
from tests.e2e.smtp import Mailbox, body, smtp_server
from tests.test_cli import run_cli

LINK = re.compile(r"https://t\.me/school_bot\?start=[A-Za-z0-9_-]{43}")
HOSTILE = ("Ngọc Özdemir-Ĳsselstein & <b>Zoë</b> 🎓 " + "van der " * 20).strip()
# Sanne in English; a student whose name is long, marked up, with emoji and diacritics.
ROSTER_EN = (
    ROSTER.replace("starts_on,ends_on\n", "starts_on,ends_on,language\n")
    .replace("2026-06-26\n", "2026-06-26,nl\n")
    .replace("2026-03-02,2026-06-26,nl\nDaan", "2026-03-02,2026-06-26,en\nDaan", 1)
    .replace("Lotte Visser", f'"{HOSTILE}"')
)
DPI = 200


def letters_of(tmp_path: Path, *extra: str, env: dict[str, str] | None = None) -> Path:
    """Import the roster and write the letters; the folder they are in."""
    settings = {
        "DATABASE_PATH": str(tmp_path / "school.sqlite3"),
        "BOT_USERNAME": "school_bot",
        "SCHOOL_NAME": "Grafisch Lyceum & Co",
        **(env or {}),
    }
    roster = tmp_path / "roster.csv"
    roster.write_text(ROSTER_EN, encoding="utf-8")
    imported = run_cli("import", str(roster), env=settings, cwd=tmp_path)
    assert imported.returncode == 0, imported.stderr
    folder = tmp_path / "letters"
    written = run_cli("invites", "--letters", str(folder), *extra, env=settings, cwd=tmp_path)
    assert written.returncode == 0, written.stderr
    assert written.stdout.startswith(f"7 invite letters written to {folder}")
    return folder


def text_of(path: Path) -> str:
    reader = pypdf.PdfReader(path)
    assert len(reader.pages) == 1, path.name
    return reader.pages[0].extract_text()


def link_in(text: str) -> str:
    """The link as the letter prints it (broken over lines anywhere: joined again)."""
    found = LINK.findall(text.replace("\n", ""))
    assert len(found) == 1, text
    return str(found[0])


def qr_read_back(pdf: Path, size: int) -> dict[tuple[int, int], bool]:
    """Render the page and read the modules (and the quiet zone around) from the pixels."""
    subprocess.run(
        ["pdftoppm", "-r", str(DPI), "-png", "-singlefile", str(pdf), str(pdf.with_suffix(""))],
        check=True,
    )
    image = Image.open(pdf.with_suffix(".png")).convert("L")
    left, top = qr_place(image.height * 25.4 / DPI)
    px = DPI / 25.4

    def dark(row: int, column: int) -> bool:
        value = image.getpixel(
            (
                round((left + (column + 0.5) * MODULE) * px),
                round((top + (row + 0.5) * MODULE) * px),
            )
        )
        assert isinstance(value, int)
        return value < 128

    span = range(-QUIET_ZONE, size + QUIET_ZONE)
    return {(row, column): dark(row, column) for row in span for column in span}


def test_one_letter_per_person_in_his_language_with_the_link_in_text_and_qr(
    tmp_path: Path,
) -> None:
    folder = letters_of(tmp_path)
    letters = sorted(folder.glob("*.pdf"))
    assert [p.name.split("-")[0] for p in letters] == (
        ["mentor"] * 2 + ["student"] * 3 + ["supervisor"] * 2
    )
    links = set()
    for letter in letters:
        assert stat.S_IMODE(letter.stat().st_mode) == 0o600  # live links: the owner's only
        text = text_of(letter)
        link = link_in(text)
        links.add(link)
        expected = segno.make_qr(link, error="m").matrix
        size = len(expected)
        seen = qr_read_back(letter, size)
        assert [[seen[r, c] for c in range(size)] for r in range(size)] == [
            [bool(cell) for cell in row] for row in expected
        ], letter.name
        # The quiet zone around it is white: a phone finds the code.
        assert not any(
            dark for (r, c), dark in seen.items() if not (0 <= r < size and 0 <= c < size)
        )
        assert "Grafisch Lyceum & Co" in text  # plain text: no &amp;
    assert len(links) == 7
    sanne = text_of(next(folder.glob("student-sanne-de-vries-*.pdf")))
    assert "Dear Sanne de Vries," in sanne
    assert "Install Telegram" in sanne
    assert re.search(r"works once, until \d{1,2} [A-Z][a-z]+ 20\d\d", sanne.replace("\n", " "))
    mark = text_of(next(folder.glob("mentor-mark-jansen-*.pdf")))
    assert "Beste Mark Jansen," in mark
    assert "praktijkopleider" in mark
    assert "Installeer Telegram" in mark
    hostile = text_of(next(folder.glob("student-ngoc-ozdemir-ijsselstein-b-zoe-b-van*.pdf")))
    assert "Ngọc Özdemir-Ĳsselstein & <b>Zoë</b>" in hostile.replace("\n", " ")


def test_no_letter_when_everyone_has_joined_and_a_bad_folder_is_one_line(
    tmp_path: Path,
) -> None:
    folder = letters_of(tmp_path)
    env = {"DATABASE_PATH": str(tmp_path / "school.sqlite3"), "BOT_USERNAME": "school_bot"}
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    refused = run_cli("invites", "--letters", str(blocked / "letters"), env=env, cwd=tmp_path)
    assert refused.returncode == 1
    assert refused.stderr.startswith("mentorbot: Not a directory:")
    assert refused.stderr.count("\n") == 1
    assert len(list(folder.glob("*.pdf"))) == 7
    nomail = run_cli("invites", "--letters", str(folder), "--email", env=env, cwd=tmp_path)
    assert nomail.returncode == 2
    assert "--email needs SMTP_URL" in nomail.stderr


async def test_email_sends_each_adult_his_letter_and_the_students_to_the_school(
    tmp_path: Path,
) -> None:
    settings = {"DATABASE_PATH": str(tmp_path / "school.sqlite3"), "BOT_USERNAME": "school_bot"}
    roster = tmp_path / "roster.csv"
    roster.write_text(ROSTER_EN, encoding="utf-8")
    assert run_cli("import", str(roster), env=settings, cwd=tmp_path).returncode == 0
    mailbox = Mailbox(refuse=["peter@school.example"])
    async with smtp_server(mailbox) as port:
        env = {
            **os.environ,
            "PYTHONPATH": str(Path(__file__).parent.parent),
            **settings,
            "SMTP_URL": f"smtp://127.0.0.1:{port}",
            "SMTP_FROM": "bpv@school.example",
        }
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            "invites",
            "--letters",
            str(tmp_path / "out"),
            "--email",
            env=env,
            cwd=tmp_path,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        out, err = await asyncio.wait_for(process.communicate(), 120)
    # Peter's server refuses him: said in one line, the others still go, exit code 1.
    assert process.returncode == 1, err.decode()
    assert err.decode().splitlines() == [
        "mentorbot: the letter email to peter@school.example could not be sent: "
        "SMTPRecipientsRefused"
    ]
    assert "4 of 5 emails sent (4 to adults, 3 student letters to bpv@school.example)" in (
        out.decode()
    )
    assert sorted(m["To"] for m in mailbox.messages) == [
        "bpv@school.example",
        "fatima@zorg.example",
        "ingrid@school.example",
        "mark@bakkerij.example",
    ]
    school = mailbox.to("bpv@school.example")[0]
    attached = [part.get_filename() or "" for part in school.iter_attachments()]
    assert len(attached) == 3
    assert all(name.startswith("student-") for name in attached)
    mark = mailbox.to("mark@bakkerij.example")[0]
    assert [p.get_filename() for p in mark.iter_attachments()] == [
        next(n.name for n in (tmp_path / "out").glob("mentor-mark-jansen-*.pdf"))
    ]
    assert "Beste Mark Jansen," in body(mark)
