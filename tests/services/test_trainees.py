"""Trainee mentors in storage and services: invited with a link, enrolled on joining, a mentor
when a roster names him, in /mydata, and erased like anyone."""

from __future__ import annotations

from datetime import timedelta

from bot.clock import FakeClock
from bot.domain.localtime import zone_of
from bot.domain.people import Person, Role
from bot.domain.privacy import erased_email, erased_name
from bot.domain.trainees import trainee
from bot.domain.training import DEFAULT_DUE_BEFORE
from bot.domain.training_file import read_course_file
from bot.services.joining import person_by_email
from bot.services.people import JoinResult, join
from bot.services.privacy import decide_erasure, my_data, request_erasure
from bot.services.roster import import_roster
from bot.services.runtime import Services
from bot.services.trainee_invites import TraineeResult, invite_trainee
from bot.services.training import create_run
from storage.certificates import CertificateRepo
from storage.people import PeopleRepo
from tests.conftest import ROSTER

COURSE = (
    "course,date,time,minutes,link,assignment\n"
    "Coach,2026-03-12,15:00,90,https://meet.example.org/s1,Beschrijf een gesprek.\n"
    "Coach,2026-03-19,15:00,90,https://meet.example.org/s2,\n"
)
TOM = trainee("Tom Bakker", "tom@bakkerij.example", "Bakkerij Tom")
# Tom as the mentor of a new placement on the next roster.
TOM_MENTOR = (
    "student_name,student_email,mentor_name,mentor_email,company,supervisor_name,"
    "supervisor_email,starts_on,ends_on\n"
    "Eva Bos,eva@student.example,Tom Bakker,tom@bakkerij.example,Bakkerij Tom,Ingrid Bos,"
    "ingrid@school.example,2026-04-01,2026-06-26\n"
)


async def school(svc: Services, clock: FakeClock) -> tuple[Person, int]:
    """The roster imported; Ingrid trains a two-session run. Her, and the run's id."""
    outcome = await import_roster(svc, ROSTER, skip_bad_rows=False, now=clock.now())
    assert outcome.errors == ()
    ingrid = await person_by_email(svc, "ingrid@school.example")
    assert ingrid is not None
    plan = read_course_file(COURSE.encode(), zone_of("Europe/Amsterdam"), DEFAULT_DUE_BEFORE)
    run = await create_run(
        svc, ingrid, plan.course, list(plan.sessions), instructions="", now=clock.now()
    )
    assert isinstance(run, int)
    return ingrid, run


async def rows(svc: Services, sql: str) -> list[tuple[object, ...]]:
    async with svc.db.reading() as conn, conn.execute(sql) as cur:
        return [tuple(row) for row in await cur.fetchall()]


async def test_a_second_link_replaces_the_first_and_joining_enrols_him(
    svc: Services, clock: FakeClock
) -> None:
    ingrid, run = await school(svc, clock)
    first = await invite_trainee(svc, ingrid, run, TOM, clock.now())
    second = await invite_trainee(svc, None, run, TOM, clock.now())
    assert (first.result, second.result) == (TraineeResult.LINK, TraineeResult.LINK)
    assert first.person == second.person
    assert first.expires_at == clock.now() + svc.policy.invite_valid
    refused = await join(svc, first.token, 501, "en", clock.now())
    assert refused.result is JoinResult.EXPIRED  # the earlier link stopped working
    assert await rows(svc, "SELECT enrolled_at FROM training_enrolments") == [(None,)]
    joined = await join(svc, second.token, 501, "en", clock.now())
    assert joined.result is JoinResult.JOINED
    assert joined.person is not None
    assert joined.person.role is Role.TRAINEE_MENTOR
    assert await rows(
        svc,
        "SELECT e.run_id, e.enrolled_at IS NOT NULL, o.kind FROM training_enrolments e "
        f"JOIN outbox o ON o.person_id = e.person_id WHERE e.person_id = {joined.person.id}",
    ) == [(run, 1, "training_instructions")]
    # The same link again (a replay): the same person, nothing sent twice.
    again = await join(svc, second.token, 501, "en", clock.now())
    assert again.result is JoinResult.ALREADY_JOINED
    assert await rows(svc, "SELECT COUNT(*) FROM outbox") == [(1,)]
    async with svc.db.reading() as conn:
        assert await CertificateRepo(conn).company_of(joined.person.id) == "Bakkerij Tom"


