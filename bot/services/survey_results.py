"""Survey results for the school: coordinators see every survey, supervisors the answers of
their own placements in surveys that are not anonymous, a course run's trainer the course
evaluation of his run; nobody else sees any. Grouped by company, mentor, course run or school
year (an anonymous survey never by mentor)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import aiosqlite

from bot.documents.spreadsheet import Cell
from bot.domain.people import Person, Role
from bot.domain.survey_results import GroupBy, GroupResult, group_results, may_group
from bot.domain.surveys import Survey
from bot.services.runtime import Services
from bot.services.survey_courses import is_course_survey
from bot.services.training import is_trainer
from storage.survey_responses import ResponseRepo
from storage.surveys import SurveyRepo
from storage.training import TrainingRepo


class ResultsRefused(StrEnum):
    """Why someone gets no results."""

    NOT_ALLOWED = "not_allowed"
    UNKNOWN = "unknown"  # no such course run


@dataclass(frozen=True, slots=True)
class SurveyResults:
    """One survey version's results per group."""

    survey: Survey
    responses: int
    groups: tuple[GroupResult, ...]
    by: GroupBy = GroupBy.COMPANY


async def _results(
    conn: aiosqlite.Connection,
    svc: Services,
    by: GroupBy,
    *,
    supervisor_id: int | None = None,
    run_id: int | None = None,
) -> list[SurveyResults]:
    repo, found = SurveyRepo(conn), []
    for version_id in await ResponseRepo(conn).versions_answered():
        stored = await repo.version(version_id)
        if stored is None or not may_group(by, stored.survey.anonymous):
            continue
        if supervisor_id is not None and stored.survey.anonymous:
            continue  # supervisors never see anonymous surveys
        if run_id is not None and not is_course_survey(stored):
            continue
        responses = await ResponseRepo(conn).responses(
            version_id, by, supervisor_id=supervisor_id, run_id=run_id
        )
        if responses:
            groups = group_results(stored.survey, responses, svc.policy.surveys)
            found.append(SurveyResults(stored.survey, len(responses), groups, by))
    return found


async def survey_results(
    svc: Services, person: Person, by: GroupBy = GroupBy.COMPANY
) -> list[SurveyResults] | ResultsRefused:
    """Every answered survey version this person may see, grouped as asked."""
    if person.role not in (Role.COORDINATOR, Role.SUPERVISOR):
        return ResultsRefused.NOT_ALLOWED
    only = None if person.role is Role.COORDINATOR else person.id
    async with svc.db.reading() as conn:
        return await _results(conn, svc, by, supervisor_id=only)


async def run_results(
    svc: Services, person: Person, run_id: int
) -> list[SurveyResults] | ResultsRefused:
    """A course run's evaluation for its trainer (or a coordinator): one group, the run."""
    async with svc.db.reading() as conn:
        run = await TrainingRepo(conn).run(run_id)
        if run is None:
            return ResultsRefused.UNKNOWN
        if not is_trainer(person, run):
            return ResultsRefused.NOT_ALLOWED
        return await _results(conn, svc, GroupBy.RUN, run_id=run_id)


@dataclass(frozen=True, slots=True)
class SurveyTable:
    """Every response of one survey (all versions) as rows; anonymous: no person, and no
    response whose company, run or school year has fewer responses than the minimum."""

    header: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]


HEADER = ("survey", "version", "company", "school_year", "mentor", "course_run", "person")


async def survey_table(svc: Services, name: str) -> SurveyTable | None:
    """One row per response, one column per question id; None for an unknown survey."""
    minimum = svc.policy.surveys.min_group
    async with svc.db.reading() as conn:
        stored = [s for s in await SurveyRepo(conn).all_versions() if s.survey.name == name]
        if not stored:
            return None
        questions: list[str] = []
        for version in stored:
            questions += [q.id for q in version.survey.questions if q.id not in questions]
        rows: list[tuple[str, ...]] = []
        for version in stored:
            found = await ResponseRepo(conn).responses_in_full(version.id)
            sizes: dict[tuple[int, str], int] = {}
            for r in found:
                for key in enumerate((r.company, r.run, r.school_year)):
                    sizes[key] = sizes.get(key, 0) + 1
            rows += [
                (
                    name,
                    str(version.survey.version),
                    r.company,
                    r.school_year,
                    r.mentor,
                    r.run,
                    r.person,
                    r.answered_at,
                    *(r.answers.get(q, "") for q in questions),
                )
                for r in found
                if not version.survey.anonymous
                or all(
                    sizes[key] >= minimum
                    for key in enumerate((r.company, r.run, r.school_year))
                    if key[1]
                )
            ]
    return SurveyTable((*HEADER, "answered_at", *questions), tuple(rows))


class TableRefused(StrEnum):
    """Why a survey has no table."""

    UNKNOWN = "unknown"  # no survey of that name
    ANONYMOUS = "anonymous"  # an anonymous survey is not grouped by mentor


SUMMARY = ("survey", "version", "group", "responses", "question", "answered", "mean", "spread")


async def survey_summary(svc: Services, name: str, by: GroupBy) -> SurveyTable | TableRefused:
    """Per version, group and question: responses, answers, the mean of a scale and how the
    answers spread ('1:0 2:1 …'); groups too small to show are left out, as in /results."""
    async with svc.db.reading() as conn:
        stored = [s for s in await SurveyRepo(conn).all_versions() if s.survey.name == name]
        if not stored:
            return TableRefused.UNKNOWN
        if not may_group(by, stored[-1].survey.anonymous):
            return TableRefused.ANONYMOUS
        found = [r for r in await _results(conn, svc, by) if r.survey.name == name]
    rows = [
        (
            name,
            str(result.survey.version),
            group.group,
            str(group.responses),
            q.question.id,
            str(q.count),
            q.mean,  # a number: the CSV writes it with the reader's decimal sign
            " ".join(f"{answer}:{n}" for answer, n in q.distribution),
        )
        for result in sorted(found, key=lambda r: r.survey.version)
        for group in result.groups
        if not group.hidden
        for q in group.questions
    ]
    return SurveyTable((*SUMMARY[:2], by.value, *SUMMARY[3:]), tuple(rows))
