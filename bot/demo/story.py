"""`python -m bot demo`: a placement played offline against the built-in emulator."""

from __future__ import annotations

import html
import re
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.demo.feedback import (
    feedback_left_unconfirmed,
    feedback_with_a_question,
    reference_at_the_end,
)
from bot.demo.meetings import (
    cancelled_meeting,
    first_meeting,
    lapsing_meetings,
    moved_meeting,
    tripartite_review,
)
from bot.demo.supervision import supervisors_picture
from bot.demo.surveys import mid_survey
from bot.demo.training import mentor_training
from bot.demo.world import World, open_world
from bot.sandbox.model import ChatMessage
from bot.sandbox.users import SimUser
from storage.files import write_private

ROSTER = """student_name;student_email;mentor_name;mentor_email;company;supervisor_name;supervisor_email;starts_on;ends_on;language
Sanne de Vries;sanne@student.example;Mark Jansen;mark@bakkerij.example;Bakkerij Jansen;Ingrid Bos;ingrid@school.example;2026-03-02;2026-06-26;en
Daan Smit;daan@student.example;Mark Jansen;mark@bakkerij.example;Bakkerij Jansen;Ingrid Bos;ingrid@school.example;2026-03-02;2026-06-26;nl
"""  # noqa: E501  (a CSV file, as a coordinator's spreadsheet writes it)

# Monday 2 March 2026, 09:00 in Amsterdam: the first day of the placement.
DEMO_START = datetime(2026, 3, 2, 9, 0, tzinfo=ZoneInfo("Europe/Amsterdam")).astimezone(UTC)

Scene = Callable[[World, dict[str, SimUser]], Awaitable[None]]


def plain(text: str) -> str:
    """A chat text as a terminal shows it: tags dropped, entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", "", text))


def show(message: ChatMessage, name: str) -> str:
    """One chat line: who said it, what, and which buttons it has."""
    who = "bot" if message.from_bot else name
    text = plain(message.text or "")
    if message.document:
        text += f" [document: {message.document[0]}]"
    if message.photo:
        text += " [picture]"
    buttons = " ".join(f"[{label}]" for row in message.buttons for label, _ in row)
    lines = text.splitlines() or [""]
    out = [f"  {who:>7} │ {lines[0]}"] + [f"  {'':>7} │ {line}" for line in lines[1:]]
    if buttons:
        out.append(f"  {'':>7} │ {buttons}")
    return "\n".join(out)


async def join_everyone(world: World, people: dict[str, SimUser]) -> None:
    """The coordinator imports the roster and hands out links; three people join."""
    outcome = await world.import_roster(ROSTER)
    print(
        f"coordinator imported {outcome.placements_added} placements "
        f"({outcome.people_added} people)"
    )
    tokens = await world.invite_tokens()
    for email, user in (
        ("sanne@student.example", people["Sanne"]),
        ("mark@bakkerij.example", people["Mark"]),
        ("ingrid@school.example", people["Ingrid"]),
    ):
        await world.join(user, tokens[email])


def friday(week: int) -> datetime:
    """Check-in time (Friday 14:00 Amsterdam) of the placement's n-th week."""
    return datetime(
        2026, 3, 6 + 7 * (week - 1), 14, 0, tzinfo=ZoneInfo("Europe/Amsterdam")
    ).astimezone(UTC)


async def checkin(
    world: World, student: SimUser, mood: str, week: str | None, problem: str | None = None
) -> None:
    """The student answers his check-in: mood, how the week went, whether he needs help."""
    for action in (
        lambda: student.press(mood),
        lambda: student.send_text(week) if week else student.press("Skip"),
        lambda: student.press("Yes" if problem else "No"),
        *(
            (lambda: student.send_text(problem), lambda: student.press("Only Ingrid Bos (school)"))
            if problem
            else ()
        ),
    ):
        action()
        await world.settle()


async def good_week(world: World, people: dict[str, SimUser]) -> None:
    """Week 1: the check-in arrives on Friday; a good week."""
    await world.move_to(friday(1))
    await checkin(world, people["Sanne"], "🙂 4", "I baked my first bread on my own!")


async def low_week(world: World, people: dict[str, SimUser]) -> None:
    """Week 2: a low week, no help needed."""
    await world.move_to(friday(2))
    await checkin(world, people["Sanne"], "🙁 2", None)


