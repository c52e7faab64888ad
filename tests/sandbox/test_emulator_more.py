"""The Bot API emulator: menus, webhooks, request bodies and a real Application."""

from __future__ import annotations

import asyncio
import contextlib
import json
from datetime import UTC, datetime

import httpx
import pytest
from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeChat,
    Update,
)
from telegram.error import (
    Conflict,
    EndPointNotFound,
    InvalidToken,
)
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, ContextTypes
from tornado import web
from tornado.httpserver import HTTPServer
from tornado.netutil import bind_sockets

from bot.sandbox import BotApiEmulator
from tests.sandbox.conftest import ANN, keyboard


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
        as_form = await http.post(
            url, data={"chat_id": str(ANN), "text": "123", "reply_markup": json.dumps(markup)}
        )
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
    emu.inject_update(
        {
            "callback_query": {
                "id": "forged",
                "from": ann.user_dict(),
                "chat_instance": "x",
                "data": "??",
            }
        }
    )
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

    app = (
        Application.builder()
        .token(emu.token)
        .base_url(f"{emu.base_url}/bot")
        .base_file_url(f"{emu.base_url}/file/bot")
        .build()
    )
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
