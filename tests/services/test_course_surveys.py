"""The course evaluation's tick: after a run's last session each enrolled participant is asked
once; a busy one waits, the only-invited are not asked, a run that ended long ago gets none."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.clock import FakeClock
from bot.domain.people import Person
from bot.domain.training_plan import SessionPlan
from bot.services.roster import import_roster
from bot.services.runtime import Services
from bot.services.survey_courses import send_course_surveys
from bot.services.training import create_run, enrol, invite_mentors
from storage.people import PeopleRepo
from tests.conftest import ROSTER

FIRST = datetime(2026, 3, 12, 14, 0, tzinfo=UTC)
LAST_ENDS = FIRST + timedelta(days=7, minutes=90)


async def run_of_two(svc: Services, *, enrolled: tuple[str, ...]) -> dict[str, Person]:
    """Ingrid's run of two sessions (12 and 19 March, 90 minutes); the roster's two mentors
    invited, these of them enrolled."""
    now = svc.clock.now()
    await import_roster(svc, ROSTER, skip_bad_rows=False, now=now)
    async with svc.db.reading() as conn:
        people = PeopleRepo(conn)
        cast = {
            name: await people.by_email(email)
            for name, email in (
                ("ingrid", "ingrid@school.example"),
                ("mark", "mark@bakkerij.example"),
                ("fatima", "fatima@zorg.example"),
            )
        }
    found = {k: v for k, v in cast.items() if v is not None}
    sessions = [
        SessionPlan(FIRST + timedelta(days=7 * n), 90, f"https://meet.example.org/{n}", "", FIRST)
        for n in range(2)
    ]
    run = await create_run(svc, found["ingrid"], "Coach", sessions, instructions="", now=now)
    assert run == 1
    await invite_mentors(svc, found["ingrid"], 1, now)
    for name in enrolled:
        await enrol(svc, found[name], 1, now)
    return found


async def asked(svc: Services) -> list[tuple[object, ...]]:
    """(person, run) of each invitation, and the outbox's survey messages."""
    async with (
        svc.db.reading() as conn,
        conn.execute(
            """SELECT i.person_id, i.run_id, i.placement_id, o.dedupe_key
               FROM survey_invitations i JOIN outbox o ON o.dedupe_key = 'survey:' || i.id
               ORDER BY i.id"""
        ) as cur,
    ):
        return [tuple(r) for r in await cur.fetchall()]


async def test_each_participant_is_asked_once_when_the_last_session_has_ended(
    svc: Services, clock: FakeClock
) -> None:
    cast = await run_of_two(svc, enrolled=("mark", "fatima"))
    clock.set(FIRST + timedelta(minutes=90))  # the first session's end: not yet
    assert await send_course_surveys(svc, clock.now()) == 0
    clock.set(LAST_ENDS - timedelta(minutes=1))
    assert await send_course_surveys(svc, clock.now()) == 0
    clock.set(LAST_ENDS)
    assert await send_course_surveys(svc, clock.now()) == 2
    assert await send_course_surveys(svc, clock.now()) == 0  # once
    clock.advance(timedelta(days=1))
    assert await send_course_surveys(svc, clock.now()) == 0
    mark, fatima = cast["mark"].id, cast["fatima"].id
    found = await asked(svc)
    assert sorted((r[0], r[1], r[2]) for r in found) == sorted(
        [(mark, 1, None), (fatima, 1, None)]
    )
    assert sorted(str(r[3]) for r in found) == ["survey:1", "survey:2"]


async def test_only_the_enrolled_are_asked(svc: Services, clock: FakeClock) -> None:
    cast = await run_of_two(svc, enrolled=("mark",))  # Fatima was invited, never enrolled
    clock.set(LAST_ENDS + timedelta(hours=1))
    assert await send_course_surveys(svc, clock.now()) == 1
    assert [row[0] for row in await asked(svc)] == [cast["mark"].id]


async def test_a_busy_participant_waits_for_the_next_tick(svc: Services, clock: FakeClock) -> None:
    cast = await run_of_two(svc, enrolled=("mark", "fatima"))
    async with svc.db.transaction() as conn:  # Mark is in the middle of another conversation
        await conn.execute(
            """INSERT INTO flows (person_id, flow, step, data, started_at, updated_at,
               expires_at) VALUES (?, 'feedback', 'text', '{}', '2026-03-19T15:00:00',
               '2026-03-19T15:00:00', '2026-03-20T15:00:00')""",
            (cast["mark"].id,),
        )
    clock.set(LAST_ENDS)
    assert await send_course_surveys(svc, clock.now()) == 1  # Fatima
    async with svc.db.transaction() as conn:
        await conn.execute("UPDATE flows SET ended = 'finished'")
    clock.advance(timedelta(minutes=1))
    assert await send_course_surveys(svc, clock.now()) == 1  # now Mark
    assert [row[0] for row in await asked(svc)] == [cast["fatima"].id, cast["mark"].id]


async def test_a_run_that_ended_longer_ago_than_the_close_gets_none(
    svc: Services, clock: FakeClock
) -> None:
    await run_of_two(svc, enrolled=("mark", "fatima"))
    clock.set(LAST_ENDS + svc.policy.surveys.close_after)  # the bot was down two weeks
    assert await send_course_surveys(svc, clock.now()) == 0
    clock.set(LAST_ENDS + svc.policy.surveys.close_after - timedelta(minutes=1))
    assert await send_course_surveys(svc, clock.now()) == 2
