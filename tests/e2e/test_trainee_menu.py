"""/trainee in the menus: next to /newcourse for who may invite a trainee mentor (a run's
trainer: a supervisor, or any coordinator), in nobody else's; whoever else types it is refused."""

from __future__ import annotations

from pathlib import Path

from bot.domain.localtime import zone_of
from bot.domain.training import DEFAULT_DUE_BEFORE
from bot.domain.training_file import read_course_file
from bot.i18n import t
from bot.services.joining import person_by_email
from bot.services.training import create_run
from tests.e2e.story import school_world
from tests.e2e.test_feedback import rows
from tests.e2e.test_training import COURSE

LINE = "/trainee 1 Eve & Co 🍞; eve@bakkerij.example; Bakkerij Jansen"


async def test_only_a_trainer_or_coordinator_has_and_may_use_trainee(tmp_path: Path) -> None:
    async with school_world(tmp_path / "bot.sqlite3") as (world, people, carla):
        svc = world.bot.services
        plan = read_course_file(COURSE.encode(), zone_of("Europe/Amsterdam"), DEFAULT_DUE_BEFORE)
        ingrid = await person_by_email(svc, "ingrid@school.example")
        assert ingrid is not None
        run = await create_run(
            svc, ingrid, plan.course, list(plan.sessions), instructions="", now=svc.clock.now()
        )
        assert run == 1
        # Hostile first: the student, the mentor and a supervisor who is not the run's trainer.
        for user in (people.student, people.mentor):
            assert "trainee" not in [c["command"] for c in user.commands]
        refusals = {t(lang, "trainee.not_allowed") for lang in ("en", "nl")}
        for user in (people.student, people.mentor, people.other_supervisor):
            user.send_text(LINE)
            await world.settle()
            assert user.texts()[-1] in refusals, user.first_name
        assert await rows(world, "SELECT id FROM people WHERE email LIKE 'eve@%'") == []

        for user in (people.supervisor, carla):
            commands = [c["command"] for c in user.commands]
            assert commands[commands.index("newcourse") + 1] == "trainee", user.first_name
            described = next(c for c in user.commands if c["command"] == "trainee")
            assert described["description"] in {t(lang, "menu.trainee") for lang in ("en", "nl")}
        assert "praktijkopleider in opleiding" in t("nl", "menu.trainee")
        people.supervisor.send_text(LINE)
        await world.settle()
        assert "t.me/" in people.supervisor.texts()[-1]
