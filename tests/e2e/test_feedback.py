"""Feedback end to end: given, understood, questioned, forgotten, prompted, asked for."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.demo import plain
from bot.demo.world import World
from bot.sandbox.model import ChatMessage
from bot.sandbox.users import SimUser
from tests.e2e.story import Cast, school_world

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
School = tuple[World, Cast, SimUser]


def local(month: int, day: int, hour: int, minute: int = 0) -> datetime:
    """A moment of 2026 on an Amsterdam wall clock."""
    return datetime(2026, month, day, hour, minute, tzinfo=AMSTERDAM)


def last(user: SimUser) -> str:
    """The newest bot message in a chat, as the user reads it."""
    return plain(user.texts()[-1])


def shows(needle: str) -> Callable[[ChatMessage], bool]:
    """A message whose text, as the user reads it, contains `needle`."""
    return lambda message: needle in plain(message.text or "")


def forged_press(world: World, user: SimUser, data: str) -> None:
    """A callback with any data, as a modified client could send it."""
    query_id = world.emulator.open_callback_query(user.user_id)
    world.emulator.inject_update(
        {
            "callback_query": {
                "id": query_id,
                "from": user.user_dict(),
                "chat_instance": "x",
                "data": data,
                "message": {
                    "message_id": 1,
                    "date": 0,
                    "chat": {"id": user.user_id, "type": "private"},
                },
            },
        }
    )


async def rows(world: World, sql: str) -> list[tuple[object, ...]]:
    """Rows of a query on the bot's database."""
    async with world.bot.services.db.reading() as conn, conn.execute(sql) as cur:
        return [tuple(row) for row in await cur.fetchall()]


async def give_feedback(world: World, mentor: SimUser, *parts: str) -> None:
    """The mentor writes feedback for his only student, in parts, and sends it."""
    mentor.send_text("/feedback")
    await world.settle()
    for part in parts:
        mentor.send_text(part)
        await world.settle()
    mentor.press("Done")
    await world.settle()
    mentor.press("Send")
    await world.settle()


@pytest.fixture
async def school(tmp_path: Path) -> AsyncIterator[School]:
    """Both placements on now (Sanne with Mark, Daan with Fatima); Monday 2 March, 10:00."""
    async with school_world(tmp_path / "bot.sqlite3") as (world, people, coordinator):
        async with world.bot.services.db.transaction() as conn:
            await conn.execute(
                "UPDATE placements SET starts_on = '2026-03-02', "
                "ends_on = '2026-05-29' WHERE id = 2"
            )
        await world.move_to(local(3, 2, 10))
        yield world, people, coordinator


async def test_feedback_logged_and_understood(school: School) -> None:
    world, people, _ = school
    mark, sanne = people.mentor, people.student
    mark.send_text("/feedback")
    await world.settle()
    assert "Feedback for Sanne de Vries" in last(mark)
    mark.press("Done")  # nothing written yet: refused, nothing sent
    await world.settle()
    assert mark.answers[-1]["text"] == "You haven't written anything yet."
    mark.send_text("You kneaded the dough well & on time.")
    await world.settle()
    assert last(mark).startswith("Got it (37 characters so far).")
    mark.send_text("Next week: the oven <b>temperatures</b>.")
    await world.settle()
    mark.press("Done")
    await world.settle()
    preview = last(mark)
    assert "You kneaded the dough well & on time.\n\nNext week: the oven <b>temperatures</b>." in (
        preview
    )
    assert not any("Feedback from" in text for text in sanne.texts())  # not before Send
    mark.press("Send")
    await world.settle()
    assert last(mark).startswith("Your feedback has been sent.")

    received = await sanne.receives("Feedback from Mark Jansen", new=False)
    assert "<b>temperatures</b>" in plain(received.text or "")  # his words, not markup
    sanne.press("✅ Understood")
    await world.settle()
    assert last(sanne) == "Thanks! I've let your mentor know."
    shown = sanne.message(received.message_id)
    assert shown is not None
    assert "→ ✅ Understood" in plain(shown.text or "")
    await mark.receives("Sanne de Vries has understood your feedback of Mon 2 Mar 2026")
    [(feedback_id, understood_at)] = await rows(world, "SELECT id, understood_at FROM feedback")
    assert understood_at is not None
    # A second tap (an old copy of the button) changes nothing.
    forged_press(world, sanne, f"fb:ok:{feedback_id}")
    await world.settle()
    assert sanne.answers[-1]["text"] == "You have already said this feedback is clear."
    assert len([t for t in mark.texts() if "has understood" in t]) == 1


