"""`/student`: one placement as its supervisor sees it — check-ins with their words, the mood
chart's weeks, meetings, feedback and alerts. Each look is written to the audit log."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from bot.domain.localtime import local_date, zone_of
from bot.domain.meetings import Meeting
from bot.domain.mood_history import ChartWeek, CheckInWeek, WeekMark, mood_weeks, pause_spans
from bot.domain.people import Person, Placement
from bot.services.overview import scope_of
from bot.services.runtime import Services
from storage.audit import AuditRepo
from storage.meetings import MeetingRepo
from storage.overview import OverviewRepo
from storage.people import PlacementRepo
from storage.student_picture import AlertRow, CheckInRow, FeedbackRow, PictureRepo

LAST_CHECKINS = 8
LAST_ITEMS = 5
MAX_CHOICES = 40  # buttons to pick from; a longer list asks for part of the name
MARKS = {"answered": WeekMark.ANSWERED, "missed": WeekMark.MISSED, "open": WeekMark.OPEN}


class PictureResult(StrEnum):
    """What /student found."""

    SHOW = "show"
    PICK = "pick"  # several placements match: choose one
    NONE = "none"  # nothing of his matches
    TOO_MANY = "too_many"  # too many to list: type part of the name
    NOT_ALLOWED = "not_allowed"  # not a supervisor or coordinator, or not his placement


@dataclass(frozen=True, slots=True)
class Choice:
    """A placement to pick: the student and where."""

    placement_id: int
    student: str
    company: str


@dataclass(frozen=True, slots=True)
class StudentPicture:
    """One placement's history, newest first where it is a list."""

    placement: Placement
    student: str
    student_joined: bool
    mentor: tuple[str, str]  # name, email
    supervisor: str
    checkins: tuple[CheckInRow, ...]  # the latest eight, newest first
    weeks: tuple[ChartWeek, ...]  # the chart's, oldest first
    meetings: tuple[Meeting, ...]
    feedback: tuple[FeedbackRow, ...]
    alerts: tuple[AlertRow, ...]
    timezone: str  # the school's
    mentor_uncertified: bool = False  # the school trains mentors and this one is not certified


@dataclass(frozen=True, slots=True)
class PictureOutcome:
    """The result, the picture, or the placements to choose from."""

    result: PictureResult
    picture: StudentPicture | None = None
    choices: tuple[Choice, ...] = ()


async def find_student(svc: Services, person: Person, text: str, now: datetime) -> PictureOutcome:
    """A name, part of one, or nothing (every placement he follows now) -> one picture, or a
    choice; only among the placements the person may see."""
    scope = scope_of(person)
    if scope is None:
        return PictureOutcome(PictureResult.NOT_ALLOWED)
    async with svc.db.reading() as conn:
        found = await PictureRepo(conn).matching(scope.supervisor_id, text)
    if not text.strip():  # no name: the placements running now
        found = [
            f
            for f in found
            if f.placement.ends_on
            >= local_date(now, zone_of(f.placement.timezone))
            >= f.placement.starts_on
        ]
    if not found:
        return PictureOutcome(PictureResult.NONE)
    if len(found) == 1:
        return await student_picture(svc, person, found[0].placement.id, now)
    if len(found) > MAX_CHOICES:
        return PictureOutcome(PictureResult.TOO_MANY)
    choices = sorted(
        (Choice(f.placement.id, f.student, f.placement.company) for f in found),
        key=lambda c: (c.student.casefold(), c.placement_id),
    )
    return PictureOutcome(PictureResult.PICK, choices=tuple(choices))


async def student_picture(
    svc: Services, person: Person, placement_id: int, now: datetime
) -> PictureOutcome:
    """One placement's picture, if the person may see it; the look is logged."""
    scope = scope_of(person)
    async with svc.db.transaction() as conn:
        placement = await PlacementRepo(conn).by_id(placement_id)
        if (
            scope is None
            or placement is None
            or scope.supervisor_id not in (None, placement.supervisor_id)
        ):
            return PictureOutcome(PictureResult.NOT_ALLOWED)
        repo = PictureRepo(conn)
        names = await repo.names(
            (placement.student_id, placement.mentor_id, placement.supervisor_id)
        )
        checkins = await repo.checkins(placement.id)
        zone = zone_of(placement.timezone)
        pauses = pause_spans(
            [(local_date(at, zone), until) for at, until in await repo.pause_events(placement.id)]
        )
        last_day = min(placement.ends_on, local_date(now, zone))
        weeks = mood_weeks(
            placement.starts_on,
            last_day,
            [CheckInWeek(c.week, MARKS[c.status], c.mood) for c in checkins],
            pauses,
        )
        meetings = await MeetingRepo(conn).of_placement(placement.id)
        feedback = await repo.feedback(placement.id)
        alerts = await repo.alerts(placement.id)
        uncertified = await OverviewRepo(conn).uncertified(
            [placement.id], local_date(now, zone_of(svc.policy.timezone))
        )
        await AuditRepo(conn).record(
            now, person.id, "student_picture_viewed", f"placement:{placement.id}"
        )
    picture = StudentPicture(
        placement=placement,
        student=names[placement.student_id][0],
        student_joined=names[placement.student_id][2],
        mentor=names[placement.mentor_id][:2],
        supervisor=names[placement.supervisor_id][0],
        checkins=tuple(reversed(checkins[-LAST_CHECKINS:])),
        weeks=weeks,
        meetings=tuple(sorted(meetings, key=lambda m: m.starts_at, reverse=True)[:LAST_ITEMS]),
        feedback=tuple(reversed(feedback[-LAST_ITEMS:])),
        alerts=tuple(reversed(alerts[-LAST_CHECKINS:])),
        timezone=svc.policy.timezone,
        mentor_uncertified=bool(uncertified),
    )
    return PictureOutcome(PictureResult.SHOW, picture)
