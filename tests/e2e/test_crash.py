"""The bot as its own process, killed with SIGKILL exactly where an answer would be lost.

Each kill here falls at one chosen instant: the emulator holds the bot's first Bot API call of
an update (a scripted slow answer), so the update is stored and its change committed, and no
reply has gone out. Then SIGKILL, and a new process must finish the job: the update is handled
once, and the person gets the question (or closing) that was cut off, once.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.clock import FakeClock
from bot.domain.policy import Policy
from bot.sandbox.emulator import BotApiEmulator
from bot.sandbox.users import SimUser
from bot.services.people import issue_invites
from bot.services.roster import import_roster
from bot.services.runtime import Services
from storage.db import Database
from storage.people import PeopleRepo
from tests.conftest import ROSTER
from tests.e2e.clockbot import set_clock
from tests.e2e.crashing import STEP_TIMEOUT, CrashingBot, problems_in, rows
from tests.processes import Processes

FRIDAY = datetime(2026, 3, 6, 14, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))  # check-ins open
STUDENT, SUPERVISOR = 4242, 4343
ENGLISH = ROSTER.replace("starts_on,ends_on\n", "starts_on,ends_on,language\n").replace(
    "2026-06-26\n", "2026-06-26,en\n"
)
OPENED = "Time for your weekly check-in."
WEEK_QUESTION = "What went well or was hard?"
MENU = "What can I do for you?"
DESCRIBE = "What do you need help with?"
AUDIENCE = "Who may read this?"
NOTE_QUESTION = "Want to add a short note on how it was resolved?"


async def prepared_database(path: Path, *, english: bool) -> dict[str, str]:
    """The roster imported, Sanne and Ingrid joined as Telegram users; the others' tokens."""
    db = await Database.open(path)
    # `bot run` reads the real clock: its invites must be valid now.
    now = FRIDAY - timedelta(days=1) if english else datetime.now(UTC)
    svc = Services(db, FakeClock(now), Policy())
    await import_roster(svc, ENGLISH if english else ROSTER, skip_bad_rows=False, now=now)
    if english:
        async with db.transaction() as conn:
            for email, telegram_id in (
                ("sanne@student.example", STUDENT),
                ("ingrid@school.example", SUPERVISOR),
            ):
                person = await PeopleRepo(conn).by_email(email)
                assert person is not None
                await PeopleRepo(conn).link_telegram(person.id, telegram_id, "en")
    tokens = {i.person.email: i.token for i in await issue_invites(svc, now)}
    await db.close()
    return tokens


@dataclass
class School:
    """A bot process on a clock file, and the two people of the stories."""

    bot: CrashingBot
    student: SimUser
    supervisor: SimUser


@pytest.fixture
async def school(tmp_path: Path, processes: Processes) -> AsyncIterator[School]:
    """The bot running on Friday at 14:00, the student's check-in in his chat."""
    database, clock = tmp_path / "bot.sqlite3", tmp_path / "clock.txt"
    await prepared_database(database, english=True)
    set_clock(clock, FRIDAY)
    async with BotApiEmulator() as emulator:
        bot = CrashingBot(
            emulator, ["tests.e2e.clockbot", str(clock)], database, tmp_path, processes=processes
        )
        school = School(
            bot,
            emulator.user(STUDENT, "Sanne", language_code="en"),
            emulator.user(SUPERVISOR, "Ingrid", language_code="en"),
        )
        await bot.start()
        await school.student.receives(OPENED, STEP_TIMEOUT)
        yield school
        if bot.alive:
            await bot.stop()
    assert bot.errors_logged() == []
    assert await problems_in(database) == []
    assert (
        rows(
            database,
            "SELECT update_id, error FROM inbox WHERE processed_at IS NULL OR error IS NOT NULL",
        )
        == []
    )


def act(user: SimUser, action: str) -> int:
    """Send a text, or press the newest button labelled "[label]"; the update's id."""
    if action.startswith("[") and action.endswith("]"):
        return user.press(action[1:-1])
    return user.send_text(action)


async def cut_off(bot: CrashingBot, user: SimUser, action: str) -> int:
    """Do `action`, and SIGKILL the bot once its change is saved and before it answers.

    The bot's first call for a button is answerCallbackQuery, for a text the sendMessage of
    its answer: the emulator holds that call, so the handler stops right there.
    """
    method = "answerCallbackQuery" if action.startswith("[") else "sendMessage"
    bot.emulator.faults.script(["slow"], method=method)
    update_id = act(user, action)
    await bot.until(lambda: bot.emulator.faults.scripted == 0)
    await bot.kill()
    return update_id


@dataclass(frozen=True)
class Interrupted:
    """A flow's step: how to get there, the answer cut off, and what must come after it."""

    before: tuple[tuple[str, str, str], ...]  # (who acts, action, what he then receives)
    who: str  # who gives the answer that is cut off
    cut: str
    then: str  # the question (or closing) the restarted bot must send, once


