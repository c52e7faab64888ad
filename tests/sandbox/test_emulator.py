"""The Bot API emulator, exercised by the real PTB Bot over HTTP."""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeChat,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Update,
)
from telegram.error import (
    BadRequest,
    Conflict,
    EndPointNotFound,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TimedOut,
)
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, ContextTypes
from tornado import web
from tornado.httpserver import HTTPServer
from tornado.netutil import bind_sockets

from bot.sandbox import BotApiEmulator, Faults

ANN = 1001


@pytest.fixture
async def emu() -> AsyncIterator[BotApiEmulator]:
    """A running emulator, stopped after the test."""
    async with BotApiEmulator() as emulator:
        yield emulator


@pytest.fixture
async def bot(emu: BotApiEmulator) -> AsyncIterator[Bot]:
    """The real PTB Bot pointed at the emulator."""
    async with Bot(emu.token, base_url=f"{emu.base_url}/bot",
                   base_file_url=f"{emu.base_url}/file/bot") as client:
        yield client


@pytest.fixture
def timedelta_retry_after(monkeypatch: pytest.MonkeyPatch) -> None:
    """Opt in to PTB's timedelta retry_after; the int form warns (and warnings are errors)."""
    monkeypatch.setenv("PTB_TIMEDELTA", "true")


def keyboard(*pairs: tuple[str, str]) -> InlineKeyboardMarkup:
    """One row of callback buttons."""
    return InlineKeyboardMarkup([[InlineKeyboardButton(t, callback_data=d) for t, d in pairs]])


async def test_get_me_answers_the_configured_bot(emu: BotApiEmulator, bot: Bot) -> None:
    me = await bot.get_me()
    assert (me.id, me.username, me.is_bot) == (123456, "mentorbot_test_bot", True)


async def test_long_poll_returns_as_soon_as_a_user_writes(
    emu: BotApiEmulator, bot: Bot
) -> None:
    ann = emu.user(ANN, "Ann")
    started = time.monotonic()
    poll = asyncio.create_task(bot.get_updates(timeout=10))
    await emu.wait_for(lambda: emu.poller >= 1)
    ann.send_text("/checkin now")
    updates = await poll
    assert time.monotonic() - started < 5
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
        await bot.edit_message_text("Same", chat_id=ANN, message_id=sent.message_id,
                                    reply_markup=keyboard(("Ok", "ok")))
    with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
        await bot.edit_message_reply_markup(ANN, sent.message_id,
                                            reply_markup=keyboard(("Ok", "ok")))


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


async def test_per_chat_limit_answers_retry_after(
    emu: BotApiEmulator, bot: Bot, timedelta_retry_after: None
) -> None:
    emu.user(ANN, "Ann")
    emu.user(ANN + 1, "Bob")
    emu.enforce_limits = True
    await bot.send_message(ANN, "one")
    with pytest.raises(RetryAfter) as caught:
        await bot.send_message(ANN, "two")
    assert caught.value.retry_after == timedelta(seconds=1)
    await bot.send_message(ANN + 1, "another chat is fine")
    assert emu.count(status=429) == 1


async def test_global_limit_counts_every_chat(
    emu: BotApiEmulator, bot: Bot, timedelta_retry_after: None
) -> None:
    emu.enforce_limits, emu.global_per_second = True, 3
    for chat_id in range(1, 5):
        emu.user(chat_id, f"u{chat_id}")
    for chat_id in range(1, 4):
        await bot.send_message(chat_id, "hi")
    with pytest.raises(RetryAfter):
        await bot.send_message(4, "hi")


async def test_min_gap_per_chat_measures_successful_sends(
    emu: BotApiEmulator, bot: Bot
) -> None:
    emu.user(ANN, "Ann")
    emu.enforce_limits, emu.per_chat_interval = True, 0.05
    assert emu.min_gap_per_chat() == float("inf")
    await bot.send_message(ANN, "one")
    await asyncio.sleep(0.06)  # exactly what the (shortened) per-chat limit demands
    await bot.send_message(ANN, "two")
    assert 0.05 <= emu.min_gap_per_chat() < 1


