"""Documents and photos through the outbox, files made off the event loop, files users send."""

from __future__ import annotations

import asyncio
import io
import logging
import struct
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader

from bot.demo.world import World
from bot.domain.messages import Message, Payload
from bot.domain.people import Role
from bot.sandbox.checks import plain_text
from bot.sandbox.emulator import BotApiEmulator
from storage.db import Database
from storage.outbox import OutboxRepo
from storage.people import PeopleRepo
from tests.conftest import START
from tests.e2e.crashing import CrashingBot, problems_in, rows
from tests.kinds import (
    LONG_CAPTION,
    SLOW,
    Broken,
    Chart,
    LongCaption,
    NotAPicture,
    Note,
    Report,
    Slow,
    chart_png,
    note_text,
    report_pdf,
)
from tests.processes import Processes

ANN_TG, BOB_TG = 61_001, 61_002


async def joined(db: Database, name: str, telegram_id: int) -> int:
    """A student who joined with this Telegram id; returns his person id."""
    async with db.transaction() as conn:
        people = PeopleRepo(conn)
        person = await people.add(
            name, f"{telegram_id}@student.example", Role.STUDENT, "en", START
        )
        await people.link_telegram(person, telegram_id, "en")
    return person


async def ann_joined(db: Database) -> int:
    """Ann Smit, a student who joined with Telegram id ANN_TG."""
    return await joined(db, "Ann Smit", ANN_TG)


async def queue(db: Database, person_id: int, *payloads: Payload) -> None:
    """Messages to one person, as a service would write them."""
    async with db.transaction() as conn:
        await OutboxRepo(conn).add(
            [Message(f"{p.kind}:{n}", person_id, p) for n, p in enumerate(payloads)], START
        )


def png_size(content: bytes) -> tuple[int, int]:
    """Width and height from a PNG's header."""
    assert content.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = struct.unpack(">II", content[16:24])
    return width, height


@pytest.fixture
def slow_gate() -> Iterator[None]:
    SLOW.reset()
    yield
    SLOW.open.set()  # never leave a worker thread waiting


async def test_a_document_and_a_photo_go_out_through_the_outbox(world: World) -> None:
    ann_chat = world.emulator.user(ANN_TG, "Ann")
    ann = await ann_joined(world.bot.services.db)
    await queue(world.bot.services.db, ann, Report(7), Chart(12), Note(3))
    world.bot.sender.wake()
    await world.settle()
    document, photo, note = ann_chat.bot_messages
    assert document.document is not None
    assert document.document[0] == "report-7.pdf"
    assert document.text == "<b>Report</b> 7 for Ann Smit"
    assert document.content == report_pdf(7)  # the user opens the file he received
    assert PdfReader(io.BytesIO(document.content)).pages[0].extract_text() == "Report 7"
    assert photo.content == chart_png(12)
    assert png_size(photo.content) == (200, 150)
    assert photo.text == "12 points"
    assert note.text == note_text(3)
    assert [c.method for c in world.emulator.calls if c.status == 200 and c.chat_id == ANN_TG] == [
        "sendDocument",
        "sendPhoto",
        "sendMessage",
    ]
    async with (
        world.bot.services.db.reading() as conn,
        conn.execute("SELECT status, message_id FROM outbox ORDER BY id") as cur,
    ):
        assert [tuple(r) for r in await cur.fetchall()] == [("sent", 1), ("sent", 2), ("sent", 3)]


async def test_a_file_that_cannot_be_made_or_sent_fails_alone_and_loudly(
    world: World,
    caplog: pytest.LogCaptureFixture,
) -> None:
    ann_chat = world.emulator.user(ANN_TG, "Ann")
    ann = await ann_joined(world.bot.services.db)
    with caplog.at_level(logging.ERROR):
        await queue(world.bot.services.db, ann, Broken(1), NotAPicture(2), Note(3))
        world.bot.sender.wake()
        await world.settle()
    assert ann_chat.texts() == [note_text(3)]
    async with (
        world.bot.services.db.reading() as conn,
        conn.execute("SELECT status, attempts, last_error FROM outbox ORDER BY id") as cur,
    ):
        found = [tuple(r) for r in await cur.fetchall()]
    # A maker with a bug, and a picture Telegram refuses: neither is tried again.
    assert [(status, attempts) for status, attempts, _ in found] == [
        ("failed", 1),
        ("failed", 1),
        ("sent", 1),
    ]
    assert "ZeroDivisionError" in found[0][2]
    assert "Image_process_failed" in found[1][2]
    assert world.emulator.count("sendPhoto", 400) == 1
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert any("cannot be sent" in e and "ZeroDivisionError" in e for e in errors), errors


