"""Roster changes: the diff a re-imported row makes, and ending a placement early."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from bot.domain.people import Placement, Role
from bot.domain.roster import RosterPerson, RosterRow
from bot.domain.roster_changes import (
    Change,
    EarlyEnd,
    EndRefusal,
    Field,
    Known,
    changes_for,
    early_end,
    is_called_off,
    placement_change,
)

SANNE = RosterPerson("Sanne de Vries", "sanne@student.example", Role.STUDENT)
MARK = RosterPerson("Mark Jansen", "mark@bakkerij.example", Role.MENTOR)
PIET = RosterPerson("Piet Bos", "piet@bakkerij.example", Role.MENTOR)
INGRID = RosterPerson("Ingrid Bos", "ingrid@school.example", Role.SUPERVISOR)
KEES = RosterPerson("Kees Smit", "kees@school.example", Role.SUPERVISOR)

PLACEMENT = Placement(
    id=7,
    student_id=1,
    mentor_id=2,
    supervisor_id=3,
    company="Bakkerij Jansen",
    starts_on=date(2026, 2, 2),
    ends_on=date(2026, 6, 26),
    timezone="Europe/Amsterdam",
    checkin_weekday=4,
    checkin_time="14:00",
    mentor_meeting_every_days=7,
    tripartite_every_weeks=6,
)
KNOWN = Known(PLACEMENT, SANNE, MARK, INGRID)
SAME = RosterRow(
    line=3,
    student=SANNE,
    mentor=MARK,
    supervisor=INGRID,
    company="Bakkerij Jansen",
    starts_on=date(2026, 2, 2),
    ends_on=date(2026, 6, 26),
    language="nl",
    timezone="Europe/Amsterdam",
    checkin_weekday=4,
    checkin_time="14:00",
    mentor_meeting_every_days=7,
    tripartite_every_weeks=6,
)


@pytest.mark.parametrize(
    ("row", "changes"),
    [
        (SAME, ()),
        # A name typed differently is the same person: people are known by email.
        (replace(SAME, mentor=replace(MARK, name="M. Jansen")), ()),
        (
            replace(SAME, mentor=PIET),
            (
                Change(
                    Field.MENTOR,
                    "Mark Jansen <mark@bakkerij.example>",
                    "Piet Bos <piet@bakkerij.example>",
                ),
            ),
        ),
        (
            replace(SAME, supervisor=KEES),
            (
                Change(
                    Field.SUPERVISOR,
                    "Ingrid Bos <ingrid@school.example>",
                    "Kees Smit <kees@school.example>",
                ),
            ),
        ),
        (
            replace(SAME, ends_on=date(2026, 5, 29)),
            (Change(Field.ENDS_ON, "2026-06-26", "2026-05-29"),),
        ),
        (
            replace(SAME, checkin_weekday=0, checkin_time="09:30"),
            (
                Change(Field.CHECKIN_WEEKDAY, "fri", "mon"),
                Change(Field.CHECKIN_TIME, "14:00", "09:30"),
            ),
        ),
        (
            replace(SAME, mentor_meeting_every_days=14, tripartite_every_weeks=8),
            (
                Change(Field.MENTOR_MEETING_EVERY_DAYS, "7", "14"),
                Change(Field.TRIPARTITE_EVERY_WEEKS, "6", "8"),
            ),
        ),
        # The language and time zone columns are the student's, not the placement's to change.
        (replace(SAME, language="en", timezone="Europe/London"), ()),
    ],
)
def test_changes_for(row: RosterRow, changes: tuple[Change, ...]) -> None:
    assert changes_for(row, KNOWN) == changes


def test_a_placement_change_names_the_line_and_the_placement() -> None:
    assert placement_change(SAME, KNOWN) is None
    change = placement_change(replace(SAME, mentor=PIET, ends_on=date(2026, 5, 29)), KNOWN)
    assert change is not None
    assert (change.line, change.placement_id, change.student, change.company) == (
        3,
        7,
        "Sanne de Vries",
        "Bakkerij Jansen",
    )
    assert [c.field for c in change.changes] == [Field.MENTOR, Field.ENDS_ON]
    assert change.new(Field.ENDS_ON) == "2026-05-29"
    assert change.new(Field.SUPERVISOR) is None


@pytest.mark.parametrize(
    ("today", "last_day", "outcome"),
    [
        # A drop-out on Wednesday 4 March: his last day was Tuesday, no check-in from today.
        (date(2026, 3, 4), None, EarlyEnd(date(2026, 3, 3), stop_now=True)),
        # Leaving at the end of the month: check-ins go on until then.
        (date(2026, 3, 4), date(2026, 3, 31), EarlyEnd(date(2026, 3, 31), stop_now=False)),
        (date(2026, 3, 4), date(2026, 3, 4), EarlyEnd(date(2026, 3, 4), stop_now=False)),
        # Called off on or before its first day: it never began, its last day is the day before
        # its first; check-ins stopped outright.
        (date(2026, 1, 20), None, EarlyEnd(date(2026, 2, 1), stop_now=True)),
        (date(2026, 2, 2), None, EarlyEnd(date(2026, 2, 1), stop_now=True)),
        (date(2026, 3, 4), date(2026, 6, 26), EndRefusal.NOT_EARLIER),
        (date(2026, 3, 4), date(2026, 7, 1), EndRefusal.NOT_EARLIER),
        (date(2026, 6, 27), None, EndRefusal.ALREADY_OVER),
        # Its last day itself: ending it "as of today" makes yesterday the last day.
        (date(2026, 6, 26), None, EarlyEnd(date(2026, 6, 25), stop_now=True)),
    ],
)
def test_early_end(today: date, last_day: date | None, outcome: EarlyEnd | EndRefusal) -> None:
    assert early_end(PLACEMENT, today, last_day) == outcome


@pytest.mark.parametrize("today", [date(2026, 1, 20), date(2026, 2, 1), date(2026, 3, 4)])
def test_a_placement_called_off_is_not_ended_again(today: date) -> None:
    called_off = replace(PLACEMENT, ends_on=date(2026, 2, 1))
    assert is_called_off(called_off)
    assert not is_called_off(PLACEMENT)
    assert early_end(called_off, today) is EndRefusal.ALREADY_OVER
