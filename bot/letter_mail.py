"""`invites --letters DIR --email`: each adult gets his letter; the students' go to the school.

Students are often minors with no school-known email that reaches them, and a school hands
links to its students itself: their letters go in one email to SMTP_FROM.
"""

from __future__ import annotations

import sys
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from bot.domain.people import Role
from bot.i18n import Safe, t
from bot.letters import WrittenLetter
from bot.mailer import SmtpServer, hand_over
from bot.settings import Settings

SEND_TIMEOUT = 30.0


def _message(
    settings: Settings,
    to: str,
    language: str,
    keys: tuple[str, str],
    letters: list[WrittenLetter],
    **params: str,
) -> EmailMessage:
    subject_key, body_key = keys
    message = EmailMessage()
    message["From"], message["To"] = settings.smtp_from, to
    message["Date"], message["Message-ID"] = formatdate(localtime=True), make_msgid()
    school = settings.school_name.strip() or t(language, "branding.your_school")
    safe = {name: Safe(value) for name, value in {**params, "school": school}.items()}
    message["Subject"] = t(language, subject_key, **safe)
    message.set_content(t(language, body_key, **safe))
    for letter in letters:
        message.add_attachment(
            letter.path.read_bytes(),
            maintype="application",
            subtype="pdf",
            filename=letter.path.name,
        )
    return message


async def email_letters(settings: Settings, written: list[WrittenLetter]) -> int:
    """Send the letters; one line per email that could not go, exit code 1 if any."""
    server = SmtpServer.from_url(settings.smtp_url.get_secret_value())
    language = settings.default_language
    adults = [w for w in written if w.person.role is not Role.STUDENT]
    students = [w for w in written if w.person.role is Role.STUDENT]
    outgoing = [
        (
            w.person.email,
            _message(
                settings,
                w.person.email,
                w.person.language or language,
                ("letter.mail_subject", "letter.mail_body"),
                [w],
                name=w.person.name,
            ),
        )
        for w in adults
    ]
    if students:
        outgoing.append(
            (
                settings.smtp_from,
                _message(
                    settings,
                    settings.smtp_from,
                    language,
                    ("letter.school_subject", "letter.school_body"),
                    students,
                    count=str(len(students)),
                ),
            )
        )
    failed = 0
    for address, message in outgoing:
        try:
            await hand_over(server, message, SEND_TIMEOUT)
        except Exception as error:  # any refusal or outage: say which, go on with the rest
            failed += 1
            print(
                f"mentorbot: the letter email to {address} could not be sent: "
                f"{type(error).__name__}",
                file=sys.stderr,
            )
    print(
        f"{len(outgoing) - failed} of {len(outgoing)} emails sent ({len(adults)} to adults, "
        f"{len(students)} student letters to {settings.smtp_from})"
    )
    return 1 if failed else 0
