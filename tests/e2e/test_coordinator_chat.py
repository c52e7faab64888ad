"""The coordinator in chat (issue 12): a roster sent as a file shows its changes and is
imported on Confirm, nothing on Cancel; a bad file is refused by line and writes nothing; the
invite links come back as a CSV; /placements, /invite (cutting a lost account), /coordinator
and /end."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from bot.demo import plain
from bot.demo.world import World
from tests.e2e.story import ROSTER, school_world
from tests.e2e.test_supervision_access import forge

CHANGED = (
    ROSTER.replace(
        "Mark Jansen,mark@bakkerij.example,Bakkerij Jansen,Ingrid Bos,ingrid@school.example,"
        "2026-03-02,2026-05-29,en",
        "Piet Bos,piet@bakkerij.example,Bakkerij Jansen,Ingrid Bos,ingrid@school.example,"
        "2026-03-02,2026-05-15,en",
    )
    .replace("language\n", "language,mentor_meeting_every_days\n")
    .replace(",en\n", ",en,14\n", 1)
)
NEW = (
    ROSTER + "Noor Bakker,noor@student.example,Fatima El Amrani,fatima@zorg.example,"
    "Zorgcentrum West,Peter Mulder,peter@school.example,2026-09-01,2027-01-29,en\n"
)


async def dump(world: World) -> list[tuple[object, ...]]:
    """What a roster writes: people, companies, placements, invites (not the conversation
    about it, its messages or the log)."""
    rows: list[tuple[object, ...]] = []
    async with world.bot.services.db.reading() as conn:
        for table in ("people", "companies", "placements", "invites", "checkins"):
            async with conn.execute(f"SELECT * FROM {table} ORDER BY 1") as cur:
                rows += [(table, *tuple(row)) for row in await cur.fetchall()]
    return rows


async def test_a_roster_sent_in_chat_shows_its_changes_then_imports_on_confirm(
    tmp_path: Path,
) -> None:
    async with school_world(tmp_path / "bot.sqlite3") as (world, _people, carla):
        assert "mentor_meeting_every_days" in CHANGED
        before = await dump(world)
        carla.upload_document("rooster.csv", CHANGED.encode("utf-8"))
        await world.settle()
        preview = plain(carla.texts()[-1])
        assert preview.startswith(
            "📄 This roster adds 0 placements and 1 people, and changes 1 placements (1 stay "
            "as they are).\n(read as UTF-8, separated by commas)\n"
            "• line 2: Sanne de Vries, Bakkerij Jansen\n"
            "    mentor: Mark Jansen <mark@bakkerij.example> → Piet Bos <piet@bakkerij.example>\n"
            "    last day: 2026-05-29 → 2026-05-15\n"
            "    mentor meeting every (days): 7 → 14\n\nImport these changes?"
        )
        old_import = carla.bot_messages[-1].callback_data_for("✅ Import")
        assert old_import is not None
        carla.press("✖️ Cancel")
        await world.settle()
        assert carla.texts()[-1] == "OK, nothing has been imported."
        assert await dump(world) == before
        forge(carla, old_import)  # the cancelled question's Import: refused, nothing written
        await world.settle()
        assert carla.answers[-1]["text"] == "This button no longer works."
        assert await dump(world) == before

        carla.upload_document("rooster.csv", CHANGED.encode("utf-8"))
        await world.settle()
        carla.press("✅ Import")
        await world.settle()
        assert plain(carla.texts()[-1]) == (
            "✅ Imported: 0 placements and 1 people added, 1 placements changed, 1 unchanged."
        )
        async with (
            world.bot.services.db.reading() as conn,
            conn.execute(
                """SELECT m.email, p.ends_on, p.mentor_meeting_every_days FROM placements p
                   JOIN people m ON m.id = p.mentor_id WHERE p.id = 1"""
            ) as cur,
        ):
            assert tuple(await cur.fetchone() or ()) == ("piet@bakkerij.example", "2026-05-15", 14)
        # The invite links of everyone who has not joined (Piet), as a CSV.
        carla.press("🔗 Invite links (CSV)")
        await world.settle()
        links = carla.bot_messages[-1]
        assert links.document is not None
        rows = list(csv.DictReader(io.StringIO(links.document[1].decode("utf-8-sig"))))
        assert [(r["name"], r["role"]) for r in rows] == [("Piet Bos", "mentor")]
        assert rows[0]["invite_link"].startswith("https://t.me/")


async def test_a_bad_file_is_refused_by_line_and_writes_nothing(tmp_path: Path) -> None:
    async with school_world(tmp_path / "bot.sqlite3") as (world, people, carla):
        before = await dump(world)
        bad = NEW.replace("2027-01-29", "29-13-2027").replace("noor@student.example", "noor@")
        carla.upload_document("rooster.csv", bad.encode("utf-8"))
        await world.settle()
        assert plain(carla.texts()[-1]).split("\n") == [
            "❌ Nothing has been imported: 1 line has mistakes. Fix it and send the file again.",
            "(read as UTF-8, separated by commas)",
            "line 4: ends_on '29-13-2027' is not a date (2026-03-02, 2-3-2026, 02-03-2026); "
            "student_email 'noor@' is not an email address",
        ]
        assert not carla.bot_messages[-1].buttons
        # A supervisor's file is no roster at all.
        people.supervisor.upload_document("rooster.csv", NEW.encode("utf-8"))
        await world.settle()
        assert people.supervisor.texts()[-1].startswith("I can only read text")
        assert await dump(world) == before
        carla.upload_document("rooster.csv", ROSTER.encode("utf-8"))
        await world.settle()
        assert carla.texts()[-1] == (
            "Nothing new in this file: its 2 placements are there already, unchanged."
        )


async def test_placements_invite_coordinator_and_end_in_chat(tmp_path: Path) -> None:
    async with school_world(tmp_path / "bot.sqlite3") as (world, people, carla):
        carla.send_text("/placements")
        await world.settle()
        listing = plain(carla.texts()[-1])
        assert listing.startswith("📚 Placements (2) — ✅ joined, ⏳ not yet\n\n")
        assert (
            "• ✅ Sanne de Vries, Bakkerij Jansen · mentor ✅ Mark Jansen · supervisor ✅ "
            "Ingrid Bos · 2026-03-02 – 2026-05-29"
        ) in listing
        # Sanne lost her phone: a fresh link cuts the account she joined with.
        carla.send_text("/invite sanne")
        await world.settle()
        assert carla.texts()[-1].startswith("Sanne de Vries has joined already.")
        carla.press("🔗 New link, cut the old account")
        await world.settle()
        link = plain(carla.texts()[-1]).split("\n")[-1]
        assert plain(carla.texts()[-1]).startswith("🔗 Invite link for Sanne de Vries (student)")
        old_phone = people.student
        old_phone.send_text("/checkin")
        await world.settle()
        assert "invite" in old_phone.texts()[-1].lower()  # a stranger now
        new_phone = world.user("Sanne", language="en")
        await world.join(new_phone, link.split("start=")[1])
        assert new_phone.texts()[-1].startswith("Welcome, Sanne")
        # Another coordinator, and his link.
        carla.send_text("/coordinator Kees Smit, kees@school.example")
        await world.settle()
        assert plain(carla.texts()[-1]).startswith("🔗 Invite link for Kees Smit (coordinator)")
        carla.send_text("/coordinator Mark, mark@bakkerij.example")
        await world.settle()
        assert carla.texts()[-1].startswith("That email belongs to someone with another role")
        # Daan dropped out: his placement ends, no check-in from today.
        carla.send_text("/end daan")
        await world.settle()
        carla.press("End: Daan Smit · Zorgcentrum West")
        await world.settle()
        carla.press("⏹ End it")
        await world.settle()
        assert carla.texts()[-1].startswith(
            "✅ The placement at Zorgcentrum West has been called off"
        )
        # A supervisor may do none of it, however he asks.
        ingrid = people.supervisor
        before = await dump(world)
        for command in (
            "/placements",
            "/invite sanne",
            "/end sanne",
            "/invites",
            "/coordinator Ingrid Bis, ingrid2@school.example",
        ):
            ingrid.send_text(command)
            await world.settle()
            assert ingrid.texts()[-1] in (
                "That is something only a coordinator does.",
                "Only a coordinator can add another coordinator.",
            )
        for data in ("ec:1", "ic:1", "ip:1", "iv:all", "pl:0"):
            forge(ingrid, data)
            await world.settle()
        assert await dump(world) == before
        assert not any("start=" in text for text in ingrid.texts())
