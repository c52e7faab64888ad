"""Training services on a real SQLite file: a run from invitation to certificates, the forged
and stale presses refused, verify, and both registers read back as CSV."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta
from pathlib import Path

from bot.clock import FakeClock
from bot.documents.spreadsheet import csv_bytes
from bot.domain.company_file import read_company_file
from bot.domain.people import Person, Role
from bot.domain.training import verification_code
from bot.domain.training_plan import plan_session
from bot.services.certificates import (
    company_register,
    import_companies,
    issue_certificates,
    register,
    verify,
)
from bot.services.exports import ExportKind, ExportTable, export
from bot.services.privacy import decide_erasure, my_data, request_erasure
from bot.services.roster import import_roster
from bot.services.runtime import Services
from bot.services.training import (
    RunOverview,
    TrainingResult,
    create_run,
    enrol,
    invite_mentors,
    mark_attendance,
    override_completion,
    run_overview,
)
from bot.services.training_hand_in import HandInResult, hand_in, start_hand_in
from storage.certificate_mail import CertificateMailRepo
from storage.people import PeopleRepo
from tests.conftest import ROSTER
from tests.services.test_privacy import on_disk
from tests.services.test_privacy import school as privacy_school

LINK = "https://meet.example.org/training"


async def people(svc: Services) -> dict[str, Person]:
    """Everyone of the roster by email."""
    async with svc.db.reading() as conn:
        found = {}
        for role in Role:
            found.update({p.email: p for p in await PeopleRepo(conn).with_role(role)})
        return found


async def two_session_run(svc: Services, clock: FakeClock, trainer: Person) -> int:
    """A run with sessions 10 and 17 days from now."""
    now = clock.now()
    sessions = [plan_session(now + timedelta(days=d), 90, LINK, f"Opdracht {d}") for d in (10, 17)]
    run_id = await create_run(
        svc,
        trainer,
        "Praktijkopleider in de zorg",
        sessions,
        instructions="Camera aan, koptelefoon op.",
        now=now,
    )
    assert isinstance(run_id, int)
    return run_id


def read_back(table: object) -> list[dict[str, str]]:
    assert isinstance(table, ExportTable)
    data = csv_bytes(table.header, table.rows, delimiter=";")
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))


async def test_a_run_from_invitation_to_the_register(  # noqa: PLR0915 - one story
    svc: Services, clock: FakeClock
) -> None:
    await import_roster(svc, ROSTER, skip_bad_rows=False, now=clock.now())
    who = await people(svc)
    ingrid, mark, fatima = (
        who["ingrid@school.example"],
        who["mark@bakkerij.example"],
        who["fatima@zorg.example"],
    )
    sanne = who["sanne@student.example"]
    assert (
        await create_run(
            svc,
            mark,
            "x",
            [plan_session(clock.now() + timedelta(days=1), 60, LINK, "")],
            instructions="",
            now=clock.now(),
        )
        is TrainingResult.NOT_ALLOWED
    )
    run_id = await two_session_run(svc, clock, ingrid)

    # Only the trainer (or a coordinator) invites; a student's or mentor's press is refused.
    assert (await invite_mentors(svc, mark, run_id, clock.now())).result is (
        TrainingResult.NOT_ALLOWED
    )
    invited = await invite_mentors(svc, ingrid, run_id, clock.now())
    assert (invited.result, invited.new) == (TrainingResult.DONE, 2)
    assert (await invite_mentors(svc, ingrid, run_id, clock.now())).before == 2

    # Enrolling: a student was not invited; a mentor enrols once.
    assert await enrol(svc, sanne, run_id, clock.now()) is TrainingResult.NOT_ALLOWED
    assert await enrol(svc, mark, run_id, clock.now()) is TrainingResult.DONE
    assert await enrol(svc, mark, run_id, clock.now()) is TrainingResult.ALREADY
    assert await enrol(svc, fatima, run_id, clock.now()) is TrainingResult.DONE

    overview = await run_overview(svc, ingrid, run_id)
    assert isinstance(overview, RunOverview)
    first, second = overview.sessions
    # A hand-in only by the enrolled, for a session of their run.
    assert (await start_hand_in(svc, sanne, first.id, clock.now(), update_id=None)).result is (
        HandInResult.NOT_ALLOWED
    )
    assert (await start_hand_in(svc, mark, 999, clock.now(), update_id=None)).result is (
        HandInResult.NOT_ALLOWED
    )
    asked = await start_hand_in(svc, mark, first.id, clock.now(), update_id=None)
    assert asked.result is HandInResult.ASK
    assert asked.flow is not None
    assert (
        await hand_in(svc, mark, asked.flow.id, "  ", clock.now(), update_id=None)
    ).result is HandInResult.EMPTY
    too_long = ("&amp; 😀 <b>" * 1_000)[:10_000]  # more than a Telegram message holds
    assert (
        await hand_in(svc, mark, asked.flow.id, too_long, clock.now(), update_id=None)
    ).result is HandInResult.TOO_BIG
    assert (
        await hand_in(
            svc,
            mark,
            asked.flow.id,
            "",
            clock.now(),
            update_id=None,
            file_name="huge.pdf",
            file=b"x" * (10 * 1024 * 1024 + 1),
        )
    ).result is HandInResult.TOO_BIG
    done = await hand_in(
        svc, mark, asked.flow.id, "Mijn lastige gesprek & 😀", clock.now(), update_id=None
    )
    assert done.result is HandInResult.HANDED_IN
    assert (
        await hand_in(svc, mark, asked.flow.id, "again", clock.now(), update_id=None)
    ).result is HandInResult.STALE
    clock.advance(timedelta(days=16))  # past the second session's due moment
    late = await start_hand_in(svc, fatima, second.id, clock.now(), update_id=None)
    assert late.flow is not None
    outcome = await hand_in(
        svc,
        fatima,
        late.flow.id,
        "",
        clock.now(),
        update_id=None,
        file_name="opdracht.pdf",
        file=b"%PDF-1.4 x",
    )
    assert outcome.result is HandInResult.LATE
    overview = await run_overview(svc, ingrid, run_id)
    assert isinstance(overview, RunOverview)
    assert overview.handed_in == {first.id: {mark.id}, second.id: {fatima.id}}
    assert await run_overview(svc, mark, run_id) is TrainingResult.NOT_ALLOWED

    # Attendance: the trainer's taps; Fatima misses the second session.
    clock.advance(timedelta(days=2))
    assert await mark_attendance(svc, mark, first.id, mark.id, clock.now()) is (
        TrainingResult.NOT_ALLOWED
    )
    assert await mark_attendance(svc, ingrid, first.id, sanne.id, clock.now()) is (
        TrainingResult.UNKNOWN
    )
    for session, participant in ((first, mark), (second, mark), (first, fatima)):
        assert isinstance(
            await mark_attendance(svc, ingrid, session.id, participant.id, clock.now()),
            RunOverview,
        )
    issued = await issue_certificates(svc, ingrid, run_id, clock.now())
    assert (issued.issued, issued.incomplete) == (1, ("Fatima El Amrani",))
    assert await override_completion(svc, ingrid, run_id, fatima.id, " ") is (
        TrainingResult.NOT_ALLOWED
    )
    assert (
        await override_completion(svc, ingrid, run_id, fatima.id, "Ziek; opname bekeken")
        is TrainingResult.DONE
    )
    again = await issue_certificates(svc, ingrid, run_id, clock.now())
    assert (again.issued, again.before, again.incomplete) == (1, 1, ())

    found = await register(svc, ingrid, "bakkerij")
    assert found is not None
    assert [c.name for c in found] == ["Mark Jansen"]
    assert await register(svc, mark) is None
    number = found[0].number
    assert number == f"MB-{clock.now().year}-0001"
    async with (
        svc.db.reading() as conn,
        conn.execute("SELECT secret FROM certificate_secret") as cur,
    ):
        row = await cur.fetchone()
    assert row is not None
    code = verification_code(bytes(row[0]), number)
    verified = await verify(svc, number.lower(), code.lower())
    assert verified is not None
    assert (verified.name, verified.course) == ("Mark Jansen", "Praktijkopleider in de zorg")
    assert await verify(svc, number, "AAAA-BBBB-CCCC") is None
    assert await verify(svc, "MB-2026-0002", code) is None
    assert await verify(svc, "MB-2099-0001", code) is None

    rows = read_back(await export(svc, ExportKind.REGISTER, None))
    assert sorted(r["mentor"] for r in rows) == ["Fatima El Amrani", "Mark Jansen"]
    assert {r["completion"] for r in rows} == {"attended_all", "override"}


async def test_the_company_register_counts_students_now_and_before(
    svc: Services, clock: FakeClock
) -> None:
    await import_roster(svc, ROSTER, skip_bad_rows=False, now=clock.now())
    async with svc.db.transaction() as conn:
        # Mark hosted a student last year as well.
        await conn.execute(
            """INSERT INTO placements (student_id, mentor_id, supervisor_id, company_id,
               starts_on, ends_on, timezone, checkin_weekday, checkin_time,
               mentor_meeting_every_days, tripartite_every_weeks, created_at)
               SELECT student_id, mentor_id, supervisor_id, company_id, '2025-02-01',
                      '2025-06-30', timezone, checkin_weekday, checkin_time,
                      mentor_meeting_every_days, tripartite_every_weeks, created_at
               FROM placements WHERE id = (SELECT min(id) FROM placements)"""
        )
    who = await people(svc)
    today = date(2026, 3, 10)
    entries = await company_register(svc, who["peter@school.example"], today)
    assert entries is not None
    counts = {
        (e.company, e.mentor): (e.students_now, e.students_before, e.certified) for e in entries
    }
    assert counts == {
        ("Bakkerij Jansen", "Mark Jansen"): (2, 1, False),
        ("Zorgcentrum West", "Fatima El Amrani"): (1, 0, False),
    }
    assert await company_register(svc, who["sanne@student.example"], today) is None
    rows = read_back(await export(svc, ExportKind.COMPANIES, None, last_day=today))
    assert [(r["company"], r["students_now"], r["certified"]) for r in rows] == [
        ("Bakkerij Jansen", "2", "0"),
        ("Zorgcentrum West", "1", "0"),
    ]


async def test_mydata_holds_his_training_and_erasure_leaves_no_word_of_it(
    svc: Services, clock: FakeClock, tmp_path: Path
) -> None:
    cast = await privacy_school(svc, clock.now())
    who = await people(svc)
    ingrid, mark = cast["ingrid"], who["mark@bakkerij.example"]
    run_id = await two_session_run(svc, clock, ingrid)
    await invite_mentors(svc, ingrid, run_id, clock.now())
    await enrol(svc, mark, run_id, clock.now())
    overview = await run_overview(svc, ingrid, run_id)
    assert isinstance(overview, RunOverview)
    words = "Ermengarde van de Vulcanusbakkerij vertelde over haar nachtdienst"
    for session, text, file in (
        (overview.sessions[0], words, None),
        (overview.sessions[1], "", words.encode()),
    ):
        asked = await start_hand_in(svc, mark, session.id, clock.now(), update_id=None)
        assert asked.flow is not None
        await hand_in(
            svc,
            mark,
            asked.flow.id,
            text,
            clock.now(),
            update_id=None,
            file_name="plan.txt" if file else None,
            file=file,
        )
    clock.advance(timedelta(days=18))
    for session in overview.sessions:
        await mark_attendance(svc, ingrid, session.id, mark.id, clock.now())
    await issue_certificates(svc, ingrid, run_id, clock.now())
    employer = "vulcanus-hr@bakkerij.example"
    async with svc.db.transaction() as conn:  # his certificate went to his employer
        (target,) = await CertificateMailRepo(conn).targets(run_id)
        await CertificateMailRepo(conn).mailed(target.certificate_id, employer, clock.now())

    data = await my_data(svc, mark, clock.now())
    assert [c["employer_mail_to"] for c in data["certificates"]] == [employer]
    assert [s["text"] for s in data["training_submissions"]] == [words, ""]
    assert data["training_submissions"][1]["file_name"] == "plan.txt"
    assert [c["company"] for c in data["certificates"]] == ["Bakkerij Jansen"]
    assert len(data["training_attendance"]) == 2
    ingrid_data = await my_data(svc, ingrid, clock.now())
    assert [r["id"] for r in ingrid_data["training_runs_you_train"]] == [run_id]
    assert words not in json.dumps(ingrid_data, ensure_ascii=False)

    assert words.encode() in on_disk(tmp_path / "test.sqlite3")
    await request_erasure(svc, mark, clock.now())
    await decide_erasure(svc, cast["carla"], 1, approve=True, now=clock.now())
    assert words.encode() not in on_disk(tmp_path / "test.sqlite3")
    assert employer.encode() not in on_disk(tmp_path / "test.sqlite3")
    assert await register(svc, ingrid) == []  # an erased mentor leaves the register
    rows = read_back(await export(svc, ExportKind.REGISTER, None))
    assert rows == []


async def test_company_details_are_stored_all_or_nothing(svc: Services, clock: FakeClock) -> None:
    await import_roster(svc, ROSTER, skip_bad_rows=False, now=clock.now())
    data = (
        "company;address;contact_email;sector\n"
        "bakkerij jansen;Dorpsstraat 1, Ede;hr@bakkerij.example;horeca\n"
        "Garage Onbekend;;;\n"
    ).encode("cp1252")
    details, errors = read_company_file(data)
    assert errors == ()
    assert await import_companies(svc, list(details)) == [
        "line 3: no company 'Garage Onbekend' in the rosters"
    ]
    who = await people(svc)
    today = date(2026, 3, 10)
    entries = await company_register(svc, who["peter@school.example"], today)
    assert entries is not None
    assert {e.address for e in entries} == {""}  # nothing of the file was stored
    assert await import_companies(svc, list(details[:1])) == []
    entries = await company_register(svc, who["peter@school.example"], today)
    assert entries is not None
    assert next((e.company, e.address, e.contact_email, e.sector) for e in entries) == (
        "Bakkerij Jansen",
        "Dorpsstraat 1, Ede",
        "hr@bakkerij.example",
        "horeca",
    )
