"""The commands behind `python -m bot`, each a small coroutine returning an exit code."""

from __future__ import annotations

import argparse
import sys

from telegram.error import TelegramError

from bot.app import policy_from, run_forever
from bot.bot_api import bot_username, explain
from bot.cli_roster import change_lines, invite_one
from bot.cli_running import invite_letters
from bot.clock import FakeClock, SystemClock
from bot.documents.spreadsheet import csv_bytes
from bot.domain.messages import Outgoing
from bot.domain.roster_file import UNKNOWN
from bot.services.outbox import last_queued, queued_after
from bot.services.people import invite_link, issue_invites
from bot.services.roster import import_roster as import_rows
from bot.services.runtime import Services
from bot.settings import Settings
from bot.startup import announce_database
from handlers.coordinator_format import error_text
from handlers.outgoing import Text, render
from scheduler.tick import tick
from storage.db import Database
from storage.files import write_private
from storage.instance_lock import AlreadyRunningError, only_instance
from storage.outbox import Unreadable


async def _services(settings: Settings) -> Services:
    db = await Database.open(settings.database_path)
    return Services(db, SystemClock(), policy_from(settings, settings.bot_username))


async def run(settings: Settings, _: argparse.Namespace) -> int:
    """Serve the bot until interrupted; refused while another one serves the same database."""
    try:
        with only_instance(settings.database_path):
            await bot_username(settings)  # a wrong token or URL stops here, in one line
            await announce_database(settings)
            try:
                await run_forever(settings)
            except TelegramError as error:  # a token revoked while running, another poller, …
                raise explain(settings, error) from None
    except AlreadyRunningError as error:
        print(f"mentorbot: {error}", file=sys.stderr)
        return 1
    return 0


async def demo(settings: Settings, args: argparse.Namespace) -> int:
    """Play a placement offline and print each chat."""
    from bot.demo import play  # noqa: PLC0415  (the emulator loads only for the demo)

    return await play(quiet=args.quiet, out=args.out)


async def import_roster(settings: Settings, args: argparse.Namespace) -> int:
    """Import a roster CSV; report bad rows by line number and how the file was read."""
    try:
        data = args.roster.read_bytes()
    except OSError as problem:
        print(f"mentorbot: cannot read {args.roster}: {problem.strerror}", file=sys.stderr)
        return 1
    svc = await _services(settings)
    try:
        outcome = await import_rows(
            svc, data, skip_bad_rows=args.skip_bad_rows, now=svc.clock.now(), dry_run=args.dry_run
        )
    finally:
        await svc.db.close()
    separated = "semicolons" if outcome.delimiter == ";" else "commas"
    read_as = (
        f"read {args.roster} as {outcome.encoding}, separated by {separated}"
        if outcome.encoding != UNKNOWN
        else f"{args.roster} is no text file Excel saves"
    )
    for error in outcome.errors:
        print(f"line {error.line}: {error_text('en', error)}", file=sys.stderr)
    for line in change_lines(outcome.changes):
        print(line)
    if outcome.dry_run and (not outcome.errors or args.skip_bad_rows):
        print(
            f"dry run, nothing written: would import {outcome.placements_added} placements, "
            f"{outcome.people_added} people and change {len(outcome.changes)} placements; "
            f"{outcome.placements_unchanged} unchanged; {read_as}"
        )
        return 0
    if not outcome.written:
        print(
            f"nothing imported: {len(outcome.errors)} bad rows "
            f"(fix them, or use --skip-bad-rows); {read_as}",
            file=sys.stderr,
        )
        return 1
    skipped = f", {len(outcome.errors)} bad rows skipped" if outcome.errors else ""
    changed = f"{len(outcome.changes)} placements changed, " if outcome.changes else ""
    print(
        f"imported: {outcome.placements_added} placements, {outcome.people_added} people; "
        f"{changed}{outcome.placements_unchanged} placements were there already{skipped}; "
        f"{read_as}"
    )
    return 0


async def invites(settings: Settings, args: argparse.Namespace) -> int:
    """Print or write a fresh invite link per person who has not joined (or for one person)."""
    if args.only:
        return await invite_one(settings, args.only)
    if args.letters or args.email:
        return await invite_letters(settings, args)
    username = settings.bot_username or await bot_username(settings)
    svc = await _services(settings)
    try:
        issued = await issue_invites(svc, svc.clock.now())
    finally:
        await svc.db.close()
    rows = [
        (i.person.name, i.person.email, i.person.role.value, invite_link(username, i.token))
        for i in issued
    ]
    if args.csv:
        # Live links and personal data: private to this user (0600), cells never run as formulas.
        write_private(args.csv, csv_bytes(("name", "email", "role", "invite_link"), rows))
        print(f"{len(rows)} invite links written to {args.csv} (readable by you only)")
    else:
        for name, email, role, link in rows:
            print(f"{role:<11} {name} <{email}>  {link}")
        print(f"{len(rows)} invite links; earlier unused links no longer work")
    return 0


async def due(settings: Settings, args: argparse.Namespace) -> int:
    """Run the tick on an in-memory copy of the database and list what it would send."""
    svc = await _services(settings)
    try:
        copy = await svc.db.snapshot()
    finally:
        await svc.db.close()
    trial = Services(copy, FakeClock(args.at), svc.policy)
    try:
        before = await last_queued(trial)
        report = await tick(trial, args.at)
        queued = await queued_after(trial, before)
        for message in queued:
            print(await _dry_run_line(trial, message))
    finally:
        await copy.close()
    print(
        f"{len(queued)} messages would be sent at {args.at.isoformat()} "
        f"({', '.join(f'{k}: {v}' for k, v in report.counts.items()) or 'nothing due'})"
    )
    return 0


async def _dry_run_line(svc: Services, message: Outgoing | Unreadable) -> str:
    """One queued message as `due` lists it: to whom, which kind, and its text or file."""
    if isinstance(message, Unreadable):
        return f"? [{message.kind}]: cannot be read: {message.error}"
    rendered = await render(svc, message)
    shown = (
        rendered.text
        if isinstance(rendered, Text)
        else (f"[{type(rendered).__name__.lower()}: {rendered.filename}] {rendered.caption or ''}")
    )
    return f"{message.name} [{message.kind}]: {shown.replace(chr(10), ' ')[:160]}"


async def migrate(settings: Settings, _: argparse.Namespace) -> int:
    """Create or upgrade the database."""
    db = await Database.open(settings.database_path, migrate=False)
    try:
        applied = await db.migrate()
        print(
            f"database {settings.database_path} at version {await db.version()}"
            f" (applied: {applied or 'none'})"
        )
    finally:
        await db.close()
    return 0


async def backup(settings: Settings, args: argparse.Namespace) -> int:
    """Copy the live database consistently through SQLite's backup API."""
    db = await Database.open(settings.database_path, migrate=False)
    try:
        await db.backup(args.file)
    finally:
        await db.close()
    print(f"backup written to {args.file} (readable by you only)")
    return 0
