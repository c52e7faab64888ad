"""Secrets never reach a log line: every record is redacted when it is made.

The bot token is part of every Bot API URL (`/bot<token>/getMe`), so httpx's request lines,
PTB's error messages ("The token `…` was rejected") and tracebacks would all carry it. A filter
on a handler sees only the records of that handler; the record factory sees every record of
every logger at every level, before any handler (ours, pytest's, a library's) formats it.
"""

from __future__ import annotations

import logging
import traceback
from typing import Any

MASK = "[redacted]"


class Redactor(logging.Filter):
    """Replaces each secret in a record's message, exception text and stack with a mask."""

    def __init__(self) -> None:
        super().__init__("redactor")
        self.secrets: set[str] = set()

    def add(self, secret: str) -> None:
        """Redact this secret from now on, and a token's part after the colon on its own (the
        part before it is the bot's public id)."""
        if len(secret) >= 4:  # shorter would mask half the log and protect nothing
            self.secrets.add(secret)
        for part in secret.split(":")[1:]:
            if len(part) >= 8:
                self.secrets.add(part)

    def redact(self, text: str) -> str:
        """The text with every secret masked, longest first so no part of one is left."""
        for secret in sorted(self.secrets, key=len, reverse=True):
            text = text.replace(secret, MASK)
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        """Redact the record in place; never drops it."""
        if not self.secrets:
            return True
        try:
            message = record.getMessage()
        except Exception:
            message = f"{record.msg} {record.args}"
        record.msg, record.args = self.redact(message), ()
        if record.exc_info and record.exc_info[1] is not None:
            # Formatters use exc_text when it is set: format the traceback once, redacted.
            record.exc_text = self.redact(
                "".join(traceback.format_exception(*record.exc_info)).rstrip("\n")
            )
        elif record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        return True


REDACTOR = Redactor()
_installed = False


def install_redaction(*secrets: str) -> None:
    """Mask these secrets in every log record from now on (once per process; more secrets may
    be added by calling again)."""
    global _installed  # noqa: PLW0603  (one record factory per process)
    for secret in secrets:
        if secret:
            REDACTOR.add(secret)
    if _installed:
        return
    make_record = logging.getLogRecordFactory()

    def redacted_record(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = make_record(*args, **kwargs)
        REDACTOR.filter(record)
        return record

    logging.setLogRecordFactory(redacted_record)
    _installed = True
