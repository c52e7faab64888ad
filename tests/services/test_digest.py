"""The weekly digest on a real SQLite file: the right students, queued once at its moment."""

from __future__ import annotations

from datetime import date

from bot.services.digest import digest_for, queue_digests
from bot.services.runtime import Services
from tests.services.test_supervision import person, school
from tests.supervision import local


async def test_the_digest_lists_the_right_students(svc: Services) -> None:
    await school(svc)
    ingrid = await person(svc, "ingrid@school.example")
    # Monday 16 March: the week of the 13 March check-ins.
    digest = await digest_for(svc, ingrid.id, date(2026, 3, 16))
    assert digest is not None
    assert (digest.placements, digest.asked, digest.answered) == (6, 6, 3)
    # Fenna's last day was Friday 13 March: she is in this week's digest, not in later ones.
    assert [n.student for n in digest.missed] == ["Anna Red", "Bram Missed", "Fenna Ended"]
    assert [(m.student, m.mood) for m in digest.low] == []
    assert [t.student for t in digest.texts] == ["Cas Feedback", "Daan Meetings", "Eva Green"]
    # Monday 23 March: the 20 March check-ins are still open on Friday's afternoon.
    later = await digest_for(svc, ingrid.id, date(2026, 3, 23))
    assert later is not None
    assert [n.student for n in later.waiting] == [
        "Anna Red",
        "Bram Missed",
        "Cas Feedback",
        "Daan Meetings",
        "Eva Green",
    ]
    assert [(a.student, a.alerts) for a in later.open_alerts] == [("Anna Red", 1)]
    peter = await person(svc, "peter@school.example")
    theirs = await digest_for(svc, peter.id, date(2026, 3, 16))
    assert theirs is not None
    assert [n.student for n in theirs.missed] == ["Gijs Elsewhere"]


async def test_digests_are_queued_once_at_their_moment(svc: Services) -> None:
    await school(svc)
    assert await queue_digests(svc, local(3, 20, 15)) == 0  # plans Monday 23 March 08:30
    assert await queue_digests(svc, local(3, 23, 8, 29)) == 0
    assert await queue_digests(svc, local(3, 23, 8, 30)) == 2  # Ingrid and Peter
    assert await queue_digests(svc, local(3, 23, 8, 31)) == 0
    # Down for two weeks: one digest, late, not three.
    assert await queue_digests(svc, local(4, 8, 12)) == 2
    async with (
        svc.db.reading() as conn,
        conn.execute(
            "SELECT dedupe_key FROM outbox WHERE kind = 'weekly_digest' ORDER BY id"
        ) as cur,
    ):
        keys = [row[0] for row in await cur.fetchall()]
    assert [k.rsplit(":", 1)[1] for k in keys] == ["2026-03-23"] * 2 + ["2026-03-30"] * 2


async def test_the_first_week_and_a_supervisor_without_placements(svc: Services) -> None:
    await school(svc)
    ingrid = await person(svc, "ingrid@school.example")
    digest = await digest_for(svc, ingrid.id, date(2026, 3, 9))
    assert digest is not None
    assert (digest.answered, [n.student for n in digest.missed]) == (5, ["Fenna Ended"])
    assert [(m.student, m.mood) for m in digest.low] == [
        ("Anna Red", 2),
        ("Bram Missed", 2),
        ("Cas Feedback", 2),
        ("Daan Meetings", 2),
    ]
    # Before the first placement began, a digest has nothing to say: none is composed.
    assert await digest_for(svc, ingrid.id, date(2026, 2, 1)) is None
