"""SIGKILL at random moments: the bot runs as its own process and is killed again and again.

Each run draws a seed (printed; `CRASH_SEED=<seed>` replays the same kill plan) and kills the bot
`CRASH_KILLS` times per test (20 by default; `CRASH_KILLS=60` for a long run). The kill points
are random, so a seed reproduces the plan, not every instruction the bot was at.
"""

from __future__ import annotations

import asyncio
import math
import os
import random
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.clock import FakeClock
from bot.domain.messages import Message
from bot.domain.people import Role
from bot.domain.policy import Policy
from bot.sandbox.emulator import BotApiEmulator
from bot.sandbox.model import ChatMessage
from bot.sandbox.users import SimUser
from bot.services.people import issue_invites
from bot.services.roster import import_roster
from bot.services.runtime import Services
from handlers.checkin import MOODS
from storage.db import Database
from storage.outbox import OutboxRepo
from storage.people import PeopleRepo
from tests.conftest import START
from tests.e2e.clockbot import set_clock
from tests.e2e.crashing import (
    STEP_TIMEOUT,
    CrashingBot,
    CrashRun,
    extra_messages,
    problems_in,
    rows,
)
from tests.kinds import Note, note_text
from tests.processes import Processes

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
# Calls by which a person sees the bot at work (getUpdates and getMe are only the bot's own).
VISIBLE = ("sendMessage", "editMessageText", "answerCallbackQuery")


@pytest.fixture
def crash_run() -> CrashRun:
    """The seed (from CRASH_SEED, else fresh) and kills per test (CRASH_KILLS, default 20)."""
    seed = os.environ.get("CRASH_SEED")
    run = CrashRun(
        int(seed) if seed else random.SystemRandom().randrange(1, 10**9),
        int(os.environ.get("CRASH_KILLS", "20")),
    )
    print(f"crash run: {run} (set these to reproduce it)")
    return run


# --- a 2,000-message fan-out ----------------------------------------------------------------

FAN_OUT_CHATS = 50
FAN_OUT_MESSAGES = 2000
FIRST_CHAT = 50_000


async def queue_fan_out(database: Path) -> None:
    """Joined people and 2,000 notices for them in the outbox, as a tick would leave them."""
    db = await Database.open(database)
    now = START
    async with db.transaction() as conn:
        people = PeopleRepo(conn)
        ids = []
        for n in range(FAN_OUT_CHATS):
            person_id = await people.add(
                f"Student {n}", f"s{n}@example.org", Role.STUDENT, "en", now
            )
            await people.link_telegram(person_id, FIRST_CHAT + n, "en")
            ids.append(person_id)
        await OutboxRepo(conn).add(
            [
                Message(f"test:{i}", ids[i % FAN_OUT_CHATS], Note(i))
                for i in range(FAN_OUT_MESSAGES)
            ],
            now,
        )
    await db.close()


