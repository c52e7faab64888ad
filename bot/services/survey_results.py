"""Survey results for the school: coordinators see every survey, supervisors the answers of
their own placements in surveys that are not anonymous; nobody else sees any."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bot.domain.people import Person, Role
from bot.domain.survey_results import GroupResult, group_results
from bot.domain.surveys import Survey
from bot.services.runtime import Services
from storage.survey_responses import ResponseRepo
from storage.surveys import SurveyRepo


class ResultsRefused(StrEnum):
    """Why someone gets no results."""

    NOT_ALLOWED = "not_allowed"


@dataclass(frozen=True, slots=True)
class SurveyResults:
    """One survey version's results per group."""

    survey: Survey
    responses: int
    groups: tuple[GroupResult, ...]


async def survey_results(svc: Services, person: Person) -> list[SurveyResults] | ResultsRefused:
    """Every answered survey version this person may see, per company."""
    if person.role not in (Role.COORDINATOR, Role.SUPERVISOR):
        return ResultsRefused.NOT_ALLOWED
    only = None if person.role is Role.COORDINATOR else person.id
    found = []
    async with svc.db.reading() as conn:
        repo = SurveyRepo(conn)
        for version_id in await ResponseRepo(conn).versions_answered():
            stored = await repo.version(version_id)
            if stored is None or (only is not None and stored.survey.anonymous):
                continue
            responses = await ResponseRepo(conn).responses(version_id, only)
            if responses:
                found.append(
                    SurveyResults(
                        stored.survey,
                        len(responses),
                        group_results(stored.survey, responses, svc.policy.surveys),
                    )
                )
    return found


@dataclass(frozen=True, slots=True)
class SurveyTable:
    """Every response of one survey (all versions) as rows; anonymous: no person, and no
    company with fewer responses than the minimum."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


async def survey_table(svc: Services, name: str) -> SurveyTable | None:
    """One row per response, one column per question id; None for an unknown survey."""
    async with svc.db.reading() as conn:
        repo = SurveyRepo(conn)
        stored = [s for s in await repo.all_versions() if s.survey.name == name]
        if not stored:
            return None
        questions: list[str] = []
        for version in stored:
            questions += [q.id for q in version.survey.questions if q.id not in questions]
        rows: list[tuple[str, ...]] = []
        for version in stored:
            found = await ResponseRepo(conn).responses_in_full(version.id)
            sizes: dict[str, int] = {}
            for row in found:
                sizes[row.company] = sizes.get(row.company, 0) + 1
            rows += [
                (
                    name,
                    str(version.survey.version),
                    r.company,
                    r.school_year,
                    r.person,
                    r.answered_at,
                    *(r.answers.get(q, "") for q in questions),
                )
                for r in found
                if not version.survey.anonymous or sizes[r.company] >= svc.policy.surveys.min_group
            ]
    header = ("survey", "version", "company", "school_year", "person", "answered_at", *questions)
    return SurveyTable(header, tuple(rows))