INTERRUPTED = {
    "checkin: the mood pressed": Interrupted((), "student", "[🙂 4]", WEEK_QUESTION),
    "checkin: the mood typed": Interrupted((), "student", "4", WEEK_QUESTION),
    "checkin: its last answer": Interrupted(
        (
            ("student", "[🙂 4]", WEEK_QUESTION),
            ("student", "Busy", "Is there anything you need help with?"),
        ),
        "student",
        "[No]",
        "Thank you! Your check-in is saved.",
    ),
    "help: the menu": Interrupted((), "student", "/help", MENU),
    "report: the description": Interrupted(
        (("student", "/help", MENU), ("student", "[🆘 I want to ask for help]", DESCRIBE)),
        "student",
        "My mentor is never there",
        AUDIENCE,
    ),
    "report: cancelled": Interrupted(
        (("student", "/help", MENU), ("student", "[🆘 I want to ask for help]", DESCRIBE)),
        "student",
        "/cancel",
        "OK, I've stopped. Nothing has been sent.",
    ),
    "alert_note: the alert resolved": Interrupted(
        (
            ("student", "/help", MENU),
            ("student", "[🆘 I want to ask for help]", DESCRIBE),
            ("student", "My mentor is never there", AUDIENCE),
            ("student", "[Only Ingrid Bos (school)]", ""),
        ),  # the alert: waited for below
        "supervisor",
        "[✅ Resolved]",
        NOTE_QUESTION,
    ),
}


@pytest.mark.parametrize("case", list(INTERRUPTED), ids=list(INTERRUPTED))
async def test_a_step_cut_off_by_sigkill_is_asked_again_after_the_restart(
    school: School,
    case: str,
) -> None:
    story, bot = INTERRUPTED[case], school.bot
    people = {"student": school.student, "supervisor": school.supervisor}
    for who, action, reply in story.before:
        act(people[who], action)
        await people[who].receives(reply, STEP_TIMEOUT)
    if story.who == "supervisor":
        await school.supervisor.receives("has reported a problem", STEP_TIMEOUT)
    user = people[story.who]
    update_id = await cut_off(bot, user, story.cut)

    # Killed between saving and answering: the flow carries the update, the inbox does not
    # count it as handled, and the person has not been answered.
    flow = rows(
        bot.database,
        f"""SELECT f.update_id FROM flows f JOIN people p
                                  ON p.id = f.person_id WHERE p.telegram_id = {user.user_id}""",
    )
    assert flow == [(update_id,)]
    assert rows(bot.database, f"SELECT processed_at FROM inbox WHERE update_id = {update_id}") == [
        (None,)
    ]
    assert not any(story.then in text for text in user.texts())

    await bot.start()
    await user.receives(story.then, STEP_TIMEOUT)
    await bot.stop()
    assert sum(story.then in text for text in user.texts()) == 1
    assert rows(
        bot.database,
        f"SELECT processed_at IS NOT NULL, error FROM inbox WHERE update_id = {update_id}",
    ) == [(1, None)]


async def test_the_flow_goes_on_after_the_restart(school: School) -> None:
    bot, student = school.bot, school.student
    await cut_off(bot, student, "[🙂 4]")
    await bot.start()
    await student.receives(WEEK_QUESTION, STEP_TIMEOUT)
    act(student, "Busy but fine")
    await student.receives("Is there anything you need help with?", STEP_TIMEOUT)
    act(student, "[No]")
    await student.receives("Thank you! Your check-in is saved.", STEP_TIMEOUT)
    await bot.stop()
    assert rows(bot.database, "SELECT mood, week_note, needs_help, status FROM checkins") == [
        (4, "Busy but fine", 0, "answered")
    ]


async def test_an_update_fetched_but_not_handled_is_handled_once_after_sigkill(
    tmp_path: Path,
    processes: Processes,
) -> None:
    database = tmp_path / "bot.sqlite3"
    tokens = await prepared_database(database, english=False)
    async with BotApiEmulator() as emulator:
        bot = CrashingBot(emulator, ["bot", "run"], database, tmp_path, processes=processes)
        sanne = emulator.user(5151, "Sanne", language_code="nl")
        await bot.start()
        # The handler's first call to Telegram hangs, so the update cannot finish.
        emulator.faults.script(["slow"])
        update_id = sanne.send_command("/start", tokens["sanne@student.example"])
        await bot.until(lambda: emulator.pending_updates == 0)  # stored, confirmed
        await bot.until(lambda: emulator.faults.scripted == 0)  # its handler hangs
        await bot.kill()
        assert sanne.texts() == []
        assert rows(database, "SELECT update_id, processed_at FROM inbox") == [(update_id, None)]
        await bot.start()
        await sanne.receives("Welkom, Sanne de Vries!", STEP_TIMEOUT)
        await bot.stop()
        assert len(sanne.texts()) == 1
        assert emulator.count("getUpdates") > 2
    assert rows(database, "SELECT update_id, processed_at IS NOT NULL, error FROM inbox") == [
        (update_id, 1, None)
    ]
    assert bot.errors_logged() == []
