"""The trainer sends the certificates to the employers' contacts, against a real SMTP server
(aiosmtpd) on 127.0.0.1: the PDF arrives, a double tap sends nothing twice, a company without
a contact email and a bot without SMTP are said as they are (never "sent"), a refused email is
tried again on the next tap, and nobody but the trainer can send."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from bot.demo.world import World
from bot.domain.company_file import CompanyDetails
from bot.domain.training_plan import plan_session
from bot.sandbox.users import SimUser
from bot.services.certificates import import_companies
from bot.services.joining import person_by_email
from bot.services.training import create_run, enrol, invite_mentors, mark_attendance
from tests.e2e.smtp import Mailbox, body, smtp_server
from tests.e2e.story import Cast, school_world
from tests.e2e.test_feedback import forged_press, last, rows

School = tuple[World, Cast, SimUser]
CONTACT = "hr@bakkerij.example"
REFUSED = ("That is not for you.", "That is no longer there.")


async def certified(world: World) -> None:
    """Ingrid's one-session run is over; Mark (Bakkerij Jansen, with a contact) and Fatima
    (Zorgcentrum West, none) attended."""
    svc = world.bot.services
    await import_companies(
        svc, [CompanyDetails(2, "bakkerij jansen", "Dorpsstraat 1", CONTACT, "")]
    )
    ingrid = await person_by_email(svc, "ingrid@school.example")
    assert ingrid is not None
    now = svc.clock.now()
    session = plan_session(now + timedelta(days=3), 60, "https://meet.example.org/s", "")
    run_id = await create_run(svc, ingrid, "Coach & mentor", [session], instructions="", now=now)
    assert run_id == 1
    await invite_mentors(svc, ingrid, 1, now)
    for email in ("mark@bakkerij.example", "fatima@zorg.example"):
        mentor = await person_by_email(svc, email)
        assert mentor is not None
        await enrol(svc, mentor, 1, now)
        await world.move_to(now + timedelta(days=3, hours=2))
        await mark_attendance(svc, ingrid, 1, mentor.id, svc.clock.now())


async def issue(world: World, ingrid: SimUser) -> None:
    ingrid.send_text("/training")
    await world.settle()
    ingrid.press("Coach & mentor (run 1)")
    await world.settle()
    ingrid.press("Issue certificates")
    await world.settle()
    assert last(ingrid).startswith("🎓 Certificates issued: 2.")


@pytest.fixture
async def mailbox() -> Mailbox:
    return Mailbox(refuse=set())


@pytest.fixture
async def school(tmp_path: Path, mailbox: Mailbox) -> AsyncIterator[School]:
    async with AsyncExitStack() as stack:
        port = await stack.enter_async_context(smtp_server(mailbox))
        settings: dict[str, Any] = {
            "smtp_url": f"smtp://127.0.0.1:{port}",
            "smtp_from": "training@roc.example",
            "school_name": "ROC Rijn & IJssel",
        }
        found = await stack.enter_async_context(school_world(tmp_path / "bot.sqlite3", **settings))
        await certified(found[0])
        yield found


async def test_the_certificate_reaches_the_employer_once_with_its_pdf(
    school: School, mailbox: Mailbox
) -> None:
    world, people, _ = school
    ingrid, mark = people.supervisor, people.mentor
    await issue(world, ingrid)
    # Nobody but the trainer sends, whatever he forges.
    for user in (mark, people.student):
        forged_press(world, user, "tr:y:1")
        await world.settle()
        assert user.answers[-1]["text"] in REFUSED
    forged_press(world, ingrid, "tr:y:99")
    await world.settle()
    assert ingrid.answers[-1]["text"] in REFUSED
    assert mailbox.messages == []

    # A double tap: two presses, one email.
    ingrid.press("📧 Send the certificates to the employers")
    ingrid.press("📧 Send the certificates to the employers")
    await world.settle()
    await mailbox.wait_for(1)
    reports = [t for t in ingrid.texts() if "Certificates to the employers" in t]
    assert len(reports) == 2
    first, second = (r.replace("&amp;", "&") for r in reports)
    assert f"✅ Mark Jansen: sent to {CONTACT}" in first
    assert (
        "✖️ Fatima El Amrani: not sent, Zorgcentrum West has no contact email in the companies "
        "register" in first
    )
    assert "Sent before, not again: Mark Jansen" in second
    assert "sent to" not in second
    assert len(mailbox.messages) == 1

    email = mailbox.messages[0]
    assert email["To"] == CONTACT
    assert email["From"] == "training@roc.example"
    assert (
        email["Subject"] == "Certificaat praktijkopleider van Mark Jansen (Bakkerij Jansen)"
    )  # the school's language
    text = body(email)
    assert (
        'Mark Jansen heeft de training tot praktijkopleider "Coach & mentor" van ROC Rijn & IJssel'
        in text
    )
    assert "&amp;" not in text
    (attachment,) = list(email.iter_attachments())
    assert attachment.get_content_type() == "application/pdf"
    pdf = attachment.get_content()
    assert isinstance(pdf, bytes)
    words = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    number = (
        await rows(world, "SELECT number FROM certificates WHERE company != 'Zorgcentrum West'")
    )[0][0]
    assert "Mark Jansen" in words
    assert str(number) in words
    assert await rows(
        world,
        """SELECT company, employer_mail_to, employer_mailed_at IS NOT NULL FROM certificates
           ORDER BY company""",
    ) == [("Bakkerij Jansen", CONTACT, 1), ("Zorgcentrum West", None, 0)]


async def test_an_email_the_server_refuses_is_not_called_sent_and_goes_on_the_next_tap(
    school: School, mailbox: Mailbox
) -> None:
    world, people, _ = school
    ingrid = people.supervisor
    await issue(world, ingrid)
    assert isinstance(mailbox.refuse, set)
    mailbox.refuse.add(CONTACT)
    ingrid.press("📧 Send the certificates to the employers")
    await world.settle()
    report = last(ingrid)
    assert "Not sent, the mail server did not take it (try again later): Mark Jansen" in report
    assert "sent to" not in report
    assert mailbox.messages == []
    assert await rows(
        world,
        """SELECT count(*) FROM certificates
           WHERE employer_claimed_at IS NOT NULL OR employer_mailed_at IS NOT NULL""",
    ) == [(0,)]

    mailbox.refuse.clear()
    ingrid.press("📧 Send the certificates to the employers")
    await world.settle()
    await mailbox.wait_for(1)
    assert f"✅ Mark Jansen: sent to {CONTACT}" in last(ingrid)


async def test_without_smtp_the_trainer_is_told_nothing_was_sent(tmp_path: Path) -> None:
    async with school_world(tmp_path / "bot.sqlite3") as (world, people, _):
        await certified(world)
        ingrid = people.supervisor
        await issue(world, ingrid)
        ingrid.press("📧 Send the certificates to the employers")
        await world.settle()
        assert last(ingrid).startswith("Email is not set up for this bot (SMTP_URL is empty)")
        assert await rows(
            world, "SELECT count(*) FROM certificates WHERE employer_claimed_at IS NOT NULL"
        ) == [(0,)]
