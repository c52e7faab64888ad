"""A survey's results per group: counts, mean and distribution per question; small groups of
an anonymous survey hidden."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from bot.domain.survey_timing import SurveyRules, shown
from bot.domain.surveys import Kind, Question, Survey


@dataclass(frozen=True, slots=True)
class QuestionResult:
    """One question in one group: how many answered, the mean of a scale, how they spread."""

    question: Question
    count: int
    mean: float | None  # scale questions only
    distribution: tuple[tuple[str, int], ...]  # answer -> count, in the question's order


@dataclass(frozen=True, slots=True)
class GroupResult:
    """One group (a company): its number of responses; hidden when too small to be anonymous."""

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
