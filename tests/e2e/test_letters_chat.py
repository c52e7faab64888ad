"""/letters: a coordinator gets the invite letters in chat, one ZIP of PDFs; nobody else does."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pypdf

from bot.i18n import t
from tests.e2e.story import ROSTER, school_world

NEW = (
    ROSTER + "Noor Bakker,noor@student.example,Fatima El Amrani,fatima@zorg.example,"
    "Zorgcentrum West,Peter Mulder,peter@school.example,2026-09-01,2027-01-29,nl\n"
)


async def test_a_coordinator_gets_the_letters_of_whoever_has_not_joined(tmp_path: Path) -> None:
    async with school_world(tmp_path / "bot.sqlite3", school_name="ROC Zeeland") as (
        world,
        people,
        carla,
    ):
        # Nobody else may, however he asks.
        people.supervisor.send_command("/letters")
        await world.settle()
        assert people.supervisor.texts()[-1] == t("en", "coordinator.only")
        stranger = world.user("Eve", language="en")
        stranger.send_command("/letters")
        await world.settle()
        assert "personal invite link" in stranger.texts()[-1]
        carla.send_command("/letters")
        await world.settle()
        assert carla.texts()[-1] == t("en", "invites.everyone_joined")

        await world.import_roster(NEW)
        carla.send_command("/letters")
        await world.settle()
        sent = carla.bot_messages[-1]
        assert sent.document is not None
        assert sent.document[0] == "invite-letters.zip"
        assert sent.text == t("en", "letters.caption", n=1)
        assert sent.content is not None
        with zipfile.ZipFile(io.BytesIO(sent.content)) as archive:
            names = archive.namelist()
            assert names == [next(n for n in names if n.startswith("student-noor-bakker-"))]
            text = pypdf.PdfReader(io.BytesIO(archive.read(names[0]))).pages[0].extract_text()
        assert "Beste Noor Bakker," in text
        assert "ROC Zeeland" in text
        link = re.findall(r"https://t\.me/\w+\?start=[A-Za-z0-9_-]{43}", text.replace("\n", ""))
        assert len(link) == 1
        # The link in the letter lets Noor in.
        noor = world.user("Noor")
        await world.join(noor, link[0].split("start=")[1])
        assert noor.texts()[0].startswith("Welkom, Noor Bakker")
