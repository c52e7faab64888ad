"""The Bot API emulator: updates, buttons, edits and Telegram's checks, over real HTTP."""

from __future__ import annotations

import asyncio
import time

import pytest
from telegram import (
    Bot,
)
from telegram.error import (
    BadRequest,
    Conflict,
    Forbidden,
)

from bot.sandbox import BotApiEmulator
from tests.sandbox.conftest import ANN, keyboard


async def test_get_me_answers_the_configured_bot(emu: BotApiEmulator, bot: Bot) -> None:
    me = await bot.get_me()
    assert (me.id, me.username, me.is_bot) == (123456, "mentorbot_test_bot", True)


async def test_long_poll_returns_as_soon_as_a_user_writes(emu: BotApiEmulator, bot: Bot) -> None:
    ann = emu.user(ANN, "Ann")
    # A poll that would last an hour: it can only be back within the test's limit because
    # the message woke it (no time measured, so a slow machine cannot fail it).
    poll = asyncio.create_task(bot.get_updates(timeout=3600))
    await emu.wait_for(lambda: emu.poller >= 1, 60)
    ann.send_text("/checkin now")
    updates = await asyncio.wait_for(poll, 60)
    assert updates[0].message is not None
    assert updates[0].message.text == "/checkin now"
    assert updates[0].message.entities[0].type == "bot_command"
    assert updates[0].message.entities[0].length == len("/checkin")


async def test_offset_confirms_updates_and_limit_caps_the_batch(
    emu: BotApiEmulator, bot: Bot
) -> None:
    ann = emu.user(ANN, "Ann")
    ids = [ann.send_text(f"m{i}") for i in range(4)]
    assert [u.update_id for u in await bot.get_updates(limit=2)] == ids[:2]
    assert emu.pending_updates == 4  # nothing confirmed until an offset says so
    rest = await bot.get_updates(offset=ids[2])
    assert [u.update_id for u in rest] == ids[2:]
    assert emu.pending_updates == 2
    assert await bot.get_updates(offset=ids[3] + 1) == ()
    assert emu.pending_updates == 0


async def test_an_update_numbered_below_a_given_offset_is_never_served(
    emu: BotApiEmulator, bot: Bot
) -> None:
    # Telegram counts every update below the offset as confirmed, also one that comes later:
    # a bot that confirms one too far loses the next update.
    ann = emu.user(ANN, "Ann")
    first = ann.send_text("one")
    assert [u.update_id for u in await bot.get_updates()] == [first]
    assert await bot.get_updates(offset=first + 2) == ()
    lost = ann.send_text("two")
    assert lost == first + 1
    kept = ann.send_text("three")
    assert [u.update_id for u in await bot.get_updates(offset=first + 2)] == [kept]


async def test_an_update_sent_again_is_served_below_the_offset(
    emu: BotApiEmulator, bot: Bot
) -> None:
    ann = emu.user(ANN, "Ann")
    first = ann.send_text("one")
    update = (await bot.get_updates())[0].to_dict()
    assert await bot.get_updates(offset=first + 1) == ()
    assert emu.inject_update(update, again=True) == first  # a replay, as after a lost confirm
    assert [u.update_id for u in await bot.get_updates(timeout=0)] == [first]


async def test_a_fresh_emulator_numbers_on_from_the_first_offset_it_is_given(
    emu: BotApiEmulator, bot: Bot
) -> None:
    # It stands for the server a bot with a stored inbox polled before: no update is lost.
    assert await bot.get_updates(offset=42) == ()
    assert emu.user(ANN, "Ann").send_text("hello") == 42


async def test_get_updates_notes_when_each_update_was_first_handed_out(
    emu: BotApiEmulator, bot: Bot
) -> None:
    ann = emu.user(ANN, "Ann")
    first = ann.send_text("one")
    assert emu.queue.delivered_at == {}
    before = time.monotonic()
    await bot.get_updates()
    handed_out = emu.queue.delivered_at[first]
    assert before <= handed_out <= time.monotonic()
    second = ann.send_text("two")
    await bot.get_updates()  # not confirmed yet: the first goes out again, its time stays
    assert emu.queue.delivered_at[first] == handed_out
    assert emu.queue.delivered_at[second] >= handed_out


async def test_negative_offset_keeps_only_the_newest(emu: BotApiEmulator, bot: Bot) -> None:
    ann = emu.user(ANN, "Ann")
    ids = [ann.send_text(f"m{i}") for i in range(3)]
    assert [u.update_id for u in await bot.get_updates(offset=-1)] == ids[-1:]


async def test_a_second_poller_terminates_the_first(emu: BotApiEmulator, bot: Bot) -> None:
    first = asyncio.create_task(bot.get_updates(timeout=10))
    await emu.wait_for(lambda: emu.poller >= 1)
    async with Bot(emu.token, base_url=f"{emu.base_url}/bot") as second_instance:
        assert await second_instance.get_updates() == ()
    with pytest.raises(Conflict, match=r"(?i)terminated by other getUpdates"):
        await first


