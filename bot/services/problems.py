"""A student asks for help: the /help menu, describing the problem, choosing who reads it."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from zoneinfo import ZoneInfo

import aiosqlite

from bot.domain.flows import AnyFlowState, Flow, FlowState
from bot.domain.people import Person, Placement, Role, current_placement
from bot.domain.policy import Policy
from bot.services.flows import at_step, claim, enter, finish, move
from bot.services.reports import Filed, audience, file_report
from bot.services.runtime import Services
from storage.people import PlacementRepo

# A report is taken whole, however long: as much as one Telegram message can hold (4,096
# UTF-16 units, so never more characters). It no longer has to fit in one alert: long alerts go
# in parts (handlers/split.py). MAX_ANSWER is for the other free-text answers.
MAX_TEXT = 4096


class HelpStep(StrEnum):
    """The /help menu of a student: ask for help, or read how the bot works."""

    CHOOSE = "choose"


@dataclass(frozen=True, slots=True)
class HelpMenu:
    """The placement a student's /help is about."""

    placement_id: int

    @property
    def subject(self) -> int:
        """A conversation about this placement."""
        return self.placement_id


HELP = Flow("help", HelpStep, HelpMenu)


class ReportStep(StrEnum):
    """Reporting a problem: what it is, then who may read it."""

    DESCRIBE = "describe"
    AUDIENCE = "audience"


@dataclass(frozen=True, slots=True)
class ReportDraft:
    """A problem report being written; it becomes an alert only when it is complete."""

    placement_id: int
    checkin_id: int | None = None  # the check-in it came from, if any
    description: str | None = None  # the student's words, until the alert holds them
    shared_with_mentor: bool | None = None  # his choice, once made
    # Whom he chooses between, by name: the buttons say "Only Peter Mulder (school)".
    supervisor: str | None = None
    mentor: str | None = None
    company: str | None = None

    @property
    def subject(self) -> int:
        """A conversation about this placement."""
        return self.placement_id


def _without_words(draft: ReportDraft) -> ReportDraft:
    return replace(draft, description=None)


# At AUDIENCE the description exists nowhere else: such a report is never thrown away.
REPORT = Flow(
    "report",
    ReportStep,
    ReportDraft,
    drafts=frozenset({ReportStep.AUDIENCE}),
    scrub=_without_words,
)


class HelpResult(StrEnum):
    """What became of a step of asking for help."""

    ASK = "ask"  # `flow` is the question to ask now
    NO_PLACEMENT = "no_placement"
    BUSY = "busy"  # another conversation holds a draft (`flow`): nothing started
    EXPLAINED = "explained"  # he chose to read how the bot works
    REPORTED = "reported"  # the alert is on its way (`flow` holds his choice)
    TOO_LONG = "too_long"
    STALE = "stale"  # not the step his flow is at (an old or forged button)


@dataclass(frozen=True, slots=True)
class HelpOutcome:
    """The result of a step, the flow the student is in now, and the one it replaced."""

    result: HelpResult
    flow: AnyFlowState | None = None
    replaced: AnyFlowState | None = None
    filed: Filed | None = None  # REPORTED: what became of the report, whom it reaches


async def student_placement(
    conn: aiosqlite.Connection, person: Person, now: datetime
) -> Placement | None:
    """The placement a student is on now (or next, or last)."""
    placements = [
        p for p in await PlacementRepo(conn).of_person(person.id) if p.student_id == person.id
    ]
    if not placements:
        return None
    today = now.astimezone(ZoneInfo(placements[0].timezone)).date()
    return current_placement(placements, today)


async def open_help(
    svc: Services, person: Person, now: datetime, *, update_id: int | None
) -> HelpOutcome:
    """/help of a student: the menu with "ask for help" and "how does this work"."""
    async with svc.db.transaction() as conn:
        placement = await student_placement(conn, person, now)
        if placement is None:
            return HelpOutcome(HelpResult.NO_PLACEMENT)
        claimed = await claim(conn, person.id, HELP, placement.id, now)
        if claimed.refused_by:
            return HelpOutcome(HelpResult.BUSY, claimed.refused_by)
        state = await enter(
            conn,
            svc.policy,
            person.id,
            claimed,
            HelpStep.CHOOSE,
            data=HelpMenu(placement.id),
            now=now,
            update_id=update_id,
        )
        return HelpOutcome(HelpResult.ASK, state, claimed.replaced)


