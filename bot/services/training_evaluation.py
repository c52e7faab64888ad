"""The course evaluation: after a run's last session each participant gets the form; a score
(one tap), then a remark or Skip; the trainer sees the results per run, without names."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from bot.domain.flows import AnyFlowState, Flow, Start
from bot.domain.messages import Message
from bot.domain.people import Person
from bot.domain.training_evaluation import (
    REMARK_MAX,
    SCORES,
    EvaluationQuestion,
    EvaluationResults,
    TrainingEvaluationAsk,
    results,
)
from bot.services.flows import at_step, claim, enter, finish
from bot.services.runtime import Services
from bot.services.training import SHEET_WINDOW, TrainingResult, is_trainer
from storage.outbox import OutboxRepo
from storage.training import TrainingRepo
from storage.training_evaluations import EvaluationRepo


class RemarkStep(StrEnum):
    """The form's second question: a remark, or Skip."""

    REMARK = "remark"


@dataclass(frozen=True, slots=True)
class Evaluating:
    """Which run's evaluation."""

    run_id: int

    @property
    def subject(self) -> int:
        """A conversation about this run's evaluation."""
        return self.run_id


EVALUATION = Flow("training_evaluation", RemarkStep, Evaluating)


class EvaluationResult(StrEnum):
    """What came of an answer."""

    ASK = "ask"  # the score is in; the remark is asked
    THANKS = "thanks"
    NOT_ALLOWED = "not_allowed"  # not enrolled, or the run is not over
    TOO_LONG = "too_long"
    BUSY = "busy"
    STALE = "stale"


@dataclass(frozen=True, slots=True)
class EvaluationOutcome:
    """The result and the flow as it stands."""

    result: EvaluationResult
    flow: AnyFlowState | None = None


async def send_evaluations(svc: Services, now: datetime) -> int:
    """The tick: once a run's last session is over, each participant gets the form (once)."""
    async with svc.db.reading() as conn:  # the idle tick reads only
        repo = TrainingRepo(conn)
        ended = [
            s for s in await repo.sessions_between(now - SHEET_WINDOW, now) if s.ends_at <= now
        ]
        messages = []
        for session in ended:
            sessions = await repo.sessions(session.run_id)
            if session.id != sessions[-1].id:
                continue  # not the run's last session
            messages += [
                Message(
                    f"training_evaluation:{e.run_id}:{e.person_id}",
                    e.person_id,
                    TrainingEvaluationAsk(e.run_id),
                )
                for e in await repo.enrolments(session.run_id)
                if e.enrolled_at
            ]
        if not messages or not {m.dedupe_key for m in messages} - await repo.queued(
            [m.dedupe_key for m in messages]
        ):
            return 0
    async with svc.db.transaction() as conn:
        return await OutboxRepo(conn).add(messages, now)


async def _may_answer(svc: Services, person: Person, run_id: int, now: datetime) -> bool:
    async with svc.db.reading() as conn:
        enrolment = await TrainingRepo(conn).enrolment(run_id, person.id)
        sessions = await TrainingRepo(conn).sessions(run_id)
    return (
        enrolment is not None
        and enrolment.enrolled_at is not None
        and bool(sessions)
        and sessions[-1].ends_at <= now
    )


async def score_run(
    svc: Services, person: Person, run_id: int, score: int, now: datetime, *, update_id: int | None
) -> EvaluationOutcome:
    """His score (one tap); then the remark is asked."""
    if score not in SCORES or not await _may_answer(svc, person, run_id, now):
        return EvaluationOutcome(EvaluationResult.NOT_ALLOWED)
    async with svc.db.transaction() as conn:
        claimed = await claim(conn, person.id, EVALUATION, run_id, now)
        if claimed.start is Start.REFUSE:
            return EvaluationOutcome(EvaluationResult.BUSY, claimed.refused_by)
        await EvaluationRepo(conn).answer(
            run_id, person.id, EvaluationQuestion.USEFUL, str(score), now
        )
        state = await enter(
            conn,
            svc.policy,
            person.id,
            claimed,
            RemarkStep.REMARK,
            data=Evaluating(run_id),
            now=now,
            update_id=update_id,
        )
    return EvaluationOutcome(EvaluationResult.ASK, state)


async def remark_run(
    svc: Services, person: Person, flow_id: int, text: str, now: datetime, *, update_id: int | None
) -> EvaluationOutcome:
    """His remark ('' when he skips); the form is done."""
    if len(text) > REMARK_MAX:
        return EvaluationOutcome(EvaluationResult.TOO_LONG)
    async with svc.db.transaction() as conn:
        state = await at_step(conn, person.id, EVALUATION, flow_id, RemarkStep.REMARK, now=now)
        if state is None:
            return EvaluationOutcome(EvaluationResult.STALE)
        await EvaluationRepo(conn).answer(
            state.data.run_id, person.id, EvaluationQuestion.REMARK, text.strip(), now
        )
        ended = await finish(conn, person.id, state, now, update_id=update_id)
    return EvaluationOutcome(EvaluationResult.THANKS, ended)


async def evaluation_of(
    svc: Services, person: Person, run_id: int
) -> EvaluationResults | TrainingResult:
    """A run's evaluation for its trainer: how many answered, the average, the remarks."""
    async with svc.db.reading() as conn:
        run = await TrainingRepo(conn).run(run_id)
        if run is None:
            return TrainingResult.UNKNOWN
        if not is_trainer(person, run):
            return TrainingResult.NOT_ALLOWED
        repo = EvaluationRepo(conn)
        scores = [
            int(a) for a in await repo.answers(run_id, EvaluationQuestion.USEFUL) if a.isdigit()
        ]
        remarks = await repo.answers(run_id, EvaluationQuestion.REMARK)
    return results(scores, remarks)
