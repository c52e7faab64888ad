"""A placement ended early, end to end: the real bot over HTTP against the emulator, real
SQLite, the fake clock moved through the tick.

Student, mentor and supervisor are each told once, in their own language; someone who has not
joined, blocked the bot or whose chat is gone holds up neither the others nor the end; after it
nothing of the placement keeps running, but a report the student sent before stays with a person;
a double tap, a forged or stale button and ending it again change nothing.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.demo import plain
from bot.demo.world import World, open_world
from bot.sandbox.users import SimUser
from bot.services.roster_changes import EndResult, end_placement
from tests.conftest import START
from tests.e2e.test_meetings import plan
from tests.e2e.test_supervision_access import forge

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
COORDINATOR = 9001
ROSTER = """student_name,student_email,mentor_name,mentor_email,company,supervisor_name,supervisor_email,starts_on,ends_on,language
Sanne de Vries,sanne@student.example,Mark Jansen,mark@bakkerij.example,Bakkerij Jansen,Ingrid Bos,ingrid@school.example,2026-03-02,2026-05-29,en
Daan Smit,daan@student.example,Fatima El Amrani,fatima@zorg.example,Zorgcentrum West,Peter Mulder,peter@school.example,2026-09-01,2026-12-18,en
"""  # noqa: E501
END_SANNE = "End: Sanne de Vries · Bakkerij Jansen"
CONFIRM = "⏹ End it"
STUDENT_TOLD = "Your placement at Bakkerij Jansen has ended early: your last day was"
MENTOR_TOLD_NL = "De stage van Sanne de Vries bij Bakkerij Jansen is voortijdig beëindigd"
SUPERVISOR_TOLD = "The placement of Sanne de Vries at Bakkerij Jansen has ended early"

# Every message to Daan, Fatima or Peter (the three of the placement that was called off).
DAANS_MESSAGES = """SELECT o.kind FROM outbox o JOIN placements p ON p.id = 2
                    WHERE o.person_id IN (p.student_id, p.mentor_id, p.supervisor_id)
                    ORDER BY o.id"""

WORDS = "My mentor shouts at me & I feel unsafe <really> 😟"
HANDLER_ERRORS = "SELECT error FROM inbox WHERE error IS NOT NULL"
FULL = {"sanne": "Sanne de Vries", "mark": "Mark Jansen", "ingrid": "Ingrid Bos"}


def local(month: int, day: int, hour: int) -> datetime:
    """A moment of 2026 on an Amsterdam wall clock."""
    return datetime(2026, month, day, hour, tzinfo=AMSTERDAM)


def seen(user: SimUser) -> list[str]:
    """What a person read from the bot, as plain text, in order."""
    return [plain(m.text or "") for m in user.bot_messages]


async def rows(world: World, sql: str) -> list[tuple[object, ...]]:
    """Rows of a query on the bot's database."""
    async with world.bot.services.db.reading() as conn, conn.execute(sql) as cur:
        return [tuple(row) for row in await cur.fetchall()]


async def state(world: World) -> list[tuple[object, ...]]:
    """What ending a placement writes: placements, check-ins, meetings, alerts, its messages
    and the log."""
    found: list[tuple[object, ...]] = []
    for table in ("placements", "checkins", "meetings", "alerts", "audit_log"):
        found += [(table, *row) for row in await rows(world, f"SELECT * FROM {table}")]
    return found + await rows(world, "SELECT dedupe_key FROM outbox ORDER BY id")


@asynccontextmanager
async def school(
    tmp_path: Path,
    *,
    joined: tuple[str, ...] = ("sanne", "mark", "ingrid"),
    dutch: str = "mark",
) -> AsyncIterator[tuple[World, SimUser, SimUser, SimUser, SimUser]]:
    """Sanne (student, English by her roster line), Mark (mentor) and Ingrid (supervisor) as
    far as they joined, one of them on a Dutch Telegram, and Carla the coordinator; Monday 2
    March."""
    async with open_world(
        tmp_path / "bot.sqlite3", START, coordinator_ids=frozenset({COORDINATOR})
    ) as world:
        await world.import_roster(ROSTER)
        tokens = await world.invite_tokens()
        sanne = world.user("Sanne", language="en")
        mark = world.user("Mark", language="nl" if dutch == "mark" else "en")
        ingrid = world.user("Ingrid", language="nl" if dutch == "ingrid" else "en")
        for name, user, email in (
            ("sanne", sanne, "sanne@student.example"),
            ("mark", mark, "mark@bakkerij.example"),
            ("ingrid", ingrid, "ingrid@school.example"),
        ):
            if name in joined:
                await world.join(user, tokens[email])
        carla = world.emulator.user(COORDINATOR, "Carla", language_code="en")
        carla.send_command("/start")
        await world.settle()
        yield world, sanne, mark, ingrid, carla