async def test_a_caption_too_long_for_telegram_follows_the_file_whole(world: World) -> None:
    ann_chat = world.emulator.user(ANN_TG, "Ann")
    ann = await ann_joined(world.bot.services.db)
    await queue(world.bot.services.db, ann, LongCaption(1), Note(2))
    world.bot.sender.wake()
    await world.settle()
    document, *parts, note = ann_chat.bot_messages
    assert (document.document, document.text) == (("long-1.txt", b"long"), None)
    assert len(parts) >= 2
    said = " ".join(plain_text(part.text or "", part.parse_mode) for part in parts)
    assert said.split() == f"Notes\n{LONG_CAPTION}".split()
    assert note.text == note_text(2)
    assert world.emulator.count(status=400) == 0


async def test_a_file_is_made_off_the_event_loop(world: World, slow_gate: None) -> None:
    ann_chat = world.emulator.user(ANN_TG, "Ann")
    ann = await ann_joined(world.bot.services.db)
    await queue(world.bot.services.db, ann, Slow(1))
    world.bot.sender.wake()
    assert await asyncio.to_thread(SLOW.running.wait, 30)
    # While the file is being made, the bot answers people: its event loop is free.
    stranger = world.user("Stranger", language="en")
    stranger.send_text("hello?")
    await stranger.receives(lambda m: True, timeout=30)
    assert ann_chat.bot_messages == []
    SLOW.open.set()
    await world.settle()
    (document,) = ann_chat.bot_messages
    assert (document.document, document.text) == (("slow-1.txt", b"slow 1"), None)


async def test_a_document_and_a_photo_survive_a_sigkill_between_queueing_and_sending(
    tmp_path: Path,
    processes: Processes,
) -> None:
    database = tmp_path / "bot.sqlite3"
    db = await Database.open(database)
    ann, bob = await ann_joined(db), await joined(db, "Bob Bakker", BOB_TG)
    await queue(db, ann, Report(3))
    await queue(db, bob, Chart(5))
    await db.close()
    async with BotApiEmulator() as emulator:
        ann_chat, bob_chat = emulator.user(ANN_TG, "Ann"), emulator.user(BOB_TG, "Bob")
        # Telegram takes both uploads and does not answer: they are in flight when the bot dies
        # (one message per chat at a time, so each goes to its own chat).
        emulator.faults.slow_seconds = 3600
        emulator.faults.script(["slow"], method="sendDocument")
        emulator.faults.script(["slow"], method="sendPhoto")
        bot = CrashingBot(
            emulator,
            ["tests.kinds", "run"],
            database,
            tmp_path,
            in_flight=4,
            processes=processes,
            settings={"REQUEST_TIMEOUT_SECONDS": "600"},
        )
        await bot.start()
        await bot.until(lambda: emulator.faults.scripted == 0)
        await bot.kill()
        assert ann_chat.bot_messages == bob_chat.bot_messages == []
        assert rows(database, "SELECT status FROM outbox") == [("pending",), ("pending",)]
        await bot.start()
        await bot.until(lambda: len(ann_chat.bot_messages) == len(bob_chat.bot_messages) == 1)
        await bot.stop()
    (document,), (photo,) = ann_chat.bot_messages, bob_chat.bot_messages
    assert document.document is not None
    assert document.document[0] == "report-3.pdf"
    assert document.content == report_pdf(3)  # made again from ids, to the same bytes
    assert photo.content == chart_png(5)
    assert rows(database, "SELECT status FROM outbox") == [("sent",), ("sent",)]
    assert emulator.count("sendDocument", 200) == emulator.count("sendPhoto", 200) == 1
    assert await problems_in(database) == []


async def test_a_document_a_user_sends_is_downloadable_by_the_bot(world: World) -> None:
    content = bytes(range(256)) * 64 + "Özdemir;Ĳsselstein\r\n".encode()
    user = world.user("Carla", language="en")
    user.upload_document("rooster.csv", content, caption="the roster")
    await world.settle()
    (stored,) = world.emulator.files.values()
    # The running bot's own client, configured as for any Bot API server: getFile, then the
    # file URL /file/bot<token>/<file_path>.
    file = await world.bot.application.bot.get_file(stored.file_id)
    assert file.file_path is not None
    assert file.file_size == len(content)
    assert bytes(await file.download_as_bytearray()) == content
