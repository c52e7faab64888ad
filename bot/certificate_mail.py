"""A run's certificates by email to the employers' contacts, on the trainer's tap.

Each certificate is claimed first (a double tap sends it once), its PDF is made off the event
loop, the email handed to SMTP_URL's server, and only an email the server took is recorded as
sent; one it refused or could not take is released for a later tap. What the trainer is told
is what happened: sent (to which address), or why not.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

import aiosmtplib
from babel.dates import format_date

from bot.domain.people import Person
from bot.i18n import t
from bot.mailer import SmtpServer, hand_over
from bot.services.certificate_mail import (
    EmployerClaims,
    EmployerMail,
    EmployerResult,
    claim_employer_mails,
    employer_mail_failed,
    employer_mail_sent,
)
from bot.services.runtime import Services
from bot.settings import Settings

log = logging.getLogger(__name__)

SEND_TIMEOUT = 30.0
Render = Callable[[int], Awaitable[tuple[str, bytes]]]  # certificate id -> file name, PDF


@dataclass(frozen=True, slots=True)
class EmployerPost:
    """Where employers' emails are handed over, and from which address."""

    server: SmtpServer
    sender: str


def employer_post(settings: Settings) -> EmployerPost | None:
    """Email to employers when SMTP_URL is set; None otherwise."""
    url = settings.smtp_url.get_secret_value()
    return EmployerPost(SmtpServer.from_url(url), settings.smtp_from) if url else None


@dataclass(frozen=True, slots=True)
class EmployerReport:
    """What became of a tap: sent (mentor, address), not sent and why."""

    claims: EmployerClaims
    sent: tuple[tuple[str, str], ...] = ()
    failed: tuple[str, ...] = ()


def compose(
    post: EmployerPost, mail: EmployerMail, language: str, school: str, pdf: tuple[str, bytes]
) -> EmailMessage:
    """The email to one company's contact, in the school's language, with the PDF."""
    school_name = school.strip() or _t(language, "branding.your_school")
    params = {
        "name": mail.name,
        "company": mail.company,
        "course": mail.course,
        "number": mail.number,
        "school": school_name,
        "day": format_date(mail.issued_on, "d MMMM y", locale=language),
    }
    message = EmailMessage()
    message["From"], message["To"] = post.sender, mail.to_address
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(f"certificate-{mail.certificate_id}")
    message["Auto-Submitted"] = "auto-generated"
    message["Subject"] = _t(language, "certmail.subject", **params)
    message.set_content(_t(language, "certmail.body", **params))
    filename, content = pdf
    message.add_attachment(content, maintype="application", subtype="pdf", filename=filename)
    return message


def _t(language: str, key: str, **params: str) -> str:
    # The catalog escapes parameters for Telegram's HTML; an email is plain text.
    return html.unescape(t(language, key, **params))


async def send_to_employers(
    svc: Services,
    post: EmployerPost | None,
    person: Person,
    run_id: int,
    render: Render,
) -> EmployerReport:
    """Email each certificate of a run not sent yet to its company's contact."""
    claims = await claim_employer_mails(svc, person, run_id, svc.clock.now())
    if claims.result is not EmployerResult.READY:
        return EmployerReport(claims)
    if post is None:  # no server to hand them to: nothing goes, and nothing is called sent
        for mail in claims.ready:
            await employer_mail_failed(svc, mail)
        return EmployerReport(EmployerClaims(EmployerResult.NO_EMAIL))
    policy = svc.policy
    sent: list[tuple[str, str]] = []
    failed: list[str] = []
    for mail in claims.ready:
        try:
            pdf = await render(mail.certificate_id)
            message = compose(
                post, mail, policy.default_language, policy.training.school_name, pdf
            )
            await hand_over(post.server, message, SEND_TIMEOUT)
        except (aiosmtplib.SMTPException, OSError, TimeoutError, LookupError) as error:
            log.warning("certificate %s not emailed to its employer: %s", mail.number, error)
            await employer_mail_failed(svc, mail)
            failed.append(mail.name)
        except BaseException:
            await employer_mail_failed(svc, mail)
            raise
        else:
            await employer_mail_sent(svc, mail, svc.clock.now())
            sent.append((mail.name, mail.to_address))
    return EmployerReport(claims, tuple(sent), tuple(failed))
