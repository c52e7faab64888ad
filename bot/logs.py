"""How the log is written: one line per event, readable text or JSON (LOG_FORMAT).

Secrets are masked before a record reaches here (bot/redaction.py, a record factory), so both
formats print the same, redacted words. Personal data stays out of INFO by convention: INFO
lines name ids and counts, never a name, an email address or what someone wrote.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime

TEXT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
# Libraries that log every request or every font subset at INFO: noise, not events.
QUIET = ("httpx", "fontTools", "aiosmtplib", "mail.log")


class JsonLines(logging.Formatter):
    """One JSON object per line: time (UTC, ISO), level, logger, message, and the traceback."""

    def format(self, record: logging.LogRecord) -> str:
        """The record as one line of JSON (a traceback stays inside its string)."""
        event: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            event["traceback"] = self.formatException(record.exc_info)
        return json.dumps(event, ensure_ascii=False)


class _Ours(logging.StreamHandler):  # type: ignore[type-arg]
    """Our stderr handler, told apart from others (pytest's) when it is replaced."""


def configure_logging(level: int, log_format: str = "text") -> None:
    """Send every record to stderr, one line each, in the chosen format (again: replaces)."""
    handler = _Ours()
    handler.setFormatter(JsonLines() if log_format == "json" else logging.Formatter(TEXT))
    root = logging.getLogger()
    for old in [h for h in root.handlers if isinstance(h, _Ours)]:
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    for name in QUIET:
        logging.getLogger(name).setLevel(logging.WARNING)
