"""The local Telegram Bot API emulator: state, simulated people and what tests ask of it."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import Counter
from collections.abc import Callable
from datetime import datetime
from pathlib import PurePosixPath
from types import TracebackType
from typing import Any

from bot.sandbox.account import ScopeKey
from bot.sandbox.chats import SimChat, SimGroup
from bot.sandbox.checks import ApiError
from bot.sandbox.faults import Faults
from bot.sandbox.limits import RateLimiter
from bot.sandbox.model import ApiCall, StoredFile
from bot.sandbox.server import ApiServer
from bot.sandbox.updates import Signal, UpdateQueue
from bot.sandbox.users import SimUser


class BotApiEmulator:
    """A Bot API server on 127.0.0.1 that the real PTB bot talks to over HTTP."""

    def __init__(
        self,
        *,
        token: str = "123456:TEST-TOKEN",
        bot_username: str = "mentorbot_test_bot",
        enforce_limits: bool = False,
        per_chat_interval: float = 1.0,
        global_per_second: int = 30,
    ) -> None:
        self.token = token
        self.bot_username = bot_username
        self.bot_id = int(token.split(":", 1)[0]) if token.split(":", 1)[0].isdigit() else 1
        self.enforce_limits = enforce_limits
        self.limiter = RateLimiter(per_chat_interval, global_per_second)
        self.faults = Faults()
        self.now: Callable[[], datetime] | None = None  # the tests' fake clock for message dates
        self.base_url = ""
        self.calls: list[ApiCall] = []
        self._counts: Counter[tuple[str, int]] = Counter()
        self.queue = UpdateQueue()
        self.signal = Signal()
        self.users: dict[int, SimUser] = {}
        self.chats: dict[int, SimChat] = {}
        self.files: dict[str, StoredFile] = {}
        self.file_paths: dict[str, StoredFile] = {}
        self.commands: dict[tuple[ScopeKey, str], list[dict[str, Any]]] = {}
        self.webhook_url: str | None = None
        self.webhook_secret: str | None = None
        self.webhook_error: tuple[int, str] | None = None  # (date, message) of the last failure
        self.poller = 0  # generation of the newest getUpdates; an older poll answers 409
        self._queries: dict[str, int] = {}
        self._serial = 0
        self._stopping = asyncio.Event()
        self._server: ApiServer | None = None

    # --- life cycle -------------------------------------------------------------------------

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> None:
        """Listen on host:port (0 picks a free port) and set base_url."""
        self._stopping = asyncio.Event()
        self._server = ApiServer(self)
        bound = await self._server.start(host, port)
        self.base_url = f"http://{host}:{bound}"

    async def stop(self) -> None:
        """Answer pending long polls, stop webhook delivery and close every connection."""
        self._stopping.set()
        self.signal.notify()
        if self._server is not None:
            await self._server.stop()
            self._server = None

    async def __aenter__(self) -> BotApiEmulator:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    @property
    def stopping(self) -> bool:
        """Whether stop() has begun."""
        return self._stopping.is_set()

    async def pause(self, seconds: float) -> None:
        """Sleep for a fault or a retry, but wake at once when the emulator stops."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._stopping.wait(), seconds)

    # --- people and chats -------------------------------------------------------------------

    def user(
        self,
        user_id: int,
        first_name: str,
        *,
        language_code: str = "en",
        username: str | None = None,
    ) -> SimUser:
        """A simulated user with a private chat; the same object for the same id."""
        if user_id not in self.users:
            user = SimUser(
                self, user_id, first_name, language_code=language_code, username=username
            )
            self.users[user_id] = user
            self.chats[user_id] = user
        return self.users[user_id]

    def group(self, chat_id: int, title: str, kind: str = "group") -> SimGroup:
        """A group, supergroup or channel chat the bot is in."""
        chat = self.chats.get(chat_id)
        if not isinstance(chat, SimGroup):
            chat = SimGroup(self, chat_id, title, kind)
            self.chats[chat_id] = chat
        return chat

    def inject_update(self, update: dict[str, Any], *, again: bool = False) -> int:
        """Queue a raw update (update_id assigned when missing) and return its update_id.

        An update_id below an offset the bot gave is dropped, as Telegram does, unless `again`:
        Telegram sending an update again (UpdateQueue.add).
        """
        update_id = self.queue.add(update, again=again)
        query = update.get("callback_query")
        if isinstance(query, dict) and "id" in query:  # a forged query can be answered too
            sender = query.get("from")
            user_id = sender.get("id") if isinstance(sender, dict) else None
            self._queries.setdefault(str(query["id"]), user_id if isinstance(user_id, int) else 0)
        self.signal.notify()
        return update_id

    @property
    def pending_updates(self) -> int:
        """Updates not yet confirmed by a getUpdates offset (or webhook delivery)."""
        return len(self.queue)

    # --- what tests assert on ---------------------------------------------------------------

    @property
    def per_chat_interval(self) -> float:
        """Seconds the bot must leave between two messages to one chat."""
        return self.limiter.per_chat_interval

    @per_chat_interval.setter
    def per_chat_interval(self, value: float) -> None:
        self.limiter.per_chat_interval = value

    @property
    def global_per_second(self) -> int:
        """Messages the bot may send per second overall."""
        return self.limiter.global_per_second

    @global_per_second.setter
    def global_per_second(self, value: int) -> None:
        self.limiter.global_per_second = value

    def count(self, method: str | None = None, status: int | None = None) -> int:
        """How many bot calls had this method and/or status; O(distinct pairs), not O(calls)."""
        return sum(
            n
            for (m, s), n in self._counts.items()
            if (method is None or m == method) and (status is None or s == status)
        )

    def min_gap_per_chat(self) -> float:
        """The smallest interval between two successful sends to one chat (inf if none)."""
        return self.limiter.min_gap()

    # A timeout argument rather than asyncio.timeout(): the error names what was awaited.
    async def wait_for(
        self,
        predicate: Callable[[], bool],
        timeout: float = 60.0,  # noqa: ASYNC109
    ) -> None:
        """Wait until predicate() holds, re-checking on every bot call and new update."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not predicate():
            remaining = deadline - loop.time()
            if remaining <= 0 or not await self.signal.wait(remaining):
                if predicate():
                    return
                recent = [f"{c.method}->{c.status}" for c in self.calls[-5:]]
                name = getattr(predicate, "__qualname__", repr(predicate))
                raise TimeoutError(
                    f"{name} still false after {timeout}s; pending updates: "
                    f"{self.pending_updates}; last calls: {recent}"
                )

    # --- used by the Bot API methods --------------------------------------------------------

    def record(
        self,
        method: str,
        params: dict[str, Any],
        status: int,
        description: str | None = None,
        started: float | None = None,
    ) -> None:
        """Keep a bot call for the tests and wake whoever waits."""
        chat_id = params.get("chat_id")
        now = time.monotonic()
        self.calls.append(
            ApiCall(
                method,
                params,
                chat_id if isinstance(chat_id, int) else None,
                now,
                status,
                description,
                now if started is None else started,
            )
        )
        self._counts[(method, status)] += 1
        self.signal.notify()

    def date(self) -> int:
        """A message date: the fake clock when set, else the wall clock."""
        return int(self.now().timestamp()) if self.now is not None else int(time.time())

    def bot_user(self) -> dict[str, Any]:
        """The bot as a Bot API User object."""
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": "MentorBot",
            "username": self.bot_username,
        }

    def admit_send(self, chat_id: int) -> None:
        """Apply the flood limits to a new message, then count it as sent."""
        now = time.monotonic()
        if self.enforce_limits:
            wait = self.limiter.retry_after(chat_id, now)
            if wait is not None:
                raise ApiError(429, f"Too Many Requests: retry after {wait}", retry_after=wait)
        self.limiter.record(chat_id, now)

    def store_file(
        self,
        filename: str,
        content: bytes,
        mime_type: str,
        *,
        folder: str,
        size: tuple[int, int] | None = None,
    ) -> StoredFile:
        """Keep a file so getFile and the download URL serve it."""
        self._serial += 1
        suffix = PurePosixPath(filename).suffix
        stored = StoredFile(
            file_id=f"BQAC{self._serial:08d}",
            file_unique_id=f"AgAD{self._serial:08d}",
            file_path=f"{folder}/file_{self._serial}{suffix}",
            filename=filename,
            mime_type=mime_type,
            content=content,
            size=size,
        )
        self.files[stored.file_id] = stored
        self.file_paths[stored.file_path] = stored
        return stored

    def open_callback_query(self, user_id: int) -> str:
        """A fresh callback query id that the bot may answer once."""
        self._serial += 1
        query_id = f"{user_id}{self._serial:010d}"
        self._queries[query_id] = user_id
        return query_id

    def close_callback_query(self, query_id: str) -> int | None:
        """The user of an open query, closing it; None when unknown or already answered."""
        return self._queries.pop(query_id, None)

    def commands_for(self, user: SimUser) -> list[dict[str, Any]]:
        """The command menu a user sees, resolved from the narrowest scope like Telegram."""
        scopes: list[ScopeKey] = [
            ("chat", user.chat_id, None),
            ("all_private_chats", None, None),
            ("default", None, None),
        ]
        for scope in scopes:
            for lang in (user.language_code, ""):
                if (scope, lang) in self.commands:
                    return self.commands[(scope, lang)]
        return []
