"""The HTTP side: tornado handlers, request decoding, faults, long polling, webhook delivery."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from tornado.httpclient import AsyncHTTPClient
from tornado.httpserver import HTTPServer
from tornado.httputil import HTTPServerRequest
from tornado.netutil import bind_sockets
from tornado.web import Application, RequestHandler

from bot.sandbox.account import ACCOUNT_METHODS
from bot.sandbox.checks import ApiError
from bot.sandbox.messages import MESSAGE_METHODS, SEND_METHODS, Files, Method, Params, bad
from bot.sandbox.model import Upload
from bot.sandbox.webhook import deliver_webhooks

if TYPE_CHECKING:
    from bot.sandbox.emulator import BotApiEmulator

logger = logging.getLogger(__name__)

METHODS: dict[str, Method] = {**MESSAGE_METHODS, **ACCOUNT_METHODS}
# Telegram matches method names case-insensitively.
_CANONICAL = {name.lower(): name for name in [*METHODS, "getUpdates"]}

# Form and multipart requests carry every non-string value JSON-encoded as a string.
_JSON_FIELDS = frozenset(
    {
        "reply_markup",
        "entities",
        "caption_entities",
        "allowed_updates",
        "commands",
        "scope",
        "link_preview_options",
        "reply_parameters",
    }
)
_INT_FIELDS = frozenset(
    {
        "chat_id",
        "message_id",
        "offset",
        "limit",
        "timeout",
        "user_id",
        "max_connections",
        "cache_time",
        "message_thread_id",
    }
)
_BOOL_FIELDS = frozenset(
    {
        "drop_pending_updates",
        "show_alert",
        "disable_notification",
        "protect_content",
        "disable_content_type_detection",
    }
)
Reply = tuple[int, dict[str, Any] | None]  # status 0 means: drop the connection


def _normalize(key: str, value: Any) -> Any:
    if not isinstance(value, str):
        return value
    if key in _JSON_FIELDS:
        try:
            return json.loads(value)
        except ValueError:
            raise bad(f"can't parse {key} JSON object") from None
    if key in _INT_FIELDS:
        with contextlib.suppress(ValueError):
            return int(value)
    if key in _BOOL_FIELDS:
        return value.lower() in ("true", "1")
    return value


def decode(request: HTTPServerRequest) -> tuple[Params, Files]:
    """Parameters from the query string plus a JSON, form or multipart body."""
    raw: dict[str, Any] = {k: v[-1].decode() for k, v in request.query_arguments.items()}
    if request.headers.get("Content-Type", "").startswith("application/json") and request.body:
        try:
            body = json.loads(request.body)
        except ValueError:
            raise bad("can't parse JSON body") from None
        if not isinstance(body, dict):
            raise bad("JSON body must be an object")
        raw.update(body)
    else:
        raw.update({k: v[-1].decode() for k, v in request.body_arguments.items()})
    files = {
        name: Upload(parts[0].filename, parts[0].body, parts[0].content_type)
        for name, parts in request.files.items()
        if parts
    }
    return {k: _normalize(k, v) for k, v in raw.items()}, files


def error_body(code: int, description: str, retry_after: int | None = None) -> dict[str, Any]:
    """A Bot API error answer."""
    body: dict[str, Any] = {"ok": False, "error_code": code, "description": description}
    if retry_after is not None:
        body["parameters"] = {"retry_after": retry_after}
    return body


async def get_updates(
    emu: BotApiEmulator, params: Params, gone: Callable[[], bool]
) -> list[dict[str, Any]]:
    """getUpdates: confirm by offset, then answer as soon as an update is there or on timeout."""
    if emu.webhook_url:
        raise ApiError(
            409,
            "Conflict: can't use getUpdates method while webhook is active; "
            "use deleteWebhook to delete the webhook first",
        )
    if isinstance(params.get("offset"), int):
        emu.queue.confirm(params["offset"])
    if isinstance(params.get("allowed_updates"), list):
        emu.queue.allowed = list(params["allowed_updates"])
    limit = min(max(int(params.get("limit") or 100), 1), 100)
    emu.poller += 1
    me = emu.poller
    emu.signal.notify()  # an older long poll must learn it was replaced
    loop = asyncio.get_running_loop()
    deadline = loop.time() + max(0.0, float(params.get("timeout") or 0))
    while True:
        if me != emu.poller:
            raise ApiError(
                409,
                "Conflict: terminated by other getUpdates request; make sure "
                "that only one bot instance is running",
            )
        batch = emu.queue.hand_out(limit)
        remaining = deadline - loop.time()
        if batch or remaining <= 0 or emu.stopping or gone():
            return batch
        await emu.signal.wait(remaining)


async def serve_call(
    emu: BotApiEmulator, name: str, params: Params, files: Files, gone: Callable[[], bool]
) -> Reply:
    """Apply the next fault, then the method; a failed call leaves no side effect."""
    outcome = emu.faults.next_outcome(name, is_send=name in SEND_METHODS)
    emu.signal.notify()  # a test may wait for a call to arrive (a scripted fault consumed)
    if outcome == "drop":
        return 0, None
    if outcome == "slow":
        applies = emu.faults.slow_applies  # decided now: the test may flip it while we wait
        await emu.pause(emu.faults.slow_seconds)
        if not applies:
            return 504, error_body(504, "Gateway Timeout")
    elif outcome in ("500", "502"):
        phrase = "Internal Server Error" if outcome == "500" else "Bad Gateway"
        return int(outcome), error_body(int(outcome), phrase)
    elif outcome.startswith("429:"):
        wait = int(outcome.removeprefix("429:"))
        return 429, error_body(429, f"Too Many Requests: retry after {wait}", wait)
    try:
        if name == "getUpdates":
            result: Any = await get_updates(emu, params, gone)
        else:
            result = METHODS[name](emu, params, files)
    except ApiError as err:
        return err.code, error_body(err.code, err.description, err.retry_after)
    except Exception as exc:  # an emulator bug: answer and record it rather than hang waiters
        logger.exception("emulator failed on %s %r", name, params)
        return 500, error_body(500, f"Internal Server Error: emulator bug: {exc!r}")
    return 200, {"ok": True, "result": result}


class _ApiHandler(RequestHandler):
    """POST/GET {base}/bot<token>/<method>."""

    def initialize(self, emu: BotApiEmulator) -> None:
        self.emu = emu
        self.gone = False

    def on_connection_close(self) -> None:
        # A client that gave up (cancelled long poll, killed process) ends its long poll now.
        self.gone = True
        self.emu.signal.notify()

    async def get(self, token: str, method: str) -> None:
        """Telegram accepts GET with query parameters too."""
        await self._handle(token, method)

    async def post(self, token: str, method: str) -> None:
        """What PTB sends: form-urlencoded or multipart; JSON bodies are accepted as well."""
        await self._handle(token, method)

    async def _handle(self, token: str, method: str) -> None:
        name = _CANONICAL.get(method.lower(), method)
        started = time.monotonic()
        params: Params = {}
        body: dict[str, Any] | None
        if token != self.emu.token:
            status, body = 401, error_body(401, "Unauthorized")
        elif method.lower() not in _CANONICAL:
            status, body = 404, error_body(404, "Not Found")
        else:
            try:
                params, files = decode(self.request)
            except ApiError as err:
                status, body = err.code, error_body(err.code, err.description)
            else:
                status, body = await serve_call(self.emu, name, params, files, lambda: self.gone)
        if self.gone:  # 499 as nginx logs it: the client closed the connection first
            self.emu.record(name, params, 499, "client closed the connection", started)
            return
        self.emu.record(
            name, params, status, body.get("description") if body else "dropped", started
        )
        if body is None:
            self.detach().close()  # a dropped connection: the client sees no answer at all
            return
        self.set_status(status)
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps(body))


class _FileHandler(RequestHandler):
    """GET {base}/file/bot<token>/<file_path>."""

    def initialize(self, emu: BotApiEmulator) -> None:
        self.emu = emu

    def get(self, token: str, path: str) -> None:
        """Serve a stored file's bytes."""
        stored = self.emu.file_paths.get(path) if token == self.emu.token else None
        if stored is None:
            known = token == self.emu.token
            status, reason = (404, "Not Found") if known else (401, "Unauthorized")
            self.set_status(status)
            self.finish(json.dumps(error_body(status, reason)))
            return
        self.set_header("Content-Type", stored.mime_type)
        self.finish(stored.content)


