"""A course run made in the chat, end to end: who may, every hostile answer refused in his own
words with the question again, nothing written before Confirm, Cancel and /cancel, a double
tap on Confirm; then the two-session run is in the training menu and invites mentors."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.demo.world import World
from bot.sandbox.users import SimUser
from tests.e2e.story import Cast, school_world
from tests.e2e.test_feedback import forged_press, last, rows, shows

School = tuple[World, Cast, SimUser]
NAME = "Praktijkopleider & coach 😀"
REFUSED = ("That is no longer there.", "This button no longer works.")


@pytest.fixture
async def school(tmp_path: Path) -> AsyncIterator[School]:
    """The cast joined (Monday 2 March 2026, 09:00 in Amsterdam); Carla coordinates."""
    async with school_world(tmp_path / "bot.sqlite3") as found:
        yield found


async def says(world: World, user: SimUser, text: str) -> str:
    """He types a message; the bot's newest answer as he reads it."""
    user.send_text(text)
    await world.settle()
    return last(user)


async def taps(world: World, user: SimUser, label: str) -> str:
    """He taps a button; the bot's newest answer as he reads it."""
    user.press(label)
    await world.settle()
    return last(user)


async def runs(world: World) -> list[tuple[object, ...]]:
    return await rows(
        world,
        """SELECT r.id, c.name, r.trainer_id, r.instructions, count(s.id)
           FROM training_runs r JOIN training_courses c ON c.id = r.course_id
           JOIN training_sessions s ON s.run_id = r.id GROUP BY r.id ORDER BY r.id""",
    )


async def test_only_coordinators_and_supervisors_make_a_course_run(school: School) -> None:
    world, people, _ = school
    mark, sanne = people.mentor, people.student
    assert await says(world, mark, "/newcourse") == (
        "Course runs are made by coordinators and supervisors."
    )
    forged_press(world, sanne, "tr:n")
    await world.settle()
    assert sanne.answers[-1]["text"] == "Course runs are made by coordinators and supervisors."
    mark.send_text("/training")
    await world.settle()
    assert not mark.bot_messages[-1].buttons  # no ➕ for a mentor


async def test_cancel_and_slash_cancel_make_nothing(school: School) -> None:
    world, _, carla = school
    carla.send_text("/training")
    await world.settle()
    assert "What is the course called" in await taps(world, carla, "➕ New course run")
    assert "Session 1" in await says(world, carla, "Coaching on the job")
    assert await taps(world, carla, "✖️ Cancel") == "Stopped: no course run was made."
    await says(world, carla, "/newcourse")
    await says(world, carla, "Coaching on the job")
    await says(world, carla, "14-12-2026 19:00")
    assert await says(world, carla, "/cancel") == "Stopped: no course run was made."
    assert "meeting link" not in await says(world, carla, "90")  # no flow: not a duration
    assert await runs(world) == []


