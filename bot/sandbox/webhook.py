"""Webhook mode: Telegram POSTs each update to the bot's URL until it answers 200."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from tornado.httpclient import AsyncHTTPClient, HTTPRequest

if TYPE_CHECKING:
    from bot.sandbox.emulator import BotApiEmulator


async def deliver_webhooks(emu: BotApiEmulator, client: AsyncHTTPClient) -> None:
    """POST each pending update to the webhook in order, retrying until it answers 200."""
    backoff = 0.05
    while not emu.stopping:
        batch = emu.queue.peek(1) if emu.webhook_url else []
        if not batch or emu.webhook_url is None:
            await emu.signal.wait(60.0)
            continue
        headers = {"Content-Type": "application/json"}
        if emu.webhook_secret:
            headers["X-Telegram-Bot-Api-Secret-Token"] = emu.webhook_secret
        request = HTTPRequest(
            emu.webhook_url,
            method="POST",
            body=json.dumps(batch[0]),
            headers=headers,
            request_timeout=10.0,
        )
        try:
            code = (await client.fetch(request, raise_error=False)).code
        except Exception as exc:  # refused or reset: the bot is down, Telegram just retries
            code, reason = 0, repr(exc)
        else:
            reason = f"Wrong response from the webhook: {code}"
        if code == 200:
            emu.queue.confirm(int(batch[0]["update_id"]) + 1)
            emu.webhook_error, backoff = None, 0.05
            emu.signal.notify()
            continue
        emu.webhook_error = (emu.date(), reason)
        await emu.pause(backoff)
        backoff = min(backoff * 2, 1.0)
