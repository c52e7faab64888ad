"""/goals: who sees a placement's learning goals and their feedback, and who sets them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

import aiosqlite

from bot.domain.feedback import FeedbackPicture, picture_of
from bot.domain.feedback_messages import GoalsSet
from bot.domain.flows import AnyFlowState, Flow
from bot.domain.goals import GoalCoverage, GoalsProblem, coverage_of, goal_changes, read_goals
from bot.domain.messages import Message
from bot.domain.people import Person, Placement, Role, may_act_on
from bot.services.flows import at_step, claim, enter, finish
from bot.services.problems import student_placement
from bot.services.runtime import Services
from storage.db import to_db
from storage.feedback import FeedbackRepo
from storage.goals import GoalRepo
from storage.outbox import OutboxRepo
from storage.people import PeopleRepo, PlacementRepo

# Placements offered as buttons at once; more: narrow down with /goals <name>.
MAX_CHOICES = 20


class GoalsStep(StrEnum):
    """Setting goals: the list, typed in one message."""

    WRITE = "write"


@dataclass(frozen=True, slots=True)
class GoalsDraft:
    """The supervisor or coordinator is typing a placement's goals."""

    placement_id: int

    @property
    def subject(self) -> int:
        """A conversation about this placement."""
        return self.placement_id


GOALS = Flow("goals", GoalsStep, GoalsDraft)


class GoalsResult(StrEnum):
    """What /goals shows, or what became of setting them."""

    SHOW = "show"  # `pictures`
    PICK = "pick"  # `choices`: more placements than one
    ASK = "ask"  # `flow`: type the goals
    SAVED = "saved"
    NO_PLACEMENTS = "no_placements"
    BUSY = "busy"
    STALE = "stale"  # not his placement, an old or forged button
    EMPTY = GoalsProblem.EMPTY.value
    TOO_MANY = GoalsProblem.TOO_MANY.value
    TOO_LONG = GoalsProblem.TOO_LONG.value


@dataclass(frozen=True, slots=True)
class PlacementChoice:
    """A placement to pick, by its student's name."""

    placement_id: int
    student_name: str


@dataclass(frozen=True, slots=True)
class GoalsPicture:
    """One placement's goals with their feedback, and its feedback at a glance."""

    placement_id: int
    student_name: str
    goals: tuple[GoalCoverage, ...]
    feedback: FeedbackPicture
    may_change: bool  # he may set the goals (supervisor of it, coordinator)


@dataclass(frozen=True, slots=True)
class GoalsOutcome:
    """The result and what to show."""

    result: GoalsResult
    pictures: tuple[GoalsPicture, ...] = ()
    choices: tuple[PlacementChoice, ...] = ()
    flow: AnyFlowState | None = None
    replaced: AnyFlowState | None = None
    count: int = 0


async def show_goals(svc: Services, person: Person, name: str, now: datetime) -> GoalsOutcome:
    """/goals [name]: the goals of his placements; several to choose from for the school."""
    async with svc.db.reading() as conn:
        if person.role is Role.STUDENT:
            placement = await student_placement(conn, person, now)
            choices = [PlacementChoice(placement.id, person.name)] if placement else []
        else:
            since = (now - timedelta(days=1)).date()
            choices = [
                PlacementChoice(p.id, student)
                for p, student in await GoalRepo(conn).placements_with_students(since)
                if may_act_on(person.role, person.id, p)
            ]
        wanted = name.strip().casefold()
        choices = [c for c in choices if wanted in c.student_name.casefold()]
        if not choices:
            return GoalsOutcome(GoalsResult.NO_PLACEMENTS)
        if len(choices) > 1 and person.role in (Role.SUPERVISOR, Role.COORDINATOR):
            ordered = sorted(choices, key=lambda c: (c.student_name.casefold(), c.placement_id))
            return GoalsOutcome(GoalsResult.PICK, choices=tuple(ordered[:MAX_CHOICES]))
        pictures = [await _picture(conn, person, c.placement_id) for c in choices]
        return GoalsOutcome(GoalsResult.SHOW, pictures=tuple(p for p in pictures if p))


