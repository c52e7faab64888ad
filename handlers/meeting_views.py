"""How the meetings feature's outbox messages look: proposals, calendar files, reminders, the
outcome question, the review's preparation and agreements, the reminder to plan."""

from __future__ import annotations

import html
from functools import partial

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.documents.calendar import CalendarEvent, CalendarMethod, CalendarPerson, meeting_ics
from bot.domain.meeting_messages import (
    AgreementsAnswer,
    AgreementsQuestion,
    AgreementsUnderstood,
    MeetingCalendar,
    MeetingProposed,
    MeetingReminder,
    PlanReminder,
    ReviewAgreements,
    ReviewPrepare,
)
from bot.domain.meeting_reminders import Reminder
from bot.domain.meetings import MeetingKind, MeetingState, calendar_uid, organiser
from bot.domain.messages import Outgoing
from bot.domain.people import Person
from bot.i18n import t
from bot.services.meeting_lists import placement_card
from bot.services.meeting_words import WordsStep, words_of
from bot.services.meetings import MeetingCard, meeting_card
from bot.services.runtime import Services
from handlers.meeting_format import kind_name, place_line, reader_zone, summary, when
from handlers.outgoing import Document, Text, found, view


async def _card(svc: Services, message: Outgoing, meeting_id: int) -> tuple[MeetingCard, Person]:
    """The meeting and its reader (who must take part in it)."""
    card = found(await meeting_card(svc, meeting_id), f"meeting {meeting_id}")
    reader = next((p for p in card.participants if p.id == message.person_id), None)
    return card, found(reader, f"reader {message.person_id} of meeting {meeting_id}")