async def report(world: World, sanne: SimUser) -> None:
    """Sanne asks for help with /help, describes it and lets only Ingrid read it."""
    sanne.send_command("/help")
    await world.settle()
    sanne.press("🆘 I want to ask for help")
    await world.settle()
    sanne.send_text(WORDS)
    await world.settle()
    sanne.press("Only Ingrid Bos (school)")
    await world.settle()


async def end_sanne(world: World, carla: SimUser) -> None:
    """Carla ends Sanne's placement as of today."""
    carla.send_text("/end sanne")
    await world.settle()
    carla.press(END_SANNE)
    await world.settle()
    carla.press(CONFIRM)
    await world.settle()


async def test_a_double_tap_a_forged_or_stale_button_and_ending_again_change_nothing(
    tmp_path: Path,
) -> None:
    async with school(tmp_path) as (world, sanne, mark, ingrid, carla):
        await world.move_to(local(3, 18, 10))
        carla.send_text("/end sanne")
        await world.settle()
        choice = carla.bot_messages[-1].callback_data_for(END_SANNE)
        assert choice is not None
        # Keep it: nothing changes, nobody is told.
        before = await state(world)
        carla.press(END_SANNE)
        await world.settle()
        assert seen(carla)[-1] == (
            "End the placement of Sanne de Vries at Bakkerij Jansen? The last day becomes Tue 17 "
            "Mar 2026; from today no check-ins, meetings or surveys go out for it. Sanne de "
            "Vries, the mentor and the supervisor are each told."
        )
        carla.press("↩️ Keep it")
        await world.settle()
        assert seen(carla)[-1] == "OK, nothing has changed."
        assert await state(world) == before
        carla.press(END_SANNE)
        await world.settle()
        button = carla.bot_messages[-1].callback_data_for(CONFIRM)
        assert button is not None
        # A double tap on the confirm: both presses arrive before the bot answers the first.
        carla.press(CONFIRM)
        carla.press(CONFIRM)
        await world.settle()
        done = [text for text in seen(carla) if text.startswith("✅")]
        assert done == [
            "✅ The placement at Bakkerij Jansen has ended: its last day is Tue 17 Mar 2026. No "
            "more check-ins.\nStudent, mentor and supervisor are told."
        ]
        assert seen(carla)[-1] == "That placement has ended already."
        told = await rows(world, "SELECT dedupe_key FROM outbox WHERE kind = 'placement_ended'")
        assert len(told) == 3
        assert await rows(
            world, "SELECT COUNT(*) FROM audit_log WHERE action = 'placement_ended'"
        ) == [(1,)]
        assert [text for text in seen(sanne) if text.startswith(STUDENT_TOLD)] == [
            STUDENT_TOLD + " Tue 17 Mar 2026. From now on you will get no more check-ins or "
            "reminders for it from me. Questions? Ingrid Bos, your supervisor, is there for you."
        ]
        await world.advance(hours=1)  # the tick's own bookkeeping settles first
        before = await state(world)
        # The same buttons later (stale), a forged one for a placement that is not there, the
        # supervisor forging Carla's buttons, and /end again: clear answers, nothing changed.
        for stale in (button, choice):
            forge(carla, stale)
            await world.settle()
            assert seen(carla)[-1] == "That placement has ended already."
        for forged in ("ec:999999", "ep:999999"):
            forge(carla, forged)
            await world.settle()
            assert seen(carla)[-1] == "That placement is not there."
        for forged in (button, choice):
            forge(ingrid, forged)
            await world.settle()
            assert ingrid.answers[-1]["text"] == "This button is not for you."
        carla.send_text("/end sanne")
        await world.settle()
        assert seen(carla)[-1] == "No running placement of a student matching “sanne”."
        assert await state(world) == before
        assert len([t for t in seen(mark) if t.startswith(MENTOR_TOLD_NL)]) == 1


