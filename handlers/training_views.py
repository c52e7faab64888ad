"""How the training messages look: invitation, instructions, reminders, hand-ins to the
trainer, the attendance sheet, and the certificate as a PDF."""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.documents.certificate import Certificate, CertificateLabels, certificate_pdf
from bot.domain.messages import Outgoing
from bot.domain.training import ASSIGNMENT_REMINDERS, TrainingSession
from bot.domain.training_records import (
    CertificateDocument,
    TrainingAttendanceSheet,
    TrainingComment,
    TrainingInstructions,
    TrainingInvitation,
    TrainingReminderMessage,
    TrainingSubmitted,
    UncertifiedMentors,
)
from bot.i18n import Safe, t
from bot.services.certificates import CertificateFacts, certificate_facts
from bot.services.runtime import Services
from bot.services.training_facts import (
    SheetFacts,
    run_facts,
    session_facts,
    sheet_facts,
    submission_facts,
    uncertified_facts,
)
from handlers.formats import day, moment
from handlers.outgoing import Document, Rendered, Text, found, view
from handlers.reference import long_day
from handlers.reference_views import file_safe, plain


def when(svc: Services, language: str, session: TrainingSession) -> str:
    """A session's start in the school's time zone."""
    return moment(language, session.starts_at, svc.policy.timezone)


def hand_in_button(language: str, session: TrainingSession) -> InlineKeyboardButton:
    """The participant's button to hand in a session's assignment."""
    return InlineKeyboardButton(
        t(language, "training.hand_in_button", number=session.number),
        callback_data=f"tr:h:{session.id}",
    )


def sheet_keyboard(language: str, facts: SheetFacts) -> InlineKeyboardMarkup | None:
    """One button per participant: present or not; a tap turns it (none without any)."""
    if not facts.enrolled:
        return None  # Telegram refuses an empty keyboard
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    t(
                        language,
                        "training.present" if e.person_id in facts.present else "training.absent",
                        name=e.name,
                    ),
                    callback_data=f"tr:m:{facts.session.id}:{e.person_id}",
                )
            ]
            for e in facts.enrolled
        ]
    )


@view(TrainingInvitation)
async def training_invitation(
    svc: Services, message: Outgoing, payload: TrainingInvitation
) -> Text:
    """To a mentor: the course, its sessions, and Enrol."""
    facts = found(await run_facts(svc, payload.run_id), f"run {payload.run_id}")
    lang = message.language
    sessions = "\n".join(
        t(
            lang,
            "training.session_line",
            number=s.number,
            when=when(svc, lang, s),
            minutes=s.minutes,
        )
        for s in facts.sessions
    )
    return Text(
        t(
            lang,
            "training.invitation",
            course=facts.run.course,
            trainer=facts.trainer,
            sessions=Safe(sessions),
        ),
        InlineKeyboardMarkup(
            [
                [
                    InlineKeyboardButton(
                        t(lang, "training.enrol_button"), callback_data=f"tr:e:{facts.run.id}"
                    )
                ]
            ]
        ),
    )


@view(TrainingInstructions)
async def training_instructions(
    svc: Services, message: Outgoing, payload: TrainingInstructions
) -> Text:
    """To whoever enrolled: the instructions, each session's link and assignment."""
    facts = found(await run_facts(svc, payload.run_id), f"run {payload.run_id}")
    lang = message.language
    parts = []
    for s in facts.sessions:
        key = (
            "training.instructions_session"
            if s.has_assignment
            else "training.instructions_session_only"
        )
        parts.append(
            t(
                lang,
                key,
                number=s.number,
                when=when(svc, lang, s),
                minutes=s.minutes,
                link=s.link,
                brief=s.brief,
                due=moment(lang, s.due_at, svc.policy.timezone),
            )
        )
    buttons = [[hand_in_button(lang, s)] for s in facts.sessions if s.has_assignment]
    return Text(
        t(
            lang,
            "training.instructions",
            course=facts.run.course,
            instructions=facts.run.instructions,
            trainer=facts.trainer,
            sessions=Safe("\n\n".join(parts)),
        ),
        InlineKeyboardMarkup(buttons) if buttons else None,
    )


@view(TrainingReminderMessage)
async def training_reminder(
    svc: Services, message: Outgoing, payload: TrainingReminderMessage
) -> Text:
    """To a participant: the assignment is due soon, or the session begins soon."""
    session, facts = found(
        await session_facts(svc, payload.session_id), f"session {payload.session_id}"
    )
    lang = message.language
    text = t(
        lang,
        f"training.reminder.{payload.reminder.value}",
        number=session.number,
        course=facts.run.course,
        due=moment(lang, session.due_at, svc.policy.timezone),
        brief=session.brief,
        when=when(svc, lang, session),
        link=session.link,
    )
    if payload.reminder in ASSIGNMENT_REMINDERS:
        return Text(text, InlineKeyboardMarkup([[hand_in_button(lang, session)]]))
    return Text(text)


