"""Meetings on a real SQLite file: planned, confirmed, reminded, held, moved and cancelled, and
the cadence's reminders and alerts, with the refusals for everyone whose meeting it is not."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.clock import FakeClock
from bot.domain.meetings import MeetingState
from bot.domain.people import Person, Role
from bot.domain.when import Refusal
from bot.services.meeting_outcomes import (
    Outcome,
    OutcomeResult,
    OutcomeStep,
    answer_step,
    record_outcome,
)
from bot.services.meeting_plans import (
    PlanResult,
    choose_day,
    give_reason,
    plan_with,
    retime,
    start_planning,
)
from bot.services.meeting_sending import release_held_messages
from bot.services.meeting_tick import check_meeting_cadence, send_meeting_reminders
from bot.services.meeting_times import choose_time, give_place, type_time
from bot.services.meeting_words import WordsResult, WordsStep, start_words, write_words
from bot.services.meetings import MeetingResult, confirm_meeting
from bot.services.privacy import Decision, decide_erasure, my_data, request_erasure
from bot.services.roster import import_roster
from bot.services.runtime import Services
from storage.meetings import MeetingRepo
from storage.people import PeopleRepo
from tests.conftest import ROSTER

AMS = ZoneInfo("Europe/Amsterdam")


async def people(svc: Services, now: datetime) -> dict[str, Person]:
    """Import the roster and have everyone join; by first name."""
    await import_roster(svc, ROSTER, skip_bad_rows=False, now=now)
    found = {}
    async with svc.db.transaction() as conn:
        repo = PeopleRepo(conn)
        for person_id in range(1, 10):
            person = await repo.by_id(person_id)
            if person is None:
                continue
            await repo.link_telegram(person_id, 1000 + person_id, "en")
            joined = await repo.by_id(person_id)
            assert joined is not None
            found[person.name.split()[0]] = joined
    return found


async def outbox(svc: Services) -> list[tuple[str, int]]:
    async with (
        svc.db.reading() as conn,
        conn.execute("SELECT kind, person_id FROM outbox ORDER BY id") as cur,
    ):
        return [(row[0], row[1]) for row in await cur.fetchall()]


async def meeting_state(svc: Services, meeting_id: int) -> MeetingState:
    async with svc.db.reading() as conn:
        meeting = await MeetingRepo(conn).by_id(meeting_id)
    assert meeting is not None
    return meeting.state


def ams(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=AMS).astimezone(UTC)


async def plan(
    svc: Services, mentor: Person, placement_id: int, day: date, at: time, *, now: datetime
) -> int:
    """The mentor plans a meeting through the flow's steps; its id."""
    started = await plan_with(svc, mentor, placement_id, now, update_id=None)
    assert started.result is PlanResult.ASKING
    assert started.flow is not None
    typed = await type_time(
        svc, mentor, started.flow.id, f"{day:%d-%m} {at:%H:%M}", now, update_id=None
    )
    assert typed.result is PlanResult.ASKING, typed
    assert typed.flow is not None
    done = await give_place(svc, mentor, typed.flow.id, "Bakkerij, kantoor", now, update_id=None)
    assert done.result is PlanResult.DONE, done
    assert done.meeting is not None
    return done.meeting.meeting.id


