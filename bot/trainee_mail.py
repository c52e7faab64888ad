"""`course invite … ` with SMTP configured: each new trainee mentor gets his personal link by
email, with the invite letter (its QR code) attached; the letters of issue 15, reused."""

from __future__ import annotations

import sys
from datetime import datetime
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from zoneinfo import ZoneInfo

from babel.dates import format_date

from bot.documents.letter import invite_pdf
from bot.i18n import Safe, t
from bot.letters import file_name, letter_for
from bot.mailer import SmtpServer, hand_over
from bot.services.people import invite_link
from bot.services.trainee_invites import TraineeInvite
from bot.settings import Settings

SEND_TIMEOUT = 30.0


def trainee_email(
    settings: Settings, bot_username: str, invite: TraineeInvite, now: datetime
) -> EmailMessage:
    """The invitation to one trainee mentor, in his language (the school's when he has none)."""
    person, expires_at = invite.person, invite.expires_at
    assert person is not None
    assert expires_at is not None
    language = person.language or settings.default_language
    link = invite_link(bot_username, invite.token)
    school = settings.school_name.strip() or t(language, "branding.your_school")
    expires = format_date(
        expires_at.astimezone(ZoneInfo(settings.timezone)).date(), "d MMMM y", locale=language
    )
    words = {
        "name": Safe(person.name),
        "course": Safe(invite.course),
        "school": Safe(school),
        "link": Safe(link),
        "date": Safe(expires),
    }
    message = EmailMessage()
    message["From"], message["To"] = settings.smtp_from, person.email
    message["Date"], message["Message-ID"] = formatdate(localtime=True), make_msgid()
    message["Subject"] = t(language, "trainee.mail_subject", **words)
    message.set_content(t(language, "trainee.mail_body", **words))
    letter = letter_for(
        person,
        link,
        expires_at,
        school=settings.school_name,
        default_language=settings.default_language,
        timezone=settings.timezone,
        issued=now,
    )
    message.add_attachment(
        invite_pdf(letter), maintype="application", subtype="pdf", filename=file_name(person)
    )
    return message


async def email_trainees(
    settings: Settings, bot_username: str, invites: list[TraineeInvite], now: datetime
) -> int:
    """Send each his invitation; one line per email that could not go; how many failed."""
    server = SmtpServer.from_url(settings.smtp_url.get_secret_value())
    failed = 0
    for invite in invites:
        assert invite.person is not None
        try:
            await hand_over(
                server, trainee_email(settings, bot_username, invite, now), SEND_TIMEOUT
            )
        except Exception as error:  # any refusal or outage: say which, go on with the rest
            failed += 1
            print(
                f"mentorbot: the invitation email to {invite.person.email} could not be sent: "
                f"{type(error).__name__}",
                file=sys.stderr,
            )
    return failed
