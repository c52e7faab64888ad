"""Survey results: who sees what, means and spreads per company, small anonymous groups
hidden."""

from __future__ import annotations

from bot.domain.people import Person, Role
from bot.domain.survey_results import QuestionResult
from bot.services.roster import import_roster
from bot.services.runtime import Services
from bot.services.survey_results import (
    ResultsRefused,
    SurveyResults,
    survey_results,
    survey_table,
)
from bot.services.surveys import list_surveys, load_shipped
from storage.people import PeopleRepo
from storage.survey_responses import Grouping, ResponseRepo
from tests.conftest import ROSTER

MID = {
    "safe": "4",
    "learning": "2",
    "learning_why": "Meer bakken",
    "mentor_time": "5",
    "tasks": "mixed",
    "recommend": "yes",
    "remark": "",
}
END = {"overall": "3", "guidance": "4", "school": "5", "recommend": "no", "remark": ""}


async def school(svc: Services, anonymous_answers: int) -> dict[str, Person]:
    """Mid answers of Sanne and Daan (Ingrid's) and Lotte (Peter's); anonymous end answers."""
    now = svc.clock.now()
    await import_roster(svc, ROSTER, skip_bad_rows=False, now=now)
    await load_shipped(svc, now)
    ids = {s.survey.name: s.id for s in await list_surveys(svc)}
    async with svc.db.transaction() as conn:
        people = PeopleRepo(conn)
        carla = await people.add("Carla", "carla@school.example", Role.COORDINATOR, "en", now)
        cast = {
            name: await people.by_email(email)
            for name, email in (
                ("sanne", "sanne@student.example"),
                ("ingrid", "ingrid@school.example"),
                ("peter", "peter@school.example"),
                ("mark", "mark@bakkerij.example"),
            )
        }
        cast["carla"] = await people.by_id(carla)
        async with conn.execute(
            "SELECT id, student_id, mentor_id, supervisor_id FROM placements ORDER BY id"
        ) as cur:
            placements = list(await cur.fetchall())
        repo = ResponseRepo(conn)
        for (placement, student, mentor, supervisor), company, score in zip(
            placements,
            ("Bakkerij Jansen", "Bakkerij Jansen", "Zorgcentrum West"),
            ("4", "2", "1"),
            strict=True,
        ):
            await repo.respond(
                ids["student_mid"],
                Grouping(company, "2025-2026", student, placement, mentor, supervisor),
                {**MID, "safe": score},
                now,
            )
        for _ in range(anonymous_answers):
            await repo.respond(
                ids["student_end"], Grouping("Bakkerij Jansen", "2025-2026"), END, None
            )
    return {k: v for k, v in cast.items() if v is not None}


def by_id(found: list[SurveyResults] | ResultsRefused) -> dict[str, SurveyResults]:
    assert not isinstance(found, ResultsRefused)
    return {r.survey.name: r for r in found}


def question(results: SurveyResults, group: str, question_id: str) -> QuestionResult:
    [found] = [g for g in results.groups if g.group == group]
    return next(q for q in found.questions if q.question.id == question_id)


async def test_the_coordinator_sees_every_company_with_means_and_spreads(svc: Services) -> None:
    cast = await school(svc, anonymous_answers=5)
    found = by_id(await survey_results(svc, cast["carla"]))
    mid = found["student_mid"]
    assert mid.responses == 3
    assert [g.group for g in mid.groups] == ["Bakkerij Jansen", "Zorgcentrum West"]
    safe = question(mid, "Bakkerij Jansen", "safe")
    assert (safe.count, safe.mean) == (2, 3.0)
    assert safe.distribution == (("1", 0), ("2", 1), ("3", 0), ("4", 1), ("5", 0))
    assert question(mid, "Bakkerij Jansen", "tasks").distribution == (
        ("trade", 0),
        ("mixed", 2),
        ("other", 0),
    )
    assert question(mid, "Bakkerij Jansen", "remark").count == 0  # skipped texts are no answer
    end = found["student_end"]
    assert not end.groups[0].hidden  # five anonymous answers: the minimum


async def test_an_anonymous_group_below_the_minimum_stays_hidden(svc: Services) -> None:
    cast = await school(svc, anonymous_answers=4)
    [group] = by_id(await survey_results(svc, cast["carla"]))["student_end"].groups
    assert (group.group, group.responses, group.hidden, group.questions) == (
        "Bakkerij Jansen",
        4,
        True,
        (),
    )


async def test_a_supervisor_sees_only_his_placements_and_no_anonymous_survey(
    svc: Services,
) -> None:
    cast = await school(svc, anonymous_answers=5)
    ingrids = by_id(await survey_results(svc, cast["ingrid"]))
    assert set(ingrids) == {"student_mid"}
    assert ingrids["student_mid"].responses == 2
    assert [g.group for g in ingrids["student_mid"].groups] == ["Bakkerij Jansen"]
    peters = by_id(await survey_results(svc, cast["peter"]))
    assert question(peters["student_mid"], "Zorgcentrum West", "safe").mean == 1.0
    assert peters["student_mid"].responses == 1


async def test_students_and_mentors_see_no_results(svc: Services) -> None:
    cast = await school(svc, anonymous_answers=5)
    for who in ("sanne", "mark"):
        assert await survey_results(svc, cast[who]) is ResultsRefused.NOT_ALLOWED


async def test_the_export_names_people_of_open_surveys_and_drops_small_anonymous_groups(
    svc: Services,
) -> None:
    await school(svc, anonymous_answers=4)
    mid = await survey_table(svc, "student_mid")
    assert mid is not None
    assert mid.header[:9] == (
        "survey",
        "version",
        "company",
        "school_year",
        "mentor",
        "course_run",
        "person",
        "answered_at",
        "safe",
    )
    assert [(r[2], r[4], r[6], r[8]) for r in mid.rows] == [
        ("Bakkerij Jansen", "Mark Jansen", "Sanne de Vries", "4"),
        ("Bakkerij Jansen", "Mark Jansen", "Daan Smit", "2"),
        ("Zorgcentrum West", "Fatima El Amrani", "Lotte Visser", "1"),
    ]
    end = await survey_table(svc, "student_end")
    assert end is not None
    assert end.rows == ()  # four anonymous answers: below the minimum
    assert await survey_table(svc, "no_such_survey") is None


async def test_an_anonymous_export_holds_no_person(svc: Services) -> None:
    await school(svc, anonymous_answers=5)
    end = await survey_table(svc, "student_end")
    assert end is not None
    assert len(end.rows) == 5
    assert {(r[4], r[6], r[7]) for r in end.rows} == {("", "", "")}  # no mentor, person, time
