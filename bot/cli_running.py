"""The commands for running it at a school: invite letters, archive, check, health."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Coroutine
from datetime import date
from pathlib import Path
from typing import Any

from bot.app import policy_from
from bot.bot_api import bot_username
from bot.checkup import Verdict, checkup
from bot.clock import SystemClock
from bot.health import problems
from bot.letters import write_letters
from bot.services.archive import archive_ended
from bot.services.operations import health_marks
from bot.services.people import issue_invites
from bot.services.runtime import Services
from bot.settings import Settings
from storage.db import Database

COMMANDS = {
    "check": "verify settings, database integrity, the token (getMe) and the webhook state, "
    "one line each; changes nothing",
    "health": "exit 0 if the running bot got its updates and ran its tick recently (for a "
    "container HEALTHCHECK or a service watchdog), else 1 and one line",
    "archive": "end of the school year: close placements that ended before a date (no more "
    "messages), each person gets one goodbye saying how to get his data",
}
Action = Callable[[Settings, argparse.Namespace], Coroutine[Any, Any, int]]


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The arguments of this module's commands (and of `invites --letters/--email`)."""
    invites = sub.choices["invites"]
    invites.add_argument(
        "--letters",
        type=Path,
        metavar="DIR",
        help="write one PDF invite letter per person (his language, the link "
        "as text and QR code, its expiry) into DIR",
    )
    invites.add_argument(
        "--email",
        action="store_true",
        help="with --letters: email each adult his letter, and the students' "
        "letters to SMTP_FROM (the school hands them out)",
    )
    for name, text in COMMANDS.items():
        sub.add_parser(name, help=text, description=text)
    sub.choices["archive"].add_argument(
        "--ended-before",
        required=True,
        type=date.fromisoformat,
        metavar="YYYY-MM-DD",
        help="archive the placements whose last day is before this date",
    )


async def invite_letters(settings: Settings, args: argparse.Namespace) -> int:
    """Fresh links for everyone who has not joined, as letters (and emails)."""
    if args.email and not settings.smtp_url.get_secret_value():
        print(
            "mentorbot: --email needs SMTP_URL and SMTP_FROM (see .env.example)", file=sys.stderr
        )
        return 2
    folder: Path = args.letters
    username = settings.bot_username or await bot_username(settings)
    db = await Database.open(settings.database_path)
    svc = Services(db, SystemClock(), policy_from(settings, username))
    now = svc.clock.now()
    try:
        issued = await issue_invites(svc, now)
    finally:
        await db.close()
    written = write_letters(
        folder,
        issued,
        bot_username=username,
        expires_at=now + svc.policy.invite_valid,
        school=settings.school_name,
        default_language=settings.default_language,
        timezone=settings.timezone,
        now=now,
    )
    print(
        f"{len(written)} invite letters written to {folder} (readable by you only); "
        "earlier unused links no longer work"
    )
    if args.email:
        from bot.letter_mail import email_letters  # noqa: PLC0415  (only when emailing)

        return await email_letters(settings, written)
    return 0


async def archive(settings: Settings, args: argparse.Namespace) -> int:
    """Close the placements that ended before a date; goodbyes go out from the running bot."""
    before: date = args.ended_before
    db = await Database.open(settings.database_path)
    svc = Services(db, SystemClock(), policy_from(settings, settings.bot_username))
    try:
        outcome = await archive_ended(svc, before, svc.clock.now())
    finally:
        await db.close()
    print(
        f"archived {outcome.placements} placements that ended before {before.isoformat()}; "
        f"{outcome.goodbyes} goodbyes queued (the running bot sends them); their data is "
        "kept until retention erases it"
    )
    return 0


async def check(settings: Settings, _: argparse.Namespace) -> int:
    """One line per check; exit code 1 when one failed."""
    found = await checkup(settings)
    for line in found:
        print(line)
    return 1 if any(c.verdict is Verdict.FAIL for c in found) else 0


async def health(settings: Settings, _: argparse.Namespace) -> int:
    """Healthy when the bot's marks in the database are recent."""
    path = settings.database_path
    if not path.exists():
        print(f"unhealthy: no database at {path}", file=sys.stderr)
        return 1
    db = await Database.open(path, migrate=False)
    svc = Services(db, SystemClock(), policy_from(settings, settings.bot_username))
    try:
        marks = await health_marks(svc)
    finally:
        await db.close()
    found = problems(
        marks,
        svc.clock.now(),
        polling=not settings.webhook_url,
        tick_seconds=settings.tick_seconds,
    )
    if found:
        print(f"unhealthy: {'; '.join(found)}", file=sys.stderr)
        return 1
    print(
        "healthy: "
        + ", ".join(
            f"{name} {at.isoformat(timespec='seconds')}" for name, at in sorted(marks.items())
        )
    )
    return 0


ACTIONS: dict[str, Action] = {"archive": archive, "check": check, "health": health}