async def test_server_errors_raise_network_error_without_side_effect(
    emu: BotApiEmulator, bot: Bot
) -> None:
    ann = emu.user(ANN, "Ann")
    emu.faults.server_error_rate = 1.0
    with pytest.raises(NetworkError):
        await bot.send_message(ANN, "lost")
    assert ann.chat == []
    assert emu.count("sendMessage", 500) + emu.count("sendMessage", 502) == 1


async def test_script_plays_outcomes_in_order_and_spares_get_updates(
    emu: BotApiEmulator, bot: Bot, timedelta_retry_after: None
) -> None:
    ann = emu.user(ANN, "Ann")
    emu.faults.script(["500", "429:3", "drop"])
    with pytest.raises(NetworkError, match=r"(?i)Internal Server Error"):
        await bot.send_message(ANN, "a")
    assert await bot.get_updates() == ()  # getUpdates does not consume the script
    with pytest.raises(RetryAfter) as caught:
        await bot.send_message(ANN, "b")
    assert caught.value.retry_after == timedelta(seconds=3)
    with pytest.raises(NetworkError, match=r"(?i)disconnected"):
        await bot.send_message(ANN, "c")
    await bot.send_message(ANN, "d")
    assert ann.texts() == ["d"]
    assert emu.count(status=0) == 1


async def test_flood_hits_only_sends(
    emu: BotApiEmulator, bot: Bot, timedelta_retry_after: None
) -> None:
    emu.user(ANN, "Ann")
    sent = await bot.send_message(ANN, "first")
    emu.faults.flood(2, retry_after=7)
    await bot.edit_message_text("edited", chat_id=ANN, message_id=sent.message_id)
    for _ in range(2):
        with pytest.raises(RetryAfter) as caught:
            await bot.send_message(ANN, "x")
        assert caught.value.retry_after == timedelta(seconds=7)
    await bot.send_message(ANN, "through")


async def test_slow_answer_times_out_the_client(emu: BotApiEmulator, bot: Bot) -> None:
    ann = emu.user(ANN, "Ann")
    emu.faults.slow_seconds = 0.3
    emu.faults.script(["slow", "slow"])
    with pytest.raises(TimedOut):
        await bot.send_message(ANN, "not delivered", read_timeout=0.1)
    emu.faults.slow_applies = True  # like Telegram: delivered although the client gave up
    with pytest.raises(TimedOut):
        await bot.send_message(ANN, "delivered anyway", read_timeout=0.1)
    await ann.receives("delivered anyway")
    assert ann.texts() == ["delivered anyway"]


def test_seeded_faults_are_reproducible() -> None:
    def run(seed: int) -> list[str]:
        faults = Faults(seed)
        faults.server_error_rate, faults.drop_rate = 0.3, 0.2
        return [faults.next_outcome("sendMessage", is_send=True) for _ in range(50)]

    assert run(7) == run(7)
    assert {"ok", "drop"} <= set(run(7))
    with pytest.raises(ValueError, match="unknown fault"):
        Faults().script(["boom"])


async def test_send_document_and_photo_arrive_with_content(emu: BotApiEmulator, bot: Bot) -> None:
    ann = emu.user(ANN, "Ann")
    await bot.send_document(ANN, b"a,b\n1,2\n", filename="report.csv", caption="Your report")
    await bot.send_photo(ANN, b"\x89PNG fake", caption="chart")
    doc, photo = ann.bot_messages
    assert (doc.document, doc.text) == (("report.csv", b"a,b\n1,2\n"), "Your report")
    assert photo.photo == b"\x89PNG fake"


async def test_uploaded_document_downloads_through_get_file(
    emu: BotApiEmulator, bot: Bot
) -> None:
    ann = emu.user(ANN, "Ann")
    ann.upload_document("roster.csv", b"name\nAnn\n", caption="roster")
    (update,) = await bot.get_updates()
    assert update.message is not None
    assert update.message.document is not None
    assert update.message.document.file_name == "roster.csv"
    file = await bot.get_file(update.message.document.file_id)
    assert await file.download_as_bytearray() == bytearray(b"name\nAnn\n")