async def test_a_question_is_asked_and_answered_and_the_thread_stays(school: School) -> None:
    world, people, _ = school
    mark, sanne, fatima, daan = (
        people.mentor,
        people.student,
        people.other_mentor,
        people.other_student,
    )
    await give_feedback(world, mark, "Your mise en place needs work.")
    sanne.press("❓ I have a question")
    await world.settle()
    assert last(sanne).startswith("What is your question about this feedback?")
    sanne.send_text("What do you mean by mise en place?")
    await world.settle()
    assert last(sanne) == "Your question has gone to your mentor. You'll get the answer here."
    question = await mark.receives("has a question about your feedback")
    assert "What do you mean by mise en place?" in plain(question.text or "")
    [(question_id,)] = await rows(world, "SELECT id FROM feedback_questions")
    [(feedback_id,)] = await rows(world, "SELECT id FROM feedback")

    # Another mentor and another student cannot act on this thread, even with forged buttons.
    before = await rows(world, "SELECT * FROM feedback_questions")
    for user, data in (
        (fatima, f"fb:answer:{question_id}"),
        (daan, f"fb:ok:{feedback_id}"),
        (daan, f"fb:ask:{feedback_id}"),
        (fatima, f"fb:ok:{feedback_id}"),
        (sanne, f"fb:answer:{question_id}"),
    ):
        forged_press(world, user, data)
        await world.settle()
        assert user.answers[-1]["text"] == "This button is not for you.", data
    assert await rows(world, "SELECT * FROM feedback_questions") == before
    assert await rows(world, "SELECT understood_at FROM feedback") == [(None,)]

    mark.press("Answer", question)
    await world.settle()
    mark.send_text("Everything in its place before you start: tools, flour, butter.")
    await world.settle()
    assert last(mark) == "Your answer has been sent."
    answer = await sanne.receives("has answered your question")
    assert "tools, flour, butter" in plain(answer.text or "")
    sanne.press("✅ Understood", answer)
    await world.settle()
    await mark.receives("Sanne de Vries has understood your feedback")
    thread = await rows(world, "SELECT text, answer FROM feedback_questions")
    assert thread == [
        (
            "What do you mean by mise en place?",
            "Everything in its place before you start: tools, flour, butter.",
        )
    ]
    forged_press(world, mark, f"fb:answer:{question_id}")
    await world.settle()
    assert mark.answers[-1]["text"] == "You have already answered this question."


async def test_unconfirmed_feedback_reminds_the_student_then_tells_the_mentor(
    school: School,
) -> None:
    world, people, _ = school
    mark, sanne, ingrid = people.mentor, people.student, people.supervisor
    await give_feedback(world, mark, "Clean the workbench before you leave.")
    sent = len(sanne.texts())
    await world.move_to(local(3, 4, 9, 59))  # 47 h 59 min: nothing yet
    assert len(sanne.texts()) == sent
    await world.move_to(local(3, 4, 10))
    reminder = await sanne.receives("🔔 Is the feedback Mark Jansen gave you on Mon 2 Mar 2026")
    assert reminder.has_button("✅ Understood")
    assert not any("has not yet said" in text for text in mark.texts())
    await world.move_to(local(3, 7, 10))  # five days
    told = await mark.receives("Sanne de Vries has not yet said whether your feedback")
    assert "Clean the workbench" in plain(told.text or "")
    ingrid.send_text("/goals")
    await world.settle()
    assert "1 not yet confirmed (1 of them for more than 5 days)" in last(ingrid)
    # Nothing more: one reminder, one word to the mentor.
    await world.move_to(local(3, 20, 10))
    assert len([t for t in sanne.texts() if t.startswith("🔔")]) == 1
    assert len([t for t in mark.texts() if "has not yet said" in t]) == 1


async def test_a_silent_mentor_is_asked_for_feedback_with_one_tap_to_start(
    school: School,
) -> None:
    world, people, _ = school
    mark = people.mentor
    await world.move_to(local(3, 16, 8, 59))
    assert not any("any feedback in the last" in t for t in mark.texts())
    await world.move_to(local(3, 16, 9))
    prompt = await mark.receives(
        shows("You haven't given Sanne de Vries any feedback in the last 14 days")
    )
    # Two days later he taps the prompt's button: it starts his feedback for Sanne.
    await world.move_to(local(3, 18, 10))
    mark.press("Give feedback", prompt)
    await world.settle()
    assert "Feedback for Sanne de Vries" in last(mark)
    mark.send_text("Good first two weeks.")
    await world.settle()
    mark.press("Done")
    await world.settle()
    mark.press("Send")
    await world.settle()

    def prompts() -> int:
        return len([t for t in mark.texts() if "any feedback in the last" in t])

    # The silence counts from his feedback (18 March), not from the prompt (16 March).
    await world.move_to(local(3, 30, 9))
    assert prompts() == 1
    await world.move_to(local(4, 1, 8, 59))
    assert prompts() == 1
    await world.move_to(local(4, 1, 9))
    assert prompts() == 2


