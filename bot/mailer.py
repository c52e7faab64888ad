"""Email, the last resort for alerts: a small loop beside the sender over a durable queue.

The queue is `alert_copies` rows on the email channel, written in the transaction that decided
an alert must be emailed (so a crash loses none, and one person gets one email per alert).
This loop only sends what is due and records the outcome; a failure the server may recover
from is tried again later, one it will not (an address it refuses) is given up and logged.
"""

from __future__ import annotations

import asyncio
import html
import logging
from contextlib import suppress
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from urllib.parse import unquote, urlsplit
from zoneinfo import ZoneInfo

import aiosmtplib
from babel.dates import format_datetime
from babel.lists import format_list

from bot.domain.reports import Reader
from bot.i18n import t
from bot.services.emails import AlertEmail, due_emails, email_failed, email_sent
from bot.services.runtime import Services

log = logging.getLogger(__name__)

BATCH = 50
IDLE_SECONDS = 60.0


@dataclass(frozen=True, slots=True)
class SmtpServer:
    """Where to hand email over: host, port, login, and TLS from the start or by STARTTLS."""

    host: str
    port: int
    username: str | None
    password: str | None
    implicit_tls: bool

    @classmethod
    def from_url(cls, url: str) -> SmtpServer:
        """`smtp://user:pass@host:587` (STARTTLS) or `smtps://user:pass@host:465` (TLS)."""
        parts = urlsplit(url)
        if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
            raise ValueError("SMTP_URL must be smtp://… or smtps://… with a host")
        implicit = parts.scheme == "smtps"
        return cls(
            host=parts.hostname,
            port=parts.port or (465 if implicit else 587),
            username=unquote(parts.username) if parts.username else None,
            password=unquote(parts.password) if parts.password else None,
            implicit_tls=implicit,
        )


async def hand_over(server: SmtpServer, message: EmailMessage, timeout: float) -> None:  # noqa: ASYNC109
    """Give one email to the SMTP server; raises what the server or the network answers."""
    await aiosmtplib.send(
        message,
        hostname=server.host,
        port=server.port,
        username=server.username,
        password=server.password,
        use_tls=server.implicit_tls,
        # With a login, STARTTLS is required (a password never goes in clear text); without
        # one, it is used when the server offers it.
        start_tls=False if server.implicit_tls else (True if server.username else None),
        timeout=timeout,
    )


def compose(email: AlertEmail, sender: str, bot_username: str, timezone: str) -> EmailMessage:
    """The email for one reader, in his language, with no more of the student's words than
    the student let him read, and a link to open the chat with the bot."""
    lang = email.language
    when = format_datetime(
        email.raised_at.astimezone(ZoneInfo(timezone)), "d MMMM y HH:mm", locale=lang
    )
    lines = [
        _t(lang, "email.greeting", name=email.to_name),
        "",
        _t(lang, f"email.{email.kind}", student=email.student, company=email.company, when=when),
    ]
    if email.words:
        lines += [
            "",
            _t(lang, "email.words"),
            *(f"> {line}" for words in email.words for line in words.splitlines()),
        ]
    elif email.reader is Reader.COORDINATOR and email.has_words:
        readers = format_list(list(email.word_readers), locale=lang)
        lines += ["", _t(lang, "email.words_withheld", readers=readers)]
    lines += [
        "",
        _t(lang, "email.not_acknowledged"),
        _t(lang, "email.link", link=f"https://t.me/{bot_username}"),
        "",
        "-- ",
        _t(lang, f"email.footer_{email.reader}"),
    ]
    message = EmailMessage()
    message["Subject"] = _t(lang, "email.subject", student=email.student, company=email.company)
    message["From"] = sender
    message["To"] = email.to_address
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(f"alert-{email.alert_id}-{email.copy_id}")
    message["Auto-Submitted"] = "auto-generated"  # no out-of-office replies to a robot
    message.set_content("\n".join(lines))
    return message


def _t(language: str, key: str, **params: object) -> str:
    # The catalog escapes parameters for Telegram's HTML; an email is plain text.
    return html.unescape(t(language, key, **params))


class Mailer:
    """Sends due alert emails whenever woken (by the tick) and at least once a minute."""

    def __init__(
        self, svc: Services, server: SmtpServer, sender: str, *, timeout: float = 30.0
    ) -> None:
        self._svc, self._server, self._sender, self._timeout = svc, server, sender, timeout
        self._wake = asyncio.Event()
        self._stopping = False
        self.progress = asyncio.Event()  # set after every round
        self.sent = 0

    def wake(self) -> None:
        """Tell the mailer that emails may be due."""
        self._wake.set()

    def stop(self) -> None:
        """Start no new email; `run` returns after the one in hand."""
        self._stopping = True
        self._wake.set()

    async def run(self) -> None:
        """Deliver until stopped."""
        while not self._stopping:
            self._wake.clear()
            try:
                await self.deliver_due()
            except Exception:  # a database hiccup must not end email for good
                log.exception("mailer round failed")
            self.progress.set()
            with suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=IDLE_SECONDS)

    async def deliver_due(self) -> int:
        """Send every email that is due now; returns how many went."""
        svc, went = self._svc, 0
        policy = svc.policy
        for email in await due_emails(svc, svc.clock.now(), BATCH):
            if self._stopping:
                break
            message = compose(email, self._sender, policy.bot_username, policy.timezone)
            try:
                await hand_over(self._server, message, self._timeout)
            except aiosmtplib.SMTPRecipientsRefused as error:
                # The server will never take this address; anything else may pass later.
                log.error("alert email %s refused for good: %s", email.copy_id, error)
                await email_failed(svc, email.copy_id, str(error), svc.clock.now(), final=True)
            except (aiosmtplib.SMTPException, OSError, TimeoutError) as error:
                log.warning("alert email %s not sent, will retry: %s", email.copy_id, error)
                await email_failed(svc, email.copy_id, str(error), svc.clock.now(), final=False)
            else:
                await email_sent(svc, email.copy_id, svc.clock.now())
                went += 1
        self.sent += went
        return went
