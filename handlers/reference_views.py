"""How the reference messages look: the mentor's request, the student's text and PDF."""

from __future__ import annotations

import html
import re
import unicodedata

from telegram import InlineKeyboardMarkup

from bot.documents.reference import LetterLabels, ReferenceLetter, reference_pdf
from bot.domain.feedback_messages import ReferenceDocument, ReferenceRequested, ReferenceText
from bot.domain.messages import Outgoing
from bot.domain.reference import ReferenceStatus
from bot.i18n import t
from bot.services.reference_facts import LetterFacts, letter_facts, reference_request_facts
from bot.services.runtime import Services
from handlers.outgoing import Document, Text, found, view
from handlers.reference import long_day, write_button


def period(language: str, facts: LetterFacts) -> str:
    """The placement's period, as a letter writes it."""
    placement = facts.placement
    return t(
        language,
        "reference.period",
        start=long_day(language, placement.starts_on),
        end=long_day(language, placement.ends_on),
    )


@view(ReferenceRequested)
async def reference_requested(
    svc: Services, message: Outgoing, payload: ReferenceRequested
) -> Text:
    """To the mentor: the student asks for a reference; the button opens the draft."""
    reference, placement, student = found(
        await reference_request_facts(svc, payload.reference_id),
        f"reference {payload.reference_id}",
    )
    lang = message.language
    text = t(
        lang,
        "reference.request",
        student=student,
        company=placement.company,
        period=t(
            lang,
            "reference.period",
            start=long_day(lang, placement.starts_on),
            end=long_day(lang, placement.ends_on),
        ),
    )
    still_open = reference.status is ReferenceStatus.REQUESTED
    return Text(
        text, InlineKeyboardMarkup([[write_button(lang, reference.id)]]) if still_open else None
    )


@view(ReferenceText)
async def reference_text(svc: Services, message: Outgoing, payload: ReferenceText) -> Text:
    """To the student: his reference as a message (whole, over several if long)."""
    facts = found(
        await letter_facts(svc, payload.reference_id), f"reference {payload.reference_id}"
    )
    return Text(
        t(
            message.language,
            "reference.text",
            mentor=facts.mentor_name,
            company=facts.placement.company,
            text=facts.text,
        )
    )


@view(ReferenceDocument)
async def reference_document(
    svc: Services, message: Outgoing, payload: ReferenceDocument
) -> Document:
    """To the student: his reference as a PDF letter, in the language it was written in."""
    facts = found(
        await letter_facts(svc, payload.reference_id), f"reference {payload.reference_id}"
    )
    letter = letter_of(facts)
    name = plain(t(facts.reference.language, "reference.filename"))
    return Document(
        f"{name}-{file_safe(facts.student_name)}.pdf",
        lambda: reference_pdf(letter),
        caption=t(message.language, "reference.caption"),
    )


def letter_of(facts: LetterFacts) -> ReferenceLetter:
    """The letter's data: the labels in the reference's language, unescaped for the PDF."""
    lang = facts.reference.language
    labels = LetterLabels(
        **{
            field: plain(t(lang, f"reference.pdf_{field}", student=facts.student_name))
            for field in LetterLabels.__dataclass_fields__
        }
    )
    return ReferenceLetter(
        language=lang,
        student_name=facts.student_name,
        mentor_name=facts.mentor_name,
        company=facts.placement.company,
        period=plain(period(lang, facts)),
        dated=long_day(lang, facts.sent_on),
        issued_on=facts.sent_on,
        text=facts.text,
        labels=labels,
    )


def plain(text: str) -> str:
    """A catalog text as plain text (t() escapes its parameters for HTML)."""
    return html.unescape(text)


def file_safe(name: str) -> str:
    """A name fit for a file name: ASCII letters, digits, dashes ('Ngọc Özdemir': ngoc-ozdemir)."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:40] or "student"
