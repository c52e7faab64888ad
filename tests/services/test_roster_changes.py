"""Roster changes on a real SQLite file: the diff first, applied on import, nothing on a dry
run; a placement ended early gets no check-in after its last day."""

from __future__ import annotations

from datetime import date, timedelta

from bot.clock import FakeClock
from bot.domain.roster_changes import Field
from bot.services.checkins import open_due_checkins
from bot.services.roster import import_roster
from bot.services.roster_changes import EndResult, end_placement, placement_of_student
from bot.services.runtime import Services
from storage.people import PlacementRepo
from tests.conftest import ROSTER

HEADER = ROSTER.splitlines()[0] + ",mentor_meeting_every_days"
# Sanne gets another mentor (new to the school), an earlier last day and meetings every two
# weeks; Daan's line is as before; Lotte's supervisor becomes Ingrid.
CHANGED = f"""{HEADER}
Sanne de Vries,sanne@student.example,Piet Bos,piet@bakkerij.example,Bakkerij Jansen,Ingrid Bos,ingrid@school.example,2026-03-02,2026-05-29,14
Daan Smit,daan@student.example,Mark Jansen,mark@bakkerij.example,Bakkerij Jansen,Ingrid Bos,ingrid@school.example,2026-03-02,2026-06-26,7
Lotte Visser,lotte@student.example,Fatima El Amrani,fatima@zorg.example,Zorgcentrum West,Ingrid Bos,ingrid@school.example,2026-03-02,2026-06-26,7
"""  # noqa: E501


async def dump(svc: Services) -> list[str]:
    """Every table's schema and rows, as SQL: equal dumps are equal databases."""
    async with svc.db.reading() as conn:
        return [line async for line in conn.iterdump()]


async def test_a_dry_run_shows_the_changes_and_writes_nothing(
    svc: Services, clock: FakeClock
) -> None:
    await import_roster(svc, ROSTER, skip_bad_rows=False, now=clock.now())
    before = await dump(svc)
    tried = await import_roster(svc, CHANGED, skip_bad_rows=False, now=clock.now(), dry_run=True)
    assert await dump(svc) == before
    assert (
        tried.written,
        tried.dry_run,
        tried.people_added,
        tried.placements_added,
        tried.placements_unchanged,
    ) == (False, True, 1, 0, 1)
    assert [
        (c.line, c.student, [(x.field, x.old, x.new) for x in c.changes]) for c in tried.changes
    ] == [
        (
            2,
            "Sanne de Vries",
            [
                (
                    Field.MENTOR,
                    "Mark Jansen <mark@bakkerij.example>",
                    "Piet Bos <piet@bakkerij.example>",
                ),
                (Field.ENDS_ON, "2026-06-26", "2026-05-29"),
                (Field.MENTOR_MEETING_EVERY_DAYS, "7", "14"),
            ],
        ),
        (
            4,
            "Lotte Visser",
            [
                (
                    Field.SUPERVISOR,
                    "Peter Mulder <peter@school.example>",
                    "Ingrid Bos <ingrid@school.example>",
                )
            ],
        ),
    ]


async def test_the_import_applies_the_changes_it_showed(svc: Services, clock: FakeClock) -> None:
    await import_roster(svc, ROSTER, skip_bad_rows=False, now=clock.now())
    tried = await import_roster(svc, CHANGED, skip_bad_rows=False, now=clock.now(), dry_run=True)
    done = await import_roster(svc, CHANGED, skip_bad_rows=False, now=clock.now())
    assert done.written
    assert done.changes == tried.changes
    async with svc.db.reading() as conn:
        sanne = await PlacementRepo(conn).by_id(tried.changes[0].placement_id)
        lotte = await PlacementRepo(conn).by_id(tried.changes[1].placement_id)
        async with conn.execute(
            "SELECT id FROM people WHERE email = ?", ("piet@bakkerij.example",)
        ) as cur:
            piet = await cur.fetchone()
        async with conn.execute(
            "SELECT id FROM people WHERE email = ?", ("ingrid@school.example",)
        ) as cur:
            ingrid = await cur.fetchone()
        async with conn.execute(
            "SELECT action, detail FROM audit_log WHERE action = ?", ("roster_change",)
        ) as cur:
            audit = [tuple(row) for row in await cur.fetchall()]
    assert sanne is not None
    assert lotte is not None
    assert piet
    assert ingrid
    assert (sanne.mentor_id, sanne.ends_on, sanne.mentor_meeting_every_days) == (
        piet[0],
        date(2026, 5, 29),
        14,
    )
    assert lotte.supervisor_id == ingrid[0]
    # The log names what changed, never the names or emails (they would outlive an erasure).
    assert audit == [
        ("roster_change", "mentor, ends_on, mentor_meeting_every_days"),
        ("roster_change", "supervisor"),
    ]
    again = await import_roster(svc, CHANGED, skip_bad_rows=False, now=clock.now())
    assert (again.changes, again.placements_unchanged) == ((), 3)


