"""A real SMTP server (aiosmtpd) on 127.0.0.1 in the test's own event loop, and what it got."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Collection
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default
from typing import Any

from aiosmtpd.smtp import SMTP, Envelope, Session


@dataclass
class Mailbox:
    """Every email the server accepted; `refuse` lists addresses it answers 550 for."""

    refuse: Collection[str] = ()
    messages: list[EmailMessage] = field(default_factory=list)
    arrived: asyncio.Event = field(default_factory=asyncio.Event)

    async def handle_RCPT(  # noqa: N802
        self,
        server: SMTP,
        session: Session,
        envelope: Envelope,
        address: str,
        rcpt_options: list[str],
    ) -> str:
        if address in self.refuse:
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(  # noqa: N802
        self,
        server: SMTP,
        session: Session,
        envelope: Envelope,
    ) -> str:
        content = envelope.content if isinstance(envelope.content, bytes) else b""
        message = message_from_bytes(content, policy=default)
        assert isinstance(message, EmailMessage)
        self.messages.append(message)
        self.arrived.set()
        return "250 OK"

    def to(self, address: str) -> list[EmailMessage]:
        """The emails addressed to one person."""
        return [m for m in self.messages if m["To"] == address]

    async def wait_for(self, count: int, timeout: float = 15.0) -> None:  # noqa: ASYNC109
        """Wait until `count` emails have arrived (progress, not a timer)."""
        async with asyncio.timeout(timeout):
            while len(self.messages) < count:
                self.arrived.clear()
                await self.arrived.wait()


def body(message: EmailMessage) -> str:
    """The plain-text body of an email."""
    part = message.get_body(("plain",))
    assert part is not None
    content: Any = part.get_content()
    return str(content)


@asynccontextmanager
async def smtp_server(mailbox: Mailbox, port: int = 0) -> AsyncIterator[int]:
    """Serve SMTP on 127.0.0.1 (a free port unless given); yields the port."""
    loop = asyncio.get_running_loop()
    server = await loop.create_server(
        lambda: SMTP(mailbox, hostname="smtp.test"), "127.0.0.1", port
    )
    try:
        yield server.sockets[0].getsockname()[1]
    finally:
        server.close()
        await server.wait_closed()
