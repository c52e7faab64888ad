"""Friday peak: every student's check-in due at the same minute, each answered on arrival.

The emulator enforces Telegram's limits (30 messages a second, one a second in a chat, edits
counted); the bot runs at its defaults (25/s, 1 s a chat). Each simulated student taps his
mood the moment the check-in arrives, writes a line the moment the next question arrives and
taps "No" on the help question: three answers, each answered by the bot with its next message.
"""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench.harness import NOW
from bench.report import Figure, Results
from bench.school import create_school, telegram_id
from bot.demo.world import open_world
from bot.i18n import t
from bot.sandbox.emulator import BotApiEmulator
from bot.sandbox.model import ApiCall
from bot.sandbox.users import SimUser

SECTION = "peak"
RATE, INTERVAL = 25.0, 1.0  # the defaults of SEND_RATE_PER_SECOND, PER_CHAT_INTERVAL_SECONDS
MESSAGES = ("sendMessage", "editMessageText")  # the calls of this story that Telegram counts


@dataclass
class Tap:
    """One answer of a student, and when the bot's next message reached his chat."""

    at: float
    previous: float  # the bot's last message in his chat before the tap
    answered: float | None = None

    def floor(self) -> float:
        """The least time Telegram's one-a-second-per-chat limit leaves before the answer."""
        return max(0.0, self.previous + INTERVAL - self.at)


@dataclass
class Student:
    """A student who answers each message of his check-in as soon as it arrives."""

    user: SimUser
    step: int = 0  # messages from the bot so far: check-in, week question, help question, thanks
    last_message: float = 0.0
    taps: list[Tap] = field(default_factory=list)

    def on_message(self, call: ApiCall) -> bool:
        """React to a new message from the bot; returns whether his check-in is done."""
        if self.taps:
            self.taps[-1].answered = call.time
        self.step += 1
        user = self.user
        message = user.bot_messages[-1]
        if self.step == 1:  # the check-in: tap 4
            user.press(message.buttons[0][3][1], message)
        elif self.step == 2:  # "what went well?"
            user.send_text("A quiet week: I baked the bread on my own for the first time.")
        elif self.step == 3:  # "anything you need help with?"
            user.press(t("en", "checkin.no"), message)
        else:
            return True
        self.taps.append(Tap(time.monotonic(), self.last_message))
        return False


class Peak:
    """Follows every call the bot makes and lets each student answer at once."""

    def __init__(self, emulator: BotApiEmulator, students: int) -> None:
        self.emulator = emulator
        self.students = {telegram_id(n): Student(emulator.user(telegram_id(n), f"Student {n}"))
                         for n in range(students)}
        self.done = 0
        self.checkins: list[float] = []
        self._seen = 0

    async def play(self, timeout: float) -> None:  # noqa: ASYNC109
        """Until every student has his thanks (or the timeout: some answers went unanswered)."""
        deadline = time.monotonic() + timeout
        while self.done < len(self.students) and time.monotonic() < deadline:
            calls = self.emulator.calls
            for call in calls[self._seen:]:
                self._follow(call)
            self._seen = len(calls)
            await self.emulator.signal.wait(1.0)

    def _follow(self, call: ApiCall) -> None:
        student = self.students.get(call.chat_id or 0)
        if student is None or call.status != 200 or call.method not in MESSAGES:
            return
        student.last_message = call.time
        if call.method == "sendMessage":
            if student.step == 0:
                self.checkins.append(call.time)
            if student.on_message(call):
                self.done += 1

    def taps(self) -> list[Tap]:
        """Every answer given."""
        return [tap for student in self.students.values() for tap in student.taps]


def _p(values: list[float], q: int) -> float:
    if len(values) < 2:
        return values[0] if values else float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


async def friday_peak(results: Results, workdir: Path, students: int) -> None:
    """`students` check-ins due at once; three answers each, as fast as the students can."""
    path = workdir / "peak.sqlite3"
    await create_school(path, students, due=students, now=NOW)
    async with open_world(path, NOW, enforce_limits=True, per_chat_interval_seconds=INTERVAL,
                          send_rate_per_second=RATE) as world:
        peak = Peak(world.emulator, students)
        started = time.monotonic()
        await world.bot.tick()
        await peak.play(timeout=students * 6 / RATE * 2 + 60)
        elapsed = time.monotonic() - started
        emulator = world.emulator
        floods = emulator.count(status=429)
        sent = [c.time for c in emulator.calls if c.method in MESSAGES and c.status == 200]
    _report(results, peak, floods=floods, sent=sent, elapsed=elapsed)


def _report(results: Results, peak: Peak, *, floods: int, sent: list[float],
            elapsed: float) -> None:
    students = len(peak.students)
    taps = peak.taps()
    answered = [tap for tap in taps if tap.answered is not None]
    last_checkin = max(peak.checkins, default=0.0)
    during = [tap.answered - tap.at for tap in answered
              if tap.answered is not None and tap.at < last_checkin]
    latency = [tap.answered - tap.at for tap in answered if tap.answered is not None]
    beyond = [tap.answered - tap.at - tap.floor() for tap in answered
              if tap.answered is not None]
    rate = (len(sent) - 1) / (max(sent) - min(sent)) if len(sent) > 1 else 0.0
    results.add(
        Figure(SECTION, f"{students:,} check-ins at once: 429 answers", floods, "", 0.0,
               at_least=False),
        Figure(SECTION, "answers answered", 100 * len(answered) / max(1, 3 * students), "%",
               100.0),
        Figure(SECTION, "p99 tap → next question, while check-ins go out", _p(during, 99), "s",
               1.5, at_least=False),
        Figure(SECTION, "  p50 / p99 over the whole peak", _p(latency, 50),
               f"s / {_p(latency, 99):.2f} s"),
        Figure(SECTION, "  p99 beyond the 1 s a chat Telegram requires", _p(beyond, 99), "s"),
        Figure(SECTION, "messages per second / configured rate", 100 * rate / RATE, "%", 95.0),
        Figure(SECTION, "  the peak lasted", elapsed, "s"),
    )
    results.note(
        f"peak: {students:,} students, each check-in answered on arrival (mood button, a line, "
        "help button); the bot answers with its next message, and shows a pressed button's "
        "choice under its question after that (an edit, which Telegram counts as a message). "
        "Telegram's one message a second in a chat alone keeps the next question up to 1 s "
        "after a tap that comes right after the question; 'beyond' is the time over that floor.")