async def goals_of(svc: Services, person: Person, placement_id: int) -> GoalsOutcome:
    """One placement's goals (a button of the /goals choice)."""
    async with svc.db.reading() as conn:
        picture = await _picture(conn, person, placement_id)
    if picture is None:
        return GoalsOutcome(GoalsResult.STALE)
    return GoalsOutcome(GoalsResult.SHOW, pictures=(picture,))


async def start_setting(
    svc: Services, person: Person, placement_id: int, now: datetime, *, update_id: int | None
) -> GoalsOutcome:
    """ "Set the goals": he types them next."""
    async with svc.db.transaction() as conn:
        if await _settable(conn, person, placement_id) is None:
            return GoalsOutcome(GoalsResult.STALE)
        claimed = await claim(conn, person.id, GOALS, placement_id, now)
        if claimed.refused_by:
            return GoalsOutcome(GoalsResult.BUSY, flow=claimed.refused_by)
        state = await enter(
            conn,
            svc.policy,
            person.id,
            claimed,
            GoalsStep.WRITE,
            data=GoalsDraft(placement_id),
            now=now,
            update_id=update_id,
        )
        return GoalsOutcome(GoalsResult.ASK, flow=state, replaced=claimed.replaced)


async def set_goals(
    svc: Services, person: Person, flow_id: int, text: str, now: datetime, *, update_id: int | None
) -> GoalsOutcome:
    """The typed goals: kept, added and retired; the student and the mentor see the new list."""
    async with svc.db.transaction() as conn:
        state = await at_step(conn, person.id, GOALS, flow_id, GoalsStep.WRITE, now=now)
        placement = await _settable(conn, person, state.data.placement_id) if state else None
        if state is None or placement is None:
            return GoalsOutcome(GoalsResult.STALE)
        titles = read_goals(text)
        if isinstance(titles, GoalsProblem):  # the question stays: he types them again
            return GoalsOutcome(GoalsResult(titles.value), flow=state)
        goals = GoalRepo(conn)
        await goals.apply(
            placement.id, goal_changes(await goals.current(placement.id), titles), person.id, now
        )
        await OutboxRepo(conn).add(
            [
                Message(
                    f"goals_set:{placement.id}:{reader}:{to_db(now)}",
                    reader,
                    GoalsSet(placement.id),
                )
                for reader in (placement.student_id, placement.mentor_id)
            ],
            now,
        )
        done = await finish(conn, person.id, state, now, update_id=update_id)
        picture = await _picture(conn, person, placement.id)
        return GoalsOutcome(
            GoalsResult.SAVED, pictures=(picture,) if picture else (), flow=done, count=len(titles)
        )


async def _settable(
    conn: aiosqlite.Connection, person: Person, placement_id: int
) -> Placement | None:
    """The placement if this person sets its goals: its supervisor, or a coordinator."""
    placement = await PlacementRepo(conn).by_id(placement_id)
    if placement is None or person.role not in (Role.SUPERVISOR, Role.COORDINATOR):
        return None
    return placement if may_act_on(person.role, person.id, placement) else None


async def _picture(
    conn: aiosqlite.Connection, person: Person, placement_id: int
) -> GoalsPicture | None:
    """A placement's goals and feedback as this person may see them; None if he may not."""
    placement = await PlacementRepo(conn).by_id(placement_id)
    if placement is None or not may_act_on(person.role, person.id, placement):
        return None
    items = await FeedbackRepo(conn).for_placement(placement.id)
    goals = await GoalRepo(conn).current(placement.id)
    coverage = coverage_of(goals, [(i.goal_id, i.understood_at is not None) for i in items])
    return GoalsPicture(
        placement.id,
        await _name(conn, placement.student_id),
        coverage,
        picture_of(items),
        await _settable(conn, person, placement.id) is not None,
    )


async def _name(conn: aiosqlite.Connection, person_id: int) -> str:
    person = await PeopleRepo(conn).by_id(person_id)
    return person.name if person else ""
