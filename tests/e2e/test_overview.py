"""The supervisor's picture end to end: the overview of 35 placements in every state, paged
within Telegram's limit; the weekly digest naming the right students; the student picture with
its rows and a mood chart that opens at its size."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from PIL import Image

from bot.demo import plain
from bot.demo.world import World, open_world
from bot.documents.chart import HEIGHT_PX, WIDTH_PX
from bot.domain.training_plan import plan_session
from bot.sandbox.users import SimUser
from bot.services.training import create_run
from handlers.checkin import MOODS
from handlers.split import MAX_MESSAGE, telegram_length
from tests.conftest import START
from tests.services.test_supervision import person
from tests.services.test_uncertified_mark import certify
from tests.supervision import Seeded, State, local, seed

LONG = "🍞" * 6 + " & <de> Vries-" + "x" * 40  # names that make a line long and need escaping


def plan_35() -> list[tuple[str, State, str]]:
    """Ingrid's 35 placements in every state (and 3 that ended), Peter's 3."""
    states = [State.RED, State.MISSED, State.FEEDBACK, State.MEETINGS, State.GREEN] * 7
    plan = [(f"S{n:02d} {LONG}", state, "ingrid") for n, state in enumerate(states, start=1)]
    plan += [(f"E{n} Ended", State.ENDED, "ingrid") for n in range(3)]
    plan += [
        (f"P{n} Peters", state, "peter")
        for n, state in enumerate((State.RED, State.MISSED, State.GREEN))
    ]
    return plan


async def school(
    world: World, plan: list[tuple[str, State, str]]
) -> tuple[list[Seeded], dict[str, SimUser]]:
    """The placements, each student and supervisor a simulated user, seeded to Friday 20
    March 15:00; the clock there."""
    users = {
        f"s{n}@student.example": world.user(name.split()[0], language="en")
        for n, (name, _, _) in enumerate(plan, start=1)
    }
    users |= {
        f"{who}@school.example": world.user(who.title(), language="en")
        for who in ("ingrid", "peter")
    }
    seeded = await seed(
        world.bot.services, plan, {email: user.user_id for email, user in users.items()}
    )
    await world.move_to(local(3, 20, 15))
    return seeded, users


@pytest.fixture
async def world(tmp_path: Path) -> AsyncIterator[World]:
    async with open_world(tmp_path / "bot.sqlite3", START) as world:
        yield world


async def test_an_overview_of_35_placements_in_every_state_is_paged_within_the_limit(
    world: World,
) -> None:
    seeded, users = await school(world, plan_35())
    ingrid = users["ingrid@school.example"]
    ingrid.send_command("/overview")
    await world.settle()
    overview = ingrid.bot_messages[-1]
    pages = [overview.text or ""]
    while overview.has_button("Next ›"):
        ingrid.press("Next ›", overview)
        await world.settle()
        pages.append(overview.text or "")  # the same message, edited to the next page
    assert len(pages) == 3
    for number, page in enumerate(pages, start=1):
        assert telegram_length(page) <= MAX_MESSAGE
        assert plain(page).startswith(
            f"📋 Your placements (35): 🔴 7 · 🟠 21 · 🟢 7\nPage {number} of 3\n\n"
        )
        assert "&lt;de&gt;" in page  # the names are escaped, not markup
    lines = [line for page in pages for line in plain(page).split("\n\n", 1)[1].split("\n")]
    assert len(lines) == 35
    expected = {
        s.student: s.state
        for s in seeded
        if s.supervisor == "ingrid@school.example" and s.state is not State.ENDED
    }
    lights = {State.RED: "🔴", State.GREEN: "🟢"}
    order = sorted(
        expected,
        key=lambda name: (
            {"🔴": 0, "🟠": 1, "🟢": 2}[lights.get(expected[name], "🟠")],
            name.casefold(),
        ),
    )
    assert [line.split(",")[0][2:] for line in lines] == order
    for line in lines:
        state = expected[line.split(",")[0][2:]]
        assert line.startswith(lights.get(state, "🟠"))
        concern = {
            State.RED: "⚠️ open alert",
            State.MISSED: "✖️ missed the last check-in",
            State.FEEDBACK: "💬 feedback not confirmed",
            State.MEETINGS: "📅 meetings lapsing",
        }.get(state)
        assert (concern in line) if concern else ("·" in line and "⚠️" not in line)
    assert not any("Ended" in line or "Peters" in line for line in lines)
    # Back to the first page; a forged page number shows the last one.
    ingrid.press("‹ Previous", overview)
    await world.settle()
    assert overview.text == pages[1]
    assert telegram_length(overview.text or "") <= MAX_MESSAGE


async def test_the_digest_names_the_right_students_and_opens_a_student_picture(
    world: World,
) -> None:
    plan = [
        ("Anna Answered", State.GREEN, "ingrid"),
        ("Bram Low", State.GREEN, "ingrid"),
        ("Cas Silent", State.GREEN, "ingrid"),
        ("Daan Alert", State.RED, "ingrid"),
        ("Eva Elsewhere", State.GREEN, "peter"),
    ]
    _, users = await school(world, plan)
    anna, bram = users["s1@student.example"], users["s2@student.example"]
    daan, eva = users["s4@student.example"], users["s5@student.example"]
    for student, mood, words in (
        (anna, 5, "I baked my first bread on my own!"),
        (bram, 1, "My mentor & I argue"),
        (daan, 3, None),
        (eva, 4, "Fine"),
    ):
        student.press(f"{MOODS[mood - 1]} {mood}")
        await world.settle()
        if words:
            student.send_text(words)
        else:
            student.press("Skip")
        await world.settle()
    await world.move_to(local(3, 23, 8, 30))
    ingrid = users["ingrid@school.example"]
    digest = next(m for m in reversed(ingrid.bot_messages) if "Your week" in (m.text or ""))
    text = plain(digest.text or "")
    assert text.startswith(
        "🗓 Your week, Mon 16 Mar 2026 – Sun 22 Mar 2026\n"
        "3 of 4 answered the check-in (4 placements)."
    )
    assert "⏳ No answer yet: Cas Silent." in text
    assert "😟 Low: Bram Low (1/5)." in text
    assert "⚠️ Open alerts: Daan Alert (1)." in text
    assert "• Anna Answered: I baked my first bread on my own!" in text
    assert "• Bram Low: My mentor & I argue" in text
    assert "Eva" not in text
    assert "Fine" not in text
    assert [label for row in digest.buttons for label, _ in row] == [
        "👤 Daan Alert",
        "👤 Bram Low",
        "👤 Cas Silent",
        "👤 Anna Answered",
    ]
    peter = users["peter@school.example"]
    assert not any("Anna" in (m.text or "") for m in peter.bot_messages)

    ingrid.press("👤 Bram Low", digest)
    await world.settle()
    picture, chart = ingrid.bot_messages[-2:]
    shown = plain(picture.text or "")
    assert shown.startswith("👤 Bram Low, Company 2\nMentor: Mentor 2 (m2@company.example)")
    assert shown.split("Last check-ins\n")[1].split("\n\n")[0].split("\n") == [
        "• Fri 20 Mar 2026: 1/5 — My mentor & I argue",
        "• Fri 13 Mar 2026: 4/5 — Week 2 of 2",
        "• Fri 6 Mar 2026: 4/5 — Week 1 of 2",
    ]
    assert "• Mon 16 Mar 2026 10:00: mentor meeting, held" in shown
    assert chart.photo is not None
    image = Image.open(io.BytesIO(chart.photo))
    assert (image.format, image.size) == ("PNG", (WIDTH_PX, HEIGHT_PX))
    assert plain(chart.text or "") == "📈 The weekly mood of Bram Low"


async def test_the_overview_and_the_picture_mark_a_mentor_without_a_certificate(
    world: World,
) -> None:
    """Issue 13 item 6, as the supervisor reads it: 🎓 beside the placement whose mentor holds
    no certificate (only once the school trains mentors through the bot), not beside the one
    whose mentor has one; the student picture says it and points to /register."""
    plan = [("Anna Certified", State.GREEN, "ingrid"), ("Cas Untrained", State.GREEN, "ingrid")]
    _, users = await school(world, plan)
    ingrid = users["ingrid@school.example"]
    ingrid.send_command("/overview")
    await world.settle()
    assert "🎓" not in (ingrid.bot_messages[-1].text or "")  # no course run yet: no mark

    svc = world.bot.services
    trainer = await person(svc, "ingrid@school.example")
    when = local(1, 5, 10)
    session = plan_session(when, 60, "https://meet.example.org/x", "")
    run_id = await create_run(
        svc, trainer, "Praktijkopleider", [session], instructions="", now=when
    )
    assert isinstance(run_id, int)
    await certify(svc, "m1@company.example", run_id, None)

    ingrid.send_command("/overview")
    await world.settle()
    lines = plain(ingrid.bot_messages[-1].text or "").split("\n\n", 1)[1].split("\n")
    marked = {line.split(",")[0][2:]: "🎓 mentor not certified" in line for line in lines}
    assert marked == {"Anna Certified": False, "Cas Untrained": True}, lines
    for name, uncertified in (("Cas", True), ("Anna", False)):
        ingrid.send_command(f"/student {name}")
        await world.settle()
        picture = next(m for m in reversed(ingrid.bot_messages) if (m.text or "").startswith("👤"))
        shown = "🎓 The mentor holds no valid mentor certificate (see /register)." in plain(
            picture.text or ""
        )
        assert shown is uncertified, picture.text
