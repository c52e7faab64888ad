"""The words around a tripartite review: student and mentor prepare it, and afterwards the
student says he understood the agreements or asks his mentor a question, whose answer returns
to him (the seed's check that the student understood)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from bot.domain.flows import MAX_ANSWER, AnyFlowState, Flow
from bot.domain.meeting_messages import (
    AgreementsAnswer,
    AgreementsQuestion,
    AgreementsUnderstood,
)
from bot.domain.meetings import MeetingKind, MeetingState, Understanding
from bot.domain.messages import Message
from bot.domain.people import Person, Role
from bot.services.flows import at_step, claim, enter, finish
from bot.services.meeting_sending import send_or_hold
from bot.services.meetings import MeetingCard, card_of, takes_part
from bot.services.runtime import Services
from storage.audit import AuditRepo
from storage.meetings import MeetingRepo


class WordsStep(StrEnum):
    """What is being written, and the kind of note it is kept as."""

    PREPARATION = "preparation"  # student or mentor, before the review
    QUESTION = "question"  # the student, about the agreements
    ANSWER = "answer"  # the mentor, to that question


@dataclass(frozen=True, slots=True)
class WordsTalk:
    """The review the words are about."""

    meeting_id: int

    @property
    def subject(self) -> int:
        """A conversation about this review."""
        return self.meeting_id


WORDS = Flow("meeting_words", WordsStep, WordsTalk)
WHO_WRITES = {
    WordsStep.PREPARATION: (Role.STUDENT, Role.MENTOR),
    WordsStep.QUESTION: (Role.STUDENT,),
    WordsStep.ANSWER: (Role.MENTOR,),
}


class WordsResult(StrEnum):
    """What became of it."""

    ASKING = "asking"
    SAVED = "saved"
    UNDERSTOOD = "understood"
    ALREADY = "already"
    TOO_LONG = "too_long"
    BUSY = "busy"
    STALE = "stale"  # not (or no longer) the moment for it
    REFUSED = "refused"


@dataclass(frozen=True, slots=True)
class WordsOutcome:
    """The result and the flow as it stands."""

    result: WordsResult
    flow: AnyFlowState | None = None
    replaced: AnyFlowState | None = None


def _open_for(step: WordsStep, card: MeetingCard, now: datetime) -> bool:
    """Whether the review is at the point where these words are asked for."""
    meeting = card.meeting
    if meeting.kind is not MeetingKind.TRIPARTITE:
        return False
    if step is WordsStep.PREPARATION:
        return meeting.state is MeetingState.CONFIRMED and meeting.starts_at > now
    held = meeting.state is MeetingState.HELD and meeting.agreements is not None
    if step is WordsStep.QUESTION:
        return held and meeting.understood is None
    return held and meeting.understood is Understanding.QUESTION


async def start_words(
    svc: Services,
    person: Person,
    meeting_id: int,
    step: WordsStep,
    now: datetime,
    *,
    update_id: int | None,
) -> WordsOutcome:
    """A button that asks for words: to prepare, to ask a question, to answer it."""
    async with svc.db.transaction() as conn:
        card = await card_of(conn, meeting_id)
        if card is None or not takes_part(person, card) or (person.role not in WHO_WRITES[step]):
            return WordsOutcome(WordsResult.REFUSED)
        if not _open_for(step, card, now):
            return WordsOutcome(WordsResult.STALE)
        if step is WordsStep.ANSWER and person.id in await MeetingRepo(conn).notes(
            meeting_id, step.value
        ):
            return WordsOutcome(WordsResult.ALREADY)
        claimed = await claim(conn, person.id, WORDS, meeting_id, now)
        if claimed.refused_by:
            return WordsOutcome(WordsResult.BUSY, claimed.refused_by)
        state = await enter(
            conn,
            svc.policy,
            person.id,
            claimed,
            step,
            data=WordsTalk(meeting_id),
            now=now,
            update_id=update_id,
        )
        return WordsOutcome(WordsResult.ASKING, state, claimed.replaced)


async def write_words(
    svc: Services,
    person: Person,
    flow_id: int,
    step: WordsStep,
    text: str,
    *,
    now: datetime,
    update_id: int | None,
) -> WordsOutcome:
    """The preparation, the question or the answer; each goes where it is read."""
    if len(text) > MAX_ANSWER:
        return WordsOutcome(WordsResult.TOO_LONG)
    async with svc.db.transaction() as conn:
        talk = await at_step(conn, person.id, WORDS, flow_id, step, now=now)
        card = await card_of(conn, talk.data.meeting_id) if talk else None
        if talk is None or card is None or not _open_for(step, card, now):
            return WordsOutcome(WordsResult.STALE)
        meeting_id, repo = card.meeting.id, MeetingRepo(conn)
        if not await repo.add_note(meeting_id, person.id, step.value, text, now):
            return WordsOutcome(WordsResult.ALREADY)
        messages = []
        if step is WordsStep.QUESTION:
            await repo.set_understood(meeting_id, Understanding.QUESTION)
            messages.append(
                (
                    card.mentor,
                    Message(
                        f"meeting:{meeting_id}:question",
                        card.mentor.id,
                        AgreementsQuestion(meeting_id),
                    ),
                )
            )
        elif step is WordsStep.ANSWER:
            messages.append(
                (
                    card.student,
                    Message(
                        f"meeting:{meeting_id}:answer",
                        card.student.id,
                        AgreementsAnswer(meeting_id),
                    ),
                )
            )
        await send_or_hold(conn, svc.policy, card.placement, messages, now)
        await AuditRepo(conn).record(
            now, person.id, f"meeting_{step.value}", f"meeting:{meeting_id}"
        )
        done = await finish(conn, person.id, talk, now, update_id=update_id)
        return WordsOutcome(WordsResult.SAVED, done)


async def understood(
    svc: Services, person: Person, meeting_id: int, now: datetime
) -> WordsOutcome:
    """The student understood the agreements; his mentor and supervisor hear so."""
    async with svc.db.transaction() as conn:
        card = await card_of(conn, meeting_id)
        if card is None or not takes_part(person, card) or person.role is not Role.STUDENT:
            return WordsOutcome(WordsResult.REFUSED)
        if not await MeetingRepo(conn).set_understood(meeting_id, Understanding.UNDERSTOOD):
            done = card.meeting.understood is Understanding.UNDERSTOOD
            return WordsOutcome(WordsResult.ALREADY if done else WordsResult.STALE)
        await send_or_hold(
            conn,
            svc.policy,
            card.placement,
            [
                (
                    reader,
                    Message(
                        f"meeting:{meeting_id}:understood:{reader.id}",
                        reader.id,
                        AgreementsUnderstood(meeting_id),
                    ),
                )
                for reader in (card.mentor, card.supervisor)
            ],
            now,
        )
        await AuditRepo(conn).record(now, person.id, "meeting_understood", f"meeting:{meeting_id}")
        return WordsOutcome(WordsResult.UNDERSTOOD)


async def words_of(svc: Services, meeting_id: int, step: WordsStep) -> dict[int, str | None]:
    """The preparations, question or answer written for a review, by who wrote them."""
    async with svc.db.reading() as conn:
        return await MeetingRepo(conn).notes(meeting_id, step.value)
