"""Mentor training end to end: a two-session course from its file through invitations,
reminders, hand-ins (a text and a document), attendance and certificates to the register;
forged buttons and people outside the run refused."""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from pypdf import PdfReader

from bot.demo.world import World
from bot.documents.spreadsheet import csv_bytes
from bot.domain.localtime import zone_of
from bot.domain.training import DEFAULT_DUE_BEFORE
from bot.domain.training_file import read_course_file
from bot.sandbox.users import SimUser
from bot.services.certificates import verify
from bot.services.exports import ExportKind, ExportTable, export
from bot.services.joining import person_by_email
from bot.services.training import create_run
from tests.e2e.story import Cast, school_world
from tests.e2e.test_feedback import forged_press, last, local, rows, shows

School = tuple[World, Cast, object]
COURSE = (
    "course;date;time;minutes;link;assignment\n"
    "Praktijkopleider & coach;2026-03-12;15:00;90;https://meet.example.org/s1;"
    "Beschrijf een lastig gesprek.\n"
    "Praktijkopleider & coach;19-3-2026;15:00;90;https://meet.example.org/s2;"
    "Maak een inwerkplan.\n"
)
REFUSED = (
    "That is not for you.",
    "That is no longer there.",
    "This button no longer works.",
    "This button is not for you.",
)


@pytest.fixture
async def school(tmp_path: Path) -> AsyncIterator[School]:
    """The cast joined; Ingrid trains a two-session run made from its course file."""
    async with school_world(tmp_path / "bot.sqlite3", school_name="ROC Rijn & IJssel") as (
        world,
        people,
        coordinator,
    ):
        svc = world.bot.services
        plan = read_course_file(COURSE.encode(), zone_of("Europe/Amsterdam"), DEFAULT_DUE_BEFORE)
        assert plan.errors == ()
        ingrid = await person_by_email(svc, "ingrid@school.example")
        assert ingrid is not None
        run_id = await create_run(
            svc,
            ingrid,
            plan.course,
            list(plan.sessions),
            instructions="Camera aan, koptelefoon op.",
            now=svc.clock.now(),
        )
        assert run_id == 1
        yield world, people, coordinator


