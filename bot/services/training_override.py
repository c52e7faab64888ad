"""The trainer completes a participant who missed a session: "Complete anyway" under the list
of who did not complete, then the reason in one message; his certificate follows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from bot.domain.flows import AnyFlowState, Flow, Start
from bot.domain.people import Person
from bot.services.certificates import Issued, issue_certificates
from bot.services.flows import at_step, claim, enter, finish
from bot.services.runtime import Services
from bot.services.training import TrainingResult, is_trainer
from storage.training import TrainingRepo

REASON_MAX = 500


class OverrideStep(StrEnum):
    """The one step: the reason."""

    REASON = "reason"


@dataclass(frozen=True, slots=True)
class Overriding:
    """Whom the trainer completes, in which run."""

    run_id: int
    person_id: int

    @property
    def subject(self) -> int:
        """A conversation about this participant."""
        return self.person_id


OVERRIDE = Flow("training_override", OverrideStep, Overriding)


@dataclass(frozen=True, slots=True)
class OverrideOutcome:
    """What came of it: the flow asking, or the certificates issued after the reason."""

    result: TrainingResult
    flow: AnyFlowState | None = None
    name: str = ""
    issued: Issued | None = None


async def start_override(
    svc: Services,
    person: Person,
    run_id: int,
    participant: int,
    now: datetime,
    *,
    update_id: int | None,
) -> OverrideOutcome:
    """Ask the reason, if he trains the run and the participant is enrolled in it."""
    async with svc.db.transaction() as conn:
        repo = TrainingRepo(conn)
        run = await repo.run(run_id)
        enrolment = await repo.enrolment(run_id, participant)
        if run is None or not is_trainer(person, run):
            return OverrideOutcome(TrainingResult.NOT_ALLOWED)
        if enrolment is None or enrolment.enrolled_at is None:
            return OverrideOutcome(TrainingResult.UNKNOWN)
        claimed = await claim(conn, person.id, OVERRIDE, participant, now)
        if claimed.start is Start.REFUSE:
            return OverrideOutcome(TrainingResult.NOT_ALLOWED, claimed.refused_by)
        state = await enter(
            conn,
            svc.policy,
            person.id,
            claimed,
            OverrideStep.REASON,
            data=Overriding(run_id, participant),
            now=now,
            update_id=update_id,
        )
    return OverrideOutcome(TrainingResult.DONE, state, enrolment.name)


async def give_reason(
    svc: Services,
    person: Person,
    flow_id: int,
    reason: str,
    now: datetime,
    *,
    update_id: int | None,
) -> OverrideOutcome:
    """The reason: the participant is completed and the run's new certificates issued."""
    reason = reason.strip()[:REASON_MAX]
    if not reason:
        return OverrideOutcome(TrainingResult.UNKNOWN)
    async with svc.db.transaction() as conn:
        state = await at_step(conn, person.id, OVERRIDE, flow_id, OverrideStep.REASON, now=now)
        if state is None:
            return OverrideOutcome(TrainingResult.ALREADY)
        repo, data = TrainingRepo(conn), state.data
        run = await repo.run(data.run_id)
        ended = await finish(conn, person.id, state, now, update_id=update_id)
        if run is None or not is_trainer(person, run):
            return OverrideOutcome(TrainingResult.NOT_ALLOWED, ended)
        await repo.override(data.run_id, data.person_id, reason)
    issued = await issue_certificates(svc, person, data.run_id, now)
    return OverrideOutcome(TrainingResult.DONE, ended, issued=issued)