@view(TrainingSubmitted)
async def training_submitted(
    svc: Services, message: Outgoing, payload: TrainingSubmitted
) -> Rendered:
    """To the trainer: the hand-in's text, or its file with who and what in the caption."""
    facts = found(
        await submission_facts(svc, payload.submission_id), f"submission {payload.submission_id}"
    )
    lang, sub = message.language, facts.submission
    late = t(lang, "training.late_mark") if sub.handed_in_at > facts.session.due_at else ""
    params = {"name": facts.name, "number": facts.session.number, "course": facts.course}
    markup = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    t(lang, "training.comment_button"), callback_data=f"tr:k:{sub.id}"
                )
            ]
        ]
    )
    if facts.file is not None and sub.file_name:
        content = facts.file
        return Document(
            sub.file_name,
            lambda: content,
            caption=t(lang, "training.submission_file", late=plain(late), **params),
            markup=markup,
        )
    return Text(t(lang, "training.submission", late=plain(late), text=sub.text, **params), markup)


@view(TrainingComment)
async def training_comment(svc: Services, message: Outgoing, payload: TrainingComment) -> Text:
    """To the participant: the trainer's comment on his hand-in."""
    facts = found(
        await submission_facts(svc, payload.submission_id), f"submission {payload.submission_id}"
    )
    return Text(
        t(
            message.language,
            "training.comment",
            number=facts.session.number,
            course=facts.course,
            text=facts.submission.comment or "",
        )
    )


@view(TrainingAttendanceSheet)
async def training_attendance(
    svc: Services, message: Outgoing, payload: TrainingAttendanceSheet
) -> Text:
    """To the trainer after a session: one tap per participant who was there."""
    facts = found(await sheet_facts(svc, payload.session_id), f"session {payload.session_id}")
    lang = message.language
    return Text(
        t(
            lang,
            "training.sheet",
            number=facts.session.number,
            course=facts.course,
            when=when(svc, lang, facts.session),
        ),
        sheet_keyboard(lang, facts),
    )


@view(CertificateDocument)
async def certificate_document(
    svc: Services, message: Outgoing, payload: CertificateDocument
) -> Document:
    """To the new certified mentor: his certificate as a PDF."""
    facts = found(
        await certificate_facts(svc, payload.certificate_id),
        f"certificate {payload.certificate_id}",
    )
    cert = certificate_of(svc, message.language, facts)
    name = plain(t(message.language, "training.certificate_filename"))
    return Document(
        f"{name}-{file_safe(facts.record.name)}-{facts.record.number}.pdf",
        lambda: certificate_pdf(cert),
        caption=t(
            message.language,
            "training.certificate_caption",
            course=facts.record.course,
            number=facts.record.number,
            code=facts.code,
        ),
    )


def certificate_of(svc: Services, language: str, facts: CertificateFacts) -> Certificate:
    """The certificate's data in the reader's language, the school's texts from settings."""
    rules, record = svc.policy.training, facts.record
    labels = CertificateLabels(
        **{
            field: plain(t(language, f"training.pdf_{field}"))
            for field in CertificateLabels.__dataclass_fields__
        }
    )
    zone = ZoneInfo(svc.policy.timezone)
    dates = ", ".join(
        plain(day(language, s.starts_at.astimezone(zone).date())) for s in facts.sessions
    )
    return Certificate(
        language=language,
        mentor_name=record.name,
        company=record.company,
        course=record.course,
        dates=dates,
        school=rules.school_name,
        signatory=rules.certificate_signatory,
        issued_on=record.issued_on,
        dated=long_day(language, record.issued_on),
        number=record.number,
        code=facts.code,
        labels=labels,
        logo=Path(rules.certificate_logo) if rules.certificate_logo else None,
    )


@view(UncertifiedMentors)
async def uncertified_mentors(
    svc: Services, message: Outgoing, payload: UncertifiedMentors
) -> Text:
    """To a coordinator, weekly: who mentors students uncertified; one tap invites them."""
    facts = await uncertified_facts(svc, svc.clock.now())
    lang = message.language
    if not facts.mentors:
        return Text(t(lang, "training.uncertified_none"))
    lines = "\n".join(
        t(
            lang,
            "training.uncertified_line",
            mentor=e.mentor,
            company=e.company,
            students=e.students_now,
        )
        for e in facts.mentors[:40]
    )
    text = t(lang, "training.uncertified", n=len(facts.mentors), lines=Safe(lines))
    run = facts.next_run
    if run is None:
        return Text(f"{text}\n\n{t(lang, 'training.uncertified_no_run')}")
    return Text(
        text,
        InlineKeyboardMarkup(
            [
                [
                    InlineKeyboardButton(
                        plain(
                            t(lang, "training.uncertified_invite", course=run.course, run=run.id)
                        ),
                        callback_data=f"tr:u:{run.id}",
                    )
                ]
            ]
        ),
    )
