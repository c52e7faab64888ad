"""Surveys on the command line: `survey load FILE` and `survey list`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot.app import policy_from
from bot.clock import SystemClock
from bot.documents.spreadsheet import csv_bytes
from bot.domain.localtime import local_date, zone_of
from bot.domain.survey_results import GroupBy
from bot.services.exports import separator
from bot.services.runtime import Services
from bot.services.survey_results import TableRefused, survey_summary, survey_table
from bot.services.surveys import LoadResult, list_surveys, load_survey
from bot.settings import Settings
from handlers.run_names import named_rows
from storage.db import Database
from storage.files import write_private


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The survey command's arguments."""
    parser.add_argument(
        "action",
        choices=["load", "list"],
        help="load: store a definition as a new version; list: the surveys",
    )
    parser.add_argument("file", type=Path, nargs="?", help="the survey definition (TOML)")


async def survey(settings: Settings, args: argparse.Namespace) -> int:
    """Load a survey definition (every error with its line), or list the surveys."""
    if args.action == "load" and args.file is None:
        print("mentorbot: survey load needs the definition's FILE", file=sys.stderr)
        return 2
    source = args.file.read_text(encoding="utf-8") if args.action == "load" else ""
    db = await Database.open(settings.database_path)
    svc = Services(db, SystemClock(), policy_from(settings, settings.bot_username))
    try:
        if args.action == "list":
            for stored in await list_surveys(svc):
                s = stored.survey
                anonymous = ", anonymous" if s.anonymous else ""
                print(
                    f"{s.name} v{s.version}: {s.audience.value}, {s.moment.value}, "
                    f"{len(s.questions)} questions{anonymous} "
                    f"(loaded {stored.loaded_at:%Y-%m-%d})"
                )
            return 0
        outcome = await load_survey(svc, source, svc.clock.now())
    finally:
        await db.close()
    for error in outcome.errors:
        print(f"mentorbot: {args.file}: {error}", file=sys.stderr)
    if outcome.survey is None:
        return 1
    s = outcome.survey
    if outcome.result is LoadResult.CHANGED:
        print(
            f"mentorbot: {args.file}: {s.name} version {s.version} is stored with other "
            "content; raise `version` to load it as a new version",
            file=sys.stderr,
        )
        return 1
    done = "stored already" if outcome.result is LoadResult.SAME else "loaded"
    print(f"{s.name} version {s.version} {done}: {len(s.questions)} questions")
    return 0


def add_export_arguments(parser: argparse.ArgumentParser) -> None:
    """`export survey NAME --by KEY`: results per group instead of one row per response."""
    parser.add_argument(
        "--by",
        choices=[by.value for by in GroupBy],
        help="survey: counts and means per company, mentor, course run or school year",
    )


async def export_survey(settings: Settings, args: argparse.Namespace) -> int:
    """`export survey NAME`: every response of a survey as a CSV Excel opens."""
    if not args.name:
        print(
            "mentorbot: export survey needs the survey's NAME (python -m bot survey list)",
            file=sys.stderr,
        )
        return 2
    db = await Database.open(settings.database_path)
    svc = Services(db, SystemClock(), policy_from(settings, settings.bot_username))
    by = GroupBy(args.by) if getattr(args, "by", None) else None
    try:
        if by is None:
            table = await survey_table(svc, args.name) or TableRefused.UNKNOWN
        else:
            table = await survey_summary(svc, args.name, by)
    finally:
        await db.close()
    if table is TableRefused.ANONYMOUS:
        print(
            f"mentorbot: {args.name} is anonymous: its results are not grouped by mentor",
            file=sys.stderr,
        )
        return 1
    if isinstance(table, TableRefused):
        print(
            f"mentorbot: no survey is called {args.name!r} (python -m bot survey list)",
            file=sys.stderr,
        )
        return 1
    today = local_date(svc.clock.now(), zone_of(settings.timezone))
    per = f"-by-{by.value}" if by else ""
    out = args.out or Path(f"mentorbot-survey-{args.name}{per}-{today.isoformat()}.csv")
    delimiter = separator(svc.policy, settings.default_language)
    rows = named_rows(table.header, table.rows, settings.default_language, settings.timezone)
    write_private(out, csv_bytes(table.header, rows, delimiter=delimiter))
    what = f"result lines per {by.value} of" if by else "answers to"
    print(f"{len(table.rows)} {what} {args.name} written to {out} (readable by you only)")
    return 0