async def test_a_placement_called_off_before_it_began_is_not_called_off_twice(
    tmp_path: Path,
) -> None:
    async with school(tmp_path) as (world, _sanne, _mark, _ingrid, carla):
        carla.send_text("/end daan")
        await world.settle()
        carla.press("End: Daan Smit · Zorgcentrum West")
        await world.settle()
        assert seen(carla)[-1] == (
            "Call off the placement of Daan Smit at Zorgcentrum West, which was to start on Tue "
            "1 Sep 2026? Nothing will go out for it. Daan Smit, the mentor and the supervisor "
            "are each told."
        )
        carla.press(CONFIRM)
        carla.press(CONFIRM)
        await world.settle()
        assert [text for text in seen(carla) if text.startswith("✅")] == [
            "✅ The placement at Zorgcentrum West has been called off: it would have started on "
            "Tue 1 Sep 2026. Student, mentor and supervisor are told."
        ]
        assert seen(carla)[-1] == "That placement has ended already."
        assert await rows(world, "SELECT starts_on, ends_on FROM placements WHERE id = 2") == [
            ("2026-09-01", "2026-08-31")
        ]
        assert len(await rows(world, "SELECT 1 FROM outbox WHERE kind = 'placement_ended'")) == 3
        carla.send_text("/end daan")
        await world.settle()
        assert seen(carla)[-1] == "No running placement of a student matching “daan”."
        carla.send_text("/placements")
        await world.settle()
        listed = seen(carla)[-1]
        assert "Sanne de Vries" in listed
        assert "Daan Smit" not in listed  # called off: it never runs, nor comes
        # Its first day comes and goes: nothing goes out for it (no survey, no end notice).
        await world.move_to(local(9, 1, 8))
        for _ in range(4 * 7):
            await world.advance(days=1)
        assert await rows(world, DAANS_MESSAGES) == [("placement_ended",)] * 3


@pytest.mark.parametrize(
    ("joined", "spoiled", "how"),
    [
        (("sanne", "mark"), "ingrid", "not joined"),
        (("sanne", "mark", "ingrid"), "mark", "blocked"),
        (("sanne", "mark", "ingrid"), "sanne", "chat gone"),
    ],
)
async def test_one_who_cannot_be_reached_holds_up_neither_the_others_nor_the_end(
    tmp_path: Path, joined: tuple[str, ...], spoiled: str, how: str
) -> None:
    async with school(tmp_path, joined=joined) as (world, sanne, mark, ingrid, carla):
        people = {"sanne": sanne, "mark": mark, "ingrid": ingrid}
        if how == "blocked":
            people[spoiled].block_bot()
        elif how == "chat gone":
            people[spoiled].refuse(400, "Bad Request: chat not found")
        await world.move_to(local(3, 18, 10))
        await end_sanne(world, carla)
        assert seen(carla)[-1].startswith("✅ The placement at Bakkerij Jansen has ended")
        assert await rows(world, "SELECT ends_on FROM placements WHERE id = 1") == [
            ("2026-03-17",)
        ]
        first_line = {
            "sanne": STUDENT_TOLD,
            "mark": MENTOR_TOLD_NL,
            "ingrid": SUPERVISOR_TOLD,
        }
        for name, user in people.items():
            told = [text for text in seen(user) if text.startswith(first_line[name])]
            assert len(told) == (0 if name == spoiled else 1), (name, seen(user))
        statuses = await rows(
            world,
            "SELECT p.name, o.status FROM outbox o JOIN people p ON p.id = o.person_id "
            "WHERE o.kind = 'placement_ended' ORDER BY p.id",
        )
        # The one who cannot be reached keeps his word waiting (not joined: until he does; a
        # blocked or gone chat: marked undeliverable, as the supervisor learns); never sent.
        status = {str(name): str(value) for name, value in statuses}
        assert {n: status[FULL[n]] for n in FULL if n != spoiled} == {
            n: "sent" for n in FULL if n != spoiled
        }
        assert status[FULL[spoiled]] in {"pending", "undeliverable"}
        unreachable = await rows(
            world, "SELECT name FROM people WHERE undeliverable_at IS NOT NULL"
        )
        assert unreachable == ([] if how == "not joined" else [(FULL[spoiled],)])
        if how == "not joined":  # she joins later: the word waits for her
            tokens = await world.invite_tokens()
            await world.join(ingrid, tokens["ingrid@school.example"])
            assert [t for t in seen(ingrid) if t.startswith(SUPERVISOR_TOLD)] != []