async def test_a_two_session_course_made_in_chat_after_every_hostile_answer(
    school: School,
) -> None:
    world, people, carla = school
    ingrid, mark, fatima = people.supervisor, people.mentor, people.other_mentor
    question = await says(world, ingrid, "/newcourse")
    assert "What is the course called" in question

    # Hostile answers first: each gets its reason in his language and the question again.
    hostile = ("&😀 Tom & Jerry <b>" * 700)[:10_000]
    answer = await says(world, ingrid, hostile)
    assert answer.startswith("That name is too long: at most 120 characters.")
    assert "What is the course called" in answer
    assert "Session 1: when does it start?" in await says(world, ingrid, NAME)
    for typed, reason in (
        ("morgen 19:00", "I cannot read that as a date and a time."),
        (hostile, "I cannot read that as a date and a time."),
        ("16-03-2026 25:00", "That time does not exist on a clock."),
        ("01-03-2026 19:00", "That moment has passed already: a session lies ahead."),
        ("29-03-2026 02:30", "That time does not exist on that day"),
    ):
        answer = await says(world, ingrid, typed)
        assert answer.startswith(reason), typed
        assert answer.endswith("e.g. 14-12-2026 19:00."), typed
    assert "How many minutes does session 1 last?" in await says(world, ingrid, "16-03-2026 15:00")
    minutes = ingrid.bot_messages[-1].callback_data_for("90 min")
    assert minutes is not None
    assert "The online meeting link of session 1" in await taps(world, ingrid, "90 min")
    for typed in ("meet.example.org", "javascript:alert(1)", "https://" + hostile):
        answer = await says(world, ingrid, typed)
        assert answer.startswith("That is no web link."), typed[:20]
    assert "The assignment for session 1" in await says(
        world, ingrid, "https://meet.example.org/s1?pwd=a&b=c"
    )
    assert (await says(world, ingrid, hostile)).startswith("That message is too long for me")
    answer = await says(world, ingrid, "Beschrijf een lastig gesprek & <b>niet vet</b>.")
    assert "Usually 48 hours before the session: Sat 14 Mar 2026 15:00" in answer
    assert (await says(world, ingrid, "9999")).startswith("That moment has passed already")
    assert (await says(world, ingrid, "-5")).startswith("Type the number of hours")
    assert "Session 1: Mon 16 Mar 2026 15:00, 90 min" in await taps(
        world, ingrid, "48 hours before"
    )

    # Session 2: not before session 1 has ended, and in order.
    assert "Session 2: when" in await taps(world, ingrid, "➕ Another session")
    for typed, reason in (
        ("16-03-2026 16:00", "That is before the session before it has ended."),
        ("10-03-2026 15:00", "That is not after the session before it."),
    ):
        assert (await says(world, ingrid, typed)).startswith(reason)
    await says(world, ingrid, "23-03-2026 15:00")
    await says(world, ingrid, "120")
    await says(world, ingrid, "https://meet.example.org/s2")
    assert "Session 2: Mon 23 Mar 2026 15:00, 120 min" in await taps(
        world, ingrid, "No assignment"
    )
    assert "Please tap one of the buttons" in await says(
        world, ingrid, "misschien"
    )  # a button step
    await taps(world, ingrid, "That is all")
    summary = await says(world, ingrid, "Camera aan & koptelefoon op.")
    assert summary.startswith(f"📚 {NAME} (a new course)\nYou are the trainer.")
    assert (
        "1. Mon 16 Mar 2026 15:00 (90 min) · https://meet.example.org/s1?pwd=a&b=c\n"
        "    Assignment, due Sat 14 Mar 2026 15:00: Beschrijf een lastig gesprek & "
        "<b>niet vet</b>." in summary
    )
    assert (
        "2. Mon 23 Mar 2026 15:00 (120 min) · https://meet.example.org/s2\n    No assignment"
        in (summary)
    )
    assert "Instructions: Camera aan & koptelefoon op." in summary

    # Nothing is written before Confirm; a stale button of an earlier question does nothing.
    assert await runs(world) == []
    forged_press(world, ingrid, minutes)
    await world.settle()
    assert ingrid.answers[-1]["text"] in REFUSED
    confirm = ingrid.bot_messages[-1].callback_data_for("✅ Confirm")
    assert confirm is not None
    created = await taps(world, ingrid, "✅ Confirm")
    assert created == (
        f"✅ Run 1 of {NAME} is made. Invite the mentors now, or later under /training."
    )
    forged_press(world, ingrid, confirm)  # a double tap makes no second run
    await world.settle()
    assert ingrid.answers[-1]["text"] in REFUSED
    ingrid_id = (await rows(world, "SELECT id FROM people WHERE email = 'ingrid@school.example'"))[
        0
    ][0]
    assert await runs(world) == [(1, NAME, ingrid_id, "Camera aan & koptelefoon op.", 2)]
    assert await rows(
        world, "SELECT number, starts_at, minutes, due_at FROM training_sessions ORDER BY number"
    ) == [
        (1, "2026-03-16T14:00:00", 90, "2026-03-14T14:00:00"),
        (2, "2026-03-23T14:00:00", 120, "2026-03-21T14:00:00"),
    ]

    # It invites mentors from its closing, and it is in the training menu.
    assert await taps(world, ingrid, "Invite the roster's mentors") == (
        "2 mentors invited; 0 had been invited before."
    )
    invitation = await mark.receives(shows(f"Mentor training: {NAME}"))
    assert "Mon 16 Mar 2026 15:00 (90 min)" in (invitation.text or "")
    await fatima.receives(shows("Mentor training"))
    mark.press("Enrol")
    await world.settle()
    await mark.receives(shows("Camera aan & koptelefoon op."))
    ingrid.send_text("/training")
    await world.settle()
    assert ingrid.bot_messages[-1].has_button(f"{NAME} (run 1)")

    # The same name in other letters is a new run of the same course; a coordinator trains it.
    await says(world, carla, "/newcourse")
    assert "Session 1" in await says(world, carla, NAME.upper())
    await says(world, carla, "14-12-2026 19:00")
    await says(world, carla, "60")
    await says(world, carla, "https://meet.example.org/again")
    await taps(world, carla, "No assignment")
    await taps(world, carla, "That is all")
    summary = await taps(world, carla, "Skip")
    assert summary.startswith(f"📚 {NAME} (a new run of this course)")
    assert "Instructions: none" in summary
    await taps(world, carla, "✅ Confirm")
    assert await rows(world, "SELECT id, course_id FROM training_runs ORDER BY id") == [
        (1, 1),
        (2, 1),
    ]
