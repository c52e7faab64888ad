"""The mid survey's invitation, as the student gets it, promises what the progress line shows."""

from __future__ import annotations

from pathlib import Path

from tests.e2e.story import school_world
from tests.e2e.test_feedback import last, local, shows


async def test_the_invitation_says_the_range_the_progress_line_shows(tmp_path: Path) -> None:
    async with school_world(tmp_path / "bot.sqlite3") as (world, people, _):
        sanne = people.student
        await world.move_to(local(4, 14, 10))
        await world.move_to(local(4, 15, 10))
        await world.move_to(local(4, 17, 11))  # the check-in closed unanswered: the survey
        invitation = await sanne.receives(shows("Mid-placement survey"))
        assert "6 to 7 short questions" in (invitation.text or "")
        sanne.press("▶️ Start")
        await world.settle()
        await sanne.receives(shows("1/6\nI feel safe at my placement."))
        sanne.press("5")
        await world.settle()
        sanne.press("5")  # 'learning' high: its follow-up is not asked, 6 it stays
        await world.settle()
        assert "3/6\n" in last(sanne)
