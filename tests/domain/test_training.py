"""Mentor training rules: due moments, reminders, completion, certificate numbers and codes."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.domain.company_file import read_company_file
from bot.domain.training import (
    Completion,
    TrainingReminder,
    TrainingSession,
    certificate_number,
    completion,
    is_certified,
    is_genuine,
    is_late,
    may_hand_in,
    reminder_moment,
    reminders_due,
    valid_until,
    verification_code,
    weekly_list_week,
)
from bot.domain.training_plan import check_plan, default_due, plan_session

A2, A1 = TrainingReminder.ASSIGNMENT_TWO_DAYS, TrainingReminder.ASSIGNMENT_ONE_DAY
S1, S15 = TrainingReminder.SESSION_DAY_BEFORE, TrainingReminder.SESSION_SOON
START = datetime(2026, 3, 12, 14, 0, tzinfo=UTC)  # Thursday 15:00 in Amsterdam
SECRET = b"0123456789abcdef-school-secret"
LINK = "https://meet.example.org/abc"
AMS = ZoneInfo("Europe/Amsterdam")


def session(
    brief: str = "Beschrijf een lastig gesprek.", due: datetime | None = None
) -> TrainingSession:
    """The first session of a run, due 48 hours before unless said."""
    return TrainingSession(1, 1, 1, START, 90, LINK, brief, due or default_due(START))


def at(days: float = 0, minutes: float = 0) -> datetime:
    """A moment relative to the session's start."""
    return START + timedelta(days=days, minutes=minutes)


def test_an_assignment_is_due_48_hours_before_its_session_unless_said() -> None:
    assert default_due(START) == datetime(2026, 3, 10, 14, 0, tzinfo=UTC)
    assert default_due(START, timedelta(hours=24)) == datetime(2026, 3, 11, 14, 0, tzinfo=UTC)
    plan = plan_session(START, 90, LINK, " brief ")
    assert (plan.due_at, plan.brief) == (default_due(START), "brief")


@pytest.mark.parametrize(
    ("minutes", "link", "due", "error"),
    [
        (0, LINK, None, "minutes"),
        (1441, LINK, None, "minutes"),
        (60, "javascript:alert(1)", None, "web address"),
        (60, "meet.example.org", None, "web address"),
        (60, LINK, START + timedelta(minutes=1), "before its session"),
    ],
)
def test_a_session_plan_that_cannot_be_run_is_refused(
    minutes: int, link: str, due: datetime | None, error: str
) -> None:
    with pytest.raises(ValueError, match=error):
        plan_session(START, minutes, link, "", due)


def test_a_naive_start_is_refused() -> None:
    with pytest.raises(ValueError, match="starts_at"):
        plan_session(datetime(2026, 3, 12, 14, 0), 60, LINK, "")  # noqa: DTZ001 - the point


def test_a_run_needs_sessions_that_do_not_overlap() -> None:
    with pytest.raises(ValueError, match="at least one"):
        check_plan([])
    first = plan_session(START, 90, LINK, "")
    with pytest.raises(ValueError, match="overlap"):
        check_plan([first, plan_session(START + timedelta(minutes=89), 60, LINK, "")])
    check_plan([first, plan_session(START + timedelta(minutes=90), 60, LINK, "")])


def test_reminder_moments() -> None:
    s = session()
    assert reminder_moment(A2, s) == s.due_at - timedelta(days=2)
    assert reminder_moment(A1, s) == s.due_at - timedelta(days=1)
    assert reminder_moment(S1, s) == START - timedelta(days=1)
    assert reminder_moment(S15, s) == START - timedelta(minutes=15)


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (at(days=-4, minutes=-1), []),
        (at(days=-4), [A2]),  # due in 2 days
        (at(days=-3, minutes=-1), [A2]),
        (at(days=-3), [A1]),  # after downtime only the latest goes out
        (at(days=-2, minutes=-1), [A1]),
        (at(days=-2), []),  # the assignment is due: no more assignment reminders
        (at(days=-1), [S1]),
        (at(minutes=-15), [S15]),
        (at(minutes=-1), [S15]),
        (at(), []),  # the session began: nothing more
        (at(days=1), []),
    ],
)
def test_the_reminders_due_now(now: datetime, expected: list[TrainingReminder]) -> None:
    assert reminders_due(session(), now) == expected


def test_a_session_without_assignment_has_no_assignment_reminders() -> None:
    assert reminders_due(session(brief="  "), at(days=-3)) == []
    assert reminders_due(session(brief=""), at(days=-1)) == [S1]


def test_late_hand_ins_are_taken_until_the_session_ends() -> None:
    s = session()
    assert not is_late(s.due_at, s)
    assert is_late(s.due_at + timedelta(seconds=1), s)
    assert may_hand_in(s, at(minutes=89))
    assert not may_hand_in(s, at(minutes=90))
    assert not may_hand_in(session(brief=""), at(days=-3))


