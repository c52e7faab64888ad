"""`python -m bot export KIND`: a CSV of check-ins, meetings, feedback, alerts or placements."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from bot import cli_surveys
from bot.app import policy_from
from bot.clock import SystemClock
from bot.documents.spreadsheet import csv_bytes
from bot.domain.dates import read_date
from bot.domain.localtime import local_date, zone_of
from bot.services.exports import ExportKind, ExportRefusal, export, separator
from bot.services.runtime import Services
from bot.settings import Settings
from storage.db import Database
from storage.files import write_private


def day(text: str) -> date:
    """A date on the command line: 2026-03-02, 2-3-2026 or 02-03-2026."""
    found = read_date(text)
    if found is None:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (2026-03-02 or 2-3-2026)")
    return found


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The export command's arguments."""
    parser.add_argument(
        "kind", choices=[*(kind.value for kind in ExportKind), "survey"], help="what to export"
    )
    parser.add_argument("name", nargs="?", help="survey: the survey's name (survey list)")
    cli_surveys.add_export_arguments(parser)
    parser.add_argument(
        "--since", type=day, metavar="DATE", help="from this day on (the school's time zone)"
    )
    parser.add_argument("--until", type=day, metavar="DATE", help="up to and including this day")
    parser.add_argument(
        "--out",
        type=Path,
        metavar="FILE",
        help="where to write it (default: mentorbot-KIND-TODAY.csv here)",
    )


async def export_csv(settings: Settings, args: argparse.Namespace) -> int:
    """Write one export as a CSV Excel opens, readable by its owner only."""
    if args.since and args.until and args.until < args.since:
        print("mentorbot: --until is before --since", file=sys.stderr)
        return 1
    if args.kind == "survey":  # one survey's answers (bot/cli_surveys.py)
        return await cli_surveys.export_survey(settings, args)
    db = await Database.open(settings.database_path)
    svc = Services(db, SystemClock(), policy_from(settings, settings.bot_username))
    try:
        table = await export(
            svc, ExportKind(args.kind), None, first_day=args.since, last_day=args.until
        )
    finally:
        await db.close()
    if isinstance(table, ExportRefusal):
        print(
            f"mentorbot: there is nothing to export as {args.kind} in this version",
            file=sys.stderr,
        )
        return 1
    today = local_date(svc.clock.now(), zone_of(settings.timezone))
    out = args.out or Path(f"mentorbot-{args.kind}-{today.isoformat()}.csv")
    delimiter = separator(svc.policy, settings.default_language)
    write_private(out, csv_bytes(table.header, table.rows, delimiter=delimiter))
    name = "semicolons" if delimiter == ";" else "commas"
    print(
        f"{len(table.rows)} {args.kind} rows written to {out} (UTF-8 with BOM, separated by "
        f"{name}; readable by you only)"
    )
    return 0