async def test_after_the_end_nothing_runs_for_it_but_the_report_still_reaches_a_person(
    tmp_path: Path,
) -> None:
    async with school(tmp_path, dutch="ingrid") as (world, sanne, mark, ingrid, carla):
        # Two weeks of silence from Sanne, then she reports a problem; nobody acknowledges.
        while world.clock.now() < local(3, 16, 9):
            await world.advance(hours=12)
        await report(world, sanne)
        # Mark plans a meeting for next week, Sanne confirms it.
        await plan(world, mark, "25-3 14:00")
        sanne.press("✅ Confirm")
        await world.settle()
        await world.move_to(local(3, 18, 10))
        alerts = "SELECT kind, status, resend_at IS NOT NULL FROM alerts ORDER BY kind"
        assert await rows(world, alerts) == [
            ("meetings_lapsing", "open", 1),
            ("missed_checkins", "open", 1),
            ("problem_reported", "open", 1),
        ]
        await end_sanne(world, carla)
        # Each is told once, in his own language (Ingrid's Telegram speaks Dutch).
        assert [t for t in seen(ingrid) if "voortijdig" in t] == [
            "De stage van Sanne de Vries bij Bakkerij Jansen is voortijdig beëindigd: de laatste "
            "dag was di 17 mrt 2026. Er gaan voor deze stage geen check-ins, "
            "gespreksherinneringen of enquêtes meer uit, en signaleringen over gemiste check-ins "
            "of gesprekken stoppen. Een "
            "probleem dat Sanne de Vries heeft gemeld, blijft voor je openstaan tot je het "
            "afhandelt."
        ]
        assert [t for t in seen(mark) if "ended early" in t] == [
            "The placement of Sanne de Vries at Bakkerij Jansen has ended early: the last day "
            "was Tue 17 Mar 2026. Meetings planned after that day are cancelled, and you will "
            "get no more reminders or feedback requests for it."
        ]
        assert len([t for t in seen(sanne) if t.startswith(STUDENT_TOLD)]) == 1
        # The alerts about its running stop; the report keeps going, none is resolved quietly.
        assert await rows(world, alerts) == [
            ("meetings_lapsing", "open", 0),
            ("missed_checkins", "open", 0),
            ("problem_reported", "open", 1),
        ]
        assert await rows(world, "SELECT state, next_reminder_at FROM meetings") == [
            ("cancelled", None)
        ]
        [(last_id,)] = await rows(world, "SELECT MAX(id) FROM outbox")
        seen_at_end = {user.user_id: len(user.bot_messages) for user in (sanne, mark)}
        # Three months through the tick: past the meeting, the mid survey, the end notice, the
        # original last day and the end survey.
        while world.clock.now() < local(6, 20, 9):
            await world.advance(hours=12)
        after = await rows(
            world,
            "SELECT p.name, o.kind, o.dedupe_key FROM outbox o JOIN people p ON p.id = o.person_id"
            f" WHERE o.id > {last_id} ORDER BY o.id",
        )
        to = {
            name: [(kind, key) for who, kind, key in after if who == name]
            for name in FULL.values()
        }
        # Nothing for Mark; Sanne hears only who has her report now (it reached Carla).
        assert to["Mark Jansen"] == []
        assert [kind for kind, _ in to["Sanne de Vries"]] == ["report_receipt"]
        assert len(mark.bot_messages) == seen_at_end[mark.user_id]
        assert len(sanne.bot_messages) == seen_at_end[sanne.user_id] + 1
        assert "Carla" in seen(sanne)[-1]
        # The report was handed to the coordinator, as for any alert nobody acknowledged.
        escalated = [
            key for who, kind, key in after if who == "Carla" and kind == "alert_escalated"
        ]
        assert escalated == ["alert-escalated:2:7"]
        assert [who for who, _, _ in after if who not in FULL.values()] == ["Carla"]
        # Ingrid: her weekly digest of the week it ended, and resends of the report only.
        assert all(
            key == "digest:3:2026-03-23" or str(key).startswith("alert:2:")
            for _, key in to["Ingrid Bos"]
        ), to["Ingrid Bos"]
        assert await rows(world, "SELECT COUNT(*) FROM checkins WHERE status = 'open'") == [(0,)]