async def test_a_student_asks_his_mentor_for_feedback(school: School) -> None:
    world, people, _ = school
    mark, sanne = people.mentor, people.student
    sanne.send_text("/askfeedback customer   contact")
    await world.settle()
    assert last(sanne) == "I've asked your mentor for feedback on: customer contact"
    asked = await mark.receives(shows("Sanne de Vries asks you for feedback on: customer contact"))
    sanne.send_text("/askfeedback")
    await world.settle()
    assert last(sanne).startswith("You asked your mentor for feedback a short while ago.")
    mark.send_text("/askfeedback")
    await world.settle()
    assert last(mark).startswith("Students ask for feedback with /askfeedback")
    mark.press("Give feedback", asked)
    await world.settle()
    mark.send_text("You listen well to customers.")
    await world.settle()
    mark.press("Done")
    await world.settle()
    mark.press("Send")
    await world.settle()
    await sanne.receives("You listen well to customers.")
    assert await rows(world, "SELECT request_id FROM feedback") == [(1,)]
    await world.advance(hours=24)
    sanne.send_text("/askfeedback")
    await world.settle()
    assert last(sanne) == "I've asked your mentor for feedback."


async def test_a_mentor_cannot_give_feedback_to_a_student_not_his(school: School) -> None:
    world, people, _ = school
    fatima, sanne, daan = people.other_mentor, people.student, people.other_student
    before = await rows(world, "SELECT * FROM flows ORDER BY 1")
    for data in ("fb:give:1", "fb:goal:1:0", "fb:give:1:1", "fb:goal:999:0", "fb:give:2"):
        forged_press(world, daan, data)  # a student: nobody's mentor
        await world.settle()
        assert daan.answers[-1]["text"] in (
            "This button no longer works.",
            "This button is not for you.",
        ), data
    for data in ("fb:give:1", "fb:goal:1:0", "fb:give:1:1"):
        forged_press(world, fatima, data)
        await world.settle()
        assert fatima.answers[-1]["text"] == "This button no longer works.", data
    assert await rows(world, "SELECT * FROM flows ORDER BY 1") == before
    assert await rows(world, "SELECT * FROM feedback") == []
    fatima.send_text("/feedback")
    await world.settle()
    assert "Feedback for Daan Smit" in last(fatima)  # her own student, and only him
    assert not any("Feedback from" in text for text in sanne.texts())


async def test_a_long_feedback_full_of_markup_and_emoji_arrives_whole(school: School) -> None:
    world, people, _ = school
    mark, sanne = people.mentor, people.student
    hostile = ("Tom & Jerry <i>not</i> 😀 &amp; " * 400)[:10_000]
    await give_feedback(world, mark, hostile, "The end.")
    first = next(i for i, m in enumerate(sanne.bot_messages) if "Feedback from" in (m.text or ""))
    parts = sanne.bot_messages[first:]
    assert len(parts) >= 3  # Telegram takes 4,096 characters a message
    words = " ".join(plain(m.text or "") for m in parts).split()
    assert " ".join(hostile.split()) + " The end." in " ".join(words)
    # The buttons come once, under the last part.
    assert [m.has_button("✅ Understood") for m in parts] == [False] * (len(parts) - 1) + [True]


async def test_the_feedback_clocks_are_settings(tmp_path: Path) -> None:
    settings = {"feedback_remind_hours": 2, "feedback_tell_mentor_days": 1}
    async with school_world(tmp_path / "bot.sqlite3", **settings) as (world, people, _):
        await world.move_to(local(3, 2, 10))
        await give_feedback(world, people.mentor, "Short and sweet.")
        await world.advance(hours=2)
        await people.student.receives("🔔 Is the feedback")
        await world.move_to(local(3, 2, 10) + timedelta(days=1))
        await people.mentor.receives("has not yet said whether your feedback")


async def test_feedback_cancelled_or_left_half_way_sends_nothing_and_keeps_no_words(
    school: School,
) -> None:
    world, people, _ = school
    mark, sanne = people.mentor, people.student
    mark.send_text("/feedback")
    await world.settle()
    mark.send_text("Half a thought about the ovens")
    await world.settle()
    mark.send_text("/cancel")
    await world.settle()
    assert last(mark) == "Stopped: no feedback has been sent."
    mark.send_text("/feedback")
    await world.settle()
    mark.send_text("Another half thought about the ovens")
    await world.settle()
    await world.advance(hours=3)  # FLOW_EXPIRES_HOURS is 2: the tick ends the flow
    mark.send_text("and the rest of it")
    await world.settle()
    assert last(mark).startswith("You didn't finish your feedback in time")
    assert await rows(world, "SELECT * FROM feedback") == []
    stored = await rows(world, "SELECT data FROM flows")
    assert not any("half thought" in str(row) for row in stored)
    assert not any("Feedback from" in text for text in sanne.texts())