async def problem_week(world: World, people: dict[str, SimUser]) -> None:
    """Week 3: low again and a problem: the supervisor is alerted twice and acts."""
    await world.move_to(friday(3))
    await checkin(
        world,
        people["Sanne"],
        "😞 1",
        "Long days",
        problem="I work until 22:00 but my contract says 17:00.",
    )
    ingrid = people["Ingrid"]
    for button in ("👀 Acknowledge", "✅ Resolved"):
        ingrid.press(button)  # on the newest alert: the problem
        await world.settle()
    ingrid.send_text("Called Mark: hours fixed from next week.")
    await world.settle()
    ingrid.press("👀 Acknowledge")  # and the low-mood alert before it


async def quiet_week(world: World, people: dict[str, SimUser]) -> None:
    """Week 4: a good week again; the reminder a day later is not needed."""
    await world.move_to(friday(4))
    await checkin(world, people["Sanne"], "😄 5", "Hours are fine now, thanks!")
    await world.move_to(friday(4) + timedelta(days=1))


def save_files(people: dict[str, SimUser], out: Path) -> None:
    """Write every file the people received (the reference PDF, the mood chart…) to `out`,
    private (0600)."""
    out.mkdir(parents=True, exist_ok=True)
    for person, user in people.items():
        files = [  # a photo is the mood chart, or a survey's chart (its caption starts 📊)
            message.document
            or (
                "survey-chart.png" if (message.text or "").startswith("📊") else "mood-chart.png",
                message.photo or b"",
            )
            for message in user.bot_messages
            if message.document or message.photo
        ]
        for number, (name, content) in enumerate(files, start=1):
            # Several people get the same file, and a calendar entry comes in versions: the
            # reader and the order keep them apart (sanne-03-meeting-1.ics).
            path = out / f"{person.lower()}-{number:02d}-{Path(name).name}"
            write_private(path, content)
            print(f"wrote {path}")


SCENES: list[tuple[str, Scene]] = [
    ("everyone joins through an invite link", join_everyone),
    ("week 1: a mentor meeting planned, confirmed, reminded and held", first_meeting),
    ("week 1: a good week", good_week),
    ("week 2: a mentor meeting moved to another time, with a reason", moved_meeting),
    ("week 2: a low week", low_week),
    ("week 3: a mentor meeting cancelled, with a reason", cancelled_meeting),
    ("week 3: low again, and a problem reported to the supervisor", problem_week),
    (
        "week 4: no mentor meeting: a reminder to plan, then the supervisor is alerted",
        lapsing_meetings,
    ),
    ("week 4: better", quiet_week),
    ("week 5: learning goals, feedback, a question and its answer", feedback_with_a_question),
    (
        "week 6: feedback left unconfirmed: a reminder, then the mentor is told",
        feedback_left_unconfirmed,
    ),
    (
        'week 7: a tripartite review, from the proposal to the student\'s "understood"',
        tripartite_review,
    ),
    ("week 9: the mid-placement survey, and the coordinator's results", mid_survey),
    ("two weeks before the end: a reference, as text and as a PDF", reference_at_the_end),
    (
        "the supervisor's overview, Monday's digest and one student's picture with its mood chart",
        supervisors_picture,
    ),
    (
        "mentor training: two online sessions, two mentors, a late hand-in, certificates, the "
        "register",
        mentor_training,
    ),
]


async def play(*, quiet: bool = False, out: Path | None = None) -> int:
    """Run every scene, then print each person's chat (and write the files they got to `out`)."""
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="mentorbot-demo-") as folder:
        async with open_world(Path(folder) / "demo.sqlite3", DEMO_START) as world:
            people = {
                "Sanne": world.user("Sanne", language="en"),
                "Mark": world.user("Mark", language="en"),
                "Ingrid": world.user("Ingrid", language="en"),
            }
            for title, scene in SCENES:
                print(f"▶ {title}")
                await scene(world, people)
                await world.settle()
            if not quiet:
                for name, user in people.items():
                    print(f"\n══ what {name} saw ══")
                    for message in user.chat:
                        print(show(message, name))
            if out is not None:
                save_files(people, out)
            delivered = world.bot.sender.delivered
            handled = world.bot.inbox.handled
    print(
        f"\ndemo done in {time.monotonic() - started:.1f}s: {handled} updates handled, "
        f"{delivered} messages sent by the scheduler, simulated clock at "
        f"{world.clock.now().astimezone(ZoneInfo('Europe/Amsterdam')):%a %d %b %Y %H:%M}"
    )
    return 0
