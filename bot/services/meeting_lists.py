"""/meetings: each person's coming and past meetings; /cadence: a placement's agreed cadence."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from bot.domain.meetings import MeetingKind, may_change_cadence
from bot.domain.people import Person, Placement, Role, may_act_on
from bot.services.meetings import MeetingCard, card_of
from bot.services.runtime import Services
from storage.audit import AuditRepo
from storage.goals import GoalRepo
from storage.meetings import MeetingRepo
from storage.people import PeopleRepo, PlacementRepo

# Placements offered as buttons at once; more: narrow them down with part of a name.
MAX_CHOICES = 20
COMING = 10  # coming meetings shown at once
PAST_PAGE = 5  # past meetings per page
# The cadences a supervisor can choose in the chat (days between mentor meetings, weeks between
# reviews): the common ones, not any number.
MENTOR_DAYS = (7, 10, 14, 21, 28)
REVIEW_WEEKS = (4, 6, 8, 10, 12)


class ListResult(StrEnum):
    """What /meetings shows."""

    MEETINGS = "meetings"
    CHOOSE = "choose"  # a supervisor picks the placement first
    NONE = "none"  # no placements (a coordinator, or everything ended)
    REFUSED = "refused"  # a placement that is not his


@dataclass(frozen=True, slots=True)
class MeetingList:
    """One page of a person's meetings."""

    result: ListResult
    coming: tuple[MeetingCard, ...] = ()
    past: tuple[MeetingCard, ...] = ()
    placement_id: int = 0  # 0: all his placements
    page: int = 0
    more: bool = False  # an older page exists
    choices: tuple[tuple[int, str], ...] = ()  # (placement id, student name)


async def list_meetings(
    svc: Services,
    person: Person,
    placement_id: int | None,
    page: int,
    now: datetime,
    *,
    name: str = "",
) -> MeetingList:
    """A page of meetings: a supervisor's per placement, anyone else's all together."""
    if placement_id is None and person.role in (Role.SUPERVISOR, Role.COORDINATOR):
        found = await active_placements(svc, person, now.date(), name)
        choices = tuple((placement.id, student.name) for placement, student in found)
        return MeetingList(ListResult.CHOOSE if choices else ListResult.NONE, choices=choices)
    async with svc.db.reading() as conn:
        if placement_id is not None:
            placement = await PlacementRepo(conn).by_id(placement_id)
            if placement is None or not may_act_on(person.role, person.id, placement):
                return MeetingList(ListResult.REFUSED)
        repo, page = MeetingRepo(conn), max(0, page)
        coming = (
            await repo.listing(
                person.id, placement_id, coming=True, now=now, limit=COMING, offset=0
            )
            if page == 0
            else []
        )
        past = await repo.listing(
            person.id,
            placement_id,
            coming=False,
            now=now,
            limit=PAST_PAGE + 1,
            offset=page * PAST_PAGE,
        )
        cards = [await card_of(conn, meeting.id) for meeting in [*coming, *past[:PAST_PAGE]]]
    found_cards = tuple(card for card in cards if card is not None)
    upcoming = tuple(card for card in found_cards if card.meeting in coming)
    return MeetingList(
        ListResult.MEETINGS,
        upcoming,
        found_cards[len(upcoming) :],
        placement_id or 0,
        page,
        more=len(past) > PAST_PAGE,
    )


class CadenceResult(StrEnum):
    """What became of a cadence change."""

    SHOWN = "shown"
    CHANGED = "changed"
    SAME = "same"
    CHOOSE = "choose"  # several placements: pick one
    NONE = "none"
    REFUSED = "refused"


@dataclass(frozen=True, slots=True)
class CadenceOutcome:
    """The result, and the placement's cadence as it is now."""

    result: CadenceResult
    placement: Placement | None = None
    student: Person | None = None
    choices: tuple[tuple[int, str], ...] = ()


async def show_cadence(
    svc: Services, person: Person, placement_id: int | None, now: datetime, *, name: str = ""
) -> CadenceOutcome:
    """/cadence [name]: the agreed cadence of a placement, to change with buttons."""
    if not may_change_cadence(person.role):
        return CadenceOutcome(CadenceResult.REFUSED)
    if placement_id is None:
        found = await active_placements(svc, person, now.date(), name)
        if len(found) != 1:
            choices = tuple((placement.id, student.name) for placement, student in found)
            return CadenceOutcome(
                CadenceResult.CHOOSE if choices else CadenceResult.NONE, choices=choices
            )
        placement_id = found[0][0].id
    return await _cadence(svc, person, placement_id, None, None, now=now)


async def change_cadence(
    svc: Services,
    person: Person,
    placement_id: int,
    kind: MeetingKind,
    value: int,
    *,
    now: datetime,
) -> CadenceOutcome:
    """Mentor meetings every `value` days, or a review every `value` weeks, for a placement."""
    return await _cadence(svc, person, placement_id, kind, value, now=now)


async def _cadence(
    svc: Services,
    person: Person,
    placement_id: int,
    kind: MeetingKind | None,
    value: int | None,
    *,
    now: datetime,
) -> CadenceOutcome:
    allowed = MENTOR_DAYS if kind is MeetingKind.MENTOR else REVIEW_WEEKS
    async with svc.db.transaction() as conn:
        placement = await PlacementRepo(conn).by_id(placement_id)
        if (
            placement is None
            or not may_change_cadence(person.role)
            or not may_act_on(person.role, person.id, placement)
            or (value is not None and value not in allowed)
        ):
            return CadenceOutcome(CadenceResult.REFUSED)
        student = await PeopleRepo(conn).by_id(placement.student_id)
        if kind is None or value is None:
            return CadenceOutcome(CadenceResult.SHOWN, placement, student)
        if not await MeetingRepo(conn).set_cadence(placement_id, kind, value):
            return CadenceOutcome(CadenceResult.SAME, placement, student)
        await AuditRepo(conn).record(
            now, person.id, f"cadence_{kind.value}", f"placement:{placement_id}", str(value)
        )
        changed = await PlacementRepo(conn).by_id(placement_id)
        return CadenceOutcome(CadenceResult.CHANGED, changed, student)


async def active_placements(
    svc: Services, person: Person, today: date, name: str = ""
) -> list[tuple[Placement, Person]]:
    """The running placements a person may act on (a coordinator: the school's), with their
    students, whose name contains `name`; at most MAX_CHOICES, by name."""
    wanted = name.strip().casefold()
    async with svc.db.reading() as conn:
        people = PeopleRepo(conn)
        if person.role is Role.COORDINATOR:
            running = [
                placement
                for placement, student in await GoalRepo(conn).placements_with_students(today)
                if wanted in student.casefold()
            ]
        else:
            running = [
                placement
                for placement in await PlacementRepo(conn).of_person(person.id)
                if placement.ends_on >= today
            ]
        found = []
        for placement in running:
            student = await people.by_id(placement.student_id)
            if (
                student is not None
                and wanted in student.name.casefold()
                and may_act_on(person.role, person.id, placement)
            ):
                found.append((placement, student))
            if len(found) >= MAX_CHOICES:
                break
        return sorted(found, key=lambda pair: (pair[1].name.casefold(), pair[0].id))


async def placement_card(svc: Services, placement_id: int) -> tuple[Placement, Person] | None:
    """A placement and its student, as a reminder to plan shows them."""
    async with svc.db.reading() as conn:
        placement = await PlacementRepo(conn).by_id(placement_id)
        student = await PeopleRepo(conn).by_id(placement.student_id) if placement else None
    return (placement, student) if placement and student else None
