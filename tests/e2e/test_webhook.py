"""Webhook mode against the emulator's setWebhook: secret checked, update stored before 200."""

from __future__ import annotations

import json
import socket
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from tornado.httpclient import AsyncHTTPClient, HTTPRequest

from bot.demo.world import World, open_world
from bot.settings import SettingsError, load_settings
from bot.webhook import SECRET_HEADER
from tests.conftest import ROSTER, START

SECRET = "webhook-secret_123"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def inbox_ids(database: Path) -> list[int]:
    """The update ids in the inbox, read through a connection of our own."""
    with sqlite3.connect(database) as conn:
        return [row[0] for row in conn.execute("SELECT update_id FROM inbox ORDER BY 1")]


@pytest.fixture
async def hooked(tmp_path: Path) -> AsyncIterator[tuple[World, str]]:
    port = free_port()
    url = f"http://127.0.0.1:{port}/telegram/updates"
    async with open_world(
        tmp_path / "bot.sqlite3", START, webhook_url=url, webhook_secret=SECRET, webhook_port=port
    ) as world:
        yield world, url


async def test_updates_arrive_by_webhook_and_are_answered(hooked: tuple[World, str]) -> None:
    world, url = hooked
    emulator = world.emulator
    assert (emulator.webhook_url, emulator.webhook_secret) == (url, SECRET)
    await world.import_roster(ROSTER)
    tokens = await world.invite_tokens()
    mark = world.user("Mark", language="en")
    await world.join(mark, tokens["mark@bakkerij.example"])
    mark.send_text("/help")
    await world.settle()
    assert mark.texts()[0].startswith("Welcome, Mark Jansen!")
    assert mark.texts()[1].startswith("<b>What I do for you</b>")
    assert emulator.count("getUpdates") == 0
    assert emulator.count("deleteWebhook") == 0
    assert emulator.webhook_error is None


async def test_each_update_is_in_the_inbox_before_telegram_gets_200(
    hooked: tuple[World, str],
) -> None:
    world, _ = hooked
    database = world.bot.settings.database_path
    seen_at_200: list[tuple[int, list[int]]] = []
    confirm = world.emulator.queue.confirm

    def confirm_and_look(offset: int) -> None:
        # The emulator confirms an update the moment the webhook answered 200.
        seen_at_200.append((offset - 1, inbox_ids(database)))
        confirm(offset)

    world.emulator.queue.confirm = confirm_and_look  # type: ignore[method-assign]
    eve = world.user("Eve", language="en")
    sent = [eve.send_text(f"hello {n}") for n in range(5)]
    await world.settle()
    assert [update_id for update_id, _ in seen_at_200] == sent
    assert all(update_id in stored for update_id, stored in seen_at_200)
    assert len(eve.texts()) == 5


@pytest.mark.parametrize("headers", [{}, {SECRET_HEADER: "wrong"}, {SECRET_HEADER: ""}])
async def test_a_post_without_the_right_secret_gets_403_and_stores_nothing(
    hooked: tuple[World, str],
    headers: dict[str, str],
) -> None:
    world, url = hooked
    forged = {
        "update_id": 777,
        "message": {
            "message_id": 1,
            "date": 0,
            "chat": {"id": 9, "type": "private"},
            "from": {"id": 9, "is_bot": False, "first_name": "Mallory"},
            "text": "/start",
        },
    }
    client = AsyncHTTPClient(force_instance=True)
    try:
        response = await client.fetch(
            HTTPRequest(
                url,
                method="POST",
                body=json.dumps(forged),
                headers={"Content-Type": "application/json", **headers},
            ),
            raise_error=False,
        )
        right = await client.fetch(
            HTTPRequest(url, method="POST", body="not json", headers={SECRET_HEADER: SECRET}),
            raise_error=False,
        )
    finally:
        client.close()
    assert response.code == 403
    assert right.code == 400
    await world.settle()
    assert inbox_ids(world.bot.settings.database_path) == []
    assert world.emulator.count("sendMessage") == 0


def test_a_webhook_url_without_a_secret_is_a_settings_error(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("MENTORBOT_HOME", str(tmp_path))  # where no .env is
    monkeypatch.delenv("WEBHOOK_SECRET", raising=False)
    with pytest.raises(SettingsError, match=r"^WEBHOOK_SECRET is invalid \(WEBHOOK_URL is set"):
        load_settings(webhook_url="https://bot.example/hook")
    with pytest.raises(SettingsError, match=r"^WEBHOOK_SECRET is invalid \(only A-Z"):
        load_settings(webhook_url="https://bot.example/hook", webhook_secret="with spaces")