async def test_a_mentor_meeting_from_plan_to_held(svc: Services, clock: FakeClock) -> None:
    now = clock.now()  # Monday 2 March 2026, 09:00 in Amsterdam
    who = await people(svc, now)
    mark, sanne, daan, fatima = who["Mark"], who["Sanne"], who["Daan"], who["Fatima"]
    chosen = await start_planning(svc, mark, now, update_id=None)
    assert chosen.result is PlanResult.CHOOSE
    assert [name for _, name in chosen.choices] == ["Daan Smit", "Sanne de Vries"]
    # Fatima is not Sanne's mentor: she cannot plan with her.
    assert (await plan_with(svc, fatima, 1, now, update_id=None)).result is PlanResult.REFUSED
    meeting_id = await plan(svc, mark, 1, date(2026, 3, 4), time(14, 30), now=now)
    assert await outbox(svc) == [("meeting_proposed", sanne.id)]
    # Only Sanne may confirm: not Mark himself, not Daan (another of Mark's students).
    for other in (mark, daan, fatima):
        refused = await confirm_meeting(svc, other, meeting_id, 0, now)
        assert refused.result is MeetingResult.REFUSED
    assert (await confirm_meeting(svc, sanne, meeting_id, 7, now)).result is MeetingResult.STALE
    confirmed = await confirm_meeting(svc, sanne, meeting_id, 0, now)
    assert confirmed.result is MeetingResult.CONFIRMED
    again = await confirm_meeting(svc, sanne, meeting_id, 0, now)
    assert again.result is MeetingResult.ALREADY
    assert (await outbox(svc))[1:] == [
        ("meeting_calendar", sanne.id),
        ("meeting_calendar", mark.id),
    ]
    # The day before at 14:30 both are reminded; an hour before again; an hour after the
    # meeting Mark is asked whether it took place.
    assert await send_meeting_reminders(svc, ams(2026, 3, 3, 14, 29)) == 0
    assert await send_meeting_reminders(svc, ams(2026, 3, 3, 14, 30)) == 2
    assert await send_meeting_reminders(svc, ams(2026, 3, 4, 13, 30)) == 2
    assert await send_meeting_reminders(svc, ams(2026, 3, 4, 15, 29)) == 0
    assert await send_meeting_reminders(svc, ams(2026, 3, 4, 15, 30)) == 1
    assert (await outbox(svc))[-1] == ("meeting_reminder", mark.id)
    later = ams(2026, 3, 4, 15, 35)
    # Sanne cannot record the outcome; Mark not before the meeting's time.
    assert (
        await record_outcome(svc, sanne, meeting_id, 0, Outcome.HELD, now=later, update_id=None)
    ).result is OutcomeResult.REFUSED
    early = await record_outcome(
        svc, mark, meeting_id, 0, Outcome.HELD, now=ams(2026, 3, 4, 14, 0), update_id=None
    )
    assert early.result is OutcomeResult.TOO_EARLY
    held = await record_outcome(svc, mark, meeting_id, 0, Outcome.HELD, now=later, update_id=None)
    assert held.result is OutcomeResult.ASKING
    assert held.flow is not None
    noted = await answer_step(
        svc, mark, held.flow.id, OutcomeStep.NOTE, "Goed gesprek & 🎉", now=later, update_id=None
    )
    assert noted.result is OutcomeResult.DONE
    assert await meeting_state(svc, meeting_id) is MeetingState.HELD
    twice = await record_outcome(
        svc, mark, meeting_id, 0, Outcome.CANCELLED, now=later, update_id=None
    )
    assert twice.result is OutcomeResult.STALE


async def test_another_time_then_cancelled_twice_alerts(svc: Services, clock: FakeClock) -> None:
    now = clock.now()
    who = await people(svc, now)
    mark, sanne, ingrid = who["Mark"], who["Sanne"], who["Ingrid"]
    ids = []
    for day in (4, 11):
        meeting_id = await plan(svc, mark, 1, date(2026, 3, day), time(10, 0), now=now)
        # Sanne asks for another time, with a reason; Mark confirms it.
        asked = await retime(svc, sanne, meeting_id, 0, now, update_id=None)
        assert asked.result is PlanResult.ASKING
        assert asked.flow is not None
        reasoned = await give_reason(svc, sanne, asked.flow.id, "School exam", now, update_id=None)
        assert reasoned.flow is not None
        dayed = await choose_day(
            svc, sanne, reasoned.flow.id, date(2026, 3, day + 1), now, update_id=None
        )
        assert dayed.flow is not None
        timed = await choose_time(svc, sanne, dayed.flow.id, time(11, 0), now, update_id=None)
        assert timed.result is PlanResult.DONE, timed
        assert (await confirm_meeting(svc, sanne, meeting_id, 1, now)).result is (
            MeetingResult.REFUSED
        )
        confirmed = await confirm_meeting(svc, mark, meeting_id, 1, now)
        assert confirmed.result is MeetingResult.CONFIRMED
        ids.append(meeting_id)
    for meeting_id, day in zip(ids, (5, 12), strict=True):
        after = ams(2026, 3, day, 13)
        cancelling = await record_outcome(
            svc, mark, meeting_id, 1, Outcome.CANCELLED, now=after, update_id=None
        )
        assert cancelling.flow is not None
        assert await meeting_state(svc, meeting_id) is MeetingState.CONFIRMED
        done = await answer_step(
            svc, mark, cancelling.flow.id, OutcomeStep.REASON, "Ziek", now=after, update_id=None
        )
        assert done.result is OutcomeResult.DONE
        assert await meeting_state(svc, meeting_id) is MeetingState.CANCELLED
    sent = await outbox(svc)
    assert sent.count(("alert", ingrid.id)) == 1
    assert sent.count(("meeting_calendar", sanne.id)) == 4  # confirmed and cancelled, twice


