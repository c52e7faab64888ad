"""Eight weeks of one placement: check-ins, low mood, a problem, silence, pause, escalation."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.demo import plain
from bot.demo.world import World
from bot.sandbox.users import SimUser
from handlers.checkin import MOODS
from tests.e2e.story import Cast, school_world

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def local(month: int, day: int, hour: int, minute: int = 0) -> datetime:
    """A moment of 2026 on an Amsterdam wall clock."""
    return datetime(2026, month, day, hour, minute, tzinfo=AMSTERDAM)


def alerts_in(user: SimUser) -> list[str]:
    """The first line of every alert-like message in a chat, in order.

    The meeting cadence's alerts (nobody plans meetings in these stories) are left out: they
    are tested in tests/e2e/test_meetings.py.
    """
    meetings = ("Mentor meetings of", "tripartite review of")
    firsts = [
        plain(m.text or "").split("\n")[0]
        for m in user.bot_messages
        if not any(words in plain(m.text or "") for words in meetings)
    ]
    return [
        line
        for line in firsts
        if line.startswith(("⚠️", "🔁", "⏰", "⏸", "▶️")) or "asked for help" in line
    ]


async def answer_checkin(
    world: World, student: SimUser, mood: int, week: str | None, needs_help: bool = False
) -> None:
    """The student answers the open check-in."""
    student.press(f"{MOODS[mood - 1]} {mood}")
    await world.settle()
    if week is None:
        student.press("Skip")
    else:
        student.send_text(week)
    await world.settle()
    student.press("Yes" if needs_help else "No")
    await world.settle()


@pytest.fixture
async def story(tmp_path: Path) -> AsyncIterator[tuple[World, Cast, SimUser]]:
    async with school_world(tmp_path / "bot.sqlite3") as school:
        # This story is the check-ins': meetings and reviews, due on their own cadence, have
        # stories of their own. Here they are not due within the weeks played.
        async with school[0].bot.services.db.transaction() as conn:
            await conn.execute(
                "UPDATE placements SET mentor_meeting_every_days = 120, "
                "tripartite_every_weeks = 20"
            )
        yield school


async def test_eight_weeks_of_a_placement(story: tuple[World, Cast, SimUser]) -> None:
    world, people, coordinator = story
    student, mentor, supervisor = people.student, people.mentor, people.supervisor

    # Week 1, Friday 6 March 14:00 (winter time): a good week.
    await world.move_to(local(3, 6, 14))
    assert student.texts()[-1].startswith("Hi Sanne! 👋 Time for your weekly check-in.")
    await answer_checkin(world, student, 4, "Learned to make croissants")
    assert student.texts()[-1].startswith("Thank you! Your check-in is saved.")
    student.send_text("hello?")
    await world.settle()
    assert student.texts()[-1].startswith("I'm not waiting for an answer from you right now.")

    # Week 2: a low week; a double tap on the mood records it once.
    await world.move_to(local(3, 13, 14))
    student.press("🙁 2")
    student.press("🙁 2")
    await world.settle()
    assert student.answers[-1]["text"] == "You answered this already."
    student.press("Skip")
    await world.settle()
    student.press("No")
    await world.settle()
    assert alerts_in(supervisor) == []

    # Week 3: low again — the supervisor is alerted, the student is not told.
    await world.move_to(local(3, 20, 14))
    await answer_checkin(world, student, 1, "Nobody talks to me")
    assert alerts_in(supervisor) == [
        "⚠️ Sanne de Vries (Bakkerij Jansen) has given a low mark in several check-ins in a row."
    ]
    assert not any("supervisor" in text for text in student.texts()[-3:])
    supervisor.press("👀 Acknowledge")
    await world.settle()

    # Week 4: a problem for the supervisor only; acknowledged, then resolved with a note.
    await world.move_to(local(3, 27, 14))
    await answer_checkin(world, student, 3, None, needs_help=True)
    student.send_text("My mentor shouts at me <b>every</b> day & I feel unsafe")
    await world.settle()
    student.press("Only Ingrid Bos (school)")
    await world.settle()
    # Told who has it once it arrived (bot/services/deliveries.py).
    assert student.texts()[-1] == "✅ Ingrid Bos (school) has your message."
    problem = supervisor.bot_messages[-1]
    assert "<i>My mentor shouts at me &lt;b&gt;every&lt;/b&gt; day &amp; I feel unsafe</i>" in (
        problem.text or ""
    )
    supervisor.press("👀 Acknowledge")
    await world.settle()
    assert "👀 Acknowledged by Ingrid Bos, Fri 27 Mar 2026 14:00" in (problem.text or "")
    supervisor.press("✅ Resolved")
    await world.settle()
    assert "✅ Resolved by Ingrid Bos" in (problem.text or "")
    assert problem.buttons == []
    supervisor.send_text("Talked with Mark and Sanne")
    await world.settle()
    assert supervisor.texts()[-1] == "Thanks, the note is saved with the alert."

    # Weeks 5 and 6 (summer time from 29 March): silence. One reminder each, then missed;
    # the second miss alerts the supervisor.
    await world.move_to(local(4, 3, 14))
    assert student.texts()[-1].startswith("Hi Sanne!")
    await world.move_to(local(4, 4, 14))
    assert student.texts()[-1].startswith("Your weekly check-in is still open.")
    old_reminder = student.bot_messages[-1]
    await world.move_to(local(4, 6, 14))
    await world.move_to(local(4, 10, 14))
    assert student.texts()[-1].startswith("Hi Sanne!")
    student.press("😐 3", old_reminder)  # a button of the closed check-in
    await world.settle()
    assert student.answers[-1]["text"] == "This check-in is closed."
    await world.move_to(local(4, 11, 14))
    await world.move_to(local(4, 13, 14))
    assert alerts_in(supervisor)[-1] == (
        "⚠️ Sanne de Vries (Bakkerij Jansen) has not answered the last check-ins."
    )

    # Nobody acknowledges: sent again after a day, handed to the coordinator after two.
    await world.move_to(local(4, 14, 14))
    assert alerts_in(supervisor)[-1] == "🔁 Nobody has acknowledged this yet:"
    await world.move_to(local(4, 15, 14))
    assert alerts_in(coordinator) == ["⏰ Nobody has acknowledged this alert for 48 hours."]
    coordinator.press("👀 Acknowledge")
    await world.settle()
    assert "👀 Acknowledged by Carla" in (coordinator.bot_messages[-1].text or "")

    # Week 7: sick leave until Sunday 26 April, back early on Thursday 23 April.
    student.send_text("/pause 26-04-2026")
    await world.settle()
    assert student.texts()[-1].startswith(
        "Check-ins are paused. The next one is on Fri 1 May 2026 14:00."
    )
    assert alerts_in(supervisor)[-1] == (
        "⏸ Sanne de Vries paused the check-ins until Sun 26 Apr 2026."
    )
    await world.move_to(local(4, 17, 15))
    assert student.texts()[-1].startswith("Check-ins are paused.")
    await world.move_to(local(4, 23, 9))
    student.send_text("/resume")
    await world.settle()
    assert student.texts()[-1] == (
        "Check-ins are back on. The next one is on Fri 24 Apr 2026 14:00."
    )
    assert alerts_in(supervisor)[-1] == "▶️ Sanne de Vries resumed the check-ins."
    await world.move_to(local(4, 24, 14))
    await answer_checkin(world, student, 5, "Much better")

    # Week 8: /help, shared with the mentor too.
    await world.move_to(local(4, 28, 10))
    student.send_text("/help")
    await world.settle()
    student.press("🆘 I want to ask for help")
    await world.settle()
    student.send_text("I need a second pair of safety shoes")
    await world.settle()
    student.press("Ingrid Bos and Mark Jansen (Bakkerij Jansen)")
    await world.settle()
    assert student.texts()[-1] == (
        "✅ Ingrid Bos (school) and Mark Jansen (Bakkerij Jansen) have your message."
    )
    await world.move_to(local(5, 1, 14))
    await answer_checkin(world, student, 4, None)

    # Exactly the alerts each should have had, and no others.
    assert alerts_in(supervisor) == [
        "⚠️ Sanne de Vries (Bakkerij Jansen) has given a low mark in several check-ins in a row.",
        "⚠️ Sanne de Vries (Bakkerij Jansen) has reported a problem.",
        "⚠️ Sanne de Vries (Bakkerij Jansen) has not answered the last check-ins.",
        "🔁 Nobody has acknowledged this yet:",
        "⏸ Sanne de Vries paused the check-ins until Sun 26 Apr 2026.",
        "▶️ Sanne de Vries resumed the check-ins.",
        "⚠️ Sanne de Vries (Bakkerij Jansen) has reported a problem.",
        "🔁 Nobody has acknowledged this yet:",  # the week-8 problem, a day later
    ]
    assert alerts_in(mentor) == ["Sanne de Vries has asked for help and wants you to know too:"]
    assert "safety shoes" in mentor.texts()[-1]
    assert not any("shouts" in text for text in mentor.texts())
    assert alerts_in(people.other_supervisor) == []
    assert alerts_in(people.other_mentor) == []
    check_ins = [t for t in student.texts() if t.startswith("Hi Sanne!")]
    assert len(check_ins) == 8


async def test_after_downtime_only_the_latest_checkin_is_sent(
    story: tuple[World, Cast, SimUser],
) -> None:
    world, people, _ = story
    await world.move_to(local(3, 27, 15))  # three Fridays passed while the bot was down
    check_ins = [t for t in people.student.texts() if t.startswith("Hi Sanne!")]
    assert len(check_ins) == 1
    await world.move_to(local(3, 27, 16))
    assert len([t for t in people.student.texts() if t.startswith("Hi Sanne!")]) == 1


async def test_only_the_supervisor_may_act_on_an_alert(
    story: tuple[World, Cast, SimUser],
) -> None:
    world, people, _ = story
    await world.move_to(local(3, 6, 14))
    await answer_checkin(world, people.student, 2, None, needs_help=True)
    people.student.send_text("Problem")
    await world.settle()
    people.student.press("Ingrid Bos and Mark Jansen (Bakkerij Jansen)")
    await world.settle()
    alert = people.supervisor.bot_messages[-1]
    for intruder in (people.mentor, people.other_supervisor, people.student):
        intruder.press("👀 Acknowledge", alert)
        await world.settle()
        assert intruder.answers[-1]["text"] == "This button is not for you."
    assert alert.buttons[0][0][0] == "👀 Acknowledge"


async def test_an_edited_message_is_no_answer(story: tuple[World, Cast, SimUser]) -> None:
    world, people, _ = story
    student = people.student
    await world.move_to(local(3, 6, 14))
    student.press("🙂 4")
    await world.settle()
    student.send_text("Fine")
    await world.settle()
    mine = [m for m in student.chat if not m.from_bot][-1]
    student.edit_text(mine.message_id, "Actually terrible")
    await world.settle()
    assert student.texts()[-1] == (
        "I don't read edited messages. Please send it again as a new message."
    )
    async with (
        world.bot.services.db.reading() as conn,
        conn.execute("SELECT week_note FROM checkins") as cur,
    ):
        assert [row[0] for row in await cur.fetchall()] == ["Fine"]