async def test_a_role_still_never_changes_through_an_import(
    svc: Services, clock: FakeClock
) -> None:
    await import_roster(svc, ROSTER, skip_bad_rows=False, now=clock.now())
    before = await dump(svc)
    # Mark, a mentor, named as Sanne's supervisor.
    lines = ROSTER.splitlines()
    lines[1] = lines[1].replace(
        "Ingrid Bos,ingrid@school.example", "Mark Jansen,mark@bakkerij.example"
    )
    refused = await import_roster(svc, "\n".join(lines), skip_bad_rows=False, now=clock.now())
    assert not refused.written
    assert [e.line for e in refused.errors] == [2]
    assert await dump(svc) == before


async def joined_and_open(svc: Services, clock: FakeClock) -> int:
    """Import the roster, let Sanne join and open her first check-in; her placement's id."""
    await import_roster(svc, ROSTER, skip_bad_rows=False, now=clock.now())
    async with svc.db.transaction() as conn:
        await conn.execute(
            "UPDATE people SET telegram_id = 1001 WHERE email = ?", ("sanne@student.example",)
        )
    placement = await placement_of_student(svc, "SANNE@student.example ", clock.now())
    assert placement is not None
    clock.advance(timedelta(days=4, hours=6))  # Friday 6 March, 15:00 local: check-in open
    assert await open_due_checkins(svc, clock.now()) == 1
    return placement.id


async def test_a_drop_out_gets_no_check_in_from_the_day_he_left(
    svc: Services, clock: FakeClock
) -> None:
    placement_id = await joined_and_open(svc, clock)
    clock.advance(timedelta(days=6))  # Thursday 12 March: he has left
    ended = await end_placement(svc, placement_id, clock.now())
    assert ended.result is EndResult.ENDED
    assert ended.placement is not None
    assert (ended.placement.ends_on, ended.checkins_closed) == (date(2026, 3, 11), 1)
    clock.advance(timedelta(days=1))  # Friday 13 March, his check-in day
    assert await open_due_checkins(svc, clock.now()) == 0
    async with svc.db.reading() as conn:
        async with conn.execute("SELECT status FROM checkins") as cur:
            statuses = [row[0] for row in await cur.fetchall()]
        async with conn.execute("SELECT COUNT(*) FROM alerts") as cur:
            alerts = await cur.fetchone()
        placement = await PlacementRepo(conn).by_id(placement_id)
    assert statuses == ["missed"]
    assert alerts is not None
    assert alerts[0] == 0
    assert placement is not None
    assert placement.ends_on == date(2026, 3, 11)


async def test_ending_on_a_later_day_keeps_check_ins_until_then(
    svc: Services, clock: FakeClock
) -> None:
    placement_id = await joined_and_open(svc, clock)
    ended = await end_placement(svc, placement_id, clock.now(), last_day=date(2026, 3, 20))
    assert (ended.result, ended.checkins_closed) == (EndResult.ENDED, 0)
    clock.advance(timedelta(days=7))  # Friday 13 March: still on placement
    assert await open_due_checkins(svc, clock.now()) == 1
    clock.advance(timedelta(days=7))  # Friday 20 March, his last day
    assert await open_due_checkins(svc, clock.now()) == 1
    clock.advance(timedelta(days=7))
    assert await open_due_checkins(svc, clock.now()) == 0


async def test_ending_is_refused_when_over_or_not_earlier(svc: Services, clock: FakeClock) -> None:
    placement_id = await joined_and_open(svc, clock)
    before = await dump(svc)
    late = await end_placement(svc, placement_id, clock.now(), last_day=date(2026, 7, 1))
    assert late.result is EndResult.NOT_EARLIER
    assert (await end_placement(svc, 999, clock.now())).result is EndResult.NO_PLACEMENT
    assert await dump(svc) == before
    clock.advance(timedelta(days=200))
    assert (await end_placement(svc, placement_id, clock.now())).result is (EndResult.ALREADY_OVER)


async def test_a_changed_last_day_moves_the_feedback_timer(
    svc: Services, clock: FakeClock
) -> None:
    await import_roster(svc, ROSTER, skip_bad_rows=False, now=clock.now())

    async def due() -> str:
        async with (
            svc.db.reading() as conn,
            conn.execute("SELECT due_at FROM feedback_timers WHERE placement_id = 1") as cur,
        ):
            row = await cur.fetchone()
        assert row is not None
        return str(row[0])

    before = await due()
    # Ends on 13 March now: the end-of-placement notice is due at once, before any prompt.
    await import_roster(
        svc,
        ROSTER.replace("2026-03-02,2026-06-26", "2026-03-02,2026-03-13", 1),
        skip_bad_rows=False,
        now=clock.now(),
    )
    assert await due() < before
