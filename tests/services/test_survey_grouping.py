"""Survey results grouped by company, mentor, course run and school year: counts and means per
group (the export read back with csv), small anonymous groups hidden, an anonymous survey never
by mentor, a supervisor only his placements, a trainer only his own run."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

from bot.documents.spreadsheet import Cell, csv_bytes
from bot.domain.people import Person
from bot.domain.survey_results import GroupBy, RunGroup, run_group
from bot.services.runtime import Services
from bot.services.survey_results import (
    ResultsRefused,
    TableRefused,
    run_results,
    survey_results,
    survey_summary,
    survey_table,
)
from bot.services.surveys import list_surveys
from storage.survey_responses import Grouping, ResponseRepo
from tests.services.test_survey_results import MID, by_id, question, school

COURSE = {"useful": "4", "trainer": "5", "remark": ""}
RUN_SESSIONS = (
    (1, 2, "2026-03-19T14:00:00"),
    (1, 1, "2026-03-12T14:00:00"),
    (2, 1, "2026-02-05T14:00:00"),
)
# Each run's group key (run_group): its first session's start, its number, its course.
RUN1 = "2026-03-12T14:00:00\x1f1\x1fCoach"
RUN2 = "2026-02-05T14:00:00\x1f2\x1fCoach"


async def grouped_school(svc: Services) -> dict[str, Person]:
    """test_survey_results' school, a mid answer of Sanne's next school year, and the course
    evaluation of two runs: Ingrid's with five answers, Carla's with two."""
    cast = await school(svc, anonymous_answers=5)
    now = svc.clock.now()
    ids = {s.survey.name: s.id for s in await list_surveys(svc)}
    async with svc.db.transaction() as conn:
        await conn.execute("INSERT INTO training_courses (name, created_at) VALUES ('Coach', '')")
        for trainer in (cast["ingrid"].id, cast["carla"].id):
            await conn.execute(
                "INSERT INTO training_runs (course_id, trainer_id, created_at) VALUES (1, ?, '')",
                (trainer,),
            )
        # Carla's run 2 begins before Ingrid's run 1: runs are listed by their first session.
        for run, number, starts_at in RUN_SESSIONS:
            await conn.execute(
                "INSERT INTO training_sessions (run_id, number, starts_at, minutes, link, due_at) "
                "VALUES (?, ?, ?, 90, 'https://meet.example.org/s', ?)",
                (run, number, starts_at, starts_at),
            )
        repo = ResponseRepo(conn)
        sanne, mark, ingrid = cast["sanne"].id, cast["mark"].id, cast["ingrid"].id
        await repo.respond(
            ids["student_mid"],
            Grouping("Bakkerij Jansen", "2026-2027", sanne, 1, mark, ingrid),
            {**MID, "safe": "5"},
            now,
        )
        for run, useful in ((1, "3"), (1, "4"), (1, "4"), (1, "4"), (1, "5"), (2, "1"), (2, "2")):
            await repo.respond(
                ids["training_course"],
                Grouping("Bakkerij Jansen", "2025-2026", run_id=run),
                {**COURSE, "useful": useful},
                None,
            )
    return cast


async def test_by_mentor_each_mentor_has_his_students_answers_and_no_anonymous_survey(
    svc: Services,
) -> None:
    cast = await grouped_school(svc)
    found = by_id(await survey_results(svc, cast["carla"], GroupBy.MENTOR))
    assert set(found) == {"student_mid"}  # student_end and the course survey are anonymous
    mid = found["student_mid"]
    assert [(g.group, g.responses) for g in mid.groups] == [
        ("Fatima El Amrani", 1),
        ("Mark Jansen", 3),
    ]
    safe = question(mid, "Mark Jansen", "safe")
    assert (safe.count, safe.mean) == (3, 3.7)  # 4, 2 and 5
    assert safe.distribution == (("1", 0), ("2", 1), ("3", 0), ("4", 1), ("5", 1))
    assert question(mid, "Fatima El Amrani", "safe").mean == 1.0


async def test_by_school_year_and_by_company(svc: Services) -> None:
    cast = await grouped_school(svc)
    by_year = by_id(await survey_results(svc, cast["carla"], GroupBy.YEAR))
    assert [(g.group, g.responses) for g in by_year["student_mid"].groups] == [
        ("2025-2026", 3),
        ("2026-2027", 1),
    ]
    assert question(by_year["student_mid"], "2026-2027", "safe").mean == 5.0
    assert question(by_year["student_mid"], "2025-2026", "safe").mean == 2.3  # 4, 2, 1
    [course] = by_year["training_course"].groups
    assert (course.group, course.responses, course.hidden) == ("2025-2026", 7, False)
    by_company = by_id(await survey_results(svc, cast["carla"], GroupBy.COMPANY))
    assert [(g.group, g.responses) for g in by_company["student_mid"].groups] == [
        ("Bakkerij Jansen", 3),
        ("Zorgcentrum West", 1),
    ]


async def test_by_course_run_a_run_below_the_minimum_stays_hidden(svc: Services) -> None:
    cast = await grouped_school(svc)
    found = by_id(await survey_results(svc, cast["carla"], GroupBy.RUN))
    assert set(found) == {"training_course"}  # placement surveys have no run
    first, second = found["training_course"].groups
    assert (first.group, first.responses, first.hidden, first.questions) == (RUN2, 2, True, ())
    assert (second.group, second.responses, second.hidden) == (RUN1, 5, False)
    assert question(found["training_course"], RUN1, "useful").mean == 4.0
    assert run_group(RUN1) == RunGroup("Coach", datetime(2026, 3, 12, 14, tzinfo=UTC), 1)


async def test_a_supervisor_groups_only_his_own_placements(svc: Services) -> None:
    cast = await grouped_school(svc)
    ingrids = by_id(await survey_results(svc, cast["ingrid"], GroupBy.MENTOR))
    assert [(g.group, g.responses) for g in ingrids["student_mid"].groups] == [("Mark Jansen", 3)]
    peters = by_id(await survey_results(svc, cast["peter"], GroupBy.YEAR))
    assert [(g.group, g.responses) for g in peters["student_mid"].groups] == [("2025-2026", 1)]
    assert await survey_results(svc, cast["ingrid"], GroupBy.RUN) == []  # anonymous, no run
    for who in ("sanne", "mark"):
        for by in GroupBy:
            assert await survey_results(svc, cast[who], by) is ResultsRefused.NOT_ALLOWED


async def test_a_trainer_sees_the_evaluation_of_his_own_run_only(svc: Services) -> None:
    cast = await grouped_school(svc)
    [mine] = by_id(await run_results(svc, cast["ingrid"], 1)).values()
    assert [(g.group, g.responses, g.hidden) for g in mine.groups] == [(RUN1, 5, False)]
    assert await run_results(svc, cast["ingrid"], 2) is ResultsRefused.NOT_ALLOWED
    assert await run_results(svc, cast["mark"], 1) is ResultsRefused.NOT_ALLOWED
    assert await run_results(svc, cast["peter"], 1) is ResultsRefused.NOT_ALLOWED
    assert await run_results(svc, cast["carla"], 99) is ResultsRefused.UNKNOWN
    [carlas] = by_id(await run_results(svc, cast["carla"], 2)).values()
    assert [(g.group, g.hidden) for g in carlas.groups] == [(RUN2, True)]


def read_back(header: tuple[str, ...], rows: tuple[tuple[Cell, ...], ...]) -> list[dict[str, str]]:
    """The CSV as Dutch Excel gets it (";" apart, decimal comma), read again with the csv
    module."""
    text = csv_bytes(header, rows, delimiter=";").decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text), delimiter=";"))


async def test_the_export_by_group_reads_back_with_counts_and_means(svc: Services) -> None:
    await grouped_school(svc)
    table = await survey_summary(svc, "student_mid", GroupBy.MENTOR)
    assert not isinstance(table, TableRefused)
    lines = read_back(table.header, table.rows)
    assert list(lines[0]) == [
        "survey",
        "version",
        "mentor",
        "responses",
        "question",
        "answered",
        "mean",
        "spread",
    ]
    safe = {line["mentor"]: line for line in lines if line["question"] == "safe"}
    assert set(safe) == {"Mark Jansen", "Fatima El Amrani"}
    assert (safe["Mark Jansen"]["responses"], safe["Mark Jansen"]["mean"]) == ("3", "3,7")
    assert safe["Mark Jansen"]["spread"] == "1:0 2:1 3:0 4:1 5:1"
    tasks = next(x for x in lines if x["mentor"] == "Mark Jansen" and x["question"] == "tasks")
    assert (tasks["answered"], tasks["mean"], tasks["spread"]) == (
        "3",
        "",
        "trade:0 mixed:3 other:0",
    )

    runs = await survey_summary(svc, "training_course", GroupBy.RUN)
    assert not isinstance(runs, TableRefused)
    useful = [x for x in read_back(runs.header, runs.rows) if x["question"] == "useful"]
    assert [(x["run"], x["responses"], x["mean"]) for x in useful] == [(RUN1, "5", "4,0")]
    assert await survey_summary(svc, "training_course", GroupBy.MENTOR) is TableRefused.ANONYMOUS
    assert await survey_summary(svc, "nothing", GroupBy.YEAR) is TableRefused.UNKNOWN


async def test_the_row_export_of_an_anonymous_survey_drops_rows_of_a_small_run(
    svc: Services,
) -> None:
    await grouped_school(svc)
    table = await survey_table(svc, "training_course")
    assert table is not None
    lines = read_back(table.header, table.rows)
    assert [line["course_run"] for line in lines] == [RUN1] * 5
    assert {(line["person"], line["mentor"], line["answered_at"]) for line in lines} == {
        ("", "", "")
    }
