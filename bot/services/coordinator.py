"""The coordinator in chat: a roster sent as a file (checked, its changes shown, imported on
Confirm), the invite links back, one fresh link, another coordinator, ending a placement."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from bot.domain.flows import AnyFlowState, Flow
from bot.domain.localtime import local_date, zone_of
from bot.domain.people import Person, Role
from bot.domain.roster_changes import is_called_off
from bot.services.exports import ExportKind, ExportTable, export
from bot.services.flows import at_step, claim, enter, finish
from bot.services.joining import Renewed, renew_invite
from bot.services.people import IssuedInvite, issue_invites
from bot.services.roster import ImportOutcome, import_roster
from bot.services.roster_changes import EndOutcome, EndPreview, end_placement, preview_end
from bot.services.runtime import Services
from bot.services.student_picture import Choice
from storage.audit import AuditRepo
from storage.joining import JoiningRepo
from storage.people import PeopleRepo
from storage.student_picture import PictureRepo

MAX_ROSTER_BYTES = 2_000_000  # some 10,000 lines; a school's roster is far smaller
MAX_CHOICES = 20  # people or placements offered as buttons
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class RosterStep(StrEnum):
    """The one question after a roster's changes are shown: import them, or not."""

    CONFIRM = "confirm"


@dataclass(frozen=True, slots=True)
class RosterUpload:
    """The file the coordinator sent (Telegram keeps it; we keep its id and fingerprint)."""

    file_id: str
    sha256: str

    @property
    def subject(self) -> int:
        """There is one roster to confirm at a time."""
        return 0


ROSTER = Flow("roster_import", RosterStep, RosterUpload)


class RosterResult(StrEnum):
    """What became of a roster sent in chat."""

    NOT_ALLOWED = "not_allowed"
    TOO_BIG = "too_big"
    BAD_ROWS = "bad_rows"  # nothing written; every bad line listed
    NOTHING_NEW = "nothing_new"  # every line is there already, unchanged
    CONFIRM = "confirm"  # the changes are shown; Confirm or Cancel
    IMPORTED = "imported"
    STALE = "stale"  # an old or forged Confirm
    BUSY = "busy"  # another conversation holds a draft


@dataclass(frozen=True, slots=True)
class RosterOutcome:
    """The result, what the import does (or did), and the flow that asks to confirm."""

    result: RosterResult
    outcome: ImportOutcome | None = None
    flow: AnyFlowState | None = None
    replaced: AnyFlowState | None = None


async def preview_roster(
    svc: Services,
    person: Person,
    file_id: str,
    data: bytes,
    now: datetime,
    *,
    update_id: int | None,
) -> RosterOutcome:
    """Check a roster sent in chat as `import --dry-run` does: bad lines, or the changes to
    confirm. Nothing is written but the question."""
    if person.role is not Role.COORDINATOR:
        return RosterOutcome(RosterResult.NOT_ALLOWED)
    if len(data) > MAX_ROSTER_BYTES:
        return RosterOutcome(RosterResult.TOO_BIG)
    tried = await import_roster(
        svc, data, skip_bad_rows=False, now=now, actor_id=person.id, dry_run=True
    )
    if tried.errors:
        return RosterOutcome(RosterResult.BAD_ROWS, tried)
    if not (tried.placements_added or tried.people_added or tried.changes):
        return RosterOutcome(RosterResult.NOTHING_NEW, tried)
    async with svc.db.transaction() as conn:
        claimed = await claim(conn, person.id, ROSTER, 0, now)
        if claimed.refused_by:
            return RosterOutcome(RosterResult.BUSY, tried, claimed.refused_by)
        state = await enter(
            conn,
            svc.policy,
            person.id,
            claimed,
            RosterStep.CONFIRM,
            data=RosterUpload(file_id, hashlib.sha256(data).hexdigest()),
            now=now,
            update_id=update_id,
        )
    return RosterOutcome(RosterResult.CONFIRM, tried, state, claimed.replaced)


async def upload_of(
    svc: Services, person: Person, flow_id: int, now: datetime
) -> RosterUpload | None:
    """The file a Confirm is about, if it is his open question (not an old or forged one)."""
    async with svc.db.reading() as conn:
        state = await at_step(conn, person.id, ROSTER, flow_id, RosterStep.CONFIRM, now=now)
    return state.data if state is not None else None


async def import_confirmed(
    svc: Services,
    person: Person,
    flow_id: int,
    data: bytes,
    now: datetime,
    *,
    update_id: int | None,
) -> RosterOutcome:
    """Confirm: import the very file that was shown (the same bytes), all or nothing."""
    async with svc.db.transaction() as conn:
        state = await at_step(conn, person.id, ROSTER, flow_id, RosterStep.CONFIRM, now=now)
        if state is None or state.data.sha256 != hashlib.sha256(data).hexdigest():
            return RosterOutcome(RosterResult.STALE)
        done = await finish(conn, person.id, state, now, update_id=update_id)
    imported = await import_roster(svc, data, skip_bad_rows=False, now=now, actor_id=person.id)
    result = RosterResult.IMPORTED if imported.written else RosterResult.BAD_ROWS
    return RosterOutcome(result, imported, done)


