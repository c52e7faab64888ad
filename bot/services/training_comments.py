"""The trainer answers a hand-in with a short comment: the Comment button under it opens a
one-message flow; the participant gets the comment."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from bot.domain.flows import AnyFlowState, Flow, Start
from bot.domain.messages import Message
from bot.domain.people import Person
from bot.domain.training_records import TrainingComment
from bot.services.flows import at_step, claim, enter, finish
from bot.services.runtime import Services
from bot.services.training import is_trainer
from storage.db import to_db
from storage.outbox import OutboxRepo
from storage.training import TrainingRepo
from storage.training_work import TrainingWorkRepo

COMMENT_MAX = 1000


class CommentStep(StrEnum):
    """The one step: waiting for the comment."""

    WRITE = "write"


@dataclass(frozen=True, slots=True)
class Commenting:
    """Which hand-in the trainer comments on."""

    submission_id: int

    @property
    def subject(self) -> int:
        """A conversation about this hand-in."""
        return self.submission_id


COMMENT = Flow("training_comment", CommentStep, Commenting)


class CommentResult(StrEnum):
    """What came of commenting."""

    ASK = "ask"
    SENT = "sent"
    NOT_ALLOWED = "not_allowed"  # not the trainer of this hand-in's run, or no such hand-in
    EMPTY = "empty"
    TOO_LONG = "too_long"
    BUSY = "busy"
    STALE = "stale"


@dataclass(frozen=True, slots=True)
class CommentOutcome:
    """The result and the flow as it stands."""

    result: CommentResult
    flow: AnyFlowState | None = None


async def _may_comment(svc: Services, person: Person, submission_id: int) -> bool:
    async with svc.db.reading() as conn:
        submission = await TrainingWorkRepo(conn).submission(submission_id)
        session = await TrainingRepo(conn).session(submission.session_id) if submission else None
        run = await TrainingRepo(conn).run(session.run_id) if session else None
    return run is not None and is_trainer(person, run)


async def start_comment(
    svc: Services, person: Person, submission_id: int, now: datetime, *, update_id: int | None
) -> CommentOutcome:
    """The Comment button: ask for the comment, if he trains this hand-in's run."""
    if not await _may_comment(svc, person, submission_id):
        return CommentOutcome(CommentResult.NOT_ALLOWED)
    async with svc.db.transaction() as conn:
        claimed = await claim(conn, person.id, COMMENT, submission_id, now)
        if claimed.start is Start.REFUSE:
            return CommentOutcome(CommentResult.BUSY, claimed.refused_by)
        state = await enter(
            conn,
            svc.policy,
            person.id,
            claimed,
            CommentStep.WRITE,
            data=Commenting(submission_id),
            now=now,
            update_id=update_id,
        )
    return CommentOutcome(CommentResult.ASK, state)


async def add_comment(
    svc: Services, person: Person, flow_id: int, text: str, now: datetime, *, update_id: int | None
) -> CommentOutcome:
    """His message is the comment: kept with the hand-in and sent to the participant."""
    text = text.strip()
    if not text:
        return CommentOutcome(CommentResult.EMPTY)
    if len(text) > COMMENT_MAX:
        return CommentOutcome(CommentResult.TOO_LONG)
    async with svc.db.transaction() as conn:
        state = await at_step(conn, person.id, COMMENT, flow_id, CommentStep.WRITE, now=now)
        if state is None:
            return CommentOutcome(CommentResult.STALE)
        work = TrainingWorkRepo(conn)
        submission = await work.submission(state.data.submission_id)
        ended = await finish(conn, person.id, state, now, update_id=update_id)
        if submission is None:
            return CommentOutcome(CommentResult.NOT_ALLOWED, ended)
        await work.comment(submission.id, text)
        await OutboxRepo(conn).add(
            [
                Message(
                    f"training_comment:{submission.id}:{to_db(now)}",
                    submission.person_id,
                    TrainingComment(submission.id),
                )
            ],
            now,
        )
    return CommentOutcome(CommentResult.SENT, ended)
