"""Alerts that help the supervisor act (issue 12): the marks and the student's words of the
low weeks, the dates of the missed check-ins, who else has a report and how to reach the
mentor; an escalation names the supervisor who did not react and keeps the student's words."""

from __future__ import annotations

from pathlib import Path

from bot.demo import plain
from bot.sandbox.users import SimUser
from tests.e2e.story import school_world
from tests.e2e.test_checkins import answer_checkin, local


def last(user: SimUser, words: str) -> str:
    """The newest message in a chat that holds these words (other alerts come and go)."""
    return next(
        (m.text or "" for m in reversed(user.bot_messages) if words in plain(m.text or "")), ""
    )


async def test_a_low_mood_alert_shows_the_marks_and_words_of_those_weeks(tmp_path: Path) -> None:
    async with school_world(tmp_path / "bot.sqlite3") as (world, people, coordinator):
        student, supervisor = people.student, people.supervisor
        await world.move_to(local(3, 6, 14))
        await answer_checkin(world, student, 2, "Tired & <alone>")
        await world.move_to(local(3, 13, 14))
        await answer_checkin(world, student, 1, None)
        alert = last(supervisor, "has given a low mark")
        assert alert.startswith("⚠️ <b>")
        assert "The marks and the student's own words of those weeks:\n" in alert
        assert "• Fri 6 Mar 2026: 2/5 — <i>Tired &amp; &lt;alone&gt;</i>\n" in alert
        assert alert.endswith("• Fri 13 Mar 2026: 1/5")

        # Nobody reacts: sent again Monday, to the coordinator on Tuesday, without her words.
        await world.move_to(local(3, 16, 14))
        assert last(supervisor, "Nobody has acknowledged this yet")
        await world.move_to(local(3, 17, 14))
        escalated = last(coordinator, "has given a low mark")
        assert plain(escalated).startswith("⏰ Nobody has acknowledged this alert")
        assert "The supervisor Ingrid Bos (ingrid@school.example) has not reacted to it." in plain(
            escalated
        )
        assert "• Fri 6 Mar 2026: 2/5\n" in escalated
        assert "Tired" not in escalated


async def test_a_missed_alert_shows_the_dates(tmp_path: Path) -> None:
    async with school_world(tmp_path / "bot.sqlite3") as (world, people, _):
        await world.move_to(local(3, 6, 14))
        await world.move_to(local(3, 13, 14))
        await world.move_to(local(3, 16, 15))  # the second one closed unanswered
        alert = plain(last(people.supervisor, "has not answered"))
        assert alert.endswith("Not answered: Fri 6 Mar 2026 and Fri 13 Mar 2026.")


async def test_a_problem_alert_says_who_else_has_it_and_how_to_reach_the_mentor(
    tmp_path: Path,
) -> None:
    async with school_world(tmp_path / "bot.sqlite3") as (world, people, _):
        student, supervisor = people.student, people.supervisor
        for shared, expected in (
            (False, "Only you have this report: the mentor has not been told."),
            (
                True,
                "The mentor Mark Jansen has this report too: Sanne de Vries wanted him to know.",
            ),
        ):
            student.send_text("/help")
            await world.settle()
            student.press("🆘 I want to ask for help")
            await world.settle()
            student.send_text("My shoes are broken")
            await world.settle()
            student.press(
                "Ingrid Bos and Mark Jansen (Bakkerij Jansen)"
                if shared
                else "Only Ingrid Bos (school)"
            )
            await world.settle()
            alert = plain(last(supervisor, "My shoes are broken"))
            assert alert.endswith(
                f"{expected}\nMentor: Mark Jansen, Bakkerij Jansen, mark@bakkerij.example"
            ), alert
