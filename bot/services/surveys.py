"""Surveys: loading definitions, and the tick that sends, reminds and closes them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from functools import cache
from importlib import resources
from zoneinfo import ZoneInfo

from bot.domain.messages import Message
from bot.domain.survey_file import parse_survey
from bot.domain.survey_messages import SurveyInvitation, SurveyReminder
from bot.domain.survey_timing import Due, invitation_due, is_survey_due, survey_days
from bot.domain.surveys import Audience, InvalidSurveyError, Moment, Survey, SurveyError
from bot.services.runtime import Services
from storage.outbox import OutboxRepo
from storage.survey_due import DuePlacement, SurveyDueRepo
from storage.surveys import Invitation, StoredSurvey, SurveyRepo

ROLE_COLUMN = {Audience.STUDENT: "student_id", Audience.MENTOR: "mentor_id"}
SENT_BY_TICK = (Moment.MID, Moment.END)  # course surveys come with a training run
CHUNK = 2000  # placements looked at in one tick; the rest the next minute


class LoadResult(StrEnum):
    """What came of loading a definition."""

    LOADED = "loaded"
    SAME = "same"  # this version is stored already, word for word
    CHANGED = "changed"  # this version is stored with other content: raise the version
    INVALID = "invalid"


@dataclass(frozen=True, slots=True)
class LoadOutcome:
    """The result, the survey read, and the errors of an invalid definition."""

    result: LoadResult
    survey: Survey | None = None
    errors: tuple[SurveyError, ...] = ()


def shipped_sources() -> list[str]:
    """The TOML sources of the surveys shipped in the package, by file name."""
    folder = resources.files("bot") / "surveys"
    return [
        f.read_text(encoding="utf-8")
        for f in sorted(folder.iterdir(), key=lambda f: f.name)
        if f.name.endswith(".toml")
    ]


@cache
def _shipped() -> list[tuple[Survey, str]]:
    # The package's files do not change while the process runs: read and parse them once.
    return [(parse_survey(s), s) for s in shipped_sources()]


async def load_survey(svc: Services, source: str, now: datetime) -> LoadOutcome:
    """Store a definition as a new version, once it reads without errors."""
    try:
        survey = parse_survey(source)
    except InvalidSurveyError as invalid:
        return LoadOutcome(LoadResult.INVALID, errors=invalid.errors)
    async with svc.db.transaction() as conn:
        repo = SurveyRepo(conn)
        if await repo.add_version(survey, source, now) is not None:
            return LoadOutcome(LoadResult.LOADED, survey)
        stored = await repo.version_source(survey.name, survey.version)
    same = stored is not None and parse_survey(stored) == survey
    return LoadOutcome(LoadResult.SAME if same else LoadResult.CHANGED, survey)


async def load_shipped(svc: Services, now: datetime) -> int:
    """Store the shipped versions the database does not have yet; how many."""
    surveys = _shipped()
    async with svc.db.reading() as conn:  # the idle tick only reads
        stored = await SurveyRepo(conn).stored_names()
    missing = [(s, src) for s, src in surveys if (s.name, s.version) not in stored]
    if not missing:
        return 0
    async with svc.db.transaction() as conn:
        for survey, source in missing:
            await SurveyRepo(conn).add_version(survey, source, now)
    return len(missing)


async def list_surveys(svc: Services) -> list[StoredSurvey]:
    """The newest version of every survey."""
    async with svc.db.reading() as conn:
        return await SurveyRepo(conn).latest()


async def send_surveys(svc: Services, now: datetime) -> int:
    """The tick: each placement's mid and end surveys on their day, unless he is busy.

    Only placements whose `next_survey_on` has come are read (an index range), so the idle
    tick costs one query whatever the size of the school. Tomorrow in UTC is today or earlier
    in every time zone; each placement's own day is checked below.
    """
    await load_shipped(svc, now)
    async with svc.db.reading() as conn:
        placements = await SurveyDueRepo(conn).due_placements(
            (now + timedelta(days=1)).date(), CHUNK
        )
    if not placements:
        return 0
    due = [p.id for p in placements]
    plan: list[tuple[StoredSurvey, int, int]] = []
    waiting: set[int] = set()  # a survey is due but its reader is busy or has not joined
    async with svc.db.reading() as conn:
        repo = SurveyRepo(conn)
        busy = await repo.busy(now)
        for stored in await repo.latest():
            survey = stored.survey
            column = ROLE_COLUMN.get(survey.audience)
            if column is None or survey.moment not in SENT_BY_TICK:
                continue
            invited = await SurveyDueRepo(conn).invited(survey.name, due)
            joined = {c.placement_id: c for c in await SurveyDueRepo(conn).candidates(column, due)}
            for p in placements:
                today = now.astimezone(ZoneInfo(p.timezone)).date()
                if p.archived or not is_survey_due(survey.moment, p.starts_on, p.ends_on, today):
                    continue
                c = joined.get(p.id)
                if c is None or c.person_id in busy:
                    waiting.add(p.id)
                elif (c.person_id, p.id) not in invited:
                    plan.append((stored, c.person_id, p.id))
    async with svc.db.transaction() as conn:
        repo = SurveyRepo(conn)
        messages = []
        for stored, person_id, placement_id in plan:
            invitation = await repo.invite(
                stored.id, stored.survey.name, person_id, placement_id, now
            )
            messages.append(
                Message(f"survey:{invitation}", person_id, SurveyInvitation(invitation))
            )
        await OutboxRepo(conn).add(messages, now)
        await SurveyDueRepo(conn).look_again(
            [(p.id, _look_again_on(p, p.id in waiting, now)) for p in placements]
        )
    return len(plan)


def _look_again_on(placement: DuePlacement, waiting: bool, now: datetime) -> date | None:
    """The next local day a placement's surveys need the tick: tomorrow when a survey waits
    for its reader (busy, or not joined yet), else the end survey's first day, else never."""
    today = now.astimezone(ZoneInfo(placement.timezone)).date()
    if placement.archived or today > placement.ends_on:
        return None
    if waiting:
        return today + timedelta(days=1)
    later = [day for day in survey_days(placement.starts_on, placement.ends_on) if day > today]
    return min(later, default=None)


