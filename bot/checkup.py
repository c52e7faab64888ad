"""`python -m bot check`: settings, database, token and webhook, one line per check.

For an IT person before a start, after an upgrade or when something looks wrong: it changes
nothing (the database is opened without migrating, a missing one is not created) and says
for each check ok, warn or FAIL with what to do.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from enum import StrEnum

from telegram import Bot
from telegram.error import TelegramError

from bot.app import policy_from
from bot.bot_api import BotApiUnreachableError, bot_username, explain
from bot.clock import SystemClock
from bot.services.operations import placement_counts
from bot.services.runtime import Services
from bot.settings import Settings, SettingsError
from storage.db import Database, migrations


class Verdict(StrEnum):
    """How one check came out."""

    OK = "ok"
    WARN = "warn"
    FAIL = "FAIL"


@dataclass(frozen=True, slots=True)
class Check:
    """One line of `check`."""

    verdict: Verdict
    name: str
    says: str

    def __str__(self) -> str:
        return f"{self.verdict.value:<4} {self.name}: {self.says}"


async def checkup(settings: Settings) -> list[Check]:
    """Every check, in the order an IT person would look."""
    where = (
        "MENTORBOT_HOME " + str(settings.mentorbot_home)
        if settings.mentorbot_home
        else ("the working directory")
    )
    found = [Check(Verdict.OK, "settings", f"read (relative paths start at {where})")]
    found.append(await _database(settings))
    token = await _token(settings)
    found.append(token)
    if token.verdict is Verdict.OK:
        found.append(await _webhook(settings))
    return found


async def _database(settings: Settings) -> Check:
    path = settings.database_path
    if not path.exists():
        return Check(
            Verdict.WARN,
            "database",
            f"{path} does not exist yet: `run` or `migrate` "
            "creates it empty (is DATABASE_PATH right?)",
        )
    latest = migrations()[-1][0]
    try:
        db = await Database.open(path, migrate=False)
        try:
            problems = await db.integrity_problems()
            version = await db.version()
            svc = Services(db, SystemClock(), policy_from(settings, settings.bot_username))
            counts = await placement_counts(svc, svc.clock.now()) if version >= latest else None
        finally:
            await db.close()
    except sqlite3.DatabaseError as error:
        return Check(
            Verdict.FAIL,
            "database",
            f"{path} cannot be read ({error}): restore a backup (README: Backups)",
        )
    if problems:
        return Check(
            Verdict.FAIL,
            "database",
            f"{path} is damaged ({problems[0]}; "
            f"{len(problems)} problems): restore a backup (README: Backups)",
        )
    if version != latest:
        return Check(
            Verdict.WARN,
            "database",
            f"{path} is at version {version}, this mentorbot "
            f"at {latest}: `run` or `migrate` upgrades it (back it up first)",
        )
    assert counts is not None
    return Check(
        Verdict.OK,
        "database",
        f"{path}, version {version}, integrity ok, "
        f"{counts.total} placements ({counts.active} active, {counts.ended} ended, "
        f"{counts.archived} archived)",
    )


async def _token(settings: Settings) -> Check:
    try:
        name = await bot_username(settings)
    except (SettingsError, BotApiUnreachableError) as error:
        return Check(Verdict.FAIL, "token", str(error))
    return Check(
        Verdict.OK,
        "token",
        f"the Bot API at {settings.telegram_api_base_url} knows this bot as @{name}",
    )


async def _webhook(settings: Settings) -> Check:
    token = settings.require_token()
    try:
        async with Bot(token, base_url=f"{settings.telegram_api_base_url}/bot") as bot:
            info = await bot.get_webhook_info()
    except TelegramError as error:
        return Check(Verdict.FAIL, "webhook", str(explain(settings, error)))
    pending = f"{info.pending_update_count} updates waiting"
    if settings.webhook_url and info.url != settings.webhook_url:
        return Check(
            Verdict.WARN,
            "webhook",
            f"Telegram posts to {info.url or 'nowhere'}, "
            f"WEBHOOK_URL is {settings.webhook_url}: `run` sets it; {pending}",
        )
    if not settings.webhook_url and info.url:
        return Check(
            Verdict.WARN,
            "webhook",
            f"a webhook to {info.url} is set, but this bot "
            f"polls: `run` removes it (is another installation using it?); {pending}",
        )
    if info.last_error_message and settings.webhook_url:
        return Check(
            Verdict.WARN,
            "webhook",
            f"Telegram's last delivery failed: {info.last_error_message}; {pending}",
        )
    mode = f"webhook {info.url}" if info.url else "long polling (no webhook set)"
    return Check(Verdict.OK, "webhook", f"{mode}; {pending}")
