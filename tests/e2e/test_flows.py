"""Flows as a student and a supervisor meet them: switching, /cancel, time-outs, bad input."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.demo.world import World
from bot.sandbox.users import SimUser
from tests.e2e.story import Cast, school_world

FRIDAY = datetime(2026, 3, 6, 14, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))  # check-in opens
STALE = "This button no longer works."
NOT_WAITING = "I'm not waiting for an answer from you right now."
WEEK_QUESTION = "What went well or was hard?"
HELP_QUESTION = "Is there anything you need help with?"
DESCRIBE = "What do you need help with? Describe it in one message."
AUDIENCE = "Who may read this?"
NOTE_QUESTION = "Want to add a short note on how it was resolved?"
MENU = "What can I do for you?"
USE_BUTTONS = "Please tap one of the buttons (or send /cancel to stop)."
HOSTILE = "&😀" * 5000  # 10,000 characters, every other one to be escaped, half of them emoji
TOO_LONG = (
    "That message is too long for me (10000 characters). "
    "Please keep it shorter than 3500 characters."
)
Rows = list[tuple[object, ...]]


@pytest.fixture
async def story(tmp_path: Path) -> AsyncIterator[tuple[World, Cast]]:
    async with school_world(tmp_path / "bot.sqlite3") as (world, people, _):
        yield world, people


async def rows(world: World, sql: str) -> Rows:
    async with world.bot.services.db.reading() as conn, conn.execute(sql) as cur:
        return [tuple(row) for row in await cur.fetchall()]


async def state(world: World) -> dict[str, Rows]:
    """What a flow may change: the check-ins, the alerts (with notes) and the messages."""
    return {
        "checkins": await rows(
            world, "SELECT id, mood, week_note, week_skipped, needs_help FROM checkins ORDER BY id"
        ),
        "alerts": await rows(
            world, "SELECT id, kind, details, status, resolution_note FROM alerts ORDER BY id"
        ),
        "outbox": await rows(world, "SELECT id, person_id, kind FROM outbox ORDER BY id"),
    }


async def flow_of(world: World, user: SimUser) -> tuple[object, ...]:
    """The student's stored flow: (name, step, ended, data)."""
    found = await rows(
        world,
        f"""SELECT f.flow, f.step, f.ended, f.data FROM flows f
                                  JOIN people p ON p.id = f.person_id
                                  WHERE p.telegram_id = {user.user_id}""",
    )
    return found[0] if found else ()


async def act(world: World, user: SimUser, *actions: str) -> None:
    """Texts and commands are sent, "[label]" presses the newest button with that label."""
    for action in actions:
        if action.startswith("[") and action.endswith("]"):
            user.press(action[1:-1])
        else:
            user.send_text(action)
        await world.settle()


def forged_press(world: World, user: SimUser, data: str) -> None:
    """A button press with any callback data, as a modified client could send it."""
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
            }
        }
    )


# How a student (or the supervisor) reaches each step of each flow.
async def to_week(world: World, people: Cast) -> SimUser:
    await world.move_to(FRIDAY)
    await act(world, people.student, "[🙂 4]")
    return people.student


async def to_help_question(world: World, people: Cast) -> SimUser:
    await to_week(world, people)
    await act(world, people.student, "Busy")
    return people.student


async def to_menu(world: World, people: Cast) -> SimUser:
    await act(world, people.student, "/help")
    return people.student


async def to_describe(world: World, people: Cast) -> SimUser:
    await act(world, people.student, "/help", "[🆘 I want to ask for help]")
    return people.student


async def to_audience(world: World, people: Cast) -> SimUser:
    await to_describe(world, people)
    await act(world, people.student, "My mentor is never there")
    return people.student


async def to_note(world: World, people: Cast) -> SimUser:
    await to_audience(world, people)
    await act(world, people.student, "[Only Ingrid Bos (school)]")
    await act(world, people.supervisor, "[✅ Resolved]")
    return people.supervisor


Reach = Callable[[World, Cast], Awaitable[SimUser]]
STEPS: dict[str, tuple[Reach, str]] = {  # step: (how to get there, its question)
    "checkin.week": (to_week, WEEK_QUESTION),
    "checkin.help": (to_help_question, HELP_QUESTION),
    "help.choose": (to_menu, MENU),
    "report.describe": (to_describe, DESCRIBE),
    "report.audience": (to_audience, AUDIENCE),
    "alert_note.note": (to_note, NOTE_QUESTION),
}


async def test_help_then_checkin_takes_the_answer_as_the_week_not_as_a_problem(
    story: tuple[World, Cast],
) -> None:
    world, people = story
    student = await to_week(world, people)
    await act(world, student, "/help")
    assert student.texts()[-1].startswith("I've put your check-in aside.")
    assert MENU in student.texts()[-1]
    await act(world, student, "/checkin")
    assert student.texts()[-1].startswith(WEEK_QUESTION)
    await act(world, student, "Het was druk maar leuk")
    assert student.texts()[-1] == HELP_QUESTION
    assert not any(AUDIENCE in text for text in student.texts())
    assert (await state(world))["checkins"] == [(1, 4, "Het was druk maar leuk", 0, None)]
    assert (await state(world))["alerts"] == []


