"""Learning goals and the end of a placement: from /goals to the reference as a PDF."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from bot.demo import plain
from bot.demo.world import World
from bot.domain.goals import LearningGoal
from bot.domain.reference import draft_reference
from bot.sandbox.users import SimUser
from handlers.reference import draft_text
from tests.e2e.story import school_world
from tests.e2e.test_feedback import School, forged_press, last, local, rows, shows


@pytest.fixture
async def school(tmp_path: Path) -> AsyncIterator[School]:
    """Sanne's placement (2 March to 29 May) with names a PDF must get right."""
    async with school_world(tmp_path / "bot.sqlite3") as (world, people, coordinator):
        async with world.bot.services.db.transaction() as conn:
            await conn.execute("UPDATE people SET name = 'Ngọc Özdemir' WHERE id = 1")
            await conn.execute("UPDATE people SET name = 'Jan de Vries-Ĳzerman' WHERE id = 2")
            await conn.execute("UPDATE companies SET name = 'Café Ĳsselstein' WHERE id = 1")
        await world.move_to(local(3, 2, 10))
        yield world, people, coordinator


async def set_goals(world: World, supervisor: SimUser, goals: str) -> None:
    """The supervisor sets the goals of his only placement through /goals."""
    supervisor.send_text("/goals")
    await world.settle()
    supervisor.press("Set the learning goals")
    await world.settle()
    supervisor.send_text(goals)
    await world.settle()


async def test_goals_are_set_seen_by_mentor_and_student_with_their_feedback(
    school: School,
) -> None:
    world, people, coordinator = school
    sanne, mark, ingrid, daan = (
        people.student,
        people.mentor,
        people.supervisor,
        people.other_student,
    )
    ingrid.send_text("/goals")
    await world.settle()
    assert "No learning goals have been set yet." in last(ingrid)
    ingrid.press("Set the learning goals")
    await world.settle()
    ingrid.send_text("\n".join(f"Goal {n}" for n in range(11)))  # too many: asked again
    await world.settle()
    assert last(ingrid) == "That is more than 10 learning goals. Please keep it to 10."
    ingrid.send_text("1. Arrive on time\n2. Work with customers & colleagues\n\n")
    await world.settle()
    assert "Saved. The student and the mentor get the new list." in last(ingrid)
    for reader in (sanne, mark):
        notice = await reader.receives(shows("learning goals for Ngọc Özdemir's placement"))
        assert "• Work with customers & colleagues" in plain(notice.text or "")

    mark.send_text("/feedback")
    await world.settle()
    assert last(mark) == "Is your feedback for Ngọc Özdemir about one of these learning goals?"
    mark.press("Arrive on time")
    await world.settle()
    assert "on the learning goal Arrive on time" in plain(mark.texts()[-1])
    mark.send_text("Three times late this week.")
    await world.settle()
    mark.press("Done")
    await world.settle()
    mark.press("Send")
    await world.settle()
    received = await sanne.receives(shows("Learning goal: Arrive on time"))
    sanne.press("✅ Understood", received)
    await world.settle()

    sanne.send_text("/goals")
    await world.settle()
    mine = last(sanne)
    assert "✅ Arrive on time (feedback: 1×)" in mine
    assert "▫️ Work with customers & colleagues (no feedback yet)" in mine
    assert "1 given, 1 understood" in mine
    # The other student sees his own placement only; a coordinator may set any.
    daan.send_text("/goals")
    await world.settle()
    assert "Ngọc" not in last(daan)
    before = await rows(world, "SELECT * FROM learning_goals ORDER BY id")
    for user in (daan, mark, sanne, people.other_supervisor):
        forged_press(world, user, "gl:set:1")
        await world.settle()
        assert user.answers[-1]["text"] == "This button is not for you."
        forged_press(world, user, "gl:show:1")
        await world.settle()
    assert not any("Ngọc" in text for text in people.other_supervisor.texts())
    assert await rows(world, "SELECT * FROM learning_goals ORDER BY id") == before
    coordinator.send_text("/goals Ngọc")
    await world.settle()
    coordinator.press("Set the learning goals")
    await world.settle()
    coordinator.send_text("Arrive on time\nBake bread")
    await world.settle()
    # "Arrive on time" kept (its feedback stays tied), one retired, one added.
    goals = await rows(
        world, "SELECT title, retired_at IS NOT NULL FROM learning_goals ORDER BY id"
    )
    assert goals == [
        ("Arrive on time", 0),
        ("Work with customers & colleagues", 1),
        ("Bake bread", 0),
    ]