async def test_a_two_session_course_from_invitation_to_the_register(school: School) -> None:
    world, people, _ = school
    mark, fatima, ingrid, sanne = (
        people.mentor,
        people.other_mentor,
        people.supervisor,
        people.student,
    )
    # The trainer invites the roster's mentors with one tap.
    ingrid.send_text("/training")
    await world.settle()
    ingrid.press("Praktijkopleider & coach (run 1)")
    await world.settle()
    assert "Invited: 0. Enrolled: 0." in last(ingrid)
    ingrid.press("Invite the roster's mentors")
    await world.settle()
    assert last(ingrid) == "2 mentors invited; 0 had been invited before."
    invitation = await mark.receives(shows("Mentor training: Praktijkopleider & coach"))
    assert "Thu 12 Mar 2026 15:00 (90 min)" in (invitation.text or "")
    await fatima.receives(shows("Mentor training"))
    assert not any("Mentor training" in text for text in sanne.texts())

    # A student cannot enrol with a forged button; the mentors enrol with theirs.
    forged_press(world, sanne, "tr:e:1")
    await world.settle()
    assert sanne.answers[-1]["text"] in REFUSED
    for mentor in (mark, fatima):
        mentor.press("Enrol")
        await world.settle()
        instructions = await mentor.receives(shows("Camera aan, koptelefoon op."))
        assert "https://meet.example.org/s1" in (instructions.text or "")
        assert "Hand it in by Tue 10 Mar 2026 15:00" in (instructions.text or "")
        assert "<b>Session 1</b>" in (instructions.text or "")  # markup, not escaped twice
    forged_press(world, mark, "tr:e:1")  # the button is gone once pressed; again: nothing new
    await world.settle()
    assert mark.answers[-1]["text"] == "You are enrolled already."

    # Two days before the first assignment is due, both are reminded.
    await world.move_to(local(3, 8, 15))
    await mark.receives(shows("due in two days"))
    await fatima.receives(shows("due in two days"))
    mark.press("Hand in assignment 1")
    await world.settle()
    assert "Send your assignment for session 1 now" in last(mark)
    hostile = ("Mijn gesprek & <b>niet vet</b> 😀 " * 200)[:4000]
    mark.send_text(hostile)
    await world.settle()
    assert "Your assignment for session 1 is handed in" in last(mark)
    handed = await ingrid.receives(shows("Mark Jansen handed in the assignment for session 1"))
    assert "&lt;b&gt;niet vet&lt;/b&gt;" in (handed.text or "")
    forged_press(world, mark, "tr:k:1")  # only the trainer comments
    await world.settle()
    assert mark.answers[-1]["text"] in REFUSED
    ingrid.press("💬 Comment")
    await world.settle()
    ingrid.send_text("Mooi & helder: <i>precies</i> wat ik zocht.")
    await world.settle()
    assert last(ingrid) == "Your comment is on its way."
    comment = await mark.receives(shows("Your trainer on your assignment for session 1"))
    assert "Mooi &amp; helder: &lt;i&gt;precies&lt;/i&gt;" in (comment.text or "")

    # A day before, only who has not handed in is reminded.
    await world.move_to(local(3, 9, 15))
    await fatima.receives(shows("due tomorrow"))
    assert not any("due tomorrow" in text for text in mark.texts())

    # The day before the session both get the link; Fatima hands in late, as a document.
    await world.move_to(local(3, 11, 15))
    for mentor in (mark, fatima):
        await mentor.receives(shows("Tomorrow: session 1 of Praktijkopleider & coach"))
    fatima.press("Hand in assignment 1")
    await world.settle()
    fatima.upload_document(
        "opdracht Fatima.pdf", b"%PDF-1.4 opdracht", mime_type="application/pdf"
    )
    await world.settle()
    assert "after the due moment" in last(fatima)
    document = await ingrid.receives(lambda m: m.document is not None)
    assert document.document == ("opdracht Fatima.pdf", b"%PDF-1.4 opdracht")
    assert "Fatima El Amrani" in (document.text or "")
    assert "(late)" in (document.text or "")

    # Nobody but the trainer gets at the hand-ins, whatever button he forges.
    for user, data in (
        (mark, "tr:s:1"),
        (sanne, "tr:s:1"),
        (mark, "tr:m:1:5"),
        (fatima, "tr:r:1"),
        (mark, "tr:c:1"),
        (sanne, "tr:h:1"),
        (mark, "tr:h:999"),
        (fatima, "tr:i:1"),
    ):
        forged_press(world, user, data)
        await world.settle()
        assert user.answers[-1]["text"] in REFUSED, data
    assert not any("handed in the assignment" in t for t in mark.texts() + fatima.texts())

    await world.move_to(local(3, 12, 14, 45))
    await mark.receives(shows("In 15 minutes: session 1"))
    # After the session the trainer gets the sheet and taps who came.
    await world.move_to(local(3, 12, 16, 31))
    sheet = await ingrid.receives(shows("Session 1 of Praktijkopleider & coach"))
    ingrid.press("▫️ Mark Jansen", sheet)
    await world.settle()
    ingrid.press("▫️ Fatima El Amrani")
    await world.settle()

    # Session 2: Mark hands in on time; only Mark comes.
    await world.move_to(local(3, 16, 9))
    mark.press("Hand in assignment 2")
    await world.settle()
    mark.send_text("Inwerkplan: week 1 meelopen.")
    await world.settle()
    await world.move_to(local(3, 19, 16, 31))
    await ingrid.receives(shows("Session 2 of Praktijkopleider & coach"))
    ingrid.press("▫️ Mark Jansen")
    await world.settle()
    assert await rows(
        world, "SELECT session_id, person_id, attended FROM training_attendance ORDER BY 1, 2"
    ) == [(1, 2, 1), (1, 5, 1), (2, 2, 1)]

    # The course evaluation after the last session (the survey training_course, anonymous):
    # two scores, then a remark or Skip; no strangers (tests/e2e/test_course_surveys.py).
    for mentor in (mark, fatima):
        await mentor.receives(shows("Course evaluation"))
    forged_press(world, sanne, "sv:s:1")
    await world.settle()
    assert sanne.answers[-1]["text"] in REFUSED
    mark.press("▶️ Start")
    await world.settle()
    mark.press("5")
    await world.settle()
    mark.press("4")
    await world.settle()
    mark.send_text("Meer oefenen met lastige gesprekken & rollenspel.")
    await world.settle()
    assert last(mark) == "Thank you for your answers! ✅"
    fatima.press("▶️ Start")
    await world.settle()
    fatima.press("3")
    await world.settle()
    fatima.press("4")
    await world.settle()
    fatima.press("Skip")
    await world.settle()
    assert last(fatima) == "Thank you for your answers! ✅"
    forged_press(world, mark, "tr:x:1")
    await world.settle()
    assert mark.answers[-1]["text"] in REFUSED

    # Certificates: Mark completed; Fatima missed a session.
    ingrid.send_text("/training")
    await world.settle()
    ingrid.press("Praktijkopleider & coach (run 1)")
    await world.settle()
    overview = last(ingrid)
    assert "Handed in: Fatima El Amrani, Mark Jansen" in overview
    assert "Not yet: Fatima El Amrani" in overview
    ingrid.press("Evaluation")
    await world.settle()
    # Two anonymous answers: fewer than SURVEY_MIN_GROUP (5), so the run's results stay hidden.
    assert "Praktijkopleider & coach, from Thu 12 Mar 2026: 2 answered, fewer than 5" in last(
        ingrid
    )
    ingrid.press("Issue certificates")
    await world.settle()
    assert "Certificates issued: 1." in last(ingrid)
    assert "Not completed: Fatima El Amrani." in last(ingrid)
    pdf = await mark.receives(lambda m: m.document is not None)
    assert pdf.document is not None
    name, content = pdf.document
    assert name == "certificate-mark-jansen-MB-2026-0001.pdf"
    text = " ".join(
        " ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(content)).pages
    )
    for expected in (
        "Mark Jansen",
        "Praktijkopleider & coach",
        "Bakkerij Jansen",
        "ROC Rijn & IJssel",
        "MB-2026-0001",
        "Thu 12 Mar 2026, Thu 19 Mar 2026",
    ):
        assert expected in text, expected
    code = (pdf.text or "").split("verification code ")[1].rstrip(".")
    assert not any(
        m.document
        for m in fatima.bot_messages
        if m.document and m.document[0].startswith("certificate")
    )

    # The register and verify.
    ingrid.send_text("/register bakkerij")
    await world.settle()
    assert "MB-2026-0001 · Mark Jansen · Bakkerij Jansen" in ingrid.texts()[-2]
    assert "Bakkerij Jansen · Mark Jansen: certified" in last(ingrid)
    sanne.send_text("/register")
    await world.settle()
    assert last(sanne) == "The register is for supervisors and coordinators."
    fatima.send_text(f"/verify MB-2026-0001 {code}")
    await world.settle()
    assert last(fatima) == (
        "✅ Genuine certificate: Mark Jansen, Praktijkopleider & coach, Thu 19 Mar 2026."
    )
    fatima.send_text("/verify MB-2026-0001 AAAA-BBBB-CCCC")
    await world.settle()
    assert last(fatima) == "❌ There is no certificate with this number and code."
    assert await verify(world.bot.services, "MB-2026-0002", code) is None
    table = await export(world.bot.services, ExportKind.REGISTER, None)
    assert isinstance(table, ExportTable)
    data = csv_bytes(table.header, table.rows, delimiter=";").decode("utf-8-sig")
    assert [
        (r["certificate_number"], r["mentor"])
        for r in csv.DictReader(io.StringIO(data), delimiter=";")
    ] == [("MB-2026-0001", "Mark Jansen")]
    enrolments = await export(world.bot.services, ExportKind.ENROLMENTS, None)
    assert isinstance(enrolments, ExportTable)
    data = csv_bytes(enrolments.header, enrolments.rows, delimiter=";").decode("utf-8-sig")
    assert [
        (r["mentor"], r["company"], r["sessions_attended"], r["certificate_number"])
        for r in csv.DictReader(io.StringIO(data), delimiter=";")
    ] == [
        ("Fatima El Amrani", "Zorgcentrum West", "1", ""),
        ("Mark Jansen", "Bakkerij Jansen", "2", "MB-2026-0001"),
    ]

    # The trainer completes Fatima anyway, with a reason; her certificate follows.
    forged_press(world, mark, "tr:o:1:5")
    await world.settle()
    assert mark.answers[-1]["text"] in REFUSED
    ingrid.press("Complete anyway: Fatima El Amrani")
    await world.settle()
    assert "Why has this participant completed the course all the same?" in last(ingrid)
    ingrid.send_text("Ziek bij bijeenkomst 2; opname bekeken en de opdracht besproken.")
    await world.settle()
    assert "Certificates issued: 1. Had theirs already: 1. Not completed: –." in last(ingrid)
    certificate = await fatima.receives(
        lambda m: m.document is not None and m.document[0].startswith("certificate")
    )
    assert certificate.document is not None
    assert certificate.document[0] == "certificate-fatima-el-amrani-MB-2026-0002.pdf"
    assert await rows(world, "SELECT completion FROM certificates ORDER BY id") == [
        ("attended_all",),
        ("override",),
    ]


