"""A course file read against `now`: the chat's rule for a session that has begun or whose
assignment is due already, at its edges."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.domain.training import DEFAULT_DUE_BEFORE
from bot.domain.training_file import read_course_file

AMS = ZoneInfo("Europe/Amsterdam")
FILE = (
    b"course;date;time;minutes;link;assignment;due_hours_before\n"
    b"Coach;12-3-2031;15:00;90;https://meet.example.org/s1;Lees.;2\n"
)
START = datetime(2031, 3, 12, 15, tzinfo=AMS)


@pytest.mark.parametrize(
    ("now", "error"),
    [
        (START + timedelta(hours=1), "line 2: the session would start in the past"),
        (START, "line 2: the session would start in the past"),  # begins now: begun
        (START - timedelta(hours=2), "line 2: the assignment would be due in the past"),
        (START - timedelta(hours=1), "line 2: the assignment would be due in the past"),
        (START - timedelta(hours=2, seconds=1), None),
    ],
)
def test_a_session_ahead_of_now_and_its_due_ahead_too(now: datetime, error: str | None) -> None:
    plan = read_course_file(FILE, AMS, DEFAULT_DUE_BEFORE, now=now)
    assert plan.errors == (() if error is None else (error,))
    assert len(plan.sessions) == (1 if error is None else 0)


def test_without_now_the_file_is_read_as_before() -> None:
    plan = read_course_file(FILE, AMS, DEFAULT_DUE_BEFORE)
    assert plan.errors == ()
    assert plan.course == "Coach"
