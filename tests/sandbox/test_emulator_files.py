"""The Bot API emulator's files: documents and photos both ways, getFile and the download URL."""

from __future__ import annotations

import httpx
import pytest
from telegram import Bot, InputFile
from telegram.error import BadRequest, NetworkError

from bot.sandbox import BotApiEmulator
from tests.sandbox.conftest import ANN, png

# Every byte value, and more than one network read: what arrives must be exactly this.
BINARY = bytes(range(256)) * 4096


async def test_a_document_that_is_no_picture_is_refused_as_a_photo(
    emu: BotApiEmulator,
    bot: Bot,
) -> None:
    ann = emu.user(ANN, "Ann")
    with pytest.raises(BadRequest, match="Image_process_failed"):
        await bot.send_photo(ANN, b"\x89PNG but not really", caption="chart")
    with pytest.raises(BadRequest, match="Photo_invalid_dimensions"):
        await bot.send_photo(ANN, png(420, 20), caption="a thin strip")
    with pytest.raises(BadRequest, match="File must be non-empty"):
        await bot.send_document(ANN, b"", filename="empty.csv")
    assert ann.chat == []
    assert emu.files == {}


async def test_a_document_and_a_photo_arrive_with_their_bytes(
    emu: BotApiEmulator,
    bot: Bot,
) -> None:
    ann = emu.user(ANN, "Ann")
    picture = png(64, 48)
    sent_doc = await bot.send_document(
        ANN,
        InputFile(BINARY, filename="verslag-ë.pdf"),
        caption="<b>Your</b> report",
        parse_mode="HTML",
    )
    sent_photo = await bot.send_photo(
        ANN, InputFile(picture, filename="chart.png"), caption="chart"
    )
    doc, photo = ann.bot_messages
    assert doc.document == ("verslag-ë.pdf", BINARY)
    assert doc.content == BINARY
    assert doc.text == "<b>Your</b> report"
    assert photo.content == photo.photo == picture
    # What the bot learns back is what Telegram tells: name, type, size, the picture's size.
    assert sent_doc.document is not None
    assert (
        sent_doc.document.file_name,
        sent_doc.document.mime_type,
        sent_doc.document.file_size,
    ) == ("verslag-ë.pdf", "application/pdf", len(BINARY))
    assert sent_doc.caption == "Your report"
    assert [(p.width, p.height) for p in sent_photo.photo] == [(64, 48)]


async def test_a_file_the_bot_sent_downloads_again_and_can_be_sent_by_id(
    emu: BotApiEmulator,
    bot: Bot,
) -> None:
    ann = emu.user(ANN, "Ann")
    sent = await bot.send_document(ANN, InputFile(BINARY, filename="data.bin"))
    assert sent.document is not None
    file = await bot.get_file(sent.document.file_id)
    assert bytes(await file.download_as_bytearray()) == BINARY
    again = await bot.send_document(ANN, sent.document.file_id, caption="once more")
    assert again.document is not None
    assert again.document.file_id == sent.document.file_id
    assert [m.content for m in ann.bot_messages] == [BINARY, BINARY]


async def test_a_document_a_user_sends_downloads_through_get_file(
    emu: BotApiEmulator,
    bot: Bot,
) -> None:
    ann = emu.user(ANN, "Ann")
    ann.upload_document(
        "rooster 2026 (def).csv", BINARY, caption="the roster", mime_type="text/csv"
    )
    (update,) = await bot.get_updates()
    assert update.message is not None
    document = update.message.document
    assert document is not None
    assert (document.file_name, document.mime_type, document.file_size) == (
        "rooster 2026 (def).csv",
        "text/csv",
        len(BINARY),
    )
    assert update.message.caption == "the roster"
    file = await bot.get_file(document.file_id)
    assert file.file_path is not None
    assert bytes(await file.download_as_bytearray()) == BINARY
    with pytest.raises(BadRequest, match="Invalid file_id"):
        await bot.get_file(document.file_id + "x")


async def test_the_download_url_wants_the_token_and_a_known_path(emu: BotApiEmulator) -> None:
    ann = emu.user(ANN, "Ann")
    ann.upload_document("a.csv", b"x,y\n")
    (stored,) = emu.files.values()
    base = f"{emu.base_url}/file/bot"
    async with httpx.AsyncClient() as client:
        good = await client.get(f"{base}{emu.token}/{stored.file_path}")
        assert (good.status_code, good.content) == (200, b"x,y\n")
        other_token = await client.get(f"{base}999:OTHER/{stored.file_path}")
        unknown = await client.get(f"{base}{emu.token}/documents/file_999.csv")
        climbing = await client.get(f"{base}{emu.token}/../{stored.file_path}")
    assert other_token.status_code == 401
    assert unknown.status_code == 404
    assert climbing.status_code == 404


async def test_a_fault_scripted_for_one_method_waits_for_that_method(
    emu: BotApiEmulator,
    bot: Bot,
) -> None:
    ann = emu.user(ANN, "Ann")
    emu.faults.script(["500"], method="sendDocument")
    await bot.send_message(ANN, "first")  # not a document: untouched
    with pytest.raises(NetworkError):
        await bot.send_document(ANN, b"1", filename="a.txt")
    await bot.send_document(ANN, b"2", filename="b.txt")
    assert [m.text or m.content for m in ann.bot_messages] == ["first", b"2"]
    assert emu.faults.scripted == 0
