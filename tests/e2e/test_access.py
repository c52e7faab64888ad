"""The access matrix: every button and command of every role, against what is not his."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.demo.world import World
from bot.domain.localtime import zone_of
from bot.domain.trainees import trainee
from bot.domain.training import DEFAULT_DUE_BEFORE
from bot.domain.training_file import read_course_file
from bot.i18n import t
from bot.sandbox.users import SimUser
from bot.services.joining import person_by_email
from bot.services.trainee_invites import invite_trainee
from bot.services.training import create_run
from tests.e2e.story import Cast, school_world
from tests.e2e.test_training import COURSE

STATE_TABLES = (
    "people",
    "placements",
    "checkins",
    "alerts",
    "flows",
    "outbox",
    "invites",
    "erasure_requests",
)


async def snapshot(world: World) -> dict[str, list[tuple[object, ...]]]:
    """Every row of the tables a refused action must not touch."""
    rows = {}
    async with world.bot.services.db.reading() as conn:
        for table in STATE_TABLES:
            async with conn.execute(f"SELECT * FROM {table} ORDER BY 1") as cur:
                rows[table] = [tuple(row) for row in await cur.fetchall()]
    return rows


@pytest.fixture
async def two_placements(tmp_path: Path) -> AsyncIterator[tuple[World, Cast, dict[str, int]]]:
    """Both placements running, each with an open check-in and an open alert."""
    roster_start = datetime(2026, 3, 6, 14, tzinfo=ZoneInfo("Europe/Amsterdam"))
    async with school_world(tmp_path / "bot.sqlite3") as (world, people, _):
        async with world.bot.services.db.transaction() as conn:
            # Let the second placement run at the same time as the first.
            await conn.execute(
                "UPDATE placements SET starts_on = '2026-03-02', ends_on = '2026-05-29', "
                "next_checkin_at = (SELECT next_checkin_at FROM placements WHERE id = 1) "
                "WHERE id = 2"
            )
        await world.move_to(roster_start)
        for student in (people.student, people.other_student):
            student.send_text("/help")
            await world.settle()
            student.press("🆘 I want to ask for help")
            await world.settle()
            student.send_text("I need help")
            await world.settle()
            student.press(
                f"Only {'Ingrid Bos' if student is people.student else 'Peter Mulder'} (school)"
            )
            await world.settle()
        people.other_student.send_text("/forget")  # an erasure request waits for a coordinator
        await world.settle()
        people.other_student.press("Yes, erase my data")
        await world.settle()
        await world.move_to(roster_start.replace(hour=15))
        async with world.bot.services.db.reading() as conn:
            ids = {}
            for table, name in (("checkins", "checkin"), ("alerts", "alert")):
                sql = f"SELECT placement_id, id FROM {table}"
                async with conn.execute(sql) as cur:
                    found = dict(tuple(row) for row in await cur.fetchall())
                ids[f"own_{name}"], ids[f"other_{name}"] = found[1], found[2]
            sql = (
                "SELECT f.id FROM flows f JOIN placements p ON p.student_id = f.person_id "
                "WHERE p.id = 2"
            )
            async with conn.execute(sql) as cur:
                ids["other_flow"] = (await cur.fetchone() or (0,))[0]
        yield world, people, ids


BUTTONS = [
    "ci:{checkin}:m:3",
    # A flow's step buttons carry the flow's id: here another student's flow (ended, too).
    "st:{flow}:skip",
    "st:{flow}:yes",
    "st:{flow}:no",
    "st:{flow}:sup",
    "st:{flow}:both",
    "st:{flow}:ask",
    "st:{flow}:how",
    "st:{flow}:cancel",
    "al:{alert}:ack",
    "al:{alert}:res",
    "er:1:ok",
    "er:1:no",  # approving an erasure request is a coordinator's
]


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


async def test_every_role_is_refused_what_is_not_his(
    two_placements: tuple[World, Cast, dict[str, int]],
) -> None:
    world, people, ids = two_placements
    stranger = world.user("Eve", language="en")
    # (who, check-in id, alert id): nobody but the student answers a check-in, nobody but
    # the placement's supervisor (or a coordinator) acts on an alert.
    attempts = [
        (people.student, ids["other_checkin"], ids["other_alert"]),
        (people.student, ids["other_checkin"], ids["own_alert"]),
        (people.mentor, ids["own_checkin"], ids["own_alert"]),
        (people.mentor, ids["other_checkin"], ids["other_alert"]),
        (people.supervisor, ids["own_checkin"], ids["other_alert"]),
        (people.supervisor, ids["other_checkin"], ids["other_alert"]),
        (people.other_supervisor, ids["own_checkin"], ids["own_alert"]),
        (stranger, ids["own_checkin"], ids["own_alert"]),
        (people.student, 999_999, 999_999),
    ]
    before = await snapshot(world)
    assert len(before["erasure_requests"]) == 1  # Daan's, for the "er:1:…" buttons
    for user, checkin_id, alert_id in attempts:
        for pattern in BUTTONS:
            data = pattern.format(checkin=checkin_id, alert=alert_id, flow=ids["other_flow"])
            answers = len(user.answers)
            forged_press(world, user, data)
            await world.settle()
            assert len(user.answers) == answers + 1, (user.first_name, data)
            refusal = user.answers[-1]["text"]
            assert (
                refusal
                in (
                    "This button is not for you.",
                    "This check-in is closed.",
                    "This button no longer works.",
                )
                or "invite link" in refusal
            ), (user.first_name, data, refusal)
    for user in (people.mentor, people.supervisor, stranger):
        for command in ("/pause 2026-04-01", "/resume", "/checkin"):
            user.send_text(command)
            await world.settle()
    for user in (people.mentor, people.supervisor, people.student, stranger):
        for data in ("pb:s", "pb:b", "al:nonote", "lang:xx", "ci:1:m:9", "zz"):
            forged_press(world, user, data)
            await world.settle()
    assert await snapshot(world) == before
    assert not any("I need help" in text for text in people.supervisor.texts() if "Daan" in text)


async def test_the_same_buttons_work_for_their_owners(
    two_placements: tuple[World, Cast, dict[str, int]],
) -> None:
    world, people, ids = two_placements
    student, supervisor = people.student, people.other_supervisor
    question = next(m for m in student.bot_messages if m.has_button("😐 3"))
    alert = next(m for m in supervisor.bot_messages if m.has_button("👀 Acknowledge"))
    student.press("😐 3", question)
    supervisor.press("👀 Acknowledge", alert)
    await world.settle()
    # What each of them sees: the question keeps the answer and loses its buttons, the next
    # question comes; the alert says who acknowledged it and keeps only Resolved.
    assert (question.text or "").endswith("<b>→ 😐 3</b>")
    assert question.buttons == []
    assert student.texts()[-1] == t("en", "checkin.ask_week")
    assert [label for row in student.bot_messages[-1].buttons for label, _ in row] == [
        "Skip",
        "✖️ Cancel",
    ]
    assert (alert.text or "").endswith("👀 Acknowledged by Peter Mulder, Fri 6 Mar 2026 15:00")
    assert "I need help" in (alert.text or "")
    assert [label for row in alert.buttons for label, _ in row] == ["✅ Resolved"]
    # Each press was answered once (the spinner stops), with no error shown.
    for user in (student, supervisor):
        assert user.answers[-1].get("show_alert") is not True
    async with world.bot.services.db.reading() as conn:
        async with conn.execute("SELECT id, mood FROM checkins") as cur:
            moods = dict(tuple(row) for row in await cur.fetchall())
        async with conn.execute("SELECT id, status FROM alerts") as cur:
            statuses = dict(tuple(row) for row in await cur.fetchall())
        async with conn.execute("SELECT COUNT(*) FROM inbox WHERE error IS NOT NULL") as cur:
            failed = await cur.fetchone()
    assert moods == {ids["own_checkin"]: 3, ids["other_checkin"]: None}
    assert statuses == {ids["own_alert"]: "open", ids["other_alert"]: "acknowledged"}
    assert failed is not None
    assert failed[0] == 0


async def test_an_owners_button_under_a_message_that_cannot_be_edited_still_works(
    two_placements: tuple[World, Cast, dict[str, int]],
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A forwarded or very old button: the answer counts and the next question comes anyway."""
    world, people, ids = two_placements
    caplog.set_level(logging.WARNING)
    forged_press(world, people.student, f"ci:{ids['own_checkin']}:m:4")  # under message 1
    await world.settle()
    assert people.student.texts()[-1] == t("en", "checkin.ask_week")
    async with world.bot.services.db.reading() as conn:
        async with conn.execute(
            "SELECT mood FROM checkins WHERE id = ?", (ids["own_checkin"],)
        ) as cur:
            assert tuple(await cur.fetchone() or ()) == (4,)
        async with conn.execute("SELECT COUNT(*) FROM inbox WHERE error IS NOT NULL") as cur:
            assert tuple(await cur.fetchone() or ()) == (0,)
    # Neither "Message can't be edited" nor the apology's "Query is too old" in the log.
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []


async def test_a_trainee_mentor_is_refused_every_placement_button_and_command(
    two_placements: tuple[World, Cast, dict[str, int]],
) -> None:
    """He sees only his training: the guard refuses the rest before any feature runs."""
    world, _, ids = two_placements
    svc = world.bot.services
    plan = read_course_file(COURSE.encode(), zone_of("Europe/Amsterdam"), DEFAULT_DUE_BEFORE)
    ingrid = await person_by_email(svc, "ingrid@school.example")
    assert ingrid is not None
    run = await create_run(
        svc, ingrid, plan.course, list(plan.sessions), instructions="", now=svc.clock.now()
    )
    assert isinstance(run, int)
    tom = trainee("Tom Bakker", "tom@bakkerij.example", "Bakkerij Jansen")
    invited = await invite_trainee(svc, ingrid, run, tom, svc.clock.now())
    trainee_user = world.user("Tom", language="nl")
    await world.join(trainee_user, invited.token)
    before = await snapshot(world)
    refusal = t("nl", "trainee.only_training")
    for checkin_id, alert_id in ((ids["own_checkin"], ids["own_alert"]), (999_999, 999_999)):
        for pattern in BUTTONS:
            data = pattern.format(checkin=checkin_id, alert=alert_id, flow=ids["other_flow"])
            answers = len(trainee_user.answers)
            forged_press(world, trainee_user, data)
            await world.settle()
            assert len(trainee_user.answers) == answers + 1, data
            said = trainee_user.answers[-1]["text"]
            if data.startswith("st:"):  # a flow's step: his flows only, refused by the flows
                assert said in (t("nl", "button.stale"), t("nl", "refused")), said
            else:
                assert said == refusal, (data, said)
    for command in ("/pause 2026-04-01", "/resume", "/checkin", "/overview", "/student Sanne"):
        trainee_user.send_text(command)
        await world.settle()
        assert trainee_user.texts()[-1] == refusal, command
    assert await snapshot(world) == before