async def test_chat_scoped_commands_are_what_the_user_sees(emu: BotApiEmulator, bot: Bot) -> None:
    ann, bob = emu.user(ANN, "Ann", language_code="nl"), emu.user(ANN + 1, "Bob")
    await bot.set_my_commands([BotCommand("start", "Begin")])
    await bot.set_my_commands([BotCommand("checkin", "Check in")], scope=BotCommandScopeChat(ANN))
    assert ann.commands == [{"command": "checkin", "description": "Check in"}]
    assert bob.commands == [{"command": "start", "description": "Begin"}]
    assert [c.command for c in await bot.get_my_commands(scope=BotCommandScopeChat(ANN))] == [
        "checkin"
    ]
    await bot.delete_my_commands(scope=BotCommandScopeChat(ANN))
    assert ann.commands == bob.commands


async def test_webhook_posts_updates_with_secret_and_retries(
    emu: BotApiEmulator, bot: Bot
) -> None:
    received: list[tuple[str | None, dict[str, object]]] = []
    answers = [500, 200]

    class Hook(web.RequestHandler):
        def post(self) -> None:
            self.set_status(answers.pop(0) if answers else 200)
            if self.get_status() == 200:
                secret = self.request.headers.get("X-Telegram-Bot-Api-Secret-Token")
                received.append((secret, json.loads(self.request.body)))

    sockets = bind_sockets(0, "127.0.0.1")
    server = HTTPServer(web.Application([(r"/hook", Hook)], log_function=lambda h: None))
    server.add_sockets(sockets)
    try:
        url = f"http://127.0.0.1:{sockets[0].getsockname()[1]}/hook"
        await bot.set_webhook(url, secret_token="s3cret")
        assert emu.webhook_url == url
        update_id = emu.user(ANN, "Ann").send_text("via webhook")
        await emu.wait_for(lambda: bool(received))
        assert received[0][0] == "s3cret"
        assert received[0][1]["update_id"] == update_id
        assert emu.pending_updates == 0
        with pytest.raises(Conflict, match=r"(?i)webhook is active"):
            await bot.get_updates()
        await bot.delete_webhook()
        assert emu.webhook_url is None
        assert await bot.get_updates() == ()
    finally:
        server.stop()
        await server.close_all_connections()


async def test_wrong_token_and_unknown_method(emu: BotApiEmulator) -> None:
    with pytest.raises(InvalidToken):
        async with Bot("999:WRONG", base_url=f"{emu.base_url}/bot"):
            pass
    async with Bot(emu.token, base_url=f"{emu.base_url}/bot") as client:
        with pytest.raises(EndPointNotFound, match="fooBar"):
            await client.do_api_request("fooBar")
    assert (emu.count(status=401), emu.count("fooBar", 404)) == (1, 1)


async def test_json_and_form_bodies_are_both_understood(emu: BotApiEmulator) -> None:
    ann = emu.user(ANN, "Ann")
    url = f"{emu.base_url}/bot{emu.token}/sendMessage"
    markup = {"inline_keyboard": [[{"text": "Go", "callback_data": "go"}]]}
    async with httpx.AsyncClient() as http:
        as_json = await http.post(url, json={"chat_id": ANN, "text": "j", "reply_markup": markup})
        as_form = await http.post(url, data={"chat_id": str(ANN), "text": "123",
                                             "reply_markup": json.dumps(markup)})
    assert (as_json.json()["ok"], as_form.json()["ok"]) == (True, True)
    assert ann.texts() == ["j", "123"]  # a numeric text stays text
    assert [m.buttons for m in ann.bot_messages] == [[[("Go", "go")]]] * 2


async def test_wait_for_times_out_with_a_useful_message(emu: BotApiEmulator) -> None:
    with pytest.raises(TimeoutError, match=r"still false after 0.05s; pending updates: 0"):
        await emu.wait_for(lambda: False, timeout=0.05)