async def test_a_run_that_is_over_takes_no_trainee_and_a_late_join_enrols_in_nothing(
    svc: Services, clock: FakeClock
) -> None:
    ingrid, run = await school(svc, clock)
    invited = await invite_trainee(svc, ingrid, run, TOM, clock.now())
    clock.advance(timedelta(days=17, hours=6))  # 2026-03-19 15:00: the last session begins
    late = await invite_trainee(svc, ingrid, run, trainee("Ad", "ad@x.example"), clock.now())
    assert late.result is TraineeResult.OVER
    joined = await join(svc, invited.token, 502, "nl", clock.now())
    assert joined.result is JoinResult.JOINED
    assert await rows(svc, "SELECT enrolled_at FROM training_enrolments") == [(None,)]
    assert await rows(svc, "SELECT COUNT(*) FROM outbox") == [(0,)]
    assert await rows(svc, "SELECT COUNT(*) FROM people WHERE email = 'ad@x.example'") == [(0,)]


async def test_a_roster_makes_the_trainee_a_mentor_who_keeps_his_training(
    svc: Services, clock: FakeClock
) -> None:
    ingrid, run = await school(svc, clock)
    invited = await invite_trainee(svc, ingrid, run, TOM, clock.now())
    assert invited.person is not None
    # A roster that makes him a student or supervisor is refused, as for anyone.
    as_student = TOM_MENTOR.replace(
        "Eva Bos,eva@student.example,Tom Bakker,tom@bakkerij.example",
        "Tom Bakker,tom@bakkerij.example,Mark Jansen,mark@bakkerij.example",
    )
    refused = await import_roster(svc, as_student, skip_bad_rows=False, now=clock.now())
    assert len(refused.errors) == 1
    assert "tom@bakkerij.example" in str(refused.errors[0])
    outcome = await import_roster(svc, TOM_MENTOR, skip_bad_rows=False, now=clock.now())
    assert outcome.errors == ()
    tom = await person_by_email(svc, "tom@bakkerij.example")
    assert tom is not None
    assert (tom.id, tom.role) == (invited.person.id, Role.MENTOR)
    assert await rows(
        svc, f"SELECT run_id FROM training_enrolments WHERE person_id = {tom.id}"
    ) == [(run,)]
    assert await rows(
        svc, "SELECT action, detail FROM audit_log WHERE action = 'role_changed'"
    ) == [("role_changed", "mentor")]
    # A mentor now: invited again, he gets the Enrol button in the chat, no link.
    again = await invite_trainee(svc, ingrid, run, TOM, clock.now())
    assert again.result is TraineeResult.ALREADY
    assert again.token == ""


async def test_a_trainee_is_in_mydata_and_erased_like_anyone(
    svc: Services, clock: FakeClock
) -> None:
    ingrid, run = await school(svc, clock)
    invited = await invite_trainee(svc, ingrid, run, TOM, clock.now())
    joined = await join(svc, invited.token, 503, "nl", clock.now())
    assert joined.person is not None
    data = await my_data(svc, joined.person, clock.now())
    assert data["person"]["company"] == "Bakkerij Tom"
    assert data["person"]["email"] == "tom@bakkerij.example"
    assert [e["run_id"] for e in data["training_enrolments"]] == [run]
    assert len(data["invites"]) == 1
    carla = await import_coordinator(svc, clock)
    await request_erasure(svc, joined.person, clock.now())
    await decide_erasure(svc, carla, 1, approve=True, now=clock.now())
    assert await rows(
        svc,
        f"SELECT name, email, telegram_id, company_id FROM people WHERE id = {joined.person.id}",
    ) == [(erased_name(joined.person.id), erased_email(joined.person.id), None, None)]


async def import_coordinator(svc: Services, clock: FakeClock) -> Person:
    """A joined coordinator, to decide the erasure."""
    async with svc.db.transaction() as conn:
        people = PeopleRepo(conn)
        carla_id = await people.add(
            "Carla", "carla@school.example", Role.COORDINATOR, "en", clock.now()
        )
        await people.link_telegram(carla_id, 9001, "en")
        carla = await people.by_id(carla_id)
    assert carla is not None
    return carla
