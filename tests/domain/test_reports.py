"""Where a report goes, who may read the student's words, when email steps in, the report limit."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from bot.domain.reports import (
    Admission,
    Reach,
    Reader,
    Recipient,
    Route,
    admit_report,
    email_due_at,
    is_mailable,
    may_read_words,
    route_alert,
    unreached_due_at,
)

NOW = datetime(2026, 3, 6, 13, 0, tzinfo=UTC)
OK, NEW, GONE = Reach.REACHABLE, Reach.NOT_JOINED, Reach.UNREACHABLE
SUPERVISOR = 10


def supervisor(reach: Reach) -> Recipient:
    return Recipient(SUPERVISOR, reach)


@pytest.mark.parametrize(
    ("sup", "coordinators", "expected"),
    [
        # The supervisor can read it: only he gets it.
        (OK, [(1, OK), (2, OK)], Route(SUPERVISOR, (), supervisor_now=True)),
        (OK, [], Route(SUPERVISOR, (), supervisor_now=True)),
        # He has not joined, blocked the bot or his chat is gone: coordinators at once.
        (NEW, [(2, OK), (1, OK)], Route(SUPERVISOR, (1, 2), supervisor_now=False)),
        (GONE, [(1, OK)], Route(SUPERVISOR, (1,), supervisor_now=False)),
        # Only the coordinators who can read it now.
        (GONE, [(1, NEW), (2, GONE), (3, OK)], Route(SUPERVISOR, (3,), supervisor_now=False)),
        # Nobody at all: the copy still waits for the supervisor.
        (NEW, [], Route(SUPERVISOR, (), supervisor_now=False)),
        (GONE, [(1, NEW)], Route(SUPERVISOR, (), supervisor_now=False)),
        # A supervisor who is also listed as coordinator is not told twice.
        (GONE, [(SUPERVISOR, OK)], Route(SUPERVISOR, (), supervisor_now=False)),
    ],
)
def test_route_ends_at_a_person(
    sup: Reach, coordinators: list[tuple[int, Reach]], expected: Route
) -> None:
    route = route_alert(supervisor(sup), [Recipient(i, r) for i, r in coordinators])
    assert route == expected
    assert route.reaches_someone_now is (expected.supervisor_now or bool(expected.coordinators))


@pytest.mark.parametrize(
    ("reader", "shared", "expected"),
    [
        (Reader.SUPERVISOR, False, True),
        (Reader.SUPERVISOR, True, True),
        (Reader.MENTOR, False, False),
        (Reader.MENTOR, True, True),
        (Reader.COORDINATOR, False, False),  # he learns she asked for help, not her words
        (Reader.COORDINATOR, True, False),
    ],
)
def test_only_whom_the_student_chose_reads_his_words(
    reader: Reader, shared: bool, expected: bool
) -> None:
    assert may_read_words(reader, shared) is expected


@pytest.mark.parametrize(
    ("email", "expected"),
    [
        ("peter@school.example", True),
        ("p.mulder@roc.nl", True),
        ("telegram-9001@coordinators.invalid", False),  # a coordinator from COORDINATOR_IDS
        ("erased-12@invalid", False),
        ("erased-12@INVALID", False),
        ("no-at-sign", False),
        ("@school.example", False),
        ("peter@localhost", False),
    ],
)
def test_placeholder_addresses_get_no_email(email: str, expected: bool) -> None:
    assert is_mailable(email) is expected


@pytest.mark.parametrize(
    ("reaches", "expected"),
    [(True, NOW + timedelta(minutes=30)), (False, NOW)],
)
def test_email_waits_for_telegram_unless_telegram_reaches_nobody(
    reaches: bool, expected: datetime
) -> None:
    assert email_due_at(NOW, timedelta(minutes=30), reaches_someone=reaches) == expected


def test_a_student_is_told_of_an_unreached_report_after_the_wait() -> None:
    assert unreached_due_at(NOW, timedelta(minutes=15)) == NOW + timedelta(minutes=15)


@pytest.mark.parametrize(
    "call",
    [
        lambda: email_due_at(NOW.replace(tzinfo=None), timedelta(minutes=1), reaches_someone=True),
        lambda: email_due_at(NOW, timedelta(0), reaches_someone=True),
        lambda: unreached_due_at(NOW, timedelta(minutes=-1)),
        lambda: admit_report([], NOW, 0, has_open_report=False),
        lambda: admit_report([], NOW.replace(tzinfo=None), 3, has_open_report=False),
    ],
)
def test_nonsense_is_refused(call: Callable[[], object]) -> None:
    with pytest.raises(ValueError, match=r"aware|positive|at least"):
        call()


def minutes_ago(*minutes: int) -> list[datetime]:
    return [NOW - timedelta(minutes=m) for m in minutes]


@pytest.mark.parametrize(
    ("earlier", "open_report", "expected"),
    [
        ([], False, Admission.NEW_ALERT),
        (minutes_ago(5, 10), True, Admission.NEW_ALERT),  # the third of the hour
        (minutes_ago(5, 10, 20), True, Admission.ADDITION),  # the fourth joins the open one
        (minutes_ago(1, 2, 3, 4, 5), True, Admission.ADDITION),
        # An hour ago exactly no longer counts; within the hour does.
        (minutes_ago(5, 10, 60), True, Admission.NEW_ALERT),
        (minutes_ago(5, 10, 59), True, Admission.ADDITION),
        # All resolved: something new is a new alert even at the limit.
        (minutes_ago(5, 10, 20), False, Admission.NEW_ALERT),
        # Order does not matter; a time after now (clock skew) does not count.
        (minutes_ago(20, 5, 10), True, Admission.ADDITION),
        ([NOW + timedelta(minutes=1), *minutes_ago(5, 10)], True, Admission.NEW_ALERT),
    ],
)
def test_report_limit(earlier: list[datetime], open_report: bool, expected: Admission) -> None:
    assert admit_report(earlier, NOW, 3, has_open_report=open_report) is expected


def test_a_limit_of_one_makes_the_second_report_an_addition() -> None:
    assert admit_report(minutes_ago(30), NOW, 1, has_open_report=True) is Admission.ADDITION