async def test_help_offers_a_report_or_how_it_works_and_a_typed_answer_gets_the_buttons(
    story: tuple[World, Cast],
) -> None:
    world, people = story
    student = people.student
    await act(world, student, "/help")
    menu = student.bot_messages[-1]
    assert menu.text == MENU
    assert [label for row in menu.buttons for label, _ in row] == [
        "🆘 I want to ask for help",
        "❓ How does this work?",
    ]
    await act(world, student, "hoe werkt deze bot?")  # not a report
    assert student.texts()[-1] == f"{USE_BUTTONS}\n\n{MENU}"
    await act(world, student, "[❓ How does this work?]")
    assert student.texts()[-1].startswith("<b>How this works</b>")
    assert "/cancel — stop what you are doing" in student.texts()[-1]
    await act(world, student, "goed")  # the "goed" the next Friday: no report either
    assert student.texts()[-1].startswith(NOT_WAITING)
    before = await state(world)
    assert before["alerts"] == []
    await act(world, people.mentor, "/help")
    assert people.mentor.texts()[-1].startswith("<b>What I do for you</b>")
    await act(world, people.supervisor, "/help")
    assert "Alerts when a student needs attention" in people.supervisor.texts()[-1]
    assert await state(world) == before


async def test_typed_answers_count_where_they_are_clear(story: tuple[World, Cast]) -> None:
    world, people = story
    student = people.student
    await world.move_to(FRIDAY)
    await act(world, student, "het ging wel oké")  # the mood question is open: buttons again
    assert student.texts()[-1].startswith(USE_BUTTONS)
    assert student.bot_messages[-1].has_button("😐 3")
    await act(world, student, " 4 ")
    assert student.texts()[-1].startswith(WEEK_QUESTION)
    await act(world, student, "Skip is what I'd like", "misschien")
    assert student.texts()[-1] == f"{USE_BUTTONS}\n\n{HELP_QUESTION}"
    await act(world, student, "Ja")
    assert student.texts()[-1] == DESCRIBE
    await act(world, student, "Ik word gepest", "alleen jij")  # a button is expected
    assert student.texts()[-1] == f"{USE_BUTTONS}\n\n{AUDIENCE}"
    assert (await state(world))["checkins"] == [(1, 4, "Skip is what I'd like", 0, 1)]
    assert (await state(world))["alerts"] == []


async def test_a_report_under_way_is_never_thrown_away(story: tuple[World, Cast]) -> None:
    world, people = story
    await world.move_to(FRIDAY)  # the check-in opens (its question is open: not a draft)
    student = await to_audience(world, people)
    await act(world, student, "/checkin")
    busy = "You are still reporting a problem. First choose who may read it, or send /cancel"
    assert student.texts()[-1].startswith(busy)
    assert student.bot_messages[-1].has_button("Only Ingrid Bos (school)")
    await act(world, student, "[🙂 4]", "/help")
    assert student.texts()[-1].startswith(busy)
    assert (await state(world))["checkins"] == [(1, None, None, 0, None)]
    await act(world, student, "[Only Ingrid Bos (school)]")
    assert len((await state(world))["alerts"]) == 1
    await act(world, student, "[🙂 4]")  # now the mood counts
    assert student.texts()[-1].startswith(WEEK_QUESTION)


async def test_a_report_not_yet_written_gives_way_and_says_so(
    story: tuple[World, Cast],
) -> None:
    world, people = story
    await world.move_to(FRIDAY)
    student = await to_describe(world, people)
    await act(world, student, "/checkin")
    assert student.texts()[-1] == (
        "I've stopped your problem report; nothing has been sent. Send /help to start "
        "again.\n\nHow was your week? Tap 1 (bad) to 5 (great)."
    )
    await act(world, student, "3")
    assert student.texts()[-1].startswith(WEEK_QUESTION)


CANCELS = [
    ("checkin.week", "/cancel", "OK, I've stopped the check-in."),
    ("checkin.week", "[✖️ Cancel]", "OK, I've stopped the check-in."),
    ("checkin.help", "/cancel", "OK, I've stopped the check-in."),
    ("help.choose", "/cancel", "OK."),
    ("report.describe", "/cancel", "OK, I've stopped. Nothing has been sent."),
    ("report.describe", "[✖️ Cancel]", "OK, I've stopped. Nothing has been sent."),
    ("report.audience", "/cancel", "OK, I've stopped. Nothing has been sent."),
    ("report.audience", "[✖️ Cancel]", "OK, I've stopped. Nothing has been sent."),
    ("alert_note.note", "/cancel", "OK, no note."),
    ("alert_note.note", "[No note]", "OK, no note."),  # the note question's Cancel
]


