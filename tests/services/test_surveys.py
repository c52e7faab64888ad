"""Surveys on a real SQLite file: loading versions, and the tick's invitations, waits,
reminders and closing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.clock import FakeClock
from bot.domain.survey_messages import SurveyInvitation, SurveyReminder
from bot.domain.surveys import Problem
from bot.services.roster import import_roster
from bot.services.runtime import Services
from bot.services.surveys import (
    LoadResult,
    list_surveys,
    load_survey,
    remind_and_close,
    send_surveys,
    shipped_sources,
)
from storage.db import to_db
from storage.people import PeopleRepo
from tests.conftest import ROSTER

HALFWAY = datetime(2026, 4, 29, 8, 0, tzinfo=UTC)  # 2026-03-02 + 58 of 116 days, 10:00 local
LAST_WEEK = datetime(2026, 6, 20, 8, 0, tzinfo=UTC)  # the placements end on 2026-06-26


async def joined(svc: Services, *emails: str) -> dict[str, int]:
    """The roster, with these people joined; their ids by email."""
    await import_roster(svc, ROSTER, skip_bad_rows=False, now=svc.clock.now())
    ids = {}
    async with svc.db.transaction() as conn:
        people = PeopleRepo(conn)
        for number, email in enumerate(emails, start=1):
            person = await people.by_email(email)
            assert person is not None
            await people.link_telegram(person.id, 7000 + number, "nl")
            ids[email] = person.id
    return ids


async def outbox(svc: Services) -> list[tuple[int, str]]:
    async with (
        svc.db.reading() as conn,
        conn.execute("SELECT person_id, kind FROM outbox ORDER BY id") as cur,
    ):
        return [(int(r[0]), str(r[1])) for r in await cur.fetchall()]


async def test_a_version_is_loaded_once_and_a_changed_one_needs_a_new_number(
    svc: Services,
) -> None:
    [source] = [s for s in shipped_sources() if 'name = "student_mid"' in s]
    now = svc.clock.now()
    assert (await load_survey(svc, source, now)).result is LoadResult.LOADED
    assert (await load_survey(svc, source + "\n# a comment\n", now)).result is LoadResult.SAME
    changed = source.replace("Ik voel me veilig", "Ik voel me thuis")
    assert (await load_survey(svc, changed, now)).result is LoadResult.CHANGED
    newer = changed.replace("version = 1", "version = 2")
    assert (await load_survey(svc, newer, now)).result is LoadResult.LOADED
    [latest] = [s for s in await list_surveys(svc) if s.survey.name == "student_mid"]
    assert latest.survey.version == 2
    bad = await load_survey(svc, source.replace('kind = "yes_no"', 'kind = "maybe"'), now)
    assert bad.result is LoadResult.INVALID
    assert [(e.problem, e.question) for e in bad.errors] == [(Problem.UNKNOWN_KIND, "recommend")]


async def test_the_mid_survey_comes_halfway_once_and_waits_for_an_open_checkin(
    svc: Services, clock: FakeClock
) -> None:
    ids = await joined(svc, "sanne@student.example", "daan@student.example")
    sanne, daan = ids["sanne@student.example"], ids["daan@student.example"]
    assert await send_surveys(svc, clock.now()) == 0  # the first day: nothing yet
    assert {s.survey.name for s in await list_surveys(svc)} == {
        "student_mid",
        "student_end",
        "mentor_end",
        "training_course",
    }  # shipped, loaded
    clock.set(HALFWAY - timedelta(days=1))
    assert await send_surveys(svc, clock.now()) == 0
    clock.set(HALFWAY)
    async with svc.db.transaction() as conn:  # Daan has a check-in open
        await conn.execute(
            "INSERT INTO checkins (placement_id, week, due_at, remind_at, closes_at) "
            "SELECT id, '2026-W18', ?, ?, ? FROM placements WHERE student_id = ?",
            (to_db(HALFWAY), to_db(HALFWAY), to_db(HALFWAY + timedelta(days=3)), daan),
        )
    assert await send_surveys(svc, clock.now()) == 1
    assert await outbox(svc) == [(sanne, SurveyInvitation.kind)]
    assert await send_surveys(svc, clock.now()) == 0  # once
    async with svc.db.transaction() as conn:
        await conn.execute("UPDATE checkins SET status = 'answered'")
    assert await send_surveys(svc, clock.now()) == 1
    assert await outbox(svc) == [(sanne, SurveyInvitation.kind), (daan, SurveyInvitation.kind)]


async def test_the_end_surveys_come_in_the_last_week_to_student_and_mentor(
    svc: Services, clock: FakeClock
) -> None:
    ids = await joined(svc, "sanne@student.example", "mark@bakkerij.example")
    clock.set(LAST_WEEK - timedelta(days=1))
    await send_surveys(svc, clock.now())  # the mid survey, late
    before = len(await outbox(svc))
    clock.set(LAST_WEEK)
    assert await send_surveys(svc, clock.now()) == 3  # Sanne's end, Mark's for Sanne and Daan
    kinds = (await outbox(svc))[before:]
    assert sorted(kinds) == sorted(
        [(ids["sanne@student.example"], "survey_invitation")]
        + [(ids["mark@bakkerij.example"], "survey_invitation")] * 2
    )
    clock.set(datetime(2026, 6, 27, 8, 0, tzinfo=UTC))  # ended: nothing new
    assert await send_surveys(svc, clock.now()) == 0


async def test_an_unanswered_survey_is_reminded_once_after_three_days_and_closes_after_14(
    svc: Services, clock: FakeClock
) -> None:
    ids = await joined(svc, "sanne@student.example")
    clock.set(HALFWAY)
    await send_surveys(svc, clock.now())
    clock.set(HALFWAY + timedelta(days=3) - timedelta(minutes=1))
    assert await remind_and_close(svc, clock.now()) == 0
    clock.set(HALFWAY + timedelta(days=3))
    assert await remind_and_close(svc, clock.now()) == 1
    assert await remind_and_close(svc, clock.now()) == 0  # once
    assert (await outbox(svc))[-1] == (ids["sanne@student.example"], SurveyReminder.kind)
    clock.set(HALFWAY + timedelta(days=14))
    assert await remind_and_close(svc, clock.now()) == 1
    async with (
        svc.db.reading() as conn,
        conn.execute("SELECT closed_at FROM survey_invitations") as cur,
    ):
        assert [r[0] for r in await cur.fetchall()] == [to_db(clock.now())]
    assert await remind_and_close(svc, clock.now()) == 0


async def next_looks(svc: Services) -> list[str | None]:
    async with (
        svc.db.reading() as conn,
        conn.execute("SELECT next_survey_on FROM placements ORDER BY id") as cur,
    ):
        return [r[0] for r in await cur.fetchall()]


async def test_the_tick_reads_a_placement_only_when_its_survey_day_has_come(
    svc: Services, clock: FakeClock
) -> None:
    """An indexed day per placement: the halfway day, then the last week, then never; a day
    later while its reader has not joined or is busy."""
    await joined(svc, "sanne@student.example")  # Daan and Lotte have not joined
    assert await next_looks(svc) == ["2026-04-29"] * 3
    clock.set(HALFWAY - timedelta(days=2))
    await send_surveys(svc, clock.now())
    assert await next_looks(svc) == ["2026-04-29"] * 3  # not yet: left as they were
    clock.set(HALFWAY)
    assert await send_surveys(svc, clock.now()) == 1  # Sanne's
    # Her end week next; Daan's and Lotte's tomorrow again, in case they join.
    assert await next_looks(svc) == ["2026-06-20", "2026-04-30", "2026-04-30"]
    clock.set(datetime(2026, 6, 27, 8, 0, tzinfo=UTC))  # every placement has ended
    await send_surveys(svc, clock.now())
    assert await next_looks(svc) == [None] * 3
    async with svc.db.transaction() as conn:  # a longer placement: its days are planned again
        await conn.execute("UPDATE placements SET ends_on = '2026-08-28'")
    assert await next_looks(svc) == ["2026-05-30"] * 3  # 2026-03-02 + 89 of 179 days
