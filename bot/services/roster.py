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
from bot.domain.roster_changes import PlacementChange
from bot.domain.roster_file import UTF8
from bot.domain.schedule import first_checkin_at
from bot.services.feedback_due import plan_placement
from bot.services.roster_changes import apply_row
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
    changes: tuple[PlacementChange, ...] = ()  # known placements the roster changed
    dry_run: bool = False  # nothing was written: this is what the import would do


class _DryRunError(Exception):
    """Rolls a dry run's transaction back, carrying what it would have done."""

    def __init__(self, outcome: ImportOutcome) -> None:
        super().__init__("dry run")
        self.outcome = outcome


def roster_defaults(policy: Policy) -> RosterDefaults:
    """The school-wide values for the roster's optional columns."""
    return RosterDefaults(
        language=policy.default_language,
        timezone=policy.timezone,
        checkin_weekday=policy.checkin_weekday,
        checkin_time=policy.checkin_time,
        mentor_meeting_every_days=policy.mentor_meeting_every_days,
        tripartite_every_weeks=policy.tripartite_every_weeks,
    )


async def import_roster(
    svc: Services,
    data: bytes | str,
    *,
    skip_bad_rows: bool,
    now: datetime,
    actor_id: int | None = None,
    dry_run: bool = False,
) -> ImportOutcome:
    """Import a roster; with bad rows nothing is written unless told to skip them.

    A row that would give a registered person another role is a bad row like any other. A row
    of a known placement updates it (another mentor, last day, cadence…) and is listed in
    `changes`. A dry run does all of it in a transaction that is rolled back: what it reports
    is exactly what the import would do.
    """
    try:
        return await _import(
            svc, data, skip_bad_rows=skip_bad_rows, now=now, actor_id=actor_id, dry_run=dry_run
        )
    except _DryRunError as tried:
        return tried.outcome


async def _import(
    svc: Services,
    data: bytes | str,
    *,
    skip_bad_rows: bool,
    now: datetime,
    actor_id: int | None,
    dry_run: bool,
) -> ImportOutcome:
    roster: Roster = read_roster(data, roster_defaults(svc.policy))
    refused = ImportOutcome(
        False, 0, 0, 0, roster.errors, roster.encoding, roster.delimiter, dry_run=dry_run
    )
    if roster.errors and not skip_bad_rows:
        return refused
    people_added = placements_added = unchanged = 0
    changes: list[PlacementChange] = []
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
            if known is not None and known.role is not who.role:  # a trainee becomes a mentor
                await people.set_role(known.id, who.role)
                await AuditRepo(conn).record(
                    now, actor_id, "role_changed", f"person:{known.id}", who.role.value
                )
            if known is not None:
                return known.id
            people_added += 1
            return await people.add(who.name, who.email, who.role, language, now)

        for row in roster.rows:
            student = await person_id(row.student, row.language)
            mentor = await person_id(row.mentor, None)
            supervisor = await person_id(row.supervisor, None)
            company = await placements.company_id(row.company)
            known = await placements.find(student, company, row.starts_on)
            if known is not None:
                change = await apply_row(
                    conn,
                    known,
                    row,
                    mentor_id=mentor,
                    supervisor_id=supervisor,
                    now=now,
                    actor_id=actor_id,
                    feedback=svc.policy.feedback,
                )
                if change is None:
                    unchanged += 1
                else:
                    changes.append(change)
                continue
            placement = Placement(
                id=0,
                student_id=student,
                mentor_id=mentor,
                supervisor_id=supervisor,
                company=row.company,
                starts_on=row.starts_on,
                ends_on=row.ends_on,
                timezone=row.timezone,
                checkin_weekday=row.checkin_weekday,
                checkin_time=row.checkin_time,
                mentor_meeting_every_days=row.mentor_meeting_every_days,
                tripartite_every_weeks=row.tripartite_every_weeks,
            )
            placement_id = await placements.add(
                placement, company, first_checkin_at(placement, now), now
            )
            await plan_placement(
                conn, svc.policy.feedback, replace(placement, id=placement_id), now
            )
            placements_added += 1
        if people_added or placements_added or changes:
            await AuditRepo(conn).record(
                now,
                actor_id,
                "import_roster",
                "roster",
                f"{placements_added} placements added, {len(changes)} changed, "
                f"{len(roster.errors)} bad rows skipped",
            )
        outcome = ImportOutcome(
            True,
            people_added,
            placements_added,
            unchanged,
            roster.errors,
            roster.encoding,
            roster.delimiter,
            tuple(changes),
            dry_run,
        )
        if dry_run:
            raise _DryRunError(replace(outcome, written=False))
    return outcome
