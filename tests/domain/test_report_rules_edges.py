"""The report rules at their edges: an address with two '@', reports at the very same moment."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, tzinfo

import pytest

from bot.domain.reports import Admission, admit_report, is_mailable, unreached_due_at

NOW = datetime(2026, 3, 6, 13, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("email", "expected"),
    [
        # The domain is what follows the last '@': a typo with two of them has none here.
        ("piet@gmail.com@school", False),
        ("piet@school@roc.nl", True),
        ('"piet@home"@roc.nl', True),
        ("piet@roc.nl@coordinators.invalid", False),
    ],
)
def test_the_domain_is_what_follows_the_last_at_sign(email: str, expected: bool) -> None:
    assert is_mailable(email) is expected


def test_reports_made_at_this_very_moment_count_towards_the_limit() -> None:
    # Three reports in the same instant (a double tap, a fake clock): the fourth joins them.
    assert admit_report([NOW] * 3, NOW, 3, has_open_report=True) is Admission.ADDITION
    assert admit_report([NOW] * 2, NOW, 3, has_open_report=True) is Admission.NEW_ALERT


def test_a_student_cannot_be_told_at_once_that_nobody_has_his_report() -> None:
    # A wait of nothing would tell him before anyone had a chance to receive it.
    with pytest.raises(ValueError, match="positive"):
        unreached_due_at(NOW, timedelta(0))
    assert unreached_due_at(NOW, timedelta(seconds=1)) == NOW + timedelta(seconds=1)


class NoOffset(tzinfo):
    """A time zone that cannot say its offset: as good as none."""

    def utcoffset(self, dt: datetime | None) -> timedelta | None:
        return None

    def dst(self, dt: datetime | None) -> timedelta | None:
        return None

    def tzname(self, dt: datetime | None) -> str | None:
        return None


def test_a_moment_whose_zone_has_no_offset_is_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        unreached_due_at(datetime(2026, 3, 6, 13, 0, tzinfo=NoOffset()), timedelta(minutes=15))
