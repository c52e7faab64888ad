"""A survey is data: a versioned TOML definition read into typed questions, or precise errors.

A definition names the survey, its version, who answers it (student, mentor, participant), when
(mid, end, course), whether it is anonymous, and its questions in order. Each question has an
id, a kind (scale 1-5 with a label at each end, choice, yes/no, free text), its text in every
language, optionally a condition (ask it only when an earlier scale question was answered at
most N) and, for a scale, `flagged`: an answer of 1-2 raises the supervisor alert, unless the
survey is anonymous. Reading and checking a file is `bot.domain.survey_file`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

SCALE = (1, 2, 3, 4, 5)
FLAG_AT_MOST = 2  # a flagged scale answer of 1 or 2 raises the alert
ID = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


class Kind(StrEnum):
    """What sort of answer a question takes."""

    SCALE = "scale"
    CHOICE = "choice"
    YES_NO = "yes_no"
    TEXT = "text"


class Audience(StrEnum):
    """Who answers a survey."""

    STUDENT = "student"
    MENTOR = "mentor"
    PARTICIPANT = "participant"  # a mentor in a training course run


class Moment(StrEnum):
    """When the tick sends it."""

    MID = "mid"  # halfway between a placement's start and end
    END = "end"  # in a placement's last week
    COURSE = "course"  # after a course run's last session
    MANUAL = "manual"  # only when a coordinator sends it


class Problem(StrEnum):
    """What is wrong with a definition."""

    SYNTAX = "syntax"
    MISSING = "missing"  # a required field is absent
    WRONG_TYPE = "wrong_type"
    BAD_VALUE = "bad_value"
    UNKNOWN_KIND = "unknown_kind"
    MISSING_TRANSLATION = "missing_translation"
    DUPLICATE_ID = "duplicate_id"
    CONDITION_LATER = "condition_later"  # depends on itself, a later or an unknown question
    CONDITION_NOT_SCALE = "condition_not_scale"
    NO_QUESTIONS = "no_questions"


@dataclass(frozen=True, slots=True)
class SurveyError:
    """One thing wrong, and where: a line when known, the question when there is one."""

    problem: Problem
    detail: str  # the field, value or language concerned
    line: int | None = None
    question: str | None = None

    def __str__(self) -> str:
        where = [f"line {self.line}"] if self.line else []
        where += [f"question {self.question!r}"] if self.question else []
        return f"{', '.join(where) or 'survey'}: {self.problem.value}: {self.detail}"


class InvalidSurveyError(ValueError):
    """A definition that cannot be used, with all its errors."""

    def __init__(self, errors: list[SurveyError]) -> None:
        super().__init__("\n".join(str(e) for e in errors))
        self.errors = tuple(errors)


Texts = dict[str, str]  # language -> text


@dataclass(frozen=True, slots=True)
class Option:
    """One answer of a choice question."""

    id: str
    text: Texts


@dataclass(frozen=True, slots=True)
class Condition:
    """Ask only when an earlier scale question was answered at most this."""

    question: str
    at_most: int


@dataclass(frozen=True, slots=True)
class Question:
    """One question of a survey."""

    id: str
    kind: Kind
    text: Texts
    low: Texts | None = None  # scale: what 1 means
    high: Texts | None = None  # scale: what 5 means
    options: tuple[Option, ...] = ()
    required: bool = True
    flagged: bool = False
    condition: Condition | None = None

    def answers(self) -> tuple[str, ...]:
        """The answers a button may carry (none for free text)."""
        if self.kind is Kind.SCALE:
            return tuple(str(n) for n in SCALE)
        if self.kind is Kind.YES_NO:
            return ("yes", "no")
        return tuple(o.id for o in self.options)

    def is_alarming(self, answer: str) -> bool:
        """Whether this answer on a flagged question raises the alert."""
        return self.flagged and answer.isdigit() and int(answer) <= FLAG_AT_MOST


@dataclass(frozen=True, slots=True)
class Survey:
    """A checked survey definition of one version."""

    name: str
    version: int
    audience: Audience
    moment: Moment
    anonymous: bool
    title: Texts
    questions: tuple[Question, ...]

    def question(self, question_id: str) -> Question | None:
        """The question with this id."""
        return next((q for q in self.questions if q.id == question_id), None)

    def asked(self, answers: dict[str, str]) -> tuple[Question, ...]:
        """The questions to ask given the answers so far: conditions decide."""
        return tuple(q for q in self.questions if _applies(q, answers))

    def question_range(self) -> tuple[int, int]:
        """How many questions a person gets, fewest and most: a condition asks only after a
        low enough answer, so every scale answered highest asks the fewest, lowest the most."""
        highest = {q.id: str(max(SCALE)) for q in self.questions}
        lowest = {q.id: str(min(SCALE)) for q in self.questions}
        return len(self.asked(highest)), len(self.asked(lowest))


def _applies(question: Question, answers: dict[str, str]) -> bool:
    c = question.condition
    if c is None:
        return True
    given = answers.get(c.question, "")
    return given.isdigit() and int(given) <= c.at_most
