"""A run's certificates to the employers: which can go (the company has a contact email in
the companies file), which went before, and the claim that keeps a double tap from sending one
twice. The email itself is handed over by bot/certificate_mail.py."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from bot.domain.people import Person
from bot.domain.reports import is_mailable
from bot.services.runtime import Services
from bot.services.training import is_trainer
from storage.certificate_mail import CertificateMailRepo
from storage.training import TrainingRepo

# A claim whose email never went (the process died while handing it over) lapses after this.
CLAIM_LAPSES = timedelta(minutes=10)


class EmployerResult(StrEnum):
    """Whether a run's certificates can go to employers at all."""

    READY = "ready"  # see the claims
    NO_EMAIL = "no_email"  # SMTP_URL is not set: nothing can go
    NOT_ALLOWED = "not_allowed"  # not this run's trainer
    UNKNOWN = "unknown"  # no such run (a forged or stale button)


@dataclass(frozen=True, slots=True)
class EmployerMail:
    """One certificate claimed for its employer's email."""

    certificate_id: int
    number: str
    name: str
    company: str
    to_address: str
    course: str
    issued_on: date


@dataclass(frozen=True, slots=True)
class EmployerClaims:
    """The certificates to send now, and why the others are not sent."""

    result: EmployerResult
    ready: tuple[EmployerMail, ...] = ()
    no_contact: tuple[tuple[str, str], ...] = ()  # (mentor, company); company '' for none
    sent_before: tuple[str, ...] = ()
    in_hand: tuple[str, ...] = ()  # another tap is sending these right now


async def claim_employer_mails(
    svc: Services, person: Person, run_id: int, now: datetime
) -> EmployerClaims:
    """Claim every certificate of a run that can go to its company's contact, not sent yet."""
    async with svc.db.transaction() as conn:
        run = await TrainingRepo(conn).run(run_id)
        if run is None:
            return EmployerClaims(EmployerResult.UNKNOWN)
        if not is_trainer(person, run):
            return EmployerClaims(EmployerResult.NOT_ALLOWED)
        if not svc.policy.email_enabled:
            return EmployerClaims(EmployerResult.NO_EMAIL)
        repo = CertificateMailRepo(conn)
        ready, no_contact, before, in_hand = [], [], [], []
        for target in await repo.targets(run_id):
            if target.mailed_at is not None:
                before.append(target.name)
            elif not is_mailable(target.contact_email):
                no_contact.append((target.name, target.company))
            elif await repo.claim(target.certificate_id, now, now - CLAIM_LAPSES):
                ready.append(
                    EmployerMail(
                        target.certificate_id,
                        target.number,
                        target.name,
                        target.company,
                        target.contact_email,
                        target.course,
                        target.issued_on,
                    )
                )
            else:
                in_hand.append(target.name)
    return EmployerClaims(
        EmployerResult.READY, tuple(ready), tuple(no_contact), tuple(before), tuple(in_hand)
    )


async def employer_mail_sent(svc: Services, mail: EmployerMail, now: datetime) -> None:
    """The mail server took the certificate's email: recorded, never sent again."""
    async with svc.db.transaction() as conn:
        await CertificateMailRepo(conn).mailed(mail.certificate_id, mail.to_address, now)


async def employer_mail_failed(svc: Services, mail: EmployerMail) -> None:
    """The email did not go: the claim is released, a later tap tries again."""
    async with svc.db.transaction() as conn:
        await CertificateMailRepo(conn).release(mail.certificate_id)