@pytest.mark.parametrize(("step", "cancel", "said"), CANCELS)
async def test_cancel_ends_each_flow_and_stores_nothing_more(
    story: tuple[World, Cast],
    step: str,
    cancel: str,
    said: str,
) -> None:
    world, people = story
    user = await STEPS[step][0](world, people)
    before = await state(world)
    await act(world, user, cancel)
    assert user.texts()[-1].startswith(said)
    await act(world, user, "and one more thing")  # no flow takes it any more
    assert user.texts()[-1].startswith(NOT_WAITING)
    assert await state(world) == before
    flow, _, ended, data = await flow_of(world, user)
    assert (flow, ended) == (
        step.split(".", 1)[0],
        "finished" if cancel == "[No note]" else "cancelled",
    )
    assert "never there" not in str(data)  # a cancelled report keeps no words
    await act(world, user, "/cancel")
    assert user.texts()[-1] == "There is nothing to stop right now."


@pytest.mark.parametrize("ticked", [True, False], ids=["ended by the tick", "before the tick"])
@pytest.mark.parametrize(
    "step", ["checkin.week", "report.describe", "report.audience", "alert_note.note"]
)
async def test_a_flow_left_half_way_times_out_and_keeps_nothing_half(
    story: tuple[World, Cast],
    step: str,
    ticked: bool,
) -> None:
    world, people = story
    reach, question = STEPS[step]
    user = await reach(world, people)
    before = await state(world)
    old_question = user.bot_messages[-1]
    flow: object = step.split(".", 1)[0]
    if ticked:
        await world.advance(hours=2, minutes=1)  # the tick ends it; nobody is told yet
        assert await state(world) == before
        stored, _, ended, data = await flow_of(world, user)
        assert (stored, ended) == (flow, "expired")
        assert "never there" not in str(data)
    else:
        world.clock.advance(timedelta(hours=2))  # its last moment has passed; no tick yet
    await act(world, user, "Sorry, I was away")
    expired = {
        "checkin": "Your check-in waited too long for an answer.",
        "report": "Your problem report was not finished in time, so I've stopped it.",
        "alert_note": "The question about a note has expired;",
    }[str(flow)]
    assert user.texts()[-1].startswith(expired)
    for label, _ in [button for row in old_question.buttons for button in row]:
        user.press(label, old_question)
        await world.settle()
        assert user.answers[-1]["text"] in (STALE, "You answered this already.")
    await act(world, user, "And now?")
    assert user.texts()[-1].startswith(NOT_WAITING)
    assert await state(world) == before
    assert question not in user.texts()[-1]


STEP_BUTTONS = [  # a step, and its buttons' answers
    ("checkin.week", ["skip", "cancel"]),
    ("checkin.help", ["yes", "no"]),
    ("help.choose", ["ask", "how"]),
    ("report.describe", ["cancel"]),
    ("report.audience", ["sup", "both", "cancel"]),
    ("alert_note.note", ["skip"]),
]


@pytest.mark.parametrize(("step", "answers"), STEP_BUTTONS)
async def test_a_stale_or_forged_button_of_each_step_is_refused(
    story: tuple[World, Cast],
    step: str,
    answers: list[str],
) -> None:
    world, people = story
    user = await STEPS[step][0](world, people)
    question = user.bot_messages[-1]
    flow_id = int(question.buttons[0][0][1].split(":", 2)[1])
    flow = await flow_of(world, user)
    before = await state(world)
    for answer in answers:  # another flow's id (an older one, someone else's, made up)
        for other in (flow_id - 1, flow_id + 1, 10**17):
            forged_press(world, user, f"st:{other}:{answer}")
            await world.settle()
            assert user.answers[-1]["text"] == STALE
    for forged in (f"st:{flow_id}:maybe", f"st:{flow_id}:{answers[0]}:1", f"st:x:{answers[0]}"):
        forged_press(world, user, forged)
        await world.settle()
        assert user.answers[-1]["text"] == STALE
    assert await state(world) == before
    assert await flow_of(world, user) == flow
    await act(world, user, "/cancel")  # the flow ends: its own buttons are stale now
    for answer in answers:
        forged_press(world, user, f"st:{flow_id}:{answer}")
        await world.settle()
        assert user.answers[-1]["text"] == STALE
    assert await state(world) == before


@pytest.mark.parametrize("step", ["checkin.week", "report.describe", "alert_note.note"])
async def test_ten_thousand_ampersands_and_emoji_get_a_clear_answer_and_change_nothing(
    story: tuple[World, Cast],
    step: str,
) -> None:
    world, people = story
    reach, question = STEPS[step]
    user = await reach(world, people)
    before, flow = await state(world), await flow_of(world, user)
    await act(world, user, HOSTILE)
    # A report takes as much as one Telegram message holds (4,096), the other answers 3,500.
    assert user.texts()[-1] == (
        TOO_LONG.replace("3500", "4096") if step == "report.describe" else TOO_LONG
    )
    assert await state(world) == before
    assert await flow_of(world, user) == flow  # still at the same question
    await act(world, user, "Short & sweet 😀 <b>ok</b>")
    assert question not in user.texts()[-1]
    after = await state(world)
    assert "Short & sweet 😀 <b>ok</b>" in str(after["checkins"] + after["alerts"]) or (
        step == "report.describe" and user.texts()[-1].startswith(AUDIENCE)
    )