async def test_a_survey_she_was_invited_to_is_closed_with_the_end_and_never_reminded(
    tmp_path: Path,
) -> None:
    async with school(tmp_path) as (world, sanne, _mark, _ingrid, carla):
        await world.move_to(local(4, 14, 10))
        await world.move_to(local(4, 17, 11))  # halfway, her check-in closed: the mid survey
        assert any("Mid-placement survey" in text for text in seen(sanne))
        sanne.press("▶️ Start")
        await world.settle()
        sanne.press("4")  # one answer, then she stops
        await world.settle()
        invitations = "SELECT closed_at IS NOT NULL, reminded_at FROM survey_invitations"
        assert await rows(world, invitations) == [(0, None)]
        assert await rows(world, "SELECT COUNT(*) FROM survey_drafts") == [(1,)]
        await world.move_to(local(4, 18, 9))
        await end_sanne(world, carla)
        assert await rows(world, invitations) == [(1, None)]
        assert await rows(world, "SELECT COUNT(*) FROM survey_drafts") == [(0,)]
        told = len(sanne.bot_messages)
        for _ in range(3 * 7):
            await world.advance(days=1)
        assert await rows(world, "SELECT 1 FROM outbox WHERE kind = 'survey_reminder'") == []
        assert len(sanne.bot_messages) == told


async def test_a_later_last_day_keeps_the_check_ins_until_then_and_none_after(
    tmp_path: Path,
) -> None:
    async with school(tmp_path) as (world, sanne, mark, _ingrid, _carla):
        await world.move_to(local(3, 18, 10))
        # As `python -m bot end --last-day 2026-03-31` does (the same service).
        ended = await end_placement(
            world.bot.services, 1, world.clock.now(), last_day=date(2026, 3, 31)
        )
        assert ended.result is EndResult.ENDED
        await world.advance(minutes=1)  # the tick wakes the sender
        assert [t for t in seen(sanne) if "ends early" in t] == [
            "Your placement at Bakkerij Jansen ends early: your last day is Tue 31 Mar 2026. "
            "After that you will get no more check-ins or reminders for it from me. Questions? "
            "Ingrid Bos, your supervisor, is there for you."
        ]
        assert [t for t in seen(mark) if "stopt eerder" in t] == [
            "De stage van Sanne de Vries bij Bakkerij Jansen stopt eerder: de laatste dag is di "
            "31 mrt 2026. Gesprekken die na die dag gepland stonden, gaan niet door, en daarna "
            "krijg je er geen herinneringen of verzoeken om feedback meer over."
        ]
        while world.clock.now() < local(5, 1, 9):
            await world.advance(hours=12)
        opened = await rows(world, "SELECT date(due_at) FROM checkins ORDER BY due_at")
        assert [day for (day,) in opened if str(day) > "2026-03-18"] == [
            "2026-03-20",
            "2026-03-27",
        ]


async def test_a_stranger_or_a_huge_name_ends_nothing(tmp_path: Path) -> None:
    async with school(tmp_path) as (world, _sanne, _mark, _ingrid, carla):
        before = await state(world)
        stranger = world.user("Eve", language="en")
        for data in ("ep:1", "ec:1", "ek"):
            forge(stranger, data)
            await world.settle()
        assert not any("ended" in text for text in seen(stranger))
        huge = "&<b>😟 " * 1700  # some 10,000 characters of markup-looking text and emoji
        carla.send_text(f"/end {huge}")
        await world.settle()
        assert seen(carla)[-1] == (
            "No running placement of a student matching “" + huge[:60] + "…”."
        )
        assert await rows(world, HANDLER_ERRORS) == []
        assert await state(world) == before