def _button(language: str, key: str, data: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(t(language, key), callback_data=data)


@view(MeetingProposed)
async def proposed(svc: Services, message: Outgoing, payload: MeetingProposed) -> Text:
    """A proposed time, to confirm or to answer with another."""
    card, reader = await _card(svc, message, payload.meeting_id)
    lang, meeting = message.language, card.meeting
    text = t(
        lang,
        "meeting.proposal",
        proposer=card.proposer.name,
        summary=summary(lang, svc.policy, card, reader),
    ) + place_line(lang, card)
    if meeting.reason:
        text += "\n" + t(lang, "meeting.reason", reason=meeting.reason)
    data = f"mt:{meeting.id}:{payload.sequence}"
    return Text(
        text,
        InlineKeyboardMarkup(
            [
                [
                    _button(lang, "meeting.confirm", f"{data}:ok"),
                    _button(lang, "meeting.another_time", f"{data}:re"),
                ]
            ]
        ),
    )


@view(MeetingCalendar)
async def calendar(svc: Services, message: Outgoing, payload: MeetingCalendar) -> Document:
    """The calendar file: the meeting to add or update, or the cancellation to remove it."""
    card, reader = await _card(svc, message, payload.meeting_id)
    lang, meeting = message.language, card.meeting
    cancelled = meeting.state is MeetingState.CANCELLED
    caption = t(
        lang,
        "meeting.calendar_cancelled" if cancelled else "meeting.calendar",
        summary=summary(lang, svc.policy, card, reader),
    )
    if cancelled and meeting.reason:
        caption += "\n" + t(lang, "meeting.reason", reason=meeting.reason)
    place = meeting.place or ""
    link = place if place.startswith(("https://", "http://")) else None

    def plain(key: str, **params: object) -> str:
        # The calendar shows plain text: the catalog's HTML escaping undone.
        return html.unescape(t(lang, key, **params))

    event = CalendarEvent(
        uid=calendar_uid(meeting.id, svc.policy.bot_username),
        sequence=meeting.sequence,
        method=CalendarMethod.CANCEL if cancelled else CalendarMethod.REQUEST,
        starts_at=meeting.starts_at,
        duration=svc.policy.meetings.length,
        timezone=reader_zone(svc.policy, card, reader),
        summary=plain(
            "meeting.ics_summary",
            kind=kind_name(lang, meeting.kind).capitalize(),
            names=", ".join(p.name for p in card.participants),
        ),
        description=plain("meeting.ics_description", company=card.placement.company),
        organizer=_calendar_person(card.person(organiser(meeting.kind))),
        attendees=tuple(_calendar_person(p) for p in card.participants),
        stamp=svc.clock.now(),
        location=None if link else (place or None),
        url=link,
    )
    return Document(f"meeting-{meeting.id}.ics", partial(meeting_ics, event), caption)


def _calendar_person(person: Person) -> CalendarPerson:
    return CalendarPerson(person.name, person.email)


@view(MeetingReminder)
async def reminder(svc: Services, message: Outgoing, payload: MeetingReminder) -> Text:
    """The day before, an hour before, or after it "did the meeting take place?"."""
    card, reader = await _card(svc, message, payload.meeting_id)
    lang, meeting = message.language, card.meeting
    data = f"{meeting.id}:{payload.sequence}"
    if payload.reminder is Reminder.OUTCOME:
        return Text(
            t(lang, "meeting.ask_outcome", summary=summary(lang, svc.policy, card, reader)),
            InlineKeyboardMarkup(
                [
                    [
                        _button(lang, "meeting.held", f"mo:{data}:h"),
                        _button(lang, "meeting.moved", f"mo:{data}:m"),
                        _button(lang, "meeting.cancelled", f"mo:{data}:c"),
                    ]
                ]
            ),
        )
    key = "meeting.tomorrow" if payload.reminder is Reminder.DAY_BEFORE else "meeting.in_an_hour"
    text = t(lang, key, summary=summary(lang, svc.policy, card, reader)) + place_line(lang, card)
    if (
        meeting.kind is MeetingKind.TRIPARTITE
        and reader.id == card.supervisor.id
        and (payload.reminder is Reminder.HOUR_BEFORE)
    ):
        text += "\n\n" + await _preparations(svc, lang, card)
    markup = InlineKeyboardMarkup([[_button(lang, "meeting.another_time", f"mt:{data}:re")]])
    return Text(text, markup if payload.reminder is Reminder.DAY_BEFORE else None)


async def _preparations(svc: Services, language: str, card: MeetingCard) -> str:
    """What student and mentor wrote to prepare the review, for the supervisor."""
    written = await words_of(svc, card.meeting.id, WordsStep.PREPARATION)
    lines = [t(language, "meeting.preparations")]
    for person in (card.student, card.mentor):
        text = written.get(person.id)
        lines.append(
            t(language, "meeting.prepared_by", name=person.name, text=text)
            if text
            else t(language, "meeting.not_prepared", name=person.name)
        )
    return "\n".join(lines)


@view(ReviewPrepare)
async def prepare(svc: Services, message: Outgoing, payload: ReviewPrepare) -> Text:
    """The day before a review: the reminder, and a button to write down the preparation."""
    card, reader = await _card(svc, message, payload.meeting_id)
    lang = message.language
    return Text(
        t(lang, "meeting.prepare", summary=summary(lang, svc.policy, card, reader))
        + place_line(lang, card),
        InlineKeyboardMarkup(
            [
                [
                    _button(lang, "meeting.prepare_button", f"mw:{card.meeting.id}:p"),
                    _button(
                        lang,
                        "meeting.another_time",
                        f"mt:{card.meeting.id}:{card.meeting.sequence}:re",
                    ),
                ]
            ]
        ),
    )


@view(PlanReminder)
async def plan_reminder(svc: Services, message: Outgoing, payload: PlanReminder) -> Text:
    """A meeting is due and none is planned: a Plan button."""
    placement, student = found(
        await placement_card(svc, payload.placement_id), f"placement {payload.placement_id}"
    )
    lang = message.language
    if payload.meeting_kind is MeetingKind.TRIPARTITE:
        text = t(
            lang,
            "meeting.plan_review",
            student=student.name,
            company=placement.company,
            weeks=placement.tripartite_every_weeks,
        )
    else:
        name = student.name if message.person_id != student.id else None
        text = t(
            lang,
            "meeting.plan_mentor" if name else "meeting.plan_mentor_student",
            student=student.name,
            days=placement.mentor_meeting_every_days,
        )
    return Text(
        text,
        InlineKeyboardMarkup(
            [[_button(lang, "meeting.plan_button", f"mp:{payload.placement_id}")]]
        ),
    )


@view(ReviewAgreements)
async def agreements(svc: Services, message: Outgoing, payload: ReviewAgreements) -> Text:
    """To the student: the agreements, Understood or I have a question."""
    card, reader = await _card(svc, message, payload.meeting_id)
    lang = message.language
    return Text(
        t(
            lang,
            "meeting.agreements",
            when=when(lang, svc.policy, card, reader),
            agreements=card.meeting.agreements or "",
        ),
        _understood_keyboard(lang, card.meeting.id, question=True),
    )


def _understood_keyboard(
    language: str, meeting_id: int, *, question: bool
) -> InlineKeyboardMarkup:
    buttons = [_button(language, "meeting.understood_button", f"mw:{meeting_id}:u")]
    if question:
        buttons.append(_button(language, "meeting.question_button", f"mw:{meeting_id}:q"))
    return InlineKeyboardMarkup([buttons])


@view(AgreementsQuestion)
async def question(svc: Services, message: Outgoing, payload: AgreementsQuestion) -> Text:
    """To the mentor: the student's question about the agreements, with an Answer button."""
    card, reader = await _card(svc, message, payload.meeting_id)
    lang = message.language
    asked = (await words_of(svc, card.meeting.id, WordsStep.QUESTION)).get(card.student.id)
    return Text(
        t(
            lang,
            "meeting.question",
            student=card.student.name,
            when=when(lang, svc.policy, card, reader),
            question=asked or "",
        ),
        InlineKeyboardMarkup(
            [[_button(lang, "meeting.answer_button", f"mw:{card.meeting.id}:a")]]
        ),
    )


@view(AgreementsAnswer)
async def answer(svc: Services, message: Outgoing, payload: AgreementsAnswer) -> Text:
    """To the student: his mentor's answer, and Understood."""
    card, _ = await _card(svc, message, payload.meeting_id)
    lang = message.language
    given = (await words_of(svc, card.meeting.id, WordsStep.ANSWER)).get(card.mentor.id)
    return Text(
        t(lang, "meeting.answer", mentor=card.mentor.name, answer=given or ""),
        _understood_keyboard(lang, card.meeting.id, question=False),
    )


@view(AgreementsUnderstood)
async def understood(svc: Services, message: Outgoing, payload: AgreementsUnderstood) -> Text:
    """To mentor and supervisor: the student understood the agreements."""
    card, reader = await _card(svc, message, payload.meeting_id)
    lang = message.language
    return Text(
        t(
            lang,
            "meeting.understood",
            student=card.student.name,
            when=when(lang, svc.policy, card, reader),
        )
    )
