"""`course invite RUN`: employees who are no mentor yet, invited by name and email (or a CSV)
to a course run as trainee mentors, each with a personal link (emailed where SMTP is set)."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.app import policy_from
from bot.bot_api import bot_username
from bot.clock import SystemClock
from bot.domain.trainees import Trainee, read_trainee_file, trainee
from bot.services.people import invite_link
from bot.services.runtime import Services
from bot.services.trainee_invites import TraineeInvite, TraineeResult, invite_trainee
from bot.settings import Settings
from storage.db import Database

# What the operator reads for each outcome but a link.
SAID = {
    TraineeResult.IN_CHAT: "invited in the chat (the Enrol button)",
    TraineeResult.ALREADY: "invited to this run before: nothing new",
    TraineeResult.OTHER_ROLE: "not invited: this email is a {role}'s (one email is one person)",
}


def add_invite_arguments(parser: argparse.ArgumentParser) -> None:
    """The arguments `course invite` adds to the course command."""
    parser.add_argument("--name", help="invite: the trainee mentor's name")
    parser.add_argument("--email", help="invite: his email")
    parser.add_argument("--company", default="", help="invite: the company he works for")
    parser.add_argument(
        "--csv",
        type=Path,
        metavar="FILE",
        help="invite: many at once, columns name, email and optionally company",
    )


def _trainees(args: argparse.Namespace) -> list[Trainee] | list[str]:
    """Who to invite, or every reason the arguments or the file name nobody."""
    if args.csv is not None:
        try:
            data = args.csv.read_bytes()
        except OSError as problem:
            return [f"cannot read {args.csv}: {problem.strerror}"]
        read = read_trainee_file(data)
        return [f"{args.csv}: {e}" for e in read.errors] or list(read.trainees)
    if not args.name or not args.email:
        return ["course invite needs --name and --email, or --csv FILE"]
    try:
        return [trainee(args.name, args.email, args.company)]
    except ValueError as error:
        return [str(error)]


async def invite(settings: Settings, args: argparse.Namespace) -> int:
    """Invite trainee mentors to a run; their links are printed (and emailed with SMTP)."""
    run = str(args.file)
    found = _trainees(args)
    problems = [x for x in found if isinstance(x, str)]
    if not run.isascii() or not run.isdigit():
        problems.insert(0, f"course invite takes the run's number, not {run!r}")
    if problems or not found:
        for problem in problems:
            print(f"mentorbot: {problem}", file=sys.stderr)
        return 1
    username = settings.bot_username or await bot_username(settings)
    db = await Database.open(settings.database_path)
    svc = Services(db, SystemClock(), policy_from(settings, username))
    now = svc.clock.now()
    outcomes: list[TraineeInvite] = []
    try:
        for one in found:
            assert isinstance(one, Trainee)
            outcome = await invite_trainee(svc, None, int(run), one, now)
            if outcome.result in (TraineeResult.UNKNOWN, TraineeResult.OVER):
                what = (
                    "no such run"
                    if outcome.result is TraineeResult.UNKNOWN
                    else ("its last session has begun: it takes nobody new")
                )
                print(f"mentorbot: run {run}: {what}", file=sys.stderr)
                return 1
            outcomes.append(outcome)
    finally:
        await db.close()
    return await _report(settings, username, outcomes, now)


async def _report(
    settings: Settings, username: str, outcomes: list[TraineeInvite], now: datetime
) -> int:
    zone = ZoneInfo(settings.timezone)
    for outcome in outcomes:
        person = outcome.person
        assert person is not None
        if outcome.result is TraineeResult.LINK and outcome.expires_at is not None:
            said = (
                f"{invite_link(username, outcome.token)} "
                f"(works once, until {outcome.expires_at.astimezone(zone):%Y-%m-%d})"
            )
        else:
            said = SAID[outcome.result].format(role=person.role.value)
        print(f"{person.name} <{person.email}>: {said}")
    refused = any(o.result is TraineeResult.OTHER_ROLE for o in outcomes)
    links = [o for o in outcomes if o.result is TraineeResult.LINK]
    if not links or not settings.smtp_url.get_secret_value():
        return 1 if refused else 0
    from bot.trainee_mail import email_trainees  # noqa: PLC0415  (only when emailing)

    failed = await email_trainees(settings, username, links, now)
    print(f"{len(links) - failed} of {len(links)} invitations emailed")
    return 1 if failed or refused else 0