async def test_coordinators_get_the_uncertified_mentors_weekly_with_one_tap_to_invite(
    school: School,
) -> None:
    world, people, coordinator = school
    mark, fatima = people.mentor, people.other_mentor
    assert isinstance(coordinator, SimUser)
    await world.move_to(local(3, 9, 8, 29))  # Monday, before the digest's 08:30
    assert not any("no certificate" in text for text in coordinator.texts())
    await world.move_to(local(3, 9, 8, 31))
    listed = await coordinator.receives(shows("Mentors with students and no certificate (1)"))
    assert "Mark Jansen · Bakkerij Jansen · students now: 1" in (listed.text or "")
    assert "Fatima" not in (listed.text or "")  # her student starts in September
    forged_press(world, mark, "tr:u:1")
    await world.settle()
    assert mark.answers[-1]["text"] in REFUSED
    coordinator.press("Invite them to Praktijkopleider & coach (run 1)")
    await world.settle()
    assert last(coordinator) == "1 mentors invited; 0 had been invited before."
    await mark.receives(shows("Mentor training: Praktijkopleider & coach"))
    assert not any("Mentor training" in text for text in fatima.texts())
    await world.move_to(local(3, 11, 9))  # later that week: not again
    await world.move_to(local(3, 16, 8, 31))  # the next Monday: Mark is still uncertified
    await coordinator.receives(shows("Mentors with students and no certificate (1)"))
    assert sum("no certificate" in text for text in coordinator.texts()) == 2
