"""Command line: `python -m bot [run|demo|import|invites|due|migrate|backup|export|end|status]`."""

from __future__ import annotations

import gc

# Importing the bot makes about 90,000 objects that live as long as the process; the cyclic
# collector scanning them again and again while they are made costs a quarter of the start-up
# CPU (bench "start-up"). It is off while importing; afterwards they are frozen out of its way.
gc.disable()

import argparse
import asyncio
import logging
import sqlite3
import sys
from collections.abc import Callable, Coroutine, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from bot import cli, cli_export, cli_roster, cli_running, cli_surveys, cli_training
from bot.bot_api import BotApiUnreachableError
from bot.logs import configure_logging
from bot.redaction import REDACTOR, install_redaction
from bot.settings import Settings, SettingsError, load_settings

gc.freeze()
gc.enable()

COMMANDS = {
    "run": "serve the bot (long polling, or a webhook when WEBHOOK_URL is set); the default",
    "demo": "play a placement offline against the built-in Telegram emulator; needs no token",
    "import": "import placements from a roster CSV (comma or semicolon separated)",
    "invites": "print a fresh invite link for everyone who has not joined yet",
    "due": "dry run: list what the scheduler would send at a moment, without sending it",
    "migrate": "create or upgrade the database, then stop",
    "backup": "write a consistent copy of the database while the bot runs",
    "export": "write check-ins, meetings, feedback, alerts or placements as a CSV Excel opens",
    "end": "end a student's placement early: no check-ins after his last day",
    "status": "list who has joined and who has not (no link is made or cancelled)",
    "course": "create a run of a mentor training course from a CSV (one line per session), "
    "or invite employees who are no mentor yet to a run (trainee mentors)",
    "verify": "check a mentor certificate's number and code: name, course and date if genuine",
    "companies": "store host companies' address, contact and sector for the company register",
    "survey": "load a survey definition (TOML) as a new version, or list the surveys",
}


def parser() -> argparse.ArgumentParser:
    """The command-line grammar, with a line of help per command."""
    main = argparse.ArgumentParser(
        prog="python -m bot",
        description="mentorbot: weekly check-ins, alerts and meetings for work placements.",
        epilog="Settings come from the environment or .env; see .env.example.",
    )
    sub = main.add_subparsers(dest="command", metavar="COMMAND")
    for name, text in COMMANDS.items():
        sub.add_parser(name, help=text, description=text)
    sub.choices["import"].add_argument("roster", type=Path, help="the roster CSV file")
    sub.choices["import"].add_argument(
        "--skip-bad-rows", action="store_true", help="import the good rows even if some are bad"
    )
    sub.choices["import"].add_argument(
        "--dry-run",
        action="store_true",
        help="show what the import would add and change, write nothing",
    )
    sub.choices["invites"].add_argument(
        "--csv", type=Path, metavar="FILE", help="write name, email, role, link to FILE"
    )
    sub.choices["invites"].add_argument(
        "--only",
        metavar="EMAIL",
        help="a fresh link for this one person only (cuts a Telegram account he joined with)",
    )
    cli_export.add_arguments(sub.choices["export"])
    cli_running.add_commands(sub)
    cli_training.add_course_arguments(sub.choices["course"])
    cli_training.add_verify_arguments(sub.choices["verify"])
    cli_training.add_companies_arguments(sub.choices["companies"])
    cli_roster.add_end_arguments(sub.choices["end"])
    cli_surveys.add_arguments(sub.choices["survey"])
    sub.choices["due"].add_argument(
        "--at",
        required=True,
        type=_moment,
        metavar="ISO-TIME",
        help="the moment, e.g. 2026-03-06T14:00+01:00",
    )
    sub.choices["backup"].add_argument("file", type=Path, help="where to write the copy")
    sub.choices["demo"].add_argument("--quiet", action="store_true", help="print only the summary")
    sub.choices["demo"].add_argument(
        "--out",
        type=Path,
        metavar="DIR",
        help="write the files people received (the reference PDF…) to this folder",
    )
    return main


def _moment(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        raise argparse.ArgumentTypeError("give a time zone, e.g. 2026-03-06T14:00+01:00")
    return moment


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; settings problems end with exit code 2 and one line."""
    args = parser().parse_args(argv)
    command = args.command or "run"
    # The demo prints chats; its log would only hide them.
    level = logging.WARNING if command == "demo" else logging.INFO
    configure_logging(level)
    # httpx logs every request at INFO: a line per message sent is noise (and, redacted below,
    # no leak). Warnings go through logging too, so they are redacted like everything else.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.captureWarnings(True)
    try:
        settings = load_settings()
        configure_logging(level, settings.log_format)  # LOG_FORMAT: text or json
        install_redaction(
            settings.telegram_bot_token.get_secret_value(),
            settings.webhook_secret.get_secret_value(),
            urlsplit(settings.smtp_url.get_secret_value()).password or "",
        )
        if command == "run":
            settings.require_token()
        actions: dict[str, Callable[[Settings, argparse.Namespace], Coroutine[Any, Any, int]]] = {
            "run": cli.run,
            "demo": cli.demo,
            "import": cli.import_roster,
            "invites": cli.invites,
            "due": cli.due,
            "migrate": cli.migrate,
            "backup": cli.backup,
            "export": cli_export.export_csv,
            "end": cli_roster.end,
            "status": cli_roster.status,
            "course": cli_training.course,
            "verify": cli_training.verify_certificate,
            "companies": cli_training.companies,
            "survey": cli_surveys.survey,
        }
        actions.update(cli_running.ACTIONS)
        return asyncio.run(actions[command](settings, args))
    except SettingsError as error:
        print(f"mentorbot: {REDACTOR.redact(str(error))}", file=sys.stderr)
        return 2
    except BotApiUnreachableError as error:  # perhaps only for now: not a settings error
        print(f"mentorbot: {REDACTOR.redact(str(error))}", file=sys.stderr)
        return 1
    except OSError as error:
        if error.filename is None:
            return _unexpected(command)
        # A file or folder that is not there or not ours (DATABASE_PATH, --csv, backup FILE).
        print(f"mentorbot: {error.strerror}: {error.filename}", file=sys.stderr)
        return 1
    except sqlite3.DatabaseError as error:  # a damaged file, or something else at the path
        print(
            f"mentorbot: the database at DATABASE_PATH cannot be used ({error}); check it "
            "with `python -m bot check`, restore a backup (README: Backups)",
            file=sys.stderr,
        )
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception:
        return _unexpected(command)


def _unexpected(command: str) -> int:
    """A bug or an outage: the traceback through logging, so it is redacted like every line."""
    logging.getLogger("bot").exception("mentorbot %s stopped on an unexpected error", command)
    return 1


if __name__ == "__main__":
    sys.exit(main())
