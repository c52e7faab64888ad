"""Meetings end to end: the real bot over HTTP against the emulator, on the fake clock.

Ten weeks of weekly mentor meetings with a skipped week (the lapse alert), a tripartite review
from proposal to the student's "understood", a meeting moved and cancelled with its calendar
files, and everyone who is refused what is not his, forged buttons included.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar, Event

from bot.demo import plain
from bot.demo.world import World
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


def said(user: SimUser, needle: str) -> list[str]:
    """Every bot message in the chat that contains `needle`, as the user reads it."""
    return [plain(text) for text in user.texts() if needle in plain(text)]


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


def calendars(user: SimUser) -> list[Calendar]:
    """The .ics files the user received, parsed, oldest first."""
    return [
        Calendar.from_ical(message.document[1])
        for message in user.bot_messages
        if message.document is not None and message.document[0].endswith(".ics")
    ]


def event_of(calendar: Calendar) -> Event:
    """The one event of a calendar file."""
    [event] = calendar.events
    return event


async def plan(world: World, planner: SimUser, typed: str, *, place: str | None = None) -> None:
    """A planner plans a meeting with his only student by typing its day and time."""
    planner.send_text("/plan")
    await world.settle()
    assert "Which day?" in last(planner), last(planner)
    planner.send_text(typed)
    await world.settle()
    assert "Where?" in last(planner), last(planner)
    if place is None:
        planner.press("Skip")
    else:
        planner.send_text(place)
    await world.settle()
    assert last(planner).startswith("I have sent your proposal"), last(planner)


async def weekly_meeting(
    world: World, mark: SimUser, sanne: SimUser, day: int, month: int
) -> None:
    """Plan a meeting at 14:00, confirm it, go through its reminders; Mark says it was held."""
    await plan(world, mark, f"{day}-{month} 14:00")
    sanne.press("✅ Confirm")
    await world.settle()
    await world.move_to(local(month, day, 13, 0))
    assert "In an hour" in last(sanne)
    await world.move_to(local(month, day, 15, 0))
    assert last(mark).startswith("Did this meeting take place?")
    mark.press("✅ Held")
    await world.settle()
    mark.press("Skip")
    await world.settle()
    assert last(mark) == "Recorded. Thank you."


@pytest.fixture
async def school(tmp_path: Path) -> AsyncIterator[School]:
    """Both placements on now (Sanne with Mark and Ingrid; Daan with Fatima and Peter)."""
    async with school_world(tmp_path / "bot.sqlite3") as (world, people, coordinator):
        async with world.bot.services.db.transaction() as conn:
            await conn.execute(
                "UPDATE placements SET starts_on = '2026-03-02', "
                "ends_on = '2026-05-29' WHERE id = 2"
            )
        await world.move_to(local(3, 2, 10))
        yield world, people, coordinator


async def test_nobody_plans_confirms_moves_or_records_anothers_meeting(school: School) -> None:
    world, people, coordinator = school
    mark, sanne, ingrid = people.mentor, people.student, people.supervisor
    fatima, daan = people.other_mentor, people.other_student
    await plan(world, mark, "wo 14:00", place="Bakkerij, kantoor")
    proposal = await sanne.receives("Mark Jansen proposes", new=False)
    assert "Wed 4 Mar 2026 14:00" in plain(proposal.text or "")
    before = await rows(world, "SELECT * FROM meetings")
    # Another mentor, another student, the supervisor and a coordinator press Sanne's buttons
    # (forged: copied callback data): confirm, another time; and Mark confirms his own.
    for user in (fatima, daan, ingrid, coordinator, mark):
        for data in ("mt:1:0:ok", "mt:1:0:re", "mo:1:0:h", "mo:1:0:c", "mo:1:0:m", "mw:1:u"):
            forged_press(world, user, data)
            await world.settle()
    # Fatima cannot plan for Sanne's placement, nor see its meetings or change its cadence.
    for data in ("mp:1", "mm:1:0", "cd:1", "cd:1:m:14"):
        forged_press(world, fatima, data)
        await world.settle()
    assert await rows(world, "SELECT * FROM meetings") == before
    assert await rows(world, "SELECT COUNT(*) FROM meeting_confirmations") == [(1,)]
    assert not said(fatima, "Sanne")
    assert not said(daan, "Sanne")
    assert await rows(world, "SELECT mentor_meeting_every_days FROM placements WHERE id = 1") == [
        (7,)
    ]
    # Sanne confirms; after the meeting she cannot record it as held: only her mentor can.
    sanne.press("✅ Confirm")
    await world.settle()
    await world.move_to(local(3, 4, 15, 30))
    for choice in ("h", "m", "c"):
        forged_press(world, sanne, f"mo:1:0:{choice}")
        await world.settle()
        assert sanne.answers[-1]["text"].startswith("Only the mentor")
    assert await rows(world, "SELECT state FROM meetings") == [("confirmed",)]
    # A made-up meeting id, an old version, a date or a time that is no date or time.
    for data in ("mt:999:0:ok", "mt:1:5:ok", "mo:1:7:h", "mw:999:q", "mm:999:0"):
        forged_press(world, mark, data)
        await world.settle()
    assert await rows(world, "SELECT state, sequence FROM meetings") == [("confirmed", 0)]


async def test_ten_weeks_with_a_skipped_week_alert_the_supervisor_once(school: School) -> None:
    world, people, _ = school
    mark, sanne, ingrid = people.mentor, people.student, people.supervisor
    for day in (3, 10, 17):
        await weekly_meeting(world, mark, sanne, day, 3)
    # The week of 24 March is skipped: on Thursday both are reminded to plan, on Sunday the
    # supervisor is alerted (summer time started that night: the wall clock counts).
    await world.move_to(local(3, 26, 13, 59))
    assert not said(mark, "It is time for a mentor meeting")
    await world.move_to(local(3, 26, 14, 0))
    assert said(mark, "It is time for a mentor meeting with Sanne de Vries")
    assert said(sanne, "It is time for a meeting with your mentor")
    await world.move_to(local(3, 29, 13, 59))
    assert not said(ingrid, "are lapsing")
    await world.move_to(local(3, 29, 14, 0))
    assert said(ingrid, "Mentor meetings of Sanne de Vries (Bakkerij Jansen) are lapsing")
    ingrid.press("👀 Acknowledge")  # the alert lifecycle: acknowledged, so not sent again
    await world.settle()
    # Back on track: Mark plans from the reminder's button.
    mark.press("📅 Plan")
    await world.settle()
    assert "Which day?" in last(mark)
    mark.send_text("di 31-3 14:00")
    await world.settle()
    mark.press("Skip")
    await world.settle()
    sanne.press("✅ Confirm")
    await world.settle()
    await world.move_to(local(3, 31, 15, 0))
    mark.press("✅ Held")
    await world.settle()
    mark.send_text("Terug op schema & goed gesprek 🎉")
    await world.settle()
    for day, month in ((7, 4), (14, 4), (21, 4), (28, 4), (5, 5)):
        await weekly_meeting(world, mark, sanne, day, month)
    await world.move_to(local(5, 8, 12))
    assert len(said(ingrid, "are lapsing")) == 1
    assert len(said(mark, "It is time for a mentor meeting")) == 1
    held = await rows(
        world, "SELECT starts_at, note FROM meetings WHERE state = 'held' ORDER BY starts_at"
    )
    assert len(held) == 9
    # 31 March is summer time: 14:00 in Amsterdam is 12:00 UTC (13:00 UTC in winter).
    assert held[2][0] == "2026-03-17T13:00:00"
    assert held[3] == ("2026-03-31T12:00:00", "Terug op schema & goed gesprek 🎉")
    # No review was held in these ten weeks: the supervisor was reminded to plan it, and then
    # alerted that it is overdue (due 13 April, a week of grace).
    assert said(ingrid, "The next tripartite review of Sanne de Vries")
    assert said(ingrid, "The tripartite review of Sanne de Vries (Bakkerij Jansen) is overdue")
    kinds = await rows(
        world,
        "SELECT kind FROM alerts WHERE placement_id = 1 AND kind IN "
        "('meetings_lapsing', 'meetings_cancelled', 'review_overdue') "
        "ORDER BY id",
    )
    assert kinds == [("meetings_lapsing",), ("review_overdue",)]


async def test_a_tripartite_review_planned_reminded_held_and_understood(school: School) -> None:
    world, people, _ = school
    mark, sanne, ingrid = people.mentor, people.student, people.supervisor
    await plan(world, ingrid, "2026-03-12 10:00", place="https://meet.example/bos-review")
    # Both student and mentor must confirm; one is not enough.
    for user in (sanne, mark):
        await user.receives("Ingrid Bos proposes", new=False)
    sanne.press("✅ Confirm")
    await world.settle()
    assert last(sanne).startswith("Thank you.")
    assert not calendars(sanne)
    mark.press("✅ Confirm")
    await world.settle()
    for user in (sanne, mark, ingrid):
        [calendar] = calendars(user)
        event = event_of(calendar)
        assert calendar["METHOD"] == "REQUEST"
        assert str(event["URL"]) == "https://meet.example/bos-review"
        assert len(event.get("ATTENDEE")) == 3
    # The day before: student and mentor are asked to prepare; the supervisor is reminded.
    await world.move_to(local(3, 11, 10))
    sanne.press("✍️ Write it down")
    await world.settle()
    sanne.send_text("Het deeg gaat goed; ik wil de planning bespreken.")
    await world.settle()
    assert last(sanne).startswith("Thank you. Your supervisor gets it")
    assert said(mark, "Prepare it")
    assert said(ingrid, "Tomorrow: Thu 12 Mar 2026 10:00, tripartite review")
    # An hour before, the supervisor's reminder carries what they wrote.
    await world.move_to(local(3, 12, 9))
    reminder = last(ingrid)
    assert "In an hour" in reminder
    assert "Sanne de Vries: Het deeg gaat goed; ik wil de planning bespreken." in reminder
    assert "Mark Jansen has not written anything." in reminder
    # After it the supervisor records it: held, the agreements, the next review's date.
    await world.move_to(local(3, 12, 11))
    ingrid.press("✅ Held")
    await world.settle()
    ingrid.send_text("Sanne oefent de oventemperaturen; <b>elke</b> vrijdag een check.")
    await world.settle()
    ingrid.send_text("23-4-2026")
    await world.settle()
    assert last(ingrid) == "Recorded. The student has the agreements."
    agreements = await sanne.receives("The agreements of the tripartite review", new=False)
    assert "<b>elke</b>" in plain(agreements.text or "")  # her words, not markup
    # The student has a question; it goes to his mentor, whose answer comes back.
    sanne.press("❓ I have a question")
    await world.settle()
    sanne.send_text("Wat bedoelen jullie met een check?")
    await world.settle()
    await mark.receives("Sanne de Vries has a question about the agreements", new=False)
    mark.press("✍️ Answer")
    await world.settle()
    mark.send_text("Vrijdag om 16:00 kijken we samen naar je lijstje.")
    await world.settle()
    await sanne.receives("Mark Jansen answers your question", new=False)
    sanne.press("👍 Understood")
    await world.settle()
    for user in (mark, ingrid):
        await user.receives(
            "has confirmed that the agreements of the tripartite review", new=False
        )
    assert await rows(world, "SELECT state, understood, next_review_on FROM meetings") == [
        ("held", "understood", "2026-04-23")
    ]
    # A second tap (an old copy of the button) changes nothing, and says so.
    forged_press(world, sanne, "mw:1:u")
    await world.settle()
    assert sanne.answers[-1]["text"] == "You have done this already."


async def test_a_moved_then_cancelled_meeting_updates_one_calendar_entry(school: School) -> None:
    world, people, _ = school
    mark, sanne, ingrid = people.mentor, people.student, people.supervisor
    await plan(world, mark, "do 5-3 9:00", place="Bakkerij")
    sanne.press("✅ Confirm")
    await world.settle()
    # The day before, Sanne asks for another time with a reason; Mark confirms it.
    await world.move_to(local(3, 4, 9))
    sanne.press("🕑 Another time")
    await world.settle()
    sanne.send_text("Ik heb een toets op school")
    await world.settle()
    sanne.press("Fri 6 Mar")
    await world.settle()
    sanne.press("10:00")
    await world.settle()
    proposal = await mark.receives("Sanne de Vries proposes", new=False)
    assert "Reason: Ik heb een toets op school" in plain(proposal.text or "")
    mark.press("✅ Confirm")
    await world.settle()
    # The meeting takes place not then either: Mark records it as cancelled, with a reason.
    await world.move_to(local(3, 6, 11))
    mark.press("❌ Cancelled")
    await world.settle()
    mark.send_text("Sanne was ziek")
    await world.settle()
    assert said(mark, "Recorded as cancelled.")
    for user in (sanne, mark):
        first, moved, cancelled = calendars(user)
        events = [event_of(c) for c in (first, moved, cancelled)]
        assert len({str(event["UID"]) for event in events}) == 1
        sequences = [event.sequence for event in events]
        assert sequences[0] < sequences[1] < sequences[2]
        assert cancelled["METHOD"] == "CANCEL"
        assert event_of(cancelled)["STATUS"] == "CANCELLED"
        assert event_of(moved).start == local(3, 6, 10)
    assert said(sanne, "Cancelled: Fri 6 Mar 2026 10:00")
    assert not said(ingrid, "cancelled several times")


async def test_typed_times_bad_input_and_stale_buttons(school: School) -> None:
    world, people, _ = school
    mark = people.mentor
    mark.send_text("/plan")
    await world.settle()
    day_question = mark.bot_messages[-1]
    for typed, answer in (
        ("&" * 5_000 + "🎉" * 5_000, "I can't read that as a day and a time."),
        ("di 25:00", "That time does not exist."),
        ("ma 1-12 14:30", "That weekday does not fall on that date."),
        ("di ١٤:٣٠", "Please type the time with the digits 0 to 9"),
        ("1-3 10:00", "That time has passed."),
        ("dinsdag", "At what time?"),
        ("morgen 14:30", "Where?"),
    ):
        mark.send_text(typed)
        await world.settle()
        assert last(mark).startswith(answer), (typed, last(mark))
    # The day keyboard of the question before no longer works.
    mark.press("Wed 4 Mar", day_question)
    await world.settle()
    assert mark.answers[-1]["text"] == "This button no longer works."
    mark.send_text("x" * 301)
    await world.settle()
    assert "301 characters" in last(mark)
    mark.send_text("/cancel")
    await world.settle()
    assert last(mark) == "Planning stopped. Nothing has been sent."
    assert await rows(world, "SELECT COUNT(*) FROM meetings") == [(0,)]


async def test_meetings_are_listed_and_paged_and_the_cadence_changed(school: School) -> None:
    world, people, coordinator = school
    mark, sanne, ingrid = people.mentor, people.student, people.supervisor
    for day in (3, 4, 5, 6, 9, 10, 11):
        await plan(world, mark, f"{day}-3 16:00")
        sanne.press("✅ Confirm")
        await world.settle()
    await world.move_to(local(3, 10, 17))
    mark.send_text("/meetings")
    await world.settle()
    listing = last(mark)
    assert "Coming\n• Wed 11 Mar 2026 16:00" in listing
    assert "Earlier\n• Tue 10 Mar 2026 16:00" in listing
    assert "Mon 9 Mar" in listing
    assert "Tue 3 Mar" not in listing
    mark.press("‹ Earlier")
    await world.settle()
    assert "Tue 3 Mar 2026 16:00" in last(mark)
    ingrid.send_text("/meetings")
    await world.settle()
    ingrid.press("Sanne de Vries")
    await world.settle()
    assert "Wed 11 Mar 2026 16:00, mentor meeting with Sanne de Vries, Mark Jansen" in last(ingrid)
    # The supervisor changes the cadence; the student and the mentor cannot.
    for user in (sanne, mark):
        user.send_text("/cadence")
        await world.settle()
        assert last(user).startswith("Only the supervisor")
    ingrid.send_text("/cadence")
    await world.settle()
    assert "a mentor meeting every 7 days" in last(ingrid)
    ingrid.press("14 d")
    await world.settle()
    assert last(ingrid).startswith("✅ Changed.")
    assert "every 14 days, a tripartite review every 6 weeks" in last(ingrid)
    ingrid.press("12 wk")
    await world.settle()
    assert (
        await rows(
            world,
            "SELECT mentor_meeting_every_days, tripartite_every_weeks "
            "FROM placements WHERE id = 1",
        )
    ) == [(14, 12)]
    # A coordinator finds any placement of the school by part of the student's name.
    coordinator.send_text("/cadence")
    await world.settle()
    assert last(coordinator).startswith("Whose meeting cadence")
    coordinator.send_text("/cadence daan")
    await world.settle()
    assert "Meeting cadence of Daan Smit (Zorgcentrum West)" in last(coordinator)
    coordinator.press("10 d")
    await world.settle()
    assert await rows(world, "SELECT mentor_meeting_every_days FROM placements WHERE id = 2") == [
        (10,)
    ]
    assert world.clock.now() > datetime(2026, 3, 10, tzinfo=UTC)


TEN_STUDENTS = "\n".join(
    [
        "student_name,student_email,mentor_name,mentor_email,company,supervisor_name,"
        "supervisor_email,starts_on,ends_on,language"
    ]
    + [
        f"Student {n:02d},s{n}@student.example,Mark Jansen,mark@bakkerij.example,Bakkerij Jansen,"
        f"Ingrid Bos,ingrid@school.example,2026-03-02,2026-05-29,en"
        for n in range(1, 11)
    ]
)


async def test_a_mentor_with_ten_students_plans_and_lists_them_all(world: World) -> None:
    await world.import_roster(TEN_STUDENTS)
    tokens = await world.invite_tokens()
    mark = world.user("Mark", language="en")
    await world.join(mark, tokens["mark@bakkerij.example"])
    students = {}
    for n in (7, 10):
        students[n] = world.user(f"Student{n}", language="en")
        await world.join(students[n], tokens[f"s{n}@student.example"])
    for n, typed in ((7, "di 3-3 10:00"), (10, "wo 4-3 10:00")):
        mark.send_text("/plan")
        await world.settle()
        names = [label for row in mark.bot_messages[-1].buttons for label, _ in row]
        assert names == [f"Student {k:02d}" for k in range(1, 11)]
        mark.press(f"Student {n:02d}")
        await world.settle()
        mark.send_text(typed)
        await world.settle()
        mark.press("Skip")
        await world.settle()
        await students[n].receives("Mark Jansen proposes", new=False)
        students[n].press("✅ Confirm")
        await world.settle()
    mark.send_text("/meetings")
    await world.settle()
    listing = last(mark)
    assert "Tue 3 Mar 2026 10:00, mentor meeting with Student 07 (confirmed)" in listing
    assert "Wed 4 Mar 2026 10:00, mentor meeting with Student 10 (confirmed)" in listing
    # Student 7 does not see Student 10's meeting.
    students[7].send_text("/meetings")
    await world.settle()
    assert "Student 10" not in last(students[7])


async def test_long_and_marked_up_answers_are_refused_whole_or_kept_as_words(
    school: School,
) -> None:
    world, people, _ = school
    mark, sanne = people.mentor, people.student
    await plan(world, mark, "wo 4-3 14:00")
    sanne.press("✅ Confirm")
    await world.settle()
    await world.move_to(local(3, 4, 15))
    mark.press("❌ Cancelled")
    await world.settle()
    flood = "&🎉" * 5_000
    mark.send_text(flood)
    await world.settle()
    assert last(mark) == (
        "That message is too long for me (10000 characters). Please keep it "
        "shorter than 3500 characters."
    )
    assert await rows(world, "SELECT state, reason FROM meetings") == [("confirmed", None)]
    mark.send_text("<b>Ziek</b> & zwak 🤒")
    await world.settle()
    assert await rows(world, "SELECT state, reason FROM meetings") == [
        ("cancelled", "<b>Ziek</b> & zwak 🤒")
    ]
    cancelled = await sanne.receives("Cancelled:", new=False)
    assert "Reason: <b>Ziek</b> & zwak 🤒" in plain(cancelled.text or "")
