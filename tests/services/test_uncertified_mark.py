"""The supervisor's picture marks a placement whose mentor is not certified, only once the
school trains mentors through the bot (a course run exists); an expired certificate counts as
none (CERTIFICATE_VALID_MONTHS decided its last day)."""

from __future__ import annotations

from datetime import date, timedelta

from bot.domain.training import Completion
from bot.domain.training_plan import plan_session
from bot.services.overview import overview_of
from bot.services.runtime import Services
from bot.services.student_picture import PictureResult, student_picture
from bot.services.training import create_run
from handlers.supervision_format import overview_line, picture_text
from storage.certificates import CertificateRepo
from tests.services.test_supervision import person
from tests.supervision import State, local, seed

PLAN = [
    ("Anna Certified", State.GREEN, "ingrid"),
    ("Bram Expired", State.GREEN, "ingrid"),
    ("Cas Untrained", State.GREEN, "ingrid"),
]
NOW = local(3, 20, 15)


async def marks(svc: Services) -> dict[str, bool]:
    ingrid = await person(svc, "ingrid@school.example")
    overview = await overview_of(svc, ingrid, NOW)
    assert overview is not None
    return {line.facts.student: line.facts.mentor_uncertified for line in overview.lines}


async def certify(svc: Services, mentor_email: str, run_id: int, until: date | None) -> None:
    mentor = await person(svc, mentor_email)
    async with svc.db.transaction() as conn:
        await CertificateRepo(conn).add(
            f"MB-2026-{mentor.id:04d}",
            mentor.id,
            run_id,
            company="",
            course="Praktijkopleider",
            issued_on=date(2026, 1, 5),
            valid_until=until,
            completion=Completion.ATTENDED_ALL,
        )


async def test_no_mark_while_the_school_trains_no_mentors_through_the_bot(svc: Services) -> None:
    await seed(svc, PLAN)
    assert await marks(svc) == dict.fromkeys(
        ("Anna Certified", "Bram Expired", "Cas Untrained"), False
    )
    ingrid = await person(svc, "ingrid@school.example")
    seeded = await overview_of(svc, ingrid, NOW)
    assert seeded is not None
    shown = await student_picture(svc, ingrid, seeded.lines[0].facts.placement_id, NOW)
    assert shown.picture is not None
    assert not shown.picture.mentor_uncertified
    assert "certif" not in picture_text("en", shown.picture)


async def test_uncertified_and_expired_mentors_are_marked_in_overview_and_picture(
    svc: Services,
) -> None:
    placements = await seed(svc, PLAN)
    ingrid = await person(svc, "ingrid@school.example")
    sessions = [plan_session(NOW - timedelta(days=90), 60, "https://meet.example.org/x", "")]
    run_id = await create_run(
        svc, ingrid, "Praktijkopleider", sessions, instructions="", now=NOW - timedelta(days=100)
    )
    assert isinstance(run_id, int)
    await certify(svc, "m1@company.example", run_id, None)  # for good
    await certify(svc, "m2@company.example", run_id, date(2026, 3, 19))  # ended yesterday
    assert await marks(svc) == {
        "Anna Certified": False,
        "Bram Expired": True,
        "Cas Untrained": True,
    }
    overview = await overview_of(svc, ingrid, NOW)
    assert overview is not None
    lines = {
        line.facts.student: overview_line("nl", line, overview.timezone) for line in overview.lines
    }
    assert "niet gecertificeerd" in lines["Cas Untrained"]
    assert "gecertificeerd" not in lines["Anna Certified"]

    by_student = {p.student: p.placement_id for p in placements}
    for student, marked in (("Anna Certified", False), ("Cas Untrained", True)):
        shown = await student_picture(svc, ingrid, by_student[student], NOW)
        assert shown.result is PictureResult.SHOW
        assert shown.picture is not None
        assert shown.picture.mentor_uncertified is marked
        assert ("no valid mentor certificate" in picture_text("en", shown.picture)) is marked
