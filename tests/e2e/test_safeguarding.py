"""Every report reaches a person, and the student is told the truth about who has it.

End to end: the real bot over HTTP against the emulator, on a fake clock. Who is there to
receive it changes per story: a supervisor who never opened his link, one who blocked the bot,
a school with no coordinator, Telegram failing for a while, a student who reports again and
again.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from bot.demo.story import plain
from bot.sandbox import BotApiEmulator
from tests.e2e.crashing import CrashingBot
from tests.e2e.reporting import (
    BOTH,
    COORDINATOR,
    WORDS,
    handler_errors,
    outbox_statuses,
    queued,
    report,
    said_since,
    school,
    seen,
    sent_count,
    table_count,
)
from tests.processes import Processes


async def test_a_report_whose_supervisor_has_not_joined_reaches_the_coordinator_at_once(
    tmp_path: Path,
) -> None:
    async with school(tmp_path, supervisor_joined=False) as s:
        assert s.coordinator is not None
        await report(s, WORDS)
        # The coordinator has it at once (not after 48 hours), without the student's words.
        rerouted = seen(s.coordinator)[-1]
        assert "This alert is for Ingrid Bos, who has not started the chat with me yet" in (
            rerouted
        )
        assert "Sanne de Vries (Bakkerij Jansen) has reported a problem." in rerouted
        assert "only Ingrid Bos" in rerouted
        assert "shouts" not in rerouted
        assert s.coordinator.bot_messages[-1].has_button("👀 Acknowledge")
        # He takes it on: the message shows it, and still holds no word of hers.
        s.coordinator.press("👀 Acknowledge")
        await s.world.settle()
        acknowledged = seen(s.coordinator)[-1]
        assert "👀 Acknowledged by Carla" in acknowledged
        assert "shouts" not in acknowledged
        assert await handler_errors(s.world) == []
        # The student: first where it goes, then, once it arrived, who has it; by name.
        told = seen(s.student)
        assert told[-2].startswith(
            "Thank you for telling me. I'm passing it on to Carla (school) now"
        )
        assert told[-1] == (
            "✅ Carla (school) knows that you asked for help and can get in touch with you. "
            "Only the people you chose read what you wrote.\n\n"
            "Ingrid Bos gets your message as soon as I can reach them."
        )
        assert "Ingrid Bos (school) has your message" not in " ".join(told)
        # The mentor was not chosen: he has nothing.
        assert not any("shouts" in text for text in seen(s.mentor))

        # The supervisor joins days later: the alert, with the words, waits for him.
        await s.world.advance(days=2)
        before = len(seen(s.student))
        await s.supervisor_joins()
        alert = next(t for t in seen(s.supervisor) if "reported a problem" in t)
        assert WORDS in alert
        assert said_since(s.student, before) == [
            "✅ Ingrid Bos (school) has your message.\n\n"
            "✅ Carla (school) knows that you asked for help and can get in touch with you. "
            "Only the people you chose read what you wrote."
        ]
        assert await outbox_statuses(s.world) == {"sent": await sent_count(s.world)}


async def test_a_report_to_a_supervisor_who_blocked_the_bot_goes_to_the_coordinator_at_once(
    tmp_path: Path,
) -> None:
    async with school(tmp_path) as s:
        assert s.coordinator is not None
        s.supervisor.block_bot()  # the bot cannot know until it tries
        await report(s, WORDS)
        told = seen(s.student)
        assert told[-2].startswith(
            "Thank you for telling me. I'm passing it on to Ingrid Bos (school) now"
        )
        # Telegram answered 403: the alert went to the coordinator in the same moment.
        rerouted = seen(s.coordinator)[-1]
        assert "This alert is for Ingrid Bos, whom I can't reach on Telegram" in rerouted
        assert "shouts" not in rerouted
        assert told[-1].startswith("✅ Carla (school) knows that you asked for help")
        assert told[-1].endswith("Ingrid Bos gets your message as soon as I can reach them.")

        # She unblocks (Telegram's Restart button sends /start): the alert reaches her now.
        before = len(seen(s.student))
        s.supervisor.unblock_bot()
        s.supervisor.send_command("/start")
        await s.world.settle()
        assert WORDS in next(t for t in seen(s.supervisor) if "reported a problem" in t)
        assert said_since(s.student, before)[-1].startswith(
            "✅ Ingrid Bos (school) has your message."
        )


async def test_a_report_nobody_can_receive_is_told_truthfully_and_waits_for_the_supervisor(
    tmp_path: Path,
) -> None:
    async with school(tmp_path, supervisor_joined=False, coordinator=False) as s:
        await report(s, WORDS)
        told = seen(s.student)[-1]
        assert told == (
            "Your message is saved, but nobody can receive it yet: your school has not yet set "
            "up who receives reports, and Ingrid Bos has not started the chat with me (or "
            "can't be reached). It goes out as soon as someone can be reached. Please contact "
            "your school directly, or Ingrid Bos at ingrid@school.example. In an emergency, "
            "call 112."
        )
        assert not any(
            "informed" in text or "has your message" in text for text in seen(s.student)
        )
        # Nothing new to tell a quarter of an hour later: he knows already.
        before = len(seen(s.student))
        await s.world.advance(minutes=16)
        assert said_since(s.student, before) == []
        # The supervisor joins: she gets it, and he is told.
        await s.supervisor_joins()
        assert WORDS in next(t for t in seen(s.supervisor) if "reported a problem" in t)
        assert seen(s.student)[-1] == "✅ Ingrid Bos (school) has your message."


async def test_a_report_nobody_received_within_15_minutes_is_told_so(tmp_path: Path) -> None:
    async with school(tmp_path, coordinator=False) as s:
        # Telegram cannot serve the supervisor's chat for a while (5xx): the bot keeps trying.
        s.supervisor.refuse(500, "Internal Server Error")
        await report(s, WORDS, settle=False)
        assert seen(s.student)[-1].startswith(
            "Thank you for telling me. I'm passing it on to Ingrid Bos (school) now"
        )
        s.world.clock.advance(timedelta(minutes=14))
        await s.world.bot.tick()
        assert await queued(s.world, "report-unreached:") == 0
        s.world.clock.advance(timedelta(minutes=1))
        await s.world.bot.tick()
        told = await s.student.receives("⏳", timeout=15)
        assert plain(told.text or "") == (
            "⏳ Nobody has received your message yet. Telegram has not delivered it yet. I keep "
            "trying and will tell you as soon as someone has it. If it is urgent, contact your "
            "school directly. In an emergency, call 112."
        )
        # Telegram recovers: the alert arrives, and he is told who has it.
        s.supervisor.accept()
        await s.student.receives("✅ Ingrid Bos (school) has your message.", timeout=90)
        assert WORDS in next(t for t in seen(s.supervisor) if "reported a problem" in t)


async def test_a_student_cannot_flood_his_supervisor(tmp_path: Path) -> None:
    async with school(tmp_path) as s:
        assert s.coordinator is not None
        for n in range(1, 4):  # REPORTS_PER_HOUR is 3
            await report(s, f"Report number {n}")
            s.world.clock.advance(timedelta(minutes=5))
        alerts = [t for t in seen(s.supervisor) if "reported a problem" in t]
        assert len(alerts) == 3
        before_supervisor, before_coordinator = len(seen(s.supervisor)), len(seen(s.coordinator))
        # The fourth within the hour joins the open report: no new alert, no new escalation.
        await report(s, "And one more thing & it is urgent", audience=BOTH)
        assert said_since(s.supervisor, before_supervisor) == [
            "➕ Sanne de Vries (Bakkerij Jansen) added to the report of Mon 2 Mar 2026 "
            "09:10:\nAnd one more thing & it is urgent"
        ]
        assert "And one more thing" in seen(s.mentor)[-1]  # he was chosen for this one
        assert said_since(s.coordinator, before_coordinator) == []
        assert seen(s.student)[-1] == (
            "You have sent 4 reports in the last hour, so this one is added to your report of "
            "Mon 2 Mar 2026 09:10 instead of raising a new alert. It goes to the people you "
            "chose for it, with that report."
        )
        assert (
            await table_count(s.world, "alerts"),
            await table_count(s.world, "alert_additions"),
        ) == (3, 1)
        # A day later nothing waits to be sent again about the addition, and the alerts are
        # resent as usual (3, not 4).
        await s.world.advance(hours=24)
        assert len([t for t in seen(s.supervisor) if t.startswith("🔁")]) == 3
        # Out of the hour: a report is a new alert again.
        before_supervisor = len(seen(s.supervisor))
        await report(s, "A new problem")
        assert said_since(s.supervisor, before_supervisor)[0].startswith(
            "⚠️ Sanne de Vries (Bakkerij Jansen) has reported a problem."
        )
        assert await table_count(s.world, "alerts") == 4


def coordinator_lines(bot: CrashingBot) -> list[str]:
    """The lines the bot logged about coordinators, since the log began."""
    return [
        line for line in bot.log.read_text(encoding="utf-8").splitlines() if "coordinator" in line
    ]


async def test_run_warns_in_one_line_while_no_coordinator_can_receive_a_report(
    tmp_path: Path, processes: Processes
) -> None:
    async with BotApiEmulator() as emulator:
        database = tmp_path / "bot.sqlite3"
        # None configured: one warning line naming the setting.
        bot = CrashingBot(emulator, ["bot", "run"], database, tmp_path, processes=processes)
        await bot.start()
        await bot.stop()
        [line] = coordinator_lines(bot)
        assert " WARNING " in line
        assert "no coordinator is configured or has joined" in line
        assert "COORDINATOR_IDS" in line
        # Configured, but he has not said hello yet: still nobody to reach; another line.
        bot = CrashingBot(
            emulator,
            ["bot", "run"],
            database,
            tmp_path,
            processes=processes,
            settings={"COORDINATOR_IDS": str(COORDINATOR)},
        )
        await bot.start()
        carla = emulator.user(COORDINATOR, "Carla", language_code="en")
        carla.send_command("/start")
        await carla.receives("Welcome", timeout=30)
        await bot.stop()
        assert "no coordinator has joined yet" in coordinator_lines(bot)[-1]
        # He has joined: the next start says nothing.
        await bot.start()
        await bot.stop()
        assert len(coordinator_lines(bot)) == 2