@pytest.mark.parametrize("in_flight", [1, 4])
async def test_a_fan_out_killed_at_random_moments_delivers_every_message(
    tmp_path: Path,
    crash_run: CrashRun,
    in_flight: int,
    processes: Processes,
) -> None:
    began = time.monotonic()
    database = tmp_path / "bot.sqlite3"
    await queue_fan_out(database)
    plan = crash_run.random(f"fan-out:{in_flight}")
    async with BotApiEmulator() as emulator:
        chats = [emulator.user(FIRST_CHAT + n, f"Student {n}") for n in range(FAN_OUT_CHATS)]
        # `python -m bot run` that knows the test's message kinds
        bot = CrashingBot(
            emulator, ["tests.kinds", "run"], database, tmp_path, in_flight, processes=processes
        )
        await bot.start()
        # Each kill falls a random number of messages after the last start (together at most
        # all of them, so the outbox never runs dry first), at a random instant after that
        # message reached Telegram: before its answer, while it is marked sent, or later.
        most = max(1, FAN_OUT_MESSAGES // crash_run.kills)
        while bot.kills < crash_run.kills:
            target = emulator.count("sendMessage") + plan.randint(1, most)
            await bot.until(lambda: emulator.count("sendMessage") >= target)  # noqa: B023
            await asyncio.sleep(plan.uniform(0.0, 0.01))
            await bot.restart()

        def all_delivered() -> bool:
            return sum(len(set(chat.texts())) for chat in chats) == FAN_OUT_MESSAGES

        await bot.until(all_delivered)
        await bot.stop()

    duplicates = extra_messages(chats)
    print(
        f"fan-out, {in_flight} in flight: {crash_run}: {bot.kills} kills, "
        f"{emulator.count('sendMessage')} sends, {duplicates} duplicates, "
        f"{time.monotonic() - began:.1f}s"
    )
    for n, chat in enumerate(chats):
        expected = {note_text(i) for i in range(n, FAN_OUT_MESSAGES, FAN_OUT_CHATS)}
        assert set(chat.texts()) == expected, crash_run
    # What was in flight at a kill may go twice, nothing else.
    assert duplicates <= bot.kills * in_flight, crash_run
    # Every row is marked sent, but for those the clean stop at the end cut off between
    # Telegram's answer and the mark: the sender does not finish its messages in hand on
    # SIGTERM (yet), so these would go again on the next start.
    statuses: dict[str, int] = dict(
        rows(database, "SELECT status, COUNT(*) FROM outbox GROUP BY status")
    )
    assert statuses.keys() <= {"sent", "pending"}, crash_run
    assert statuses.get("pending", 0) <= in_flight, crash_run
    assert await problems_in(database) == [], crash_run
    assert bot.errors_logged() == [], crash_run


# --- weeks of a placement with students answering -------------------------------------------

STUDENTS = ("Sanne", "Daan", "Lotte", "Bram", "Noor")
WEEKS = 6  # at least; more when the kills have not all fallen yet
MOST_WEEKS = 80  # the placement runs until the end of 2027
PLACEMENTS = "".join(
    f"{name} Student,{name.lower()}@student.example,Mark Jansen,mark@bakkerij.example,"
    f"Bakkerij Jansen,Ingrid Bos,ingrid@school.example,2026-03-02,2027-12-17,en\n"
    for name in STUDENTS
)
ROSTER = (
    "student_name,student_email,mentor_name,mentor_email,company,supervisor_name,"
    "supervisor_email,starts_on,ends_on,language\n" + PLACEMENTS
)
OPENED = "Time for your weekly check-in."


def friday(week: int) -> datetime:
    """Check-in time of placement week `week` (0 is the first): Friday 14:00 in Amsterdam."""
    return datetime(2026, 3, 6, 14, 0, tzinfo=AMSTERDAM) + timedelta(weeks=week)


async def import_placements(database: Path) -> dict[str, str]:
    """The school's roster in the database; invite tokens by email."""
    db = await Database.open(database)
    svc = Services(db, FakeClock(START), Policy(default_language="en"))
    outcome = await import_roster(svc, ROSTER, skip_bad_rows=False, now=START)
    assert outcome.written
    tokens = {i.person.email: i.token for i in await issue_invites(svc, START)}
    await db.close()
    return tokens


@dataclass
class Student:
    """A simulated student who answers every check-in, and what he answered."""

    user: SimUser
    email: str
    rng: random.Random
    update_ids: list[int] = field(default_factory=list)
    answers: list[tuple[int, str]] = field(default_factory=list)  # (mood, week note)
    checkin_buttons: set[str] = field(default_factory=set)  # callback data already seen

    def new_checkin(self, message: ChatMessage) -> bool:
        """Whether this is the opening message of a check-in he has not seen before."""
        data = message.callback_data_for("😐 3")
        return message.matches(OPENED) and data is not None and data not in (self.checkin_buttons)

    async def answer_checkin(self, week: int) -> None:
        """Wait for this week's check-in and answer it: a mood, a few words, no help needed."""
        user = self.user
        opened = await user.receives(self.new_checkin, STEP_TIMEOUT)
        self.checkin_buttons.add(opened.callback_data_for("😐 3") or "")
        mood = self.rng.randint(3, 5)  # never low: no alerts in this story
        note = f"Week {week + 1}: {self.rng.choice(('baked', 'cleaned', 'sold', 'learned'))}"
        self.answers.append((mood, note))
        self.update_ids.append(user.press(f"{MOODS[mood - 1]} {mood}", opened))
        await user.receives("What went well or was hard?", STEP_TIMEOUT)
        self.update_ids.append(user.send_text(note))
        await user.receives("Is there anything you need help with?", STEP_TIMEOUT)
        self.update_ids.append(user.press("No"))
        await user.receives("Thank you! Your check-in is saved.", STEP_TIMEOUT)


@dataclass
class Killer:
    """Kills the bot at random moments while people see it work, spread over the weeks."""

    bot: CrashingBot
    run: CrashRun
    rng: random.Random
    week: int = 0
    done: bool = False

    def quota(self) -> int:
        """Kills allowed by the end of the current week (the first WEEKS share them out)."""
        return min(self.run.kills, math.ceil(self.run.kills * (self.week + 1) / WEEKS))

    def visible_calls(self) -> int:
        return sum(self.bot.emulator.count(method) for method in VISIBLE)

    async def kill_at_random(self) -> None:
        """After some visible work since the last start, wait a random instant, then kill."""
        while True:
            seen = self.visible_calls()
            await self.bot.until(partial(self.may_kill, seen), 600)
            if self.done:
                return
            await asyncio.sleep(self.rng.uniform(0.0, 0.1))
            if self.done:
                return
            await self.bot.restart()

    def may_kill(self, seen: int) -> bool:
        """Whether the test is over, or a kill is due and the bot worked since `seen`."""
        return self.done or (self.bot.kills < self.quota() and self.visible_calls() > seen)

    def finish(self) -> None:
        self.done = True
        self.bot.emulator.signal.notify()


async def test_weeks_of_checkins_killed_at_random_moments_lose_no_answer(
    tmp_path: Path,
    crash_run: CrashRun,
    processes: Processes,
) -> None:
    began = time.monotonic()
    database = tmp_path / "bot.sqlite3"
    clock = tmp_path / "clock.txt"
    set_clock(clock, START)
    tokens = await import_placements(database)
    async with BotApiEmulator() as emulator:
        students = [
            Student(
                emulator.user(7000 + n, name),
                f"{name.lower()}@student.example",
                crash_run.random(f"student:{name}"),
            )
            for n, name in enumerate(STUDENTS)
        ]
        # Every update stays in the inbox, so that the end can check each was handled once.
        bot = CrashingBot(
            emulator,
            ["tests.e2e.clockbot", str(clock)],
            database,
            tmp_path,
            processes=processes,
            settings={"INBOX_KEEP_DAYS": "3650"},
        )
        await bot.start()
        for student in students:  # everyone joins before the killing starts
            student.update_ids.append(student.user.send_command("/start", tokens[student.email]))
        for student in students:
            await student.user.receives("Welcome,", STEP_TIMEOUT)
        before = sum(len(student.user.texts()) for student in students)

        killer = Killer(bot, crash_run, crash_run.random("killer"))
        killing = asyncio.create_task(killer.kill_at_random())
        week = 0
        try:
            while week < WEEKS or bot.kills < crash_run.kills:
                assert week < MOST_WEEKS, f"{crash_run}: only {bot.kills} kills in {week} weeks"
                killer.week = week
                set_clock(clock, friday(week))
                await asyncio.gather(*(s.answer_checkin(week) for s in students))
                week += 1
        finally:
            killer.finish()
            await killing
        await bot.stop()

    weeks = week
    sent = sum(len(student.user.texts()) for student in students) - before
    duplicates = sent - 4 * weeks * len(students)  # opening, two questions, thanks
    print(
        f"weeks: {crash_run}: {bot.kills} kills in {weeks} weeks, {sent} messages, "
        f"{duplicates} duplicates, {time.monotonic() - began:.1f}s"
    )
    assert bot.kills >= crash_run.kills
    # A kill can repeat what was in hand: the reply to each student's update being handled
    # (one a student: his updates go in order; asked again after the restart) and the outbox
    # messages in flight. Under load more kills land in those windows.
    assert 0 <= duplicates <= bot.kills * (len(students) + bot.in_flight), crash_run
    produced = sorted(i for student in students for i in student.update_ids)
    assert rows(
        database,
        "SELECT update_id FROM inbox WHERE processed_at IS NOT NULL "
        "AND error IS NULL ORDER BY update_id",
    ) == [(i,) for i in produced]
    stored = rows(
        database,
        """
        SELECT p.email, c.mood, c.week_note, c.needs_help, c.status FROM checkins c
        JOIN placements pl ON pl.id = c.placement_id JOIN people p ON p.id = pl.student_id
        ORDER BY p.email, c.due_at""",
    )
    expected = [
        (s.email, mood, note, 0, "answered")
        for s in sorted(students, key=lambda s: s.email)
        for mood, note in s.answers
    ]
    assert stored == expected, crash_run
    assert await problems_in(database) == [], crash_run
    # A handler that failed is in the inbox (error) and in the log; neither may show one.
    assert rows(database, "SELECT COUNT(*) FROM inbox WHERE error IS NOT NULL") == [(0,)]
    assert bot.errors_logged() == [], crash_run
