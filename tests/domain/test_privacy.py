"""Retention cut-off: N calendar months back, clamped to the month's last day."""

from __future__ import annotations

from datetime import date

import pytest

from bot.domain.privacy import erased_email, erased_name, retention_cutoff


@pytest.mark.parametrize(
    ("today", "months", "cutoff"),
    [
        (date(2026, 3, 2), 24, date(2024, 3, 2)),
        (date(2026, 3, 31), 1, date(2026, 2, 28)),
        (date(2028, 3, 31), 1, date(2028, 2, 29)),
        (date(2026, 1, 15), 1, date(2025, 12, 15)),
        (date(2026, 1, 15), 13, date(2024, 12, 15)),
        (date(2026, 5, 1), 0, date(2026, 5, 1)),
    ],
)
def test_retention_cutoff(today: date, months: int, cutoff: date) -> None:
    assert retention_cutoff(today, months) == cutoff


def test_erased_names_are_unique_per_person() -> None:
    assert (erased_name(7), erased_email(7)) == ("erased-7", "erased-7@invalid")
