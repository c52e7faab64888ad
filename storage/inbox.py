"""The durable inbox: updates stored before Telegram is told we have them."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from datetime import datetime
from typing import Any

import aiosqlite

from storage.db import to_db

Payload = dict[str, Any]

# What a handled update keeps of a message: who wrote what, where and when. Everything else
# goes: the bot's own messages quoted back (a pressed button's message, a replied-to message,
# which name and quote other people), forwarded content, files, contacts and locations.
_MESSAGE_KEEPS = ("message_id", "date", "edit_date", "text", "entities", "caption")
_START = re.compile(r"(/start(?:@\w+)?)\s.*", re.DOTALL | re.IGNORECASE)


def sender_id(update: Payload) -> int | None:
    """The Telegram user who sent an update (None for channel posts and the like)."""
    for key, value in update.items():
        if key == "update_id" or not isinstance(value, dict):
            continue
        who = value.get("from") or value.get("user")
        if isinstance(who, dict) and isinstance(who.get("id"), int):
            return int(who["id"])
    return None


def _has_token(update: Payload) -> bool:
    """Whether an update is a `/start` with an argument (an invite token, or a guess)."""
    message = update.get("message")
    text = message.get("text") if isinstance(message, dict) else None
    return isinstance(text, str) and _START.match(text) is not None


def _user(value: Any) -> Payload:
    if not isinstance(value, dict):
        return {}
    return {key: value[key] for key in ("id", "is_bot", "language_code") if key in value}


def _chat(value: Any) -> Payload:
    if not isinstance(value, dict):
        return {}
    return {key: value[key] for key in ("id", "type") if key in value}


def _without_token(text: str) -> str:
    """`/start <token>` without its token: only the token's hash is ever kept (invites)."""
    found = _START.match(text)
    return found.group(1) if found else text


def _message(value: Payload) -> Payload:
    kept: Payload = {key: value[key] for key in _MESSAGE_KEEPS if key in value}
    text = kept.get("text")
    if isinstance(text, str) and (command := _without_token(text)) != text:
        kept["text"] = command
        kept["entities"] = [
            e
            for e in kept.get("entities", [])
            if isinstance(e, dict) and e.get("offset") == 0 and e.get("length") == len(command)
        ]
    for key, shrink in (("from", _user), ("chat", _chat)):
        if key in value:
            kept[key] = shrink(value[key])
    return kept


# Where an update quotes someone else: the bot's message under a pressed button, a replied-to
# or quoted message, a forwarded one.
_QUOTES = (
    "reply_to_message",
    "quote",
    "external_reply",
    "forward_origin",
    "forward_from",
    "forward_from_chat",
    "forward_sender_name",
    "pinned_message",
)


def without_quotes(update: Payload) -> Payload:
    """An update as it was sent, less what it quotes of other people.

    A pressed button's message becomes what Telegram sends for a message it no longer has
    (date 0), which the handlers already accept.
    """
    kept: Payload = {}
    for key, value in update.items():
        if not isinstance(value, dict):
            kept[key] = value
            continue
        inner = {k: v for k, v in value.items() if k not in _QUOTES}
        message = inner.get("message")
        if key == "callback_query" and isinstance(message, dict):
            inner["message"] = {
                "message_id": message.get("message_id"),
                "date": 0,
                "chat": _chat(message.get("chat")),
            }
        kept[key] = inner
    return kept


def handled_payload(update: Payload) -> Payload:
    """What is kept of an update once it is handled (until INBOX_KEEP_DAYS have passed)."""
    kept: Payload = {}
    for key, value in update.items():
        if key == "update_id" or not isinstance(value, dict):
            kept[key] = value
        elif "message_id" in value:
            kept[key] = _message(value)
        elif key == "callback_query":
            query: Payload = {k: value[k] for k in ("id", "data", "chat_instance") if k in value}
            query["from"] = _user(value.get("from"))
            message = value.get("message")
            if isinstance(message, dict):
                query["message"] = {
                    "message_id": message.get("message_id"),
                    "date": 0,
                    "chat": _chat(message.get("chat")),
                }
            kept[key] = query
        else:
            kept[key] = {
                k: shrink(value[k])
                for k, shrink in (("from", _user), ("user", _user), ("chat", _chat))
                if k in value
            }
    return kept


class InboxRepo:
    """Raw updates, by update_id: unhandled ones whole, handled ones stripped, then pruned."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def store(self, updates: Sequence[Payload], now: datetime) -> int:
        """Store updates, ignoring ids seen before; returns how many were new."""
        # OR IGNORE, never OR REPLACE: an update Telegram sends again must not be handled again.
        sql = """INSERT OR IGNORE INTO inbox (update_id, payload, received_at, from_id)
                 VALUES (?, ?, ?, ?)"""
        before = self._conn.total_changes
        await self._conn.executemany(
            sql,
            [
                (
                    int(update["update_id"]),
                    json.dumps(update, ensure_ascii=False),
                    to_db(now),
                    sender_id(update),
                )
                for update in updates
            ],
        )
        return self._conn.total_changes - before

    async def pending(self, limit: int) -> list[tuple[int, Payload]]:
        """Unhandled updates, oldest first."""
        sql = """SELECT update_id, payload FROM inbox WHERE processed_at IS NULL
                 ORDER BY update_id LIMIT ?"""
        async with self._conn.execute(sql, (limit,)) as cur:
            return [(row[0], json.loads(row[1])) for row in await cur.fetchall()]

    async def done(self, update_id: int, now: datetime, error: str | None = None) -> bool:
        """Mark an update handled (with the error, if it failed) and strip its payload.

        Returns whether an invite token was taken out. The payload is read back rather than
        taken from the caller: an erasure while the update was in hand may have emptied it.
        """
        async with self._conn.execute(
            "SELECT payload FROM inbox WHERE update_id = ?", (update_id,)
        ) as cur:
            row = await cur.fetchone()
        if row is None:
            return False
        stored = json.loads(row[0])
        kept = handled_payload(stored)
        sql = "UPDATE inbox SET processed_at = ?, error = ?, payload = ? WHERE update_id = ?"
        await self._conn.execute(
            sql, (to_db(now), error, json.dumps(kept, ensure_ascii=False), update_id)
        )
        return _has_token(stored) and not _has_token(kept)

    async def last_update_id(self) -> int | None:
        async with self._conn.execute("SELECT MAX(update_id) FROM inbox") as cur:
            row = await cur.fetchone()
        return int(row[0]) if row and row[0] is not None else None

    async def prune(self, handled_before: datetime, limit: int) -> int:
        """Delete up to `limit` updates handled before a moment; returns how many.

        The newest update stays whatever its age: it holds the getUpdates offset.
        """
        sql = """DELETE FROM inbox WHERE update_id IN (
                     SELECT update_id FROM inbox WHERE processed_at < :before
                     ORDER BY processed_at LIMIT :limit)
                 AND update_id < (SELECT MAX(update_id) FROM inbox)"""
        cur = await self._conn.execute(sql, {"before": to_db(handled_before), "limit": limit})
        return cur.rowcount
