"""After resolving an alert, the supervisor may add a short note on how (the note flow)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum

import aiosqlite

from bot.domain.flows import MAX_ANSWER, AnyFlowState, Flow
from bot.domain.people import Person
from bot.domain.policy import Policy
from bot.services.flows import at_step, claim, enter, finish
from bot.services.runtime import Services
from storage.alerts import AlertRepo
from storage.audit import AuditRepo


class NoteStep(StrEnum):
    """The one question of the flow: a note, or none."""

    NOTE = "note"


@dataclass(frozen=True, slots=True)
class NoteTarget:
    """The resolved alert a note is asked for, and at the end whether one was written."""

    alert_id: int
    noted: bool | None = None

    @property
    def subject(self) -> int:
        """A conversation about this alert."""
        return self.alert_id


ALERT_NOTE = Flow("alert_note", NoteStep, NoteTarget)


class NoteResult(StrEnum):
    """What became of the answer to the note question."""

    SAVED = "saved"
    SKIPPED = "skipped"
    TOO_LONG = "too_long"  # nothing stored; the question stays open
    STALE = "stale"  # not the note his flow asks for (an old or forged button)


@dataclass(frozen=True, slots=True)
class NoteOutcome:
    """The result, and the ended flow (what its closing line says)."""

    result: NoteResult
    flow: AnyFlowState | None = None


async def ask_for_note(
    conn: aiosqlite.Connection,
    policy: Policy,
    person_id: int,
    alert_id: int,
    now: datetime,
    *,
    update_id: int | None,
) -> None:
    """The alert was resolved: ask the one who resolved it for a note (in his transaction)."""
    claimed = await claim(conn, person_id, ALERT_NOTE, alert_id, now)
    if not claimed.refused_by:
        await enter(
            conn,
            policy,
            person_id,
            claimed,
            NoteStep.NOTE,
            data=NoteTarget(alert_id),
            now=now,
            update_id=update_id,
        )


async def save_note(
    svc: Services, person: Person, flow_id: int, note: str, now: datetime, *, update_id: int | None
) -> NoteOutcome:
    """Keep the note on how an alert was resolved."""
    if len(note) > MAX_ANSWER:  # refused whole: nothing of it is kept
        return NoteOutcome(NoteResult.TOO_LONG)
    async with svc.db.transaction() as conn:
        asked = await at_step(conn, person.id, ALERT_NOTE, flow_id, NoteStep.NOTE, now=now)
        if asked is None:
            return NoteOutcome(NoteResult.STALE)
        alert_id = asked.data.alert_id
        if await AlertRepo(conn).add_note(alert_id, note):
            await AuditRepo(conn).record(now, person.id, "alert_note", f"alert:{alert_id}")
        done = await finish(
            conn, person.id, asked, now, update_id=update_id, data=replace(asked.data, noted=True)
        )
        return NoteOutcome(NoteResult.SAVED, done)


async def skip_note(
    svc: Services, person: Person, flow_id: int, now: datetime, *, update_id: int | None
) -> NoteOutcome:
    """The supervisor wants to add no note."""
    async with svc.db.transaction() as conn:
        asked = await at_step(conn, person.id, ALERT_NOTE, flow_id, NoteStep.NOTE, now=now)
        if asked is None:
            return NoteOutcome(NoteResult.STALE)
        done = await finish(
            conn, person.id, asked, now, update_id=update_id, data=replace(asked.data, noted=False)
        )
        return NoteOutcome(NoteResult.SKIPPED, done)
