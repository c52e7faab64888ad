"""Simulated students at the Friday peak: each answers his check-in the moment it arrives.

They live with the emulator (bench/remote.py runs them in its process): each tap, text and
message is timed on the emulator's clock, as a student would see it.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from bench.school import telegram_id
from bot.i18n import t
from bot.sandbox.emulator import BotApiEmulator
from bot.sandbox.model import ApiCall
from bot.sandbox.users import SimUser

INTERVAL = 1.0  # PER_CHAT_INTERVAL_SECONDS: Telegram's one message a second in a chat
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
    answers: bool = True  # False: he reads his check-in and leaves it for later
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
        if not self.answers:
            return True
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

    def __init__(self, emulator: BotApiEmulator, students: int, answering_every: int = 1) -> None:
        """`students` students; every `answering_every`-th answers, the others only read."""
        self.emulator = emulator
        self.students = {
            telegram_id(n): Student(
                emulator.user(telegram_id(n), f"Student {n}"), n % answering_every == 0
            )
            for n in range(students)
        }
        self.done = 0
        self.checkins: list[float] = []
        self._seen = 0

    async def play(self, timeout: float) -> None:  # noqa: ASYNC109
        """Until every student has his thanks, or his check-in if he only reads it (or the
        timeout: some answers went unanswered)."""
        deadline = time.monotonic() + timeout
        while self.done < len(self.students) and time.monotonic() < deadline:
            calls = self.emulator.calls
            for call in calls[self._seen :]:
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

    def summary(self) -> dict[str, Any]:
        """What the students saw, for the bench process: every tap, check-in and message."""
        emulator = self.emulator
        return {
            "taps": [
                [tap.at, tap.previous, tap.answered]
                for student in self.students.values()
                for tap in student.taps
            ],
            "checkins": self.checkins,
            "sent": [c.time for c in emulator.calls if c.method in MESSAGES and c.status == 200],
            "floods": emulator.count(status=429),
            "flooded": [_flood(emulator.calls, c) for c in emulator.calls if c.status == 429],
        }


def _flood(calls: list[ApiCall], flood: ApiCall) -> list[Any]:
    """A 429 and why: its chat's last message before it, and the messages in the second before."""
    before = [
        c
        for c in calls
        if c.status == 200 and c.method in MESSAGES and flood.time - 1.0 < c.time <= flood.time
    ]
    in_chat = [
        c.time
        for c in calls
        if c.chat_id == flood.chat_id
        and c.status == 200
        and c.method in MESSAGES
        and c.time <= flood.time
    ]
    return [
        flood.method,
        flood.chat_id,
        flood.time,
        len(before),
        flood.time - max(in_chat, default=float("-inf")),
    ]