async def invite_links(svc: Services, person: Person, now: datetime) -> list[IssuedInvite] | None:
    """Fresh links for everyone who has not joined (earlier ones stop working); coordinators
    only."""
    if person.role is not Role.COORDINATOR:
        return None
    issued = await issue_invites(svc, now)
    async with svc.db.transaction() as conn:
        await AuditRepo(conn).record(
            now, person.id, "invites_issued", "people", f"{len(issued)} links"
        )
    return issued


async def fresh_link(
    svc: Services, person: Person, person_id: int, now: datetime
) -> Renewed | None:
    """One person's fresh link (cutting a Telegram account he joined with); never one's own."""
    if person.role is not Role.COORDINATOR or person_id == person.id:
        return None
    return await renew_invite(svc, person_id, now, actor_id=person.id)


class NewCoordinator(StrEnum):
    """Why another coordinator was not added."""

    NOT_ALLOWED = "not_allowed"
    BAD_INPUT = "bad_input"
    OTHER_ROLE = "other_role"  # one email is one person with one role, for good
    ALREADY = "already"  # a coordinator who has joined: his account stays his


async def add_coordinator(
    svc: Services, person: Person, name: str, email: str, now: datetime
) -> Renewed | NewCoordinator:
    """Register someone as a coordinator and give his invite link (a known coordinator who
    has not joined gets a fresh one)."""
    if person.role is not Role.COORDINATOR:
        return NewCoordinator.NOT_ALLOWED
    email = email.strip().lower()
    name = " ".join(name.split())
    if not name or len(name) > 200 or not EMAIL.match(email) or len(email) > 200:
        return NewCoordinator.BAD_INPUT
    async with svc.db.transaction() as conn:
        known = await JoiningRepo(conn).by_email(email)
        if known is not None and known.role is not Role.COORDINATOR:
            return NewCoordinator.OTHER_ROLE
        if known is not None and known.telegram_id is not None:
            return NewCoordinator.ALREADY
        if known is None:
            new_id = await PeopleRepo(conn).add(name, email, Role.COORDINATOR, None, now)
            await AuditRepo(conn).record(now, person.id, "coordinator_added", f"person:{new_id}")
        else:
            new_id = known.id
    renewed = await renew_invite(svc, new_id, now, actor_id=person.id)
    return renewed if renewed is not None else NewCoordinator.BAD_INPUT


async def people_named(svc: Services, person: Person, text: str) -> list[Person] | None:
    """People whose name or email holds the text (a coordinator's /invite); None: not his."""
    if person.role is not Role.COORDINATOR:
        return None
    async with svc.db.reading() as conn:
        return [p for p in await JoiningRepo(conn).named(text, MAX_CHOICES) if p.id != person.id]


async def placements_named(
    svc: Services, person: Person, text: str, now: datetime
) -> list[Choice] | None:
    """Running or coming placements whose student's name holds the text (/end); None: not a
    coordinator."""
    if person.role is not Role.COORDINATOR:
        return None
    async with svc.db.reading() as conn:
        found = await PictureRepo(conn).matching(None, text)
    return [
        Choice(f.placement.id, f.student, f.placement.company)
        for f in found
        if f.placement.ends_on >= local_date(now, zone_of(f.placement.timezone))
        and not is_called_off(f.placement)
    ][:MAX_CHOICES]


async def school_placements(svc: Services, person: Person, now: datetime) -> ExportTable | None:
    """The placements running or coming, with who has joined (/placements); coordinators."""
    if person.role is not Role.COORDINATOR:
        return None
    table = await export(
        svc, ExportKind.PLACEMENTS, None, first_day=local_date(now, zone_of(svc.policy.timezone))
    )
    return table if isinstance(table, ExportTable) else None


async def end_preview(
    svc: Services, person: Person, placement_id: int, now: datetime
) -> EndPreview | None:
    """What ending a placement would do, to confirm; None: not his to end."""
    if person.role is not Role.COORDINATOR:
        return None
    return await preview_end(svc, placement_id, now)


async def end_early(
    svc: Services, person: Person, placement_id: int, now: datetime
) -> EndOutcome | None:
    """A coordinator ends a placement early (yesterday its last day); None: not his to end."""
    if person.role is not Role.COORDINATOR:
        return None
    return await end_placement(svc, placement_id, now, actor_id=person.id)


async def registered(svc: Services, person: Person, person_id: int) -> Person | None:
    """Someone registered, as a coordinator may look him up (None: not his to see)."""
    if person.role is not Role.COORDINATOR:
        return None
    async with svc.db.reading() as conn:
        return await JoiningRepo(conn).by_id(person_id)
