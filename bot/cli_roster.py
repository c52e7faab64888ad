"""Roster commands beside `import`: the changes it makes, ending a placement early, who joined,
and one person's fresh invite link."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from bot.app import policy_from
from bot.bot_api import bot_username
from bot.cli_export import day
from bot.clock import SystemClock
from bot.domain.roster_changes import PlacementChange
from bot.services.joining import members, person_by_email, renew_invite
from bot.services.operations import placement_counts
from bot.services.people import invite_link
from bot.services.roster_changes import EndResult, end_placement, placement_of_student
from bot.services.runtime import Services
from bot.settings import Settings
from storage.db import Database


async def _services(settings: Settings) -> Services:
    db = await Database.open(settings.database_path)
    return Services(db, SystemClock(), policy_from(settings, settings.bot_username))


def change_lines(changes: Sequence[PlacementChange]) -> list[str]:
    """The diff of an import: per changed placement its line, then each field old -> new."""
    lines = []
    for change in changes:
        lines.append(
            f"line {change.line}: {change.student} at {change.company} "
            f"(placement {change.placement_id})"
        )
        lines.extend(f"    {c.field.value}: {c.old} -> {c.new}" for c in change.changes)
    return lines


def add_end_arguments(parser: argparse.ArgumentParser) -> None:
    """The end command's arguments."""
    parser.add_argument(
        "student", metavar="STUDENT_EMAIL", help="the student whose placement ends"
    )
    parser.add_argument(
        "--last-day",
        type=day,
        metavar="DATE",
        help="his last day (default: yesterday, so no check-in from today)",
    )


async def end(settings: Settings, args: argparse.Namespace) -> int:
    """End a student's current placement early: no check-ins after his last day."""
    svc = await _services(settings)
    try:
        now = svc.clock.now()
        placement = await placement_of_student(svc, args.student, now)
        if placement is None:
            print(f"mentorbot: no placement of a student {args.student}", file=sys.stderr)
            return 1
        outcome = await end_placement(svc, placement.id, now, last_day=args.last_day)
    finally:
        await svc.db.close()
    if outcome.result is EndResult.ALREADY_OVER:
        print(
            f"mentorbot: placement {placement.id} at {placement.company} ended on "
            f"{placement.ends_on.isoformat()} already",
            file=sys.stderr,
        )
        return 1
    if outcome.result is not EndResult.ENDED or outcome.placement is None:
        print(
            f"mentorbot: placement {placement.id} at {placement.company} ends on "
            f"{placement.ends_on.isoformat()}; give an earlier --last-day",
            file=sys.stderr,
        )
        return 1
    closed = (
        f"; {outcome.checkins_closed} open check-in closed without an alert"
        if outcome.checkins_closed
        else ""
    )
    print(
        f"placement {placement.id} at {placement.company} now ends on "
        f"{outcome.placement.ends_on.isoformat()}: no check-ins after that day{closed}"
    )
    return 0


async def status(settings: Settings, _: argparse.Namespace) -> int:
    """Who has joined and who has not; no link is made or cancelled."""
    svc = await _services(settings)
    try:
        everyone = await members(svc)
        states = await placement_counts(svc, svc.clock.now())
    finally:
        await svc.db.close()
    waiting = [m for m in everyone if not m.joined]
    for member in waiting:
        person = member.person
        print(
            f"not joined  {person.role.value:<11} {person.name} <{person.email}>"
            f"  ({member.placements} placements)"
        )
    roles: dict[str, list[int]] = {}
    for member in everyone:
        counts = roles.setdefault(member.person.role.value, [0, 0])
        counts[0] += member.joined
        counts[1] += 1
    summary = ", ".join(f"{role}s {joined} of {total}" for role, (joined, total) in roles.items())
    # Before the last line, which other tools and tests read as the summary of who joined.
    print(f"placements: {states.active} active, {states.ended} ended, {states.archived} archived")
    print(f"joined: {len(everyone) - len(waiting)} of {len(everyone)} ({summary or 'nobody'})")
    return 0


async def invite_one(settings: Settings, email: str) -> int:
    """A fresh invite link for one person (`invites --only EMAIL`)."""
    username = settings.bot_username or await bot_username(settings)
    svc = await _services(settings)
    try:
        person = await person_by_email(svc, email)
        renewed = await renew_invite(svc, person.id, svc.clock.now()) if person else None
    finally:
        await svc.db.close()
    if renewed is None:
        print(f"mentorbot: nobody registered has the email {email}", file=sys.stderr)
        return 1
    who = renewed.invite.person
    print(
        f"{who.role.value:<11} {who.name} <{who.email}>  "
        f"{invite_link(username, renewed.invite.token)}"
    )
    cut = " and the Telegram account he had joined with is cut" if renewed.account_cut else ""
    print(f"1 invite link; his earlier unused links no longer work{cut}")
    return 0