async def test_the_reference_from_request_to_pdf(school: School) -> None:
    world, people, _ = school
    sanne, mark, ingrid = people.student, people.mentor, people.supervisor
    await set_goals(world, ingrid, "Arrive on time\nWork with customers")
    mark.send_text("/feedback")
    await world.settle()
    mark.press("Arrive on time")
    await world.settle()
    mark.send_text("Since March you are on time every day.")
    await world.settle()
    mark.press("Done")
    await world.settle()
    mark.press("Send")
    await world.settle()

    sanne.send_text("/reference")
    await world.settle()
    assert last(sanne) == (
        "You can ask for a reference from 15 May 2026, shortly before your placement ends."
    )
    # 14 days before the end (29 May), 09:00: all three are told.
    await world.move_to(local(5, 15, 9))
    await sanne.receives(shows("Your placement at Café Ĳsselstein ends on Fri 29 May 2026"))
    await mark.receives(shows("The placement of Ngọc Özdemir ends on Fri 29 May 2026"))
    await ingrid.receives(shows("at Café Ĳsselstein ends on Fri 29 May 2026"))

    sanne.send_text("/reference")
    await world.settle()
    assert last(sanne).startswith("I've asked your mentor for your reference.")
    sanne.send_text("/reference")
    await world.settle()
    assert last(sanne).startswith("You have already asked your mentor")
    request = await mark.receives(shows("Ngọc Özdemir asks you for a reference"))
    assert "(2 March 2026 to 29 May 2026)" in plain(request.text or "")
    mark.send_text("/reference")  # the requests waiting for him, one button each
    await world.settle()
    assert last(mark) == "These students have asked you for a reference:"
    mark.press("Ngọc Özdemir")
    await world.settle()
    draft = plain(mark.texts()[-2])
    assert draft.startswith(
        "Ngọc Özdemir did a work placement at Café Ĳsselstein from 2 March 2026 to 29 May 2026."
    )
    assert "Arrive on time\n• Since March you are on time every day." in draft
    assert "Work with customers\n• […]" in draft  # nothing said: a blank, never praise
    mark.press("Use the draft")
    await world.settle()
    mark.press("Send")
    await world.settle()
    assert mark.answers[-1]["text"].startswith("The reference still contains […].")
    assert await rows(world, "SELECT status FROM reference_letters") == [("requested",)]
    mark.press("Write again")
    await world.settle()
    mark.send_text("Ngọc Özdemir worked with us from March to May 2026.")
    await world.settle()
    mark.send_text("Since March Ngọc has been on time every day & customers liked the bread.")
    await world.settle()
    mark.press("Done")
    await world.settle()
    mark.press("Send")
    await world.settle()
    assert last(mark) == "Your reference has been sent. Thank you!"

    text = await sanne.receives(shows("Reference from Jan de Vries-Ĳzerman, Café Ĳsselstein"))
    assert "customers liked the bread" in plain(text.text or "")
    document = await sanne.receives(lambda m: m.document is not None)
    assert document.document is not None
    name, content = document.document
    assert name == "reference-ngoc-ozdemir.pdf"
    pdf_text = " ".join(
        " ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(content)).pages
    )
    for expected in (
        "Ngọc Özdemir",
        "Jan de Vries-Ĳzerman",
        "Café Ĳsselstein",
        "2 March 2026 to 29 May 2026",
        "on time every day & customers",
    ):
        assert expected in pdf_text

    # After the placement the student can get it again, and it is the same letter.
    await world.move_to(local(6, 20, 10))
    sanne.send_text("/reference")
    await world.settle()
    again = await sanne.receives(lambda m: m.document is not None)
    assert again.document is not None
    assert again.document[1] == content
    assert any(plain(t) == "Here is your reference again." for t in sanne.texts())
    # The mentor's button of the request no longer opens anything.
    forged_press(world, mark, "rf:write:1")
    await world.settle()
    assert mark.answers[-1]["text"] == "This button is not for you."


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "en",
            [
                "Ngọc Özdemir did a work placement at Café Ĳsselstein from 2 March 2026 to "
                "29 May 2026. I was Ngọc Özdemir's workplace mentor during that time.",
                "What went well: […]",
                "What Ngọc Özdemir can develop further: […]",
            ],
        ),
        (
            "nl",
            [
                "Ngọc Özdemir heeft van 2 maart 2026 tot en met 29 mei 2026 stage gelopen bij "
                "Café Ĳsselstein. Ik was in die periode de praktijkopleider van Ngọc Özdemir.",
                "Wat goed ging: […]",
                "Waarin Ngọc Özdemir zich nog verder kan ontwikkelen: […]",
            ],
        ),
    ],
)
def test_a_draft_without_feedback_is_a_neutral_frame_with_blanks(
    language: str,
    expected: list[str],
) -> None:
    draft = draft_reference(
        student_name="Ngọc Özdemir",
        mentor_name="Jan",
        mentor_id=2,
        company="Café Ĳsselstein",
        starts_on=date(2026, 3, 2),
        ends_on=date(2026, 5, 29),
        goals=(),
        feedback=(),
    )
    assert plain(draft_text(language, draft)).split("\n\n") == expected
    with_goals = draft_reference(
        student_name="Ngọc",
        mentor_name="Jan",
        mentor_id=2,
        company="Café",
        starts_on=date(2026, 3, 2),
        ends_on=date(2026, 5, 29),
        goals=(LearningGoal(1, 1, 1, "Arrive <on> time"),),
        feedback=(),
    )
    text = plain(draft_text(language, with_goals))
    assert "Arrive <on> time\n• […]" in text
    assert text.count("[…]") == 3  # the goal, what went well, what to develop
