"""The course evaluation on the survey mechanism: after a course run's last session each
participant is asked the course survey (once, not while he is busy), and his answers are
grouped by the run."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import aiosqlite

from bot.domain.messages import Message
from bot.domain.survey_messages import SurveyInvitation
from bot.domain.survey_timing import school_year
from bot.domain.surveys import Audience, Moment
from bot.services.runtime import Services
from bot.services.surveys import load_shipped
from storage.certificates import CertificateRepo
from storage.outbox import OutboxRepo
from storage.survey_responses import Grouping
from storage.survey_runs import SurveyRunRepo
from storage.surveys import Invitation, StoredSurvey, SurveyRepo
from storage.training import TrainingRepo

# A session lasts at most a day: sessions that began this long before the close are looked at.
LONGEST_SESSION = timedelta(days=1)


def is_course_survey(stored: StoredSurvey) -> bool:
    """A survey the course's participants answer after its last session."""
    survey = stored.survey
    return survey.audience is Audience.PARTICIPANT and survey.moment is Moment.COURSE


async def send_course_surveys(svc: Services, now: datetime) -> int:
    """The tick: once a run's last session has ended, each enrolled participant gets the course
    survey, once; while he has a check-in or a conversation open it waits. A run that ended
    longer ago than SURVEY_CLOSE_DAYS gets none (it would be closed as it came)."""
    await load_shipped(svc, now)
    close_after = svc.policy.surveys.close_after
    plan: list[tuple[StoredSurvey, int, int]] = []
    async with svc.db.reading() as conn:  # the idle tick reads only
        training = TrainingRepo(conn)
        recent = await training.sessions_between(now - close_after - LONGEST_SESSION, now)
        if not recent:
            return 0
        surveys = [s for s in await SurveyRepo(conn).latest() if is_course_survey(s)]
        busy: set[int] | None = None
        for run_id in sorted({s.run_id for s in recent}):
            last = (await training.sessions(run_id))[-1]
            if not now - close_after < last.ends_at <= now:
                continue
            enrolled = [e.person_id for e in await training.enrolments(run_id) if e.enrolled_at]
            for stored in surveys:
                asked = await SurveyRunRepo(conn).invited(stored.survey.name, run_id)
                todo = [p for p in enrolled if p not in asked]
                if todo and busy is None:
                    busy = await SurveyRepo(conn).busy(now)
                plan += [(stored, p, run_id) for p in todo if busy is None or p not in busy]
    if not plan:
        return 0
    async with svc.db.transaction() as conn:
        repo = SurveyRepo(conn)
        messages = []
        for stored, person_id, run_id in plan:
            invitation = await repo.invite(
                stored.id, stored.survey.name, person_id, None, now, run_id=run_id
            )
            messages.append(
                Message(f"survey:{invitation}", person_id, SurveyInvitation(invitation))
            )
        await OutboxRepo(conn).add(messages, now)
    return len(plan)


async def course_grouping(
    conn: aiosqlite.Connection, svc: Services, invitation: Invitation, anonymous: bool
) -> Grouping:
    """What a course response is grouped by: the participant's company (his latest placement's,
    as on his certificate), the school year of the run's last session, and the run."""
    assert invitation.run_id is not None
    company = await CertificateRepo(conn).company_of(invitation.person_id)
    sessions = await TrainingRepo(conn).sessions(invitation.run_id)
    last = sessions[-1].starts_at if sessions else invitation.sent_at
    year = school_year(last.astimezone(ZoneInfo(svc.policy.timezone)).date())
    if anonymous:
        return Grouping(company, year, run_id=invitation.run_id)
    return Grouping(company, year, invitation.person_id, run_id=invitation.run_id)