@pytest.mark.parametrize(
    ("attended", "reason", "expected"),
    [
        ({1, 2}, None, Completion.ATTENDED_ALL),
        ({1, 2, 3}, None, Completion.ATTENDED_ALL),
        ({1}, None, Completion.INCOMPLETE),
        ({1}, "   ", Completion.INCOMPLETE),  # an override needs a reason
        ({1}, "Ziek; heeft de opname bekeken en de opdracht gemaakt.", Completion.OVERRIDE),
        (set(), "Vrijstelling", Completion.OVERRIDE),
    ],
)
def test_completion(attended: set[int], reason: str | None, expected: Completion) -> None:
    assert completion([1, 2], attended, reason) is expected


def test_a_run_without_sessions_completes_nobody_by_attendance() -> None:
    assert completion([], set(), None) is Completion.INCOMPLETE


def test_certificate_numbers() -> None:
    assert certificate_number(2026, 7) == "MB-2026-0007"
    assert certificate_number(2026, 12345) == "MB-2026-12345"
    with pytest.raises(ValueError, match="from 1"):
        certificate_number(2026, 0)


def test_the_code_belongs_to_its_number_and_the_secret() -> None:
    code = verification_code(SECRET, "MB-2026-0001")
    assert len(code) == 14
    assert code.count("-") == 2
    assert is_genuine(SECRET, "MB-2026-0001", code)
    assert is_genuine(SECRET, " mb-2026-0001 ", code.lower().replace("-", " "))
    assert not is_genuine(SECRET, "MB-2026-0002", code)
    assert not is_genuine(b"another-school-secret-16", "MB-2026-0001", code)
    assert not is_genuine(SECRET, "MB-2026-0001", "")
    assert not is_genuine(SECRET, "MB-2026-0001", "é" * 14)


def test_the_code_cannot_be_guessed_from_the_number() -> None:
    # Neighbouring numbers share nothing visible; only the secret makes a code.
    codes = [verification_code(SECRET, certificate_number(2026, n)) for n in range(1, 200)]
    assert len(set(codes)) == len(codes)
    first, second = codes[0].replace("-", ""), codes[1].replace("-", "")
    assert sum(a == b for a, b in zip(first, second, strict=True)) < 6
    with pytest.raises(ValueError, match="16 bytes"):
        verification_code(b"short", "MB-2026-0001")


@pytest.mark.parametrize(
    ("issued", "months", "expected"),
    [
        (date(2026, 3, 12), None, None),
        (date(2026, 3, 12), 0, None),
        (date(2026, 3, 12), 24, date(2028, 3, 12)),
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2026, 11, 30), 3, date(2027, 2, 28)),
    ],
)
def test_valid_until(issued: date, months: int | None, expected: date | None) -> None:
    assert valid_until(issued, months) == expected


def test_is_certified() -> None:
    assert is_certified(None, date(2040, 1, 1))
    assert is_certified(date(2028, 3, 12), date(2028, 3, 12))
    assert not is_certified(date(2028, 3, 12), date(2028, 3, 13))


@pytest.mark.parametrize(
    ("local", "expected"),
    [
        (datetime(2026, 3, 16, 8, 29, tzinfo=AMS), None),  # Monday before 08:30
        (datetime(2026, 3, 16, 8, 30, tzinfo=AMS), "2026-W12"),
        (datetime(2026, 3, 18, 7, 0, tzinfo=AMS), "2026-W12"),  # after downtime, later that week
        (datetime(2026, 3, 22, 23, 59, tzinfo=AMS), "2026-W12"),
        (datetime(2026, 3, 23, 8, 0, tzinfo=AMS), None),  # the next Monday, before its moment
        (datetime(2026, 12, 28, 9, 0, tzinfo=AMS), "2026-W53"),
    ],
)
def test_the_weekly_list_is_due_from_its_moment_to_the_end_of_the_week(
    local: datetime, expected: str | None
) -> None:
    assert weekly_list_week(local, 0, time(8, 30), AMS) == expected


def test_a_company_file_names_every_bad_line() -> None:
    data = (
        "company,address,contact_email,sector\n"
        "Café Ĳsselstein,Markt 1,info@cafe.example,horeca\n"
        ",Nergens 2,,\n"
        "café ĳsselstein,Markt 1,,\n"
        "Garage Smit,,not an email,auto\n"
    ).encode()
    details, errors = read_company_file(data)
    assert [d.company for d in details] == ["Café Ĳsselstein"]
    assert errors == (
        "line 3: no company name",
        "line 4: café ĳsselstein is on an earlier line already",
        "line 5: 'not an email' is not an email address",
    )
    assert read_company_file(b"name,address\nX,Y\n")[1] == ("line 1: no column 'company'",)
