"""The demo's mentor training: a course of two online sessions, two mentors enrolled, one hands
in late, both attend, certificates issued, the register shows them."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.demo.world import World
from bot.domain.training import DEFAULT_DUE_BEFORE
from bot.domain.training_file import read_course_file
from bot.sandbox.users import SimUser
from bot.services.joining import person_by_email
from bot.services.training import runs_of

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
# A second mentor, so two take the course (her student's placement begins in the autumn).
ROSTER = """student_name;student_email;mentor_name;mentor_email;company;supervisor_name;supervisor_email;starts_on;ends_on;language
Lotte Visser;lotte@student.example;Fatima El Amrani;fatima@zorg.example;Zorgcentrum West;Ingrid Bos;ingrid@school.example;2026-09-01;2026-12-18;nl
"""  # noqa: E501


def course_file(first: datetime) -> bytes:
    """The course as the coordinator's spreadsheet saves it: two sessions a week apart."""
    briefs = (
        "Beschrijf een lastig gesprek met een student en wat je deed.",
        "Maak een inwerkplan voor de eerste week van een nieuwe student.",
    )
    lines = ["course;date;time;minutes;link;assignment"]
    for n, brief in enumerate(briefs, start=1):
        day = (first + timedelta(days=7 * (n - 1))).astimezone(AMSTERDAM).date()
        lines.append(
            f"Praktijkopleider in de beroepspraktijk;{day.isoformat()};15:00;90;"
            f"https://meet.example.org/training-{n};{brief}"
        )
    return "\n".join(lines).encode()


def local(moment: datetime, days: int, at: time) -> datetime:
    """A wall time in Amsterdam `days` after the local date of `moment`."""
    day = moment.astimezone(AMSTERDAM).date() + timedelta(days=days)
    return datetime.combine(day, at, tzinfo=AMSTERDAM)


async def act(world: World, user: SimUser, how: str, what: str) -> None:
    """One action, then everything settles."""
    if how == "press":
        user.press(what)
    else:
        user.send_text(what)
    await world.settle()


async def mentor_training(world: World, people: dict[str, SimUser]) -> None:
    """Ingrid makes the run in the chat and trains Mark and Fatima; Fatima hands in late; both
    attend; both certified."""
    ingrid, mark = people["Ingrid"], people["Mark"]
    await world.import_roster(ROSTER)
    fatima = people["Fatima"] = world.user("Fatima", language="nl")
    await world.join(fatima, (await world.invite_tokens())["fatima@zorg.example"])
    first = local(world.clock.now(), 7, time(15))
    plan = read_course_file(course_file(first), AMSTERDAM, DEFAULT_DUE_BEFORE)
    assert not plan.errors, plan.errors
    # Ingrid makes the run in the chat: the name, each session, the instructions, Confirm.
    await act(world, ingrid, "text", "/newcourse")
    await act(world, ingrid, "text", plan.course)
    for number, session in enumerate(plan.sessions, start=1):
        if number > 1:
            await act(world, ingrid, "press", "➕ Another session")
        await act(
            world, ingrid, "text", f"{session.starts_at.astimezone(AMSTERDAM):%d-%m-%Y %H:%M}"
        )
        await act(world, ingrid, "press", f"{session.minutes} min")
        await act(world, ingrid, "text", session.link)
        await act(world, ingrid, "text", session.brief)
        await act(world, ingrid, "press", "48 hours before")
    await act(world, ingrid, "press", "That is all")
    await act(
        world,
        ingrid,
        "text",
        "Camera aan, koptelefoon op; de opdracht lever je hier in de chat in.",
    )
    await act(world, ingrid, "press", "✅ Confirm")
    trainer = await person_by_email(world.bot.services, "ingrid@school.example")
    assert trainer is not None
    run_id = (await runs_of(world.bot.services, trainer))[0].id  # the newest
    await act(world, ingrid, "press", "Invite the roster's mentors")
    await act(world, mark, "press", "Enrol")
    await act(world, fatima, "press", "Inschrijven")
    for number, session in enumerate(plan.sessions, start=1):
        await world.move_to(session.due_at - timedelta(days=2))  # both reminded
        await act(world, mark, "press", f"Hand in assignment {number}")
        await act(
            world,
            mark,
            "text",
            "Ik heb het gesprek rustig en met open vragen gevoerd."
            if number == 1
            else "Week 1: meelopen, dag 3: eerste eigen taak.",
        )
        await world.move_to(session.due_at - timedelta(days=1))  # Fatima only
        if number == 1:  # late, as a document
            await world.move_to(session.starts_at - timedelta(hours=3))
            await act(world, fatima, "press", "Opdracht 1 inleveren")
            fatima.upload_document(
                "opdracht-1-fatima.pdf", b"%PDF-1.4 (demo)", mime_type="application/pdf"
            )
            await world.settle()
        else:
            await act(world, fatima, "press", "Opdracht 2 inleveren")
            await act(world, fatima, "text", "Dag 1 kennismaken, dag 2 meelopen.")
        await world.move_to(session.starts_at + timedelta(minutes=91))  # the attendance sheet
        await act(world, ingrid, "press", "▫️ Fatima El Amrani")
        await act(world, ingrid, "press", "▫️ Mark Jansen")
    # The course evaluation (the survey training_course): two scores, a remark or Skip.
    for user, how, what in (
        (mark, "press", "▶️ Start"),
        (mark, "press", "5"),
        (mark, "press", "4"),
        (mark, "text", "Meer oefenen met lastige gesprekken, graag."),
        (fatima, "press", "▶️ Beginnen"),
        (fatima, "press", "4"),
        (fatima, "press", "4"),
        (fatima, "press", "Overslaan"),
    ):
        await act(world, user, how, what)
    await act(world, ingrid, "text", "/training")
    await act(world, ingrid, "press", f"{plan.course} (run {run_id})")
    await act(world, ingrid, "press", "Evaluation")
    await act(world, ingrid, "press", "Issue certificates")
    await act(world, ingrid, "text", "/register")
