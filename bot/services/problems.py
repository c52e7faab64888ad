"""A student asks for help: describe the problem, choose who may read it, alert."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from zoneinfo import ZoneInfo

import aiosqlite

from bot.domain.checkins import CheckIn
from bot.domain.escalation import AlertKind
from bot.domain.people import Person, Placement, Role, current_placement
from bot.services.alerts import note_resolution, raise_alert
from bot.services.checkins import Answer, record_week
from bot.services.runtime import Services
from storage.conversations import Conversation, ConversationRepo
from storage.people import PlacementRepo

# Room for the alert's own words within Telegram's 4096 characters.
MAX_TEXT = 3500


class TextResult(StrEnum):
    """What a free-text message answered."""

    NOTHING_OPEN = "nothing_open"
    WEEK_SAVED = "week_saved"
    ASK_AUDIENCE = "ask_audience"
    USE_BUTTONS = "use_buttons"
    NOTE_SAVED = "note_saved"
    TOO_LONG = "too_long"


@dataclass(frozen=True, slots=True)
class TextOutcome:
    """The result of a free-text message, with the ids the reply needs."""

    result: TextResult
    checkin: CheckIn | None = None


class HelpResult(StrEnum):
    """How a request for help ended."""

    DESCRIBE = "describe"
    NO_PLACEMENT = "no_placement"
    REPORTED = "reported"
    STALE = "stale"


async def student_placement(conn: aiosqlite.Connection, person: Person,
                            now: datetime) -> Placement | None:
    """The placement a student is on now (or next, or last)."""
    placements = [p for p in await PlacementRepo(conn).of_person(person.id)
                  if p.student_id == person.id]
    if not placements:
        return None
    today = now.astimezone(ZoneInfo(placements[0].timezone)).date()
    return current_placement(placements, today)


async def ask_for_help(svc: Services, person: Person, now: datetime) -> HelpResult:
    """/help: the student will describe what he needs help with."""
    async with svc.db.transaction() as conn:
        placement = await student_placement(conn, person, now)
        if placement is None:
            return HelpResult.NO_PLACEMENT
        await ConversationRepo(conn).set(
            person.id, Conversation("help", "describe", {"placement_id": placement.id}), now)
    return HelpResult.DESCRIBE


async def answer_text(svc: Services, person: Person, text: str, now: datetime) -> TextOutcome:
    """A free-text message: the answer to whatever question this person has open."""
    async with svc.db.reading() as conn:
        conversation = await ConversationRepo(conn).get(person.id)
    if conversation is None:
        return TextOutcome(TextResult.NOTHING_OPEN)
    if len(text) > MAX_TEXT:
        return TextOutcome(TextResult.TOO_LONG)
    data = conversation.data
    match conversation.flow, conversation.step:
        case "checkin", "week":
            outcome = await record_week(svc, person, int(data["checkin_id"]), text, now)
            if outcome.answer is not Answer.RECORDED:
                return TextOutcome(TextResult.NOTHING_OPEN)
            return TextOutcome(TextResult.WEEK_SAVED, outcome.checkin)
        case ("checkin" | "help"), "describe":
            async with svc.db.transaction() as conn:
                step = Conversation(conversation.flow, "audience", {**data, "problem": text})
                await ConversationRepo(conn).set(person.id, step, now)
            return TextOutcome(TextResult.ASK_AUDIENCE)
        case _, "audience":
            return TextOutcome(TextResult.USE_BUTTONS)
        case "alert_note", _:
            async with svc.db.transaction() as conn:
                await note_resolution(conn, person, int(data["alert_id"]), text, now)
            return TextOutcome(TextResult.NOTE_SAVED)
    return TextOutcome(TextResult.NOTHING_OPEN)


async def choose_audience(svc: Services, person: Person, share_with_mentor: bool,
                          now: datetime) -> HelpResult:
    """The student chose who may read his problem: the supervisor is alerted now."""
    async with svc.db.transaction() as conn:
        conversations = ConversationRepo(conn)
        conversation = await conversations.get(person.id)
        if (person.role is not Role.STUDENT or conversation is None
                or conversation.step != "audience"):
            return HelpResult.STALE
        data = conversation.data
        placement = await PlacementRepo(conn).by_id(int(data["placement_id"]))
        if placement is None or placement.student_id != person.id:
            return HelpResult.STALE
        await raise_alert(conn, svc.policy, placement, AlertKind.PROBLEM_REPORTED, now,
                          checkin_id=data.get("checkin_id"), details=str(data["problem"]),
                          shared_with_mentor=share_with_mentor)
        await conversations.clear(person.id)
    return HelpResult.REPORTED