async def remind_and_close(svc: Services, now: datetime) -> int:
    """The tick: one reminder after SURVEY_REMIND_DAYS, closed after SURVEY_CLOSE_DAYS."""
    rules = svc.policy.surveys
    async with svc.db.reading() as conn:
        repo = SurveyRepo(conn)
        due = [
            (i, invitation_due(i.sent_at, i.reminded_at is not None, now, rules))
            for i in await repo.open_invitations()
        ]
        busy = await repo.busy(now) if due else set()
    due = [
        (i, d) for i, d in due if d is Due.CLOSE or (d is Due.REMIND and i.person_id not in busy)
    ]
    if not due:
        return 0
    async with svc.db.transaction() as conn:
        repo = SurveyRepo(conn)
        for invitation, what in due:
            if what is Due.CLOSE:
                await repo.mark(invitation.id, "closed_at", now)
                continue
            await repo.mark(invitation.id, "reminded_at", now)
            await OutboxRepo(conn).add(
                [
                    Message(
                        f"survey_reminder:{invitation.id}",
                        invitation.person_id,
                        SurveyReminder(invitation.id),
                    )
                ],
                now,
            )
    return len(due)


@dataclass(frozen=True, slots=True)
class InvitationFacts:
    """What the invitation and the reminder say: the survey and how far he got."""

    invitation: Invitation
    survey: Survey
    answered: int  # questions answered so far (a draft)


async def invitation_facts(svc: Services, invitation_id: int) -> InvitationFacts | None:
    """The survey an invitation asks, for its message."""
    async with svc.db.reading() as conn:
        repo = SurveyRepo(conn)
        invitation = await repo.invitation(invitation_id)
        stored = None if invitation is None else await repo.version(invitation.version_id)
        if invitation is None or stored is None:
            return None
        return InvitationFacts(invitation, stored.survey, len(await repo.draft(invitation_id)))