async def test_pressing_a_button_sends_a_callback_query(emu: BotApiEmulator, bot: Bot) -> None:
    ann = emu.user(ANN, "Ann")
    sent = await bot.send_message(ANN, "How was it?", reply_markup=keyboard(("🙂 4", "ci:4")))
    assert ann.bot_messages[-1].buttons == [[("🙂 4", "ci:4")]]
    ann.press("🙂 4")
    (update,) = await bot.get_updates()
    query = update.callback_query
    assert query is not None
    assert (query.data, query.from_user.id) == ("ci:4", ANN)
    assert query.message is not None
    assert query.message.message_id == sent.message_id
    assert await query.answer("Noted") is True
    assert ann.answers[0]["text"] == "Noted"
    with pytest.raises(BadRequest, match=r"(?i)query is too old"):
        await query.answer()  # each query is answered once


async def test_press_without_such_button_says_what_is_there(emu: BotApiEmulator) -> None:
    ann = emu.user(ANN, "Ann")
    with pytest.raises(LookupError, match="no button 'Yes'"):
        ann.press("Yes")


async def test_edit_applies_in_the_chat_and_counts_as_news(emu: BotApiEmulator, bot: Bot) -> None:
    ann = emu.user(ANN, "Ann")
    sent = await bot.send_message(ANN, "Meeting?", reply_markup=keyboard(("Yes", "m:y")))
    await ann.receives("Meeting?")
    await bot.edit_message_text("Meeting confirmed", chat_id=ANN, message_id=sent.message_id)
    edited = await ann.receives("confirmed")
    assert (edited.edited, edited.reply_markup) == (True, None)  # no markup: keyboard removed
    assert ann.texts() == ["Meeting confirmed"]


async def test_edit_with_the_same_content_is_not_modified(emu: BotApiEmulator, bot: Bot) -> None:
    emu.user(ANN, "Ann")
    sent = await bot.send_message(ANN, "Same", reply_markup=keyboard(("Ok", "ok")))
    with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
        await bot.edit_message_text(
            "Same", chat_id=ANN, message_id=sent.message_id, reply_markup=keyboard(("Ok", "ok"))
        )
    with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
        await bot.edit_message_reply_markup(
            ANN, sent.message_id, reply_markup=keyboard(("Ok", "ok"))
        )


async def test_text_limit_counts_utf16_units_after_html(emu: BotApiEmulator, bot: Bot) -> None:
    emu.user(ANN, "Ann")
    await bot.send_message(ANN, "<b>" + "x" * 4096 + "</b>", parse_mode="HTML")  # tags are free
    with pytest.raises(BadRequest, match=r"(?i)message is too long"):
        await bot.send_message(ANN, "x" * 4097)
    with pytest.raises(BadRequest, match=r"(?i)message is too long"):
        await bot.send_message(ANN, "😀" * 2049)  # 2049 characters, 4098 UTF-16 units
    with pytest.raises(BadRequest, match=r"(?i)message text is empty"):
        await bot.send_message(ANN, "  ")


async def test_callback_data_over_64_bytes_is_rejected(emu: BotApiEmulator, bot: Bot) -> None:
    ann = emu.user(ANN, "Ann")
    with pytest.raises(BadRequest, match=r"(?i)BUTTON_DATA_INVALID"):
        await bot.send_message(ANN, "Pick", reply_markup=keyboard(("x", "é" * 33)))
    assert ann.chat == []  # a refused call leaves nothing behind


async def test_unknown_chat_and_blocked_user(emu: BotApiEmulator, bot: Bot) -> None:
    with pytest.raises(BadRequest, match=r"(?i)chat not found"):
        await bot.send_message(777, "hello")
    emu.user(ANN, "Ann").block_bot()
    with pytest.raises(Forbidden, match=r"(?i)bot was blocked by the user"):
        await bot.send_message(ANN, "hello")
    assert emu.count("sendMessage", 403) == 1


@pytest.mark.parametrize(
    ("html", "error"),
    [
        ("<b>open", "Can't find end tag"),
        ("<b><i>x</b></i>", "Unmatched end tag"),
        ("<blink>x</blink>", "Unsupported start tag"),
        ("Q&A", "Character entity expected"),
        ("x</i>", "Unexpected end tag"),
    ],
)
async def test_broken_html_cannot_be_parsed(
    emu: BotApiEmulator, bot: Bot, html: str, error: str
) -> None:
    emu.user(ANN, "Ann")
    with pytest.raises(BadRequest, match=rf"(?i)can't parse entities: {error}"):
        await bot.send_message(ANN, html, parse_mode="HTML")


async def test_valid_html_is_kept_raw_in_the_chat(emu: BotApiEmulator, bot: Bot) -> None:
    ann = emu.user(ANN, "Ann")
    html = '<b>Q &amp; A</b> <a href="https://x.nl">l</a> <tg-spoiler>s</tg-spoiler>'
    sent = await bot.send_message(ANN, html, parse_mode="HTML")
    assert sent.text == "Q & A l s"  # what the user sees
    assert ann.texts() == [html]  # what the bot sent
