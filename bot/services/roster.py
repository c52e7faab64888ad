"""Importing the school's roster: people, companies and placements, all or nothing."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from bot.domain.people import Placement
from bot.domain.policy import Policy
from bot.domain.roster import (
    Roster,
    RosterDefaults,
    RosterPerson,
    RowError,
    read_roster,
    refuse_role_changes,
)
from bot.domain.roster_file import UTF8
from bot.domain.schedule import first_checkin_at
from bot.services.feedback_due import plan_placement
from bot.services.runtime import Services
from storage.audit import AuditRepo
from storage.people import PeopleRepo, PlacementRepo


@dataclass(frozen=True, slots=True)
class ImportOutcome:
    """What an import did, or why it wrote nothing."""

    written: bool
    people_added: int
    placements_added: int
    placements_unchanged: int
    errors: tuple[RowError, ...]
    encoding: str = UTF8
    delimiter: str = ","


def roster_defaults(policy: Policy) -> RosterDefaults:
    """The school-wide values for the roster's optional columns."""
    return RosterDefaults(
        language=policy.default_language, timezone=policy.timezone,
        checkin_weekday=policy.checkin_weekday, checkin_time=policy.checkin_time,
        mentor_meeting_every_days=policy.mentor_meeting_every_days,
        tripartite_every_weeks=policy.tripartite_every_weeks,
    )


async def import_roster(svc: Services, data: bytes | str, *, skip_bad_rows: bool,
                        now: datetime, actor_id: int | None = None) -> ImportOutcome:
    """Import a roster; with bad rows nothing is written unless told to skip them.

    A row that would give a registered person another role is a bad row like any other.
    """
    roster: Roster = read_roster(data, roster_defaults(svc.policy))
    refused = ImportOutcome(False, 0, 0, 0, roster.errors, roster.encoding, roster.delimiter)
    if roster.errors and not skip_bad_rows:
        return refused
    people_added = placements_added = unchanged = 0
    async with svc.db.transaction() as conn:
        people, placements = PeopleRepo(conn), PlacementRepo(conn)
        # Read inside the write transaction: nobody can register one of these emails between
        # this check and the inserts below.
        roster = refuse_role_changes(roster, await people.roles_of(roster.emails()))
        if roster.errors and not skip_bad_rows:
            return replace(refused, errors=roster.errors)

        async def person_id(who: RosterPerson, language: str | None) -> int:
            nonlocal people_added
            known = await people.by_email(who.email)
            if known is not None:
                return known.id
            people_added += 1
            return await people.add(who.name, who.email, who.role, language, now)

        for row in roster.rows:
            student = await person_id(row.student, row.language)
            mentor = await person_id(row.mentor, None)
            supervisor = await person_id(row.supervisor, None)
            company = await placements.company_id(row.company)
            if await placements.find(student, company, row.starts_on) is not None:
                unchanged += 1
                continue
            placement = Placement(
                id=0, student_id=student, mentor_id=mentor, supervisor_id=supervisor,
                company=row.company, starts_on=row.starts_on, ends_on=row.ends_on,
                timezone=row.timezone, checkin_weekday=row.checkin_weekday,
                checkin_time=row.checkin_time,
                mentor_meeting_every_days=row.mentor_meeting_every_days,
                tripartite_every_weeks=row.tripartite_every_weeks,
            )
            placement_id = await placements.add(placement, company,
                                                first_checkin_at(placement, now), now)
            await plan_placement(conn, svc.policy.feedback, replace(placement, id=placement_id),
                                 now)
            placements_added += 1
        if people_added or placements_added:
            await AuditRepo(conn).record(
                now, actor_id, "import_roster", "roster",
                f"{placements_added} placements added, {len(roster.errors)} bad rows skipped",
            )
    return ImportOutcome(True, people_added, placements_added, unchanged, roster.errors,
                         roster.encoding, roster.delimiter)
