"""The one rule set of a course plan, for a file and for the chat: typed dates and times, the
duration, the link, the due moment, and sessions given one at a time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.domain.training import DEFAULT_DUE_BEFORE
from bot.domain.training_file import read_course_file
from bot.domain.training_plan import (
    NAME_MAX,
    PlanError,
    PlanProblem,
    check_due,
    check_link,
    check_next,
    course_name,
    due_from,
    plan_session,
    read_minutes,
    read_moment,
)

AMS = ZoneInfo("Europe/Amsterdam")
NOW = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
LINK = "https://meet.example.org/s1"


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("14-12-2026 19:00", datetime(2026, 12, 14, 18, 0, tzinfo=UTC)),
        ("2026-12-14 19.00", datetime(2026, 12, 14, 18, 0, tzinfo=UTC)),
        ("14/12/2026 om 9:30", datetime(2026, 12, 14, 8, 30, tzinfo=UTC)),
        ("  2026-07-01   at 19:00 ", datetime(2026, 7, 1, 17, 0, tzinfo=UTC)),  # summer time
    ],
)
def test_a_typed_date_and_time_is_a_moment_in_the_schools_zone(
    typed: str, expected: datetime
) -> None:
    assert read_moment(typed, AMS) == expected


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        ("morgen 19:00", PlanProblem.NOT_A_DATE),
        ("31-02-2026 19:00", PlanProblem.NOT_A_DATE),
        ("14-12-2026", PlanProblem.NOT_A_DATE),  # no time
        ("14-12-2026 19:00 20:00", PlanProblem.NOT_A_DATE),
        ("14-12-2026 25:00", PlanProblem.NOT_A_TIME),
        ("14-12-2026 19:0", PlanProblem.NOT_A_TIME),
        ("١٤-١٢-٢٠٢٦ 19:00", PlanProblem.NOT_A_DATE),  # Arabic-Indic digits
        ("29-03-2026 02:30", PlanProblem.NO_SUCH_TIME),  # the spring-forward gap
        ("&" * 10_000, PlanProblem.NOT_A_DATE),
    ],
)
def test_what_is_no_date_and_time_is_refused_by_name(typed: str, problem: PlanProblem) -> None:
    with pytest.raises(PlanError) as refused:
        read_moment(typed, AMS)
    assert refused.value.problem is problem
    assert len(str(refused.value)) < 200  # a 10,000-character text is not echoed whole


def test_a_name_is_trimmed_and_at_most_120_characters() -> None:
    assert course_name("  Praktijkopleider \n & coach ") == "Praktijkopleider & coach"
    for typed, problem in (
        ("   ", PlanProblem.NO_NAME),
        ("&😀" * 5_000, PlanProblem.NAME_TOO_LONG),
        ("x" * (NAME_MAX + 1), PlanProblem.NAME_TOO_LONG),
    ):
        with pytest.raises(PlanError) as refused:
            course_name(typed)
        assert refused.value.problem is problem
    assert course_name("x" * NAME_MAX) == "x" * NAME_MAX


@pytest.mark.parametrize(
    "link",
    ["meet.example.org", "javascript:alert(1)", "https://", "https://a b.org", "ftp://x.org"],
)
def test_a_link_is_an_http_address_with_a_host(link: str) -> None:
    with pytest.raises(PlanError) as refused:
        check_link(link)
    assert refused.value.problem is PlanProblem.LINK


def test_minutes_are_whole_and_within_a_day() -> None:
    assert read_minutes(" 90 ") == 90
    for typed in ("0", "1441", "1.5", "٩٠", "ninety", ""):
        with pytest.raises(PlanError) as refused:
            read_minutes(typed)
        assert refused.value.problem is PlanProblem.MINUTES


def test_sessions_given_one_at_a_time_lie_ahead_and_in_order() -> None:
    first = plan_session(NOW + timedelta(days=7), 90, LINK, "")
    check_next([], NOW + timedelta(days=7), NOW)
    for starts_at, problem in (
        (NOW, PlanProblem.IN_THE_PAST),
        (NOW - timedelta(days=1), PlanProblem.IN_THE_PAST),
        (NOW + timedelta(days=6), PlanProblem.OUT_OF_ORDER),
        (NOW + timedelta(days=7), PlanProblem.OUT_OF_ORDER),
        (NOW + timedelta(days=7, minutes=89), PlanProblem.OVERLAP),
    ):
        with pytest.raises(PlanError) as refused:
            check_next([first], starts_at, NOW)
        assert refused.value.problem is problem
    check_next([first], NOW + timedelta(days=7, minutes=90), NOW)
    with pytest.raises(PlanError) as refused:
        check_next([first] * 12, NOW + timedelta(days=30), NOW)
    assert refused.value.problem is PlanProblem.TOO_MANY_SESSIONS


def test_the_due_moment_defaults_to_the_setting_and_lies_ahead() -> None:
    starts = NOW + timedelta(days=7)
    assert due_from(starts, "", DEFAULT_DUE_BEFORE) == starts - timedelta(hours=48)
    assert due_from(starts, "24", DEFAULT_DUE_BEFORE) == starts - timedelta(hours=24)
    with pytest.raises(PlanError) as refused:
        due_from(starts, "-3", DEFAULT_DUE_BEFORE)
    assert refused.value.problem is PlanProblem.HOURS
    assert check_due(starts - timedelta(hours=1), starts, NOW) == starts - timedelta(hours=1)
    with pytest.raises(PlanError) as refused:
        check_due(NOW - timedelta(minutes=1), starts, NOW)
    assert refused.value.problem is PlanProblem.DUE_PASSED


def test_the_course_file_reads_with_the_same_rules() -> None:
    data = (
        b"course;date;time;minutes;link;assignment\n"
        b"Coach;14-12-2026;19.00;90;https://meet.example.org/s1;Opdracht\n"
        b"Coach;2026-12-21;25:00;90;https://meet.example.org/s2;\n"
        b"Coach;2026-12-28;19:00;90;meet.example.org;\n"
    )
    plan = read_course_file(data, AMS, DEFAULT_DUE_BEFORE)
    assert plan.errors == (
        "line 3: time '25:00' is not HH:MM",
        "line 4: the meeting link is a web address, not 'meet.example.org'",
    )