async def test_receives_follows_the_story_in_order(emu: BotApiEmulator, bot: Bot) -> None:
    ann = emu.user(ANN, "Ann")
    ann.send_text("hi")
    await bot.send_message(ANN, "Welcome")
    await bot.send_message(ANN, "Check-in time")
    assert (await ann.receives("Welcome")).text == "Welcome"
    assert (await ann.receives(lambda m: "Check" in (m.text or ""))).text == "Check-in time"
    with pytest.raises(TimeoutError, match="no bot message matching 'Welcome'"):
        await ann.receives("Welcome", timeout=0.05)  # already seen; only news counts


async def test_forged_updates_and_user_edits_reach_the_bot(emu: BotApiEmulator, bot: Bot) -> None:
    ann = emu.user(ANN, "Ann")
    message_update = ann.send_text("typo")
    forged = {"message_id": 99, "date": 0, "chat": {"id": ANN, "type": "private"}}
    assert emu.inject_update({"update_id": 500, "message": forged}) == 500
    edit_update = ann.edit_text(ann.chat[0].message_id, "fixed")
    updates = await bot.get_updates()
    assert [u.update_id for u in updates] == [message_update, 500, edit_update]
    assert updates[2].edited_message is not None
    assert updates[2].edited_message.text == "fixed"
    emu.inject_update({"callback_query": {"id": "forged", "from": ann.user_dict(),
                                          "chat_instance": "x", "data": "??"}})
    assert await bot.answer_callback_query("forged") is True
    assert ann.answers == [{"callback_query_id": "forged"}]


async def test_groups_and_fake_clock_dates(emu: BotApiEmulator, bot: Bot) -> None:
    emu.now = lambda: datetime(2025, 3, 3, 9, 0, tzinfo=UTC)
    ann = emu.user(ANN, "Ann")
    team = emu.group(-100, "Placement team")
    team.send_text("hello all", user_id=ANN)
    (update,) = await bot.get_updates()
    assert update.message is not None
    assert update.message.chat.title == "Placement team"
    assert update.message.from_user is not None
    assert update.message.from_user.first_name == ann.first_name
    sent = await bot.send_message(-100, "hi team")
    assert sent.date == datetime(2025, 3, 3, 9, 0, tzinfo=UTC)
    assert team.texts() == ["hi team"]



async def test_real_application_answers_commands_and_buttons(emu: BotApiEmulator) -> None:
    async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Greet with the command's arguments and offer a button."""
        assert update.effective_chat is not None
        await update.effective_chat.send_message(
            f"Hello {' '.join(context.args or [])}", reply_markup=keyboard(("Go", "go"))
        )

    async def go(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Acknowledge the press by editing the message."""
        assert update.callback_query is not None
        await update.callback_query.answer()
        await update.callback_query.edit_message_text("Going")

    app = (Application.builder().token(emu.token).base_url(f"{emu.base_url}/bot")
           .base_file_url(f"{emu.base_url}/file/bot").build())
    app.add_handlers([CommandHandler("start", start), CallbackQueryHandler(go)])
    ann = emu.user(ANN, "Ann")
    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0, timeout=10)
        ann.send_command("start", "Ann Smit")
        assert (await ann.receives("Hello Ann Smit")).buttons == [[("Go", "go")]]
        ann.press("Go")
        await ann.receives("Going")
        await app.updater.stop()
        await app.stop()
    assert ann.texts() == ["Going"]
    assert (emu.count("sendMessage", 200), emu.count("editMessageText", 200)) == (1, 1)
    assert emu.count("answerCallbackQuery", 200) == 1


async def test_a_client_killed_mid_poll_does_not_block_the_next(
    emu: BotApiEmulator, bot: Bot
) -> None:
    async with httpx.AsyncClient() as http:
        doomed = asyncio.create_task(
            http.post(f"{emu.base_url}/bot{emu.token}/getUpdates", data={"timeout": "10"})
        )
        await emu.wait_for(lambda: emu.poller >= 1)
        doomed.cancel()  # like a crashed bot process: the socket just goes away
        with contextlib.suppress(asyncio.CancelledError):
            await doomed
    await emu.wait_for(lambda: emu.count("getUpdates", 499) == 1)  # noticed, not left hanging
    update_id = emu.user(ANN, "Ann").send_text("still here")
    assert [u.update_id for u in await bot.get_updates(timeout=5)] == [update_id]