@pytest.mark.parametrize("weeks_without", [1, 2])
async def test_the_cadence_reminds_then_alerts(
    svc: Services, clock: FakeClock, weeks_without: int
) -> None:
    now = clock.now()  # the placements start today, Monday 2 March 2026
    who = await people(svc, now)
    mark, sanne, ingrid = who["Mark"], who["Sanne"], who["Ingrid"]
    assert await check_meeting_cadence(svc, now) == 0
    # Weekly: due Monday 9 March (00:00), a reminder to plan on Wednesday 11, the alert on
    # Saturday 14 (each held back to 08:00 by the night's quiet hours).
    assert await check_meeting_cadence(svc, ams(2026, 3, 11, 7, 59)) == 0
    assert await check_meeting_cadence(svc, ams(2026, 3, 11, 8, 0)) == 3  # three students
    assert ("meeting_plan", sanne.id) in await outbox(svc)
    assert ("meeting_plan", mark.id) in await outbox(svc)
    assert await check_meeting_cadence(svc, ams(2026, 3, 13, 12)) == 0
    if weeks_without == 1:
        meeting_id = await plan(svc, mark, 1, date(2026, 3, 13), time(14), now=ams(2026, 3, 12))
        await confirm_meeting(svc, sanne, meeting_id, 0, ams(2026, 3, 12))
    assert await check_meeting_cadence(svc, ams(2026, 3, 14, 8, 0)) >= 2
    alerted = (await outbox(svc)).count(("alert", ingrid.id))
    # A meeting on Friday 13 March: it counts, so Sanne's placement is not alerted.
    assert alerted == (1 if weeks_without == 1 else 2)


async def test_quiet_hours_hold_the_day_before_reminder_but_not_the_hour_before(
    svc: Services, clock: FakeClock
) -> None:
    now = clock.now()
    who = await people(svc, now)
    mark, sanne = who["Mark"], who["Sanne"]
    meeting_id = await plan(svc, mark, 1, date(2026, 3, 5), time(7, 30), now=now)
    await confirm_meeting(svc, sanne, meeting_id, 0, now)
    # The day before at 07:30 is night: held to 08:00. The hour before (06:30) goes at once.
    assert await send_meeting_reminders(svc, ams(2026, 3, 4, 7, 30)) == 0
    assert await send_meeting_reminders(svc, ams(2026, 3, 4, 8, 0)) == 2
    assert await send_meeting_reminders(svc, ams(2026, 3, 5, 6, 30)) == 2
    assert await send_meeting_reminders(svc, ams(2026, 3, 5, 8, 30)) == 1
    assert await send_meeting_reminders(svc, ams(2026, 3, 9)) == 0


REASON = "Mijn oma Wilhelmina is jarig"
QUESTION = "Wat bedoelen jullie precies met elke vrijdag?"
AGREEMENTS = "Sanne bakt elke vrijdag zelfstandig het brood"


async def review_with_words(svc: Services, now: datetime) -> tuple[dict[str, Person], int]:
    """A held review with agreements, Sanne's question about them, and a meeting that Sanne
    asked to move with a reason."""
    who = await people(svc, now)
    mark, sanne, ingrid = who["Mark"], who["Sanne"], who["Ingrid"]
    meeting_id = await plan(svc, mark, 1, date(2026, 3, 4), time(10), now=now)
    asked = await retime(svc, sanne, meeting_id, 0, now, update_id=None)
    assert asked.flow is not None
    reasoned = await give_reason(svc, sanne, asked.flow.id, REASON, now, update_id=None)
    assert reasoned.flow is not None
    typed = await type_time(svc, sanne, reasoned.flow.id, "4-3 11:00", now, update_id=None)
    assert typed.result is PlanResult.DONE
    review = await plan(svc, ingrid, 1, date(2026, 3, 5), time(10), now=now)
    for person in (sanne, mark):
        await confirm_meeting(svc, person, review, 0, now)
    after = ams(2026, 3, 5, 12)
    held = await record_outcome(svc, ingrid, review, 0, Outcome.HELD, now=after, update_id=None)
    assert held.flow is not None
    await answer_step(
        svc, ingrid, held.flow.id, OutcomeStep.AGREEMENTS, AGREEMENTS, now=after, update_id=None
    )
    started = await start_words(svc, sanne, review, WordsStep.QUESTION, after, update_id=None)
    assert started.flow is not None
    written = await write_words(
        svc, sanne, started.flow.id, WordsStep.QUESTION, QUESTION, now=after, update_id=None
    )
    assert written.result is WordsResult.SAVED
    return who, review


