"""Webhook mode: Telegram POSTs each update to us; it is stored before we answer 200."""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import socket
from typing import Any

from tornado.httpserver import HTTPServer
from tornado.netutil import bind_sockets
from tornado.web import Application, RequestHandler

from bot.inbox import Inbox

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


class _UpdateHandler(RequestHandler):
    """POST <any path>: one update as JSON, from Telegram (proved by the secret header)."""

    def initialize(self, inbox: Inbox, secret: str) -> None:
        self.inbox, self.secret = inbox, secret

    async def post(self, _path: str) -> None:
        """Check the secret, store the update durably, and only then answer 200."""
        given = self.request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode(), self.secret.encode()):
            log.warning("webhook POST without the right secret from %s", self.request.remote_ip)
            self.send_error(403)
            return
        payload = _update_from(self.request.body)
        if payload is None:
            self.send_error(400)
            return
        # Telegram counts the update delivered once it has our 200: it must be in SQLite first.
        await self.inbox.accept([payload])
        self.finish()


def _update_from(body: bytes) -> dict[str, Any] | None:
    try:
        payload = json.loads(body)
    except ValueError:
        return None
    if not isinstance(payload, dict) or not isinstance(payload.get("update_id"), int):
        return None
    return payload


class WebhookServer:
    """A small HTTP server in the bot's event loop that feeds the durable inbox."""

    def __init__(self, inbox: Inbox, secret: str) -> None:
        args = {"inbox": inbox, "secret": secret}
        # Any path: the secret header is the proof, so a reverse proxy may map any path here.
        self._app = Application(
            [(r"/(.*)", _UpdateHandler, args)], log_function=lambda handler: None
        )
        self._sockets: list[socket.socket] = []

    def bind(self, listen: str, port: int) -> int:
        """Open the listening socket (before setWebhook, so no POST finds it closed)."""
        self._sockets = bind_sockets(port, listen)
        return int(self._sockets[0].getsockname()[1])

    async def serve(self) -> None:
        """Answer POSTs until cancelled, then close every connection."""
        server = HTTPServer(self._app, xheaders=True)
        server.add_sockets(self._sockets)
        try:
            await asyncio.Event().wait()
        finally:
            server.stop()
            await server.close_all_connections()