class ApiServer:
    """The tornado server and the webhook task of one emulator."""

    def __init__(self, emu: BotApiEmulator) -> None:
        args = {"emu": emu}
        self._app = Application(
            [
                (r"/bot([^/]+)/([A-Za-z_]+)/?", _ApiHandler, args),
                (r"/file/bot([^/]+)/(.+)", _FileHandler, args),
            ],
            log_function=lambda handler: None,  # tests provoke 4xx/5xx; keep stderr quiet
        )
        self._emu = emu
        self._server: HTTPServer | None = None
        self._client: AsyncHTTPClient | None = None
        self._webhooks: asyncio.Task[None] | None = None

    async def start(self, host: str, port: int) -> int:
        """Listen and return the bound port."""
        sockets = bind_sockets(port, host)
        self._server = HTTPServer(self._app, xheaders=False)
        self._server.add_sockets(sockets)
        self._client = AsyncHTTPClient(force_instance=True)
        self._webhooks = asyncio.create_task(deliver_webhooks(self._emu, self._client))
        return int(sockets[0].getsockname()[1])

    async def stop(self) -> None:
        """Stop listening, finish the webhook task, close every connection."""
        if self._webhooks is not None:
            self._webhooks.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._webhooks
        if self._server is not None:
            self._server.stop()
            await self._server.close_all_connections()
        if self._client is not None:
            self._client.close()