async def choose_help(
    svc: Services,
    person: Person,
    flow_id: int,
    wants_report: bool,
    now: datetime,
    *,
    update_id: int | None,
) -> HelpOutcome:
    """The student chose in the /help menu: report a problem, or read how the bot works."""
    async with svc.db.transaction() as conn:
        menu = await at_step(conn, person.id, HELP, flow_id, HelpStep.CHOOSE, now=now)
        if menu is None:
            return HelpOutcome(HelpResult.STALE)
        if not wants_report:
            return HelpOutcome(
                HelpResult.EXPLAINED, await finish(conn, person.id, menu, now, update_id=update_id)
            )
        report = await start_report(
            conn,
            svc.policy,
            person.id,
            menu.data.placement_id,
            checkin_id=None,
            now=now,
            update_id=update_id,
        )
        return HelpOutcome(HelpResult.ASK, report)


async def start_report(
    conn: aiosqlite.Connection,
    policy: Policy,
    person_id: int,
    placement_id: int,
    *,
    checkin_id: int | None,
    now: datetime,
    update_id: int | None,
) -> FlowState[ReportStep, ReportDraft]:
    """Begin a report in place of the menu or check-in it came from (they hold no draft)."""
    claimed = await claim(conn, person_id, REPORT, placement_id, now)
    if claimed.going_on:  # a report already under way goes on where it was
        return claimed.going_on
    return await enter(
        conn,
        policy,
        person_id,
        claimed,
        ReportStep.DESCRIBE,
        data=ReportDraft(placement_id, checkin_id),
        now=now,
        update_id=update_id,
    )


async def describe_problem(
    svc: Services, person: Person, flow_id: int, text: str, now: datetime, *, update_id: int | None
) -> HelpOutcome:
    """The student described his problem; next he chooses who may read it."""
    if len(text) > MAX_TEXT:  # refused whole: nothing of it is kept
        return HelpOutcome(HelpResult.TOO_LONG)
    async with svc.db.transaction() as conn:
        draft = await at_step(conn, person.id, REPORT, flow_id, ReportStep.DESCRIBE, now=now)
        if draft is None:
            return HelpOutcome(HelpResult.STALE)
        names = await audience(conn, draft.data.placement_id)
        state = await move(
            conn,
            svc.policy,
            person.id,
            draft,
            ReportStep.AUDIENCE,
            data=replace(
                draft.data,
                description=text,
                supervisor=names.supervisor,
                mentor=names.mentor,
                company=names.company,
            ),
            now=now,
            update_id=update_id,
        )
        return HelpOutcome(HelpResult.ASK, state)


async def choose_audience(
    svc: Services,
    person: Person,
    flow_id: int,
    share_with_mentor: bool,
    now: datetime,
    *,
    update_id: int | None,
) -> HelpOutcome:
    """The student chose who may read his problem: the supervisor is alerted now."""
    async with svc.db.transaction() as conn:
        draft = await at_step(conn, person.id, REPORT, flow_id, ReportStep.AUDIENCE, now=now)
        placement = await PlacementRepo(conn).by_id(draft.data.placement_id) if draft else None
        if (
            draft is None
            or placement is None
            or person.role is not Role.STUDENT
            or placement.student_id != person.id
            or draft.data.description is None
        ):
            return HelpOutcome(HelpResult.STALE)
        # A new alert, or beyond REPORTS_PER_HOUR an addition to his open one (bot/services/
        # reports.py); the outcome says whom it reaches, for what he is told.
        filed = await file_report(
            conn,
            svc.policy,
            placement,
            draft.data.description,
            now,
            shared_with_mentor=share_with_mentor,
            checkin_id=draft.data.checkin_id,
        )
        done = await finish(
            conn,
            person.id,
            draft,
            now,
            update_id=update_id,
            data=replace(draft.data, shared_with_mentor=share_with_mentor),
        )
        return HelpOutcome(HelpResult.REPORTED, done, filed=filed)
