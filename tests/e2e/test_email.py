"""Email, the last resort for alerts, against a real SMTP server (aiosmtpd) on 127.0.0.1."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest

from bot.clock import FakeClock
from bot.demo.story import plain
from bot.domain.escalation import AlertKind
from bot.domain.people import Role
from bot.domain.policy import Policy
from bot.mailer import Mailer, SmtpServer
from bot.services.alerts import acknowledge_alert, raise_alert
from bot.services.emails import queue_unacknowledged_emails
from bot.services.roster import import_roster
from bot.services.runtime import Services
from storage.db import Database
from storage.people import PeopleRepo, PlacementRepo
from tests.conftest import ROSTER, START
from tests.e2e.reporting import WORDS as REPORT_WORDS
from tests.e2e.reporting import report as student_reports
from tests.e2e.reporting import school, seen
from tests.e2e.smtp import Mailbox, body, smtp_server

SUPERVISOR = "ingrid@school.example"  # Ingrid Bos supervises Sanne (placement 1)
CARLA = "carla@school.example"
WORDS = "Mijn praktijkopleider schreeuwt & ik durf niks te zeggen <echt>"


@pytest.fixture
async def svc(tmp_path: Path) -> AsyncIterator[Services]:
    """The services with email on, the roster imported, a coordinator with a real address and
    one known only by his Telegram id (a placeholder address that must get nothing)."""
    db = await Database.open(tmp_path / "bot.sqlite3")
    policy = Policy(bot_username="mentorbot_test_bot", email_enabled=True)
    services = Services(db, FakeClock(START), policy)
    await import_roster(services, ROSTER, skip_bad_rows=False, now=START)
    async with db.transaction() as conn:
        people = PeopleRepo(conn)
        carla = await people.add("Carla Visser", CARLA, Role.COORDINATOR, "en", START)
        await people.link_telegram(carla, 9001, "en")
        other = await people.add(
            "Kees", "telegram-9002@coordinators.invalid", Role.COORDINATOR, "nl", START
        )
        await people.link_telegram(other, 9002, "nl")
    yield services
    await db.close()


async def join_supervisor(svc: Services) -> None:
    async with svc.db.transaction() as conn:
        people = PeopleRepo(conn)
        ingrid = await people.by_email(SUPERVISOR)
        assert ingrid is not None
        await people.link_telegram(ingrid.id, 5001, "nl")


async def report(svc: Services, *, shared: bool = False) -> int:
    """Sanne reports a problem now."""
    async with svc.db.transaction() as conn:
        placement = await PlacementRepo(conn).by_id(1)
        assert placement is not None
        return await raise_alert(
            conn,
            svc.policy,
            placement,
            AlertKind.PROBLEM_REPORTED,
            svc.clock.now(),
            details=WORDS,
            shared_with_mentor=shared,
        )


def mailer(svc: Services, port: int) -> Mailer:
    return Mailer(
        svc,
        SmtpServer("127.0.0.1", port, None, None, implicit_tls=False),
        "mentorbot@school.example",
        timeout=5,
    )


async def outbox_keys(svc: Services) -> list[str]:
    async with (
        svc.db.reading() as conn,
        conn.execute("SELECT dedupe_key FROM outbox ORDER BY id") as cur,
    ):
        return [row[0] for row in await cur.fetchall()]


async def thirty_minutes_later(svc: Services) -> int:
    """Half an hour passes; the tick queues the emails of alerts nobody acknowledged."""
    clock = svc.clock
    assert isinstance(clock, FakeClock)
    clock.advance(timedelta(minutes=30))
    return await queue_unacknowledged_emails(svc, clock.now())


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def test_an_alert_nobody_acknowledged_is_emailed_with_only_the_words_each_may_read(
    svc: Services,
) -> None:
    await join_supervisor(svc)  # on Telegram: the email waits 30 minutes for him
    alert_id = await report(svc)
    clock = svc.clock
    assert isinstance(clock, FakeClock)
    clock.advance(timedelta(minutes=29))
    assert await queue_unacknowledged_emails(svc, clock.now()) == 0
    clock.advance(timedelta(minutes=1))
    assert await queue_unacknowledged_emails(svc, clock.now()) == 2  # not the placeholder
    mailbox = Mailbox()
    async with smtp_server(mailbox) as port:
        sender = mailer(svc, port)
        assert await sender.deliver_due() == 2
        await mailbox.wait_for(2)
        # Sent once: the queue is durable and deduplicated.
        assert await queue_unacknowledged_emails(svc, clock.now()) == 0
        assert await sender.deliver_due() == 0
    assert len(mailbox.messages) == 2
    [to_ingrid], [to_carla] = mailbox.to(SUPERVISOR), mailbox.to(CARLA)
    # The supervisor reads the student's words, in his language (Dutch), plain text.
    assert to_ingrid["Subject"] == "⚠️ Sanne de Vries (Bakkerij Jansen) heeft aandacht nodig"
    assert to_ingrid["From"] == "mentorbot@school.example"
    assert to_ingrid["Auto-Submitted"] == "auto-generated"
    text = body(to_ingrid)
    assert f"> {WORDS}" in text
    assert "&amp;" not in text
    assert "https://t.me/mentorbot_test_bot" in text
    assert "om hulp gevraagd" in text
    # The coordinator learns that she asked for help, and who may read it; not her words.
    text = body(to_carla)
    assert "schreeuwt" not in text
    assert "only Ingrid Bos" in text
    assert "https://t.me/mentorbot_test_bot" in text
    # An email that arrived tells the student; one receipt waits and will name both.
    receipts = [k for k in await outbox_keys(svc) if k.startswith("report-receipt:")]
    assert len(receipts) == 1
    assert receipts[0].startswith(f"report-receipt:{alert_id}:")


async def test_an_alert_nobody_can_read_on_telegram_is_emailed_at_once(svc: Services) -> None:
    async with svc.db.transaction() as conn:  # the only real coordinator blocked the bot
        carla = await PeopleRepo(conn).by_email(CARLA)
        assert carla is not None
        await PeopleRepo(conn).mark_undeliverable(carla.id, START)
        kees = await PeopleRepo(conn).by_email("telegram-9002@coordinators.invalid")
        assert kees is not None
        await PeopleRepo(conn).mark_undeliverable(kees.id, START)
    await report(svc)  # and the supervisor has not joined
    assert await queue_unacknowledged_emails(svc, svc.clock.now()) == 2


async def test_an_alert_acknowledged_before_its_email_goes_is_not_emailed(svc: Services) -> None:
    await report(svc)
    assert await thirty_minutes_later(svc) == 2
    async with svc.db.reading() as conn:
        ingrid = await PeopleRepo(conn).by_email(SUPERVISOR)
    assert ingrid is not None
    await acknowledge_alert(svc, ingrid, 1, svc.clock.now())
    mailbox = Mailbox()
    async with smtp_server(mailbox) as port:
        assert await mailer(svc, port).deliver_due() == 0
    assert mailbox.messages == []


async def test_a_server_that_is_down_is_tried_again_and_a_refused_address_given_up(
    svc: Services,
) -> None:
    await report(svc)
    assert await thirty_minutes_later(svc) == 2
    port = free_port()  # nothing listens here yet
    assert await mailer(svc, port).deliver_due() == 0
    assert await mailer(svc, port).deliver_due() == 0  # not due again before its wait
    clock = svc.clock
    assert isinstance(clock, FakeClock)
    clock.advance(timedelta(minutes=2))
    mailbox = Mailbox(refuse={CARLA})
    async with smtp_server(mailbox, port):
        assert await mailer(svc, port).deliver_due() == 1
        clock.advance(timedelta(hours=2))
        assert await mailer(svc, port).deliver_due() == 0  # the refused one is not retried
    assert [m["To"] for m in mailbox.messages] == [SUPERVISOR]


def test_smtp_urls_are_read_with_their_tls_and_login() -> None:
    plain = SmtpServer.from_url("smtp://mentor%40school:p%40ss@mail.school.example")
    assert plain == SmtpServer(
        "mail.school.example", 587, "mentor@school", "p@ss", implicit_tls=False
    )
    assert SmtpServer.from_url("smtps://mail.example:2465") == SmtpServer(
        "mail.example", 2465, None, None, implicit_tls=True
    )
    with pytest.raises(ValueError, match="SMTP_URL"):
        SmtpServer.from_url("http://mail.example")


# --- end to end: the bot running against the emulator, email through aiosmtpd ---------------


async def test_a_report_nobody_can_read_on_telegram_is_emailed_and_the_student_told(
    tmp_path: Path,
) -> None:
    mailbox = Mailbox()
    async with (
        smtp_server(mailbox) as port,
        school(
            tmp_path,
            supervisor_joined=False,
            coordinator=False,
            smtp_url=f"smtp://127.0.0.1:{port}",
            smtp_from="mentorbot@school.example",
        ) as s,
    ):
        await student_reports(s, REPORT_WORDS)
        assert seen(s.student)[-1] == (
            "Thank you for telling me. I can't reach anyone at your school on Telegram right "
            "now, so I'm emailing it to Ingrid Bos (school, by email). I'll tell you as soon as "
            "it has gone out."
        )
        await s.world.advance(minutes=1)  # the next tick queues it; the mailer sends it
        await mailbox.wait_for(1)
        [email] = mailbox.messages
        assert email["To"] == SUPERVISOR
        assert email["Subject"] == "⚠️ Sanne de Vries (Bakkerij Jansen) heeft aandacht nodig"
        assert f"> {REPORT_WORDS}" in body(email)  # not joined: the school's language, Dutch
        receipt = await s.student.receives("✅", timeout=15)
        assert plain(receipt.text or "") == "✅ Ingrid Bos (school, by email) has your message."


async def test_an_alert_nobody_acknowledged_in_30_minutes_is_emailed_once(tmp_path: Path) -> None:
    mailbox = Mailbox()
    async with (
        smtp_server(mailbox) as port,
        school(
            tmp_path, smtp_url=f"smtp://127.0.0.1:{port}", smtp_from="mentorbot@school.example"
        ) as s,
    ):
        await student_reports(s, REPORT_WORDS)
        assert seen(s.student)[-1] == "✅ Ingrid Bos (school) has your message."
        await s.world.advance(minutes=29)
        assert mailbox.messages == []
        await s.world.advance(minutes=1)
        await mailbox.wait_for(1)
        await s.world.advance(minutes=30)  # and never again
        await s.world.advance(hours=24)
        # Carla is known only by her Telegram id (COORDINATOR_IDS): no address, no email.
        assert [m["To"] for m in mailbox.messages] == [SUPERVISOR]
        assert "Sanne de Vries (Bakkerij Jansen) asked for help" in body(mailbox.messages[0])
