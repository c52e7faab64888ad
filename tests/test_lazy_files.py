"""Start-up does not pay for the libraries that make files (PDF, charts, calendars, pictures).

They are imported inside the function that makes a file, which runs off the event loop when a
message is sent (handlers/outgoing.py); the bot itself must start in well under half a second.
"""

from __future__ import annotations

import subprocess
import sys

FILE_LIBRARIES = ("fpdf", "matplotlib", "icalendar", "pypdf", "PIL", "reportlab", "qrcode")


def test_the_running_bot_imports_no_file_library_until_it_makes_a_file() -> None:
    # Everything `python -m bot run` imports: the CLI, the composition root, every handler and
    # every view (bot.app imports them all).
    probe = (
        "import sys, bot.__main__, bot.app; "
        f"print(sorted(m for m in {FILE_LIBRARIES!r} if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
