"""The overview, the digest and the student picture on a real SQLite file: the right lights,
the right students, only the placements the reader supervises."""

from __future__ import annotations

from datetime import date

from bot.domain.mood_history import WeekMark
from bot.domain.overview import Concern, Light
from bot.domain.people import Person, Role
from bot.services.overview import overview_of
from bot.services.runtime import Services
from bot.services.student_picture import PictureResult, find_student, student_picture
from storage.people import PeopleRepo
from tests.supervision import Seeded, State, local, seed

PLAN = [
    ("Anna Red", State.RED, "ingrid"),
    ("Bram Missed", State.MISSED, "ingrid"),
    ("Cas Feedback", State.FEEDBACK, "ingrid"),
    ("Daan Meetings", State.MEETINGS, "ingrid"),
    ("Eva Green", State.GREEN, "ingrid"),
    ("Fenna Ended", State.ENDED, "ingrid"),
    ("Gijs Elsewhere", State.RED, "peter"),
]
NOW = local(3, 20, 15)


async def person(svc: Services, email: str) -> Person:
    async with (
        svc.db.reading() as conn,
        conn.execute("SELECT id FROM people WHERE email = ?", (email,)) as cur,
    ):
        row = await cur.fetchone()
        assert row is not None
        found = await PeopleRepo(conn).by_id(row[0])
    assert found is not None
    return found


async def school(svc: Services) -> list[Seeded]:
    return await seed(svc, PLAN)


async def test_the_overview_shows_his_running_placements_worst_first(svc: Services) -> None:
    await school(svc)
    ingrid = await person(svc, "ingrid@school.example")
    overview = await overview_of(svc, ingrid, NOW)
    assert overview is not None
    assert [(line.facts.student, line.light, line.concerns) for line in overview.lines] == [
        ("Anna Red", Light.RED, (Concern.OPEN_ALERT, Concern.MISSED_CHECKIN)),
        ("Bram Missed", Light.AMBER, (Concern.MISSED_CHECKIN,)),
        ("Cas Feedback", Light.AMBER, (Concern.FEEDBACK_UNACKNOWLEDGED,)),
        ("Daan Meetings", Light.AMBER, (Concern.MEETINGS_LAPSING,)),
        ("Eva Green", Light.GREEN, ()),
    ]
    eva = overview.lines[-1].facts
    assert (eva.last_mood, eva.last_checkin_on, eva.next_meeting_at) == (
        4,
        date(2026, 3, 13),
        None,
    )
    async with (
        svc.db.reading() as conn,
        conn.execute(
            "SELECT actor_id, action FROM audit_log WHERE action = 'overview_viewed'"
        ) as cur,
    ):
        assert [tuple(r) for r in await cur.fetchall()] == [(ingrid.id, "overview_viewed")]


async def test_a_coordinator_sees_every_placement_and_a_mentor_none(svc: Services) -> None:
    await school(svc)
    async with svc.db.transaction() as conn:
        await PeopleRepo(conn).add("Carla", "carla@school.example", Role.COORDINATOR, "en", NOW)
    carla = await person(svc, "carla@school.example")
    overview = await overview_of(svc, carla, NOW)
    assert overview is not None
    assert {line.facts.student for line in overview.lines} == {
        "Anna Red",
        "Bram Missed",
        "Cas Feedback",
        "Daan Meetings",
        "Eva Green",
        "Gijs Elsewhere",
    }
    mentor = await person(svc, "m1@company.example")
    assert await overview_of(svc, mentor, NOW) is None


async def test_the_student_picture_only_of_his_own_placements(svc: Services) -> None:
    await school(svc)
    ingrid = await person(svc, "ingrid@school.example")
    found = await find_student(svc, ingrid, "bram", NOW)
    assert found.result is PictureResult.SHOW
    picture = found.picture
    assert picture is not None
    assert (picture.student, picture.mentor) == ("Bram Missed", ("Mentor 2", "m2@company.example"))
    assert [(c.week, c.status, c.mood) for c in picture.checkins] == [
        ("2026-W12", "open", None),
        ("2026-W11", "missed", None),
        ("2026-W10", "answered", 2),
    ]
    assert [(w.iso_week, w.mark) for w in picture.weeks] == [
        (10, WeekMark.ANSWERED),
        (11, WeekMark.MISSED),
        (12, WeekMark.OPEN),
    ]
    assert (await find_student(svc, ingrid, "gijs", NOW)).result is PictureResult.NONE
    refused = await student_picture(svc, ingrid, 7, NOW)  # Gijs, Peter's student
    assert refused.result is PictureResult.NOT_ALLOWED
    several = await find_student(svc, ingrid, "", NOW)
    assert several.result is PictureResult.PICK
    assert [c.student for c in several.choices] == [
        "Anna Red",
        "Bram Missed",
        "Cas Feedback",
        "Daan Meetings",
        "Eva Green",
    ]
    mentor = await person(svc, "m2@company.example")
    assert (await student_picture(svc, mentor, 2, NOW)).result is PictureResult.NOT_ALLOWED
    async with (
        svc.db.reading() as conn,
        conn.execute(
            "SELECT subject FROM audit_log WHERE action = 'student_picture_viewed'"
        ) as cur,
    ):
        assert [row[0] for row in await cur.fetchall()] == ["placement:2"]
