"""The course evaluation: a fixed short form (a score and a remark) sent after a run's last
session, kept as question-answer rows so it can move onto a general survey mechanism."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bot.domain.messages import Payload, message_kind

SCORES = (1, 2, 3, 4, 5)
REMARK_MAX = 1000


class EvaluationQuestion(StrEnum):
    """The form's questions, in order."""

    USEFUL = "useful"  # how useful was the training for your work as a mentor? 1-5
    REMARK = "remark"  # what would make it better? free text, may be skipped


@dataclass(frozen=True, slots=True)
class EvaluationResults:
    """A run's evaluation as its trainer sees it: no names."""

    answers: int
    average: float | None
    remarks: tuple[str, ...]


def results(scores: list[int], remarks: list[str]) -> EvaluationResults:
    """The number of scores, their average (one decimal), and the remarks that say something."""
    average = round(sum(scores) / len(scores), 1) if scores else None
    return EvaluationResults(len(scores), average, tuple(r for r in remarks if r.strip()))


@message_kind("training_evaluation")
@dataclass(frozen=True, slots=True)
class TrainingEvaluationAsk(Payload):
    """To a participant after the last session: the evaluation's first question."""

    run_id: int
