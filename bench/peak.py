"""Friday peak: every student's check-in due at the same minute, each answered on arrival.

The emulator enforces Telegram's limits (30 messages a second, one a second in a chat, edits
counted); the bot runs at its defaults (25/s, 1 s a chat). Each simulated student taps his
mood the moment the check-in arrives, writes a line the moment the next question arrives and
taps "No" on the help question: three answers, each answered by the bot with its next message.
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path
from typing import Any

from bench.harness import NOW, bot_settings
from bench.remote import RemoteEmulator
from bench.report import Figure, Results
from bench.school import create_school
from bench.students import INTERVAL, Tap
from bot.app import running
from bot.clock import FakeClock

SECTION = "peak"
RATE = 25.0  # the default of SEND_RATE_PER_SECOND


def percentile(values: list[float], q: int) -> float:
    if len(values) < 2:
        return values[0] if values else float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


async def friday_peak(results: Results, workdir: Path, students: int) -> None:
    """`students` check-ins due at once; three answers each, as fast as the students can.

    The emulator and the students run in a process of their own, as Telegram and the people
    would: the bot's process does only the bot's work.
    """
    path = workdir / "peak.sqlite3"
    await create_school(path, students, due=students, now=NOW)
    timeout = students * 6 / RATE * 2 + 60
    with RemoteEmulator(limits=True) as emulator:
        await emulator.ask(peak=students, timeout=timeout)
        settings = bot_settings(
            emulator.base_url,
            emulator.token,
            path,
            per_chat_interval_seconds=INTERVAL,
            send_rate_per_second=RATE,
        )
        async with running(
            settings, clock=FakeClock(NOW), poll_timeout=1, schedule_tick=False
        ) as bot:
            started = time.monotonic()
            await bot.tick()
            summary = await emulator.ask(peak_done=True)
            elapsed = time.monotonic() - started
    _report(results, summary, students=students, elapsed=elapsed)


def _report(results: Results, summary: dict[str, Any], *, students: int, elapsed: float) -> None:
    taps = [Tap(at, previous, answered) for at, previous, answered in summary["taps"]]
    answered = [tap for tap in taps if tap.answered is not None]
    last_checkin = max(summary["checkins"], default=0.0)
    during = [
        tap.answered - tap.at
        for tap in answered
        if tap.answered is not None and tap.at < last_checkin
    ]
    latency = [tap.answered - tap.at for tap in answered if tap.answered is not None]
    beyond = [tap.answered - tap.at - tap.floor() for tap in answered if tap.answered is not None]
    sent = summary["sent"]
    rate = (len(sent) - 1) / (max(sent) - min(sent)) if len(sent) > 1 else 0.0
    results.add(
        Figure(
            SECTION,
            f"{students:,} check-ins at once: 429 answers",
            summary["floods"],
            "",
            0.0,
            at_least=False,
        ),
        Figure(
            SECTION, "answers answered", 100 * len(answered) / max(1, 3 * students), "%", 100.0
        ),
        Figure(
            SECTION,
            "p99 tap → next question, while check-ins go out",
            percentile(during, 99),
            "s",
            1.5,
            at_least=False,
        ),
        Figure(
            SECTION,
            "  p50 / p99 over the whole peak",
            percentile(latency, 50),
            f"s / {percentile(latency, 99):.2f} s",
        ),
        Figure(
            SECTION, "  p99 beyond the 1 s a chat Telegram requires", percentile(beyond, 99), "s"
        ),
        Figure(SECTION, "messages per second / configured rate", 100 * rate / RATE, "%", 95.0),
        Figure(SECTION, "  the peak lasted", elapsed, "s"),
    )
    results.note(
        f"peak: {students:,} students, each check-in answered on arrival (mood button, a line, "
        "help button); the bot answers with its next message, and shows a pressed button's "
        "choice under its question after that (an edit, which Telegram counts as a message). "
        "Telegram's one message a second in a chat alone keeps the next question up to 1 s "
        "after a tap that comes right after the question; 'beyond' is the time over that floor. "
        "The emulator and the students run in a process of their own."
    )
    for method, chat, at, last_second, since in summary["flooded"]:
        results.note(
            f"peak: 429 for {method} to chat {chat}, {at - min(sent):.2f} s into it, "
            f"{last_second} messages in the second before it, {since:.2f} s after "
            "the chat's last message"
        )
