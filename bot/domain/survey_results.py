"""A survey's results per group: counts, mean and distribution per question; small groups of
an anonymous survey hidden.

A group is a company, a mentor, a course run or a period (the school year from 1 August). An
anonymous survey is grouped only by the placement-free keys its responses keep (company, course
run, school year), never by mentor: a mentor has a handful of students, so a mentor's group
would point at them, and the response does not keep him.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum

from bot.domain.survey_timing import SurveyRules, shown
from bot.domain.surveys import Kind, Question, Survey


class GroupBy(StrEnum):
    """What results are grouped by."""

    COMPANY = "company"
    MENTOR = "mentor"
    RUN = "run"  # a course run (the course evaluation)
    YEAR = "year"  # the school year: the period schools report by


ANONYMOUS_KEYS = (GroupBy.COMPANY, GroupBy.RUN, GroupBy.YEAR)

# A course run's group key: its first session's start (stored UTC text, so keys sort by
# date), its number and its course, apart by the unit separator, which no name holds.
RUN_KEY_SEPARATOR = "\x1f"
_STORED = "%Y-%m-%dT%H:%M:%S"


@dataclass(frozen=True, slots=True)
class RunGroup:
    """A course run as results are grouped by it: what a trainer knows it by (the course and
    when it began); the number only tells two runs apart."""

    course: str
    first_session: datetime | None  # UTC; None for a run without sessions
    run_id: int


def run_group(key: str) -> RunGroup | None:
    """The run a group key names; None when the key is no run's."""
    parts = key.split(RUN_KEY_SEPARATOR, 2)
    if len(parts) != 3 or not parts[1].isdigit():
        return None
    start, run_id, course = parts
    first = datetime.strptime(start, _STORED).replace(tzinfo=UTC) if start else None
    return RunGroup(course, first, int(run_id))


def may_group(by: GroupBy, anonymous: bool) -> bool:
    """Whether a survey's responses may be grouped this way: never by mentor when anonymous."""
    return not anonymous or by in ANONYMOUS_KEYS


@dataclass(frozen=True, slots=True)
class QuestionResult:
    """One question in one group: how many answered, the mean of a scale, how they spread."""

    question: Question
    count: int
    mean: float | None  # scale questions only
    distribution: tuple[tuple[str, int], ...]  # answer -> count, in the question's order


@dataclass(frozen=True, slots=True)
class GroupResult:
    """One group (a company, mentor, run or year): its number of responses; hidden when too
    small to be anonymous."""

    group: str
    responses: int
    hidden: bool
    questions: tuple[QuestionResult, ...]


def question_result(question: Question, answers: list[str]) -> QuestionResult:
    """Counts, mean and distribution of one question's given answers ('' is no answer)."""
    given = [a for a in answers if a.strip()]
    if question.kind is Kind.TEXT:
        return QuestionResult(question, len(given), None, ())
    counts = Counter(given)
    spread = tuple((a, counts[a]) for a in question.answers())
    mean = (
        round(sum(int(a) for a in given) / len(given), 1)
        if question.kind is Kind.SCALE and given
        else None
    )
    return QuestionResult(question, len(given), mean, spread)


def group_results(
    survey: Survey, responses: list[tuple[str, dict[str, str]]], rules: SurveyRules
) -> tuple[GroupResult, ...]:
    """Per group, by name: each question's result, or nothing when the group must stay hidden."""
    groups: dict[str, list[dict[str, str]]] = {}
    for group, answers in responses:
        groups.setdefault(group, []).append(answers)
    found = []
    for group in sorted(groups):
        rows = groups[group]
        hidden = not shown(len(rows), survey.anonymous, rules)
        questions = (
            ()
            if hidden
            else tuple(
                question_result(q, [r.get(q.id, "") for r in rows]) for q in survey.questions
            )
        )
        found.append(GroupResult(group, len(rows), hidden, questions))
    return tuple(found)
