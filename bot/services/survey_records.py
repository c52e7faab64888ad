"""What a survey's answers set off: the alert of a flagged answer, and the finished response
with its grouping keys (none that name the person when the survey is anonymous)."""

from __future__ import annotations

from datetime import datetime

import aiosqlite

from bot.domain.escalation import AlertKind
from bot.domain.survey_timing import school_year
from bot.domain.surveys import Question, Survey
from bot.services.alerts import raise_alert
from bot.services.runtime import Services
from bot.services.survey_courses import course_grouping
from storage.people import PlacementRepo
from storage.survey_responses import Grouping, ResponseRepo
from storage.surveys import Invitation, SurveyRepo


async def alert_flagged(
    conn: aiosqlite.Connection,
    svc: Services,
    invitation: Invitation,
    question: Question,
    answer: str,
    *,
    now: datetime,
) -> None:
    """A flagged question answered 1-2: the supervisor's alert, with the question's words."""
    if invitation.placement_id is None:
        return  # a course run has no supervisor to alert
    placement = await PlacementRepo(conn).by_id(invitation.placement_id)
    if placement is None:
        return
    # The definition's own words, in the school's language, with the answer on the scale.
    text = question.text.get(svc.policy.default_language) or next(iter(question.text.values()))
    await raise_alert(
        conn,
        svc.policy,
        placement,
        AlertKind.PROBLEM_REPORTED,
        now,
        details=f"{text} → {answer}/5",
    )


async def record_response(
    conn: aiosqlite.Connection,
    svc: Services,
    invitation: Invitation,
    survey: Survey,
    answers: dict[str, str],
    *,
    now: datetime,
) -> None:
    """A finished survey's answers with what groups them; the invitation is done."""
    if invitation.run_id is not None:  # the course evaluation: grouped by its run
        grouping = await course_grouping(conn, svc, invitation, survey.anonymous)
    else:
        assert invitation.placement_id is not None
        placement = await PlacementRepo(conn).by_id(invitation.placement_id)
        assert placement is not None
        year = school_year(placement.starts_on)
        if survey.anonymous:  # only what groups it: no person, no placement, no time
            grouping = Grouping(placement.company, year)
        else:
            grouping = Grouping(
                placement.company,
                year,
                invitation.person_id,
                placement.id,
                placement.mentor_id,
                placement.supervisor_id,
            )
    await ResponseRepo(conn).respond(
        invitation.version_id, grouping, answers, None if survey.anonymous else now
    )
    await SurveyRepo(conn).mark(invitation.id, "finished_at", now)