async def test_mydata_has_the_students_meetings_and_a_mentor_not_her_words(
    svc: Services, clock: FakeClock
) -> None:
    who, _ = await review_with_words(svc, clock.now())
    hers = await my_data(svc, who["Sanne"], clock.now())
    assert {m["kind"] for m in hers["meetings"]} == {"mentor", "tripartite"}
    assert REASON in {m["reason"] for m in hers["meetings"]}
    assert AGREEMENTS in {m["agreements"] for m in hers["meetings"]}
    assert [n["text"] for n in hers["meeting_notes"]] == [QUESTION]
    his = await my_data(svc, who["Mark"], clock.now())
    assert {m["reason"] for m in his["meetings"]} == {None}  # Sanne's reason, not his
    assert his["meeting_notes"] == []
    assert len(his["meeting_confirmations"]) == 2  # his own proposal and the review


async def test_erasing_the_student_leaves_no_word_of_her_meetings_on_disk(
    svc: Services, clock: FakeClock, tmp_path: Path
) -> None:
    who, review = await review_with_words(svc, clock.now())
    carla = await coordinator(svc, clock.now())
    await request_erasure(svc, who["Sanne"], clock.now())
    decided = await decide_erasure(svc, carla, 1, approve=True, now=clock.now())
    assert decided.decision is Decision.APPROVED
    disk = (tmp_path / "test.sqlite3").read_bytes()
    wal = tmp_path / "test.sqlite3-wal"
    disk += wal.read_bytes() if wal.exists() else b""
    for text in (REASON, QUESTION, AGREEMENTS, "Bakkerij, kantoor"):
        assert text.encode() not in disk, text
    async with svc.db.reading() as conn:
        meeting = await MeetingRepo(conn).by_id(review)
    assert meeting is not None
    assert meeting.state is MeetingState.HELD  # the record stays, for the cadence


async def coordinator(svc: Services, now: datetime) -> Person:
    """A coordinator who joined, to approve erasures."""
    async with svc.db.transaction() as conn:
        repo = PeopleRepo(conn)
        carla_id = await repo.add("Carla", "carla@school.example", Role.COORDINATOR, "en", now)
        await repo.link_telegram(carla_id, 9001, "en")
        carla = await repo.by_id(carla_id)
    assert carla is not None
    return carla


async def test_a_proposal_made_at_night_waits_for_the_morning(
    svc: Services, clock: FakeClock
) -> None:
    who = await people(svc, clock.now())
    mark, sanne = who["Mark"], who["Sanne"]
    late = ams(2026, 3, 2, 22, 30)
    await plan(svc, mark, 1, date(2026, 3, 4), time(10), now=late)
    assert await outbox(svc) == []
    assert await release_held_messages(svc, ams(2026, 3, 3, 7, 59)) == 0
    assert await release_held_messages(svc, ams(2026, 3, 3, 8, 0)) == 1
    assert await outbox(svc) == [("meeting_proposed", sanne.id)]
    assert await release_held_messages(svc, ams(2026, 3, 3, 9, 0)) == 0


async def test_a_meeting_after_the_placements_last_day_is_refused(
    svc: Services, clock: FakeClock
) -> None:
    now = clock.now()  # the placements end on Friday 26 June 2026
    mark = (await people(svc, now))["Mark"]
    started = await plan_with(svc, mark, 1, now, update_id=None)
    assert started.flow is not None
    late = await type_time(svc, mark, started.flow.id, "2026-06-29 10:00", now, update_id=None)
    assert (late.result, late.refusal) == (PlanResult.NOT_A_TIME, Refusal.AFTER_END)
    last_day = await type_time(svc, mark, started.flow.id, "2026-06-26 10:00", now, update_id=None)
    assert last_day.result is PlanResult.ASKING
