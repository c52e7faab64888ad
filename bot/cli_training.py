"""Training on the command line: `course create FILE`, `verify NUMBER CODE`, and the register
exports (`export register`, `export companies`), registered by importing their service."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot import cli_trainees
from bot.app import policy_from
from bot.clock import SystemClock
from bot.domain.company_file import read_company_file
from bot.domain.localtime import zone_of
from bot.domain.training_file import read_course_file
from bot.services import certificates  # noqa: F401 - registers the register exports
from bot.services.certificates import import_companies, verify
from bot.services.joining import person_by_email
from bot.services.runtime import Services
from bot.services.training import TrainingResult, create_run
from bot.settings import Settings
from storage.db import Database


def add_course_arguments(parser: argparse.ArgumentParser) -> None:
    """The course command's arguments."""
    parser.add_argument(
        "action",
        choices=["create", "invite"],
        help="create: a new run from a file; invite: trainee mentors to a run",
    )
    parser.add_argument(
        "file",
        type=Path,
        metavar="FILE|RUN",
        help="create: the course CSV, one line per session; invite: the run's number",
    )
    parser.add_argument(
        "--trainer",
        metavar="EMAIL",
        help="create: the coordinator or supervisor who runs it",
    )
    parser.add_argument(
        "--instructions",
        default="",
        metavar="TEXT",
        help="the practical instructions the enrolled get",
    )
    cli_trainees.add_invite_arguments(parser)


def add_companies_arguments(parser: argparse.ArgumentParser) -> None:
    """The companies command's arguments."""
    parser.add_argument(
        "file", type=Path, help="CSV: company and any of address, contact_email, sector"
    )


async def companies(settings: Settings, args: argparse.Namespace) -> int:
    """Store the host companies' details for the company register; nothing of a bad file."""
    details, errors = read_company_file(args.file.read_bytes())
    if not errors:
        svc = await _services(settings)
        try:
            errors = tuple(await import_companies(svc, list(details)))
        finally:
            await svc.db.close()
    for error in errors:
        print(f"mentorbot: {args.file}: {error}", file=sys.stderr)
    if errors:
        return 1
    print(f"details of {len(details)} companies stored (python -m bot export companies)")
    return 0


def add_verify_arguments(parser: argparse.ArgumentParser) -> None:
    """The verify command's arguments."""
    parser.add_argument("number", metavar="CERT-NUMBER", help="e.g. MB-2026-0001")
    parser.add_argument("code", metavar="CODE", help="the verification code on the certificate")


async def _services(settings: Settings) -> Services:
    db = await Database.open(settings.database_path)
    return Services(db, SystemClock(), policy_from(settings, settings.bot_username))


async def course(settings: Settings, args: argparse.Namespace) -> int:
    """Create a run of a course from its CSV; nothing is made of a file with a bad line.
    (`course invite RUN`: trainee mentors, bot/cli_trainees.py.)"""
    if args.action == "invite":
        return await cli_trainees.invite(settings, args)
    if not args.trainer:
        print("mentorbot: course create needs --trainer EMAIL", file=sys.stderr)
        return 2
    plan = read_course_file(
        args.file.read_bytes(),
        zone_of(settings.timezone),
        settings.training_rules().due_before,
        now=SystemClock().now(),  # the chat's rule: no session that has begun, nor its due
    )
    if plan.errors:
        for error in plan.errors:
            print(f"mentorbot: {args.file}: {error}", file=sys.stderr)
        return 1
    svc = await _services(settings)
    try:
        trainer = await person_by_email(svc, args.trainer)
        if trainer is None:
            print(f"mentorbot: nobody registered as {args.trainer}", file=sys.stderr)
            return 1
        run_id = await create_run(
            svc,
            trainer,
            plan.course,
            list(plan.sessions),
            instructions=args.instructions,
            now=svc.clock.now(),
        )
    finally:
        await svc.db.close()
    if run_id is TrainingResult.NOT_ALLOWED or not isinstance(run_id, int):
        print(f"mentorbot: {args.trainer} is no coordinator or supervisor", file=sys.stderr)
        return 1
    zone = zone_of(settings.timezone)
    print(
        f"run {run_id} of {plan.course!r} with {len(plan.sessions)} sessions, trainer "
        f"{trainer.name}; invite mentors in the chat with /training"
    )
    for number, session in enumerate(sorted(plan.sessions, key=lambda s: s.starts_at), 1):
        print(
            f"  {number}. {session.starts_at.astimezone(zone):%Y-%m-%d %H:%M} "
            f"({session.minutes} min), assignment due "
            f"{session.due_at.astimezone(zone):%Y-%m-%d %H:%M}"
        )
    return 0


async def verify_certificate(settings: Settings, args: argparse.Namespace) -> int:
    """Whether a certificate number and code belong together: name, course and date if so."""
    svc = await _services(settings)
    try:
        found = await verify(svc, args.number, args.code)
    finally:
        await svc.db.close()
    if found is None:
        print(f"NOT GENUINE: no certificate {args.number} with this code")
        return 1
    print(f"GENUINE: {found.name}, {found.course}, {found.issued_on.isoformat()}")
    return 0
