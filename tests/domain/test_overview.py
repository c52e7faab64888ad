"""The overview's traffic lights, their order, and pages that stay within a length."""

from __future__ import annotations

import random
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.overview import (
    Concern,
    Light,
    PlacementFacts,
    concerns_of,
    light_of,
    overview_lines,
    paginate,
)


def facts(student: str = "Anna", placement_id: int = 1, **changes: Any) -> PlacementFacts:
    """A placement where all is well, changed by keyword."""
    return PlacementFacts(placement_id, student, "Bakkerij Jansen", **changes)


@pytest.mark.parametrize(
    ("changes", "light", "concerns"),
    [
        ({}, Light.GREEN, ()),
        ({"last_mood": 1}, Light.GREEN, ()),  # a low mood alone is the alert's business
        ({"open_alerts": 1}, Light.RED, (Concern.OPEN_ALERT,)),
        ({"last_checkin_missed": True}, Light.AMBER, (Concern.MISSED_CHECKIN,)),
        ({"meetings_lapsing": True}, Light.AMBER, (Concern.MEETINGS_LAPSING,)),
        ({"feedback_unacknowledged": 2}, Light.AMBER, (Concern.FEEDBACK_UNACKNOWLEDGED,)),
        # Red wins over every amber reason, and every reason is kept, most serious first.
        (
            {"open_alerts": 2, "last_checkin_missed": True, "feedback_unacknowledged": 1},
            Light.RED,
            (Concern.OPEN_ALERT, Concern.MISSED_CHECKIN, Concern.FEEDBACK_UNACKNOWLEDGED),
        ),
        (
            {"meetings_lapsing": True, "last_checkin_missed": True},
            Light.AMBER,
            (Concern.MISSED_CHECKIN, Concern.MEETINGS_LAPSING),
        ),
    ],
)
def test_traffic_light(
    changes: dict[str, Any], light: Light, concerns: tuple[Concern, ...]
) -> None:
    found = concerns_of(facts(**changes))
    assert found == concerns
    assert light_of(found) is light


def test_red_first_then_amber_then_green_each_by_name() -> None:
    placements = [
        facts("zoë", 1),
        facts("Bram", 2, last_checkin_missed=True),
        facts("Anna", 3),
        facts("Özlem", 4, open_alerts=1),
        facts("anouk", 5, open_alerts=3),
        facts("Cas", 6, meetings_lapsing=True),
        facts("Anna", 7),  # a namesake: the older placement first
    ]
    random.Random(4).shuffle(placements)
    order = [
        (line.light, line.facts.student, line.facts.placement_id)
        for line in overview_lines(placements)
    ]
    assert order == [
        (Light.RED, "anouk", 5),
        (Light.RED, "Özlem", 4),
        (Light.AMBER, "Bram", 2),
        (Light.AMBER, "Cas", 6),
        (Light.GREEN, "Anna", 3),
        (Light.GREEN, "Anna", 7),
        (Light.GREEN, "zoë", 1),
    ]


def utf16(text: str) -> int:
    """Telegram's measure of a plain text."""
    return len(text.encode("utf-16-le")) // 2


def test_pages_keep_order_and_fill_up_to_the_budget() -> None:
    items = ["a" * 10] * 7
    # 10 + 1 + 10 + 1 + 10 = 32 fits 35; a fourth would need 43.
    assert paginate(items, 35, utf16, most=20) == [["a" * 10] * 3, ["a" * 10] * 3, ["a" * 10]]
    assert paginate(items, 1000, utf16, most=3) == [["a" * 10] * 3, ["a" * 10] * 3, ["a" * 10]]
    assert paginate([], 100, utf16, most=5) == [[]]


def test_an_emoji_counts_as_telegram_counts_it() -> None:
    # "🔴" is two UTF-16 units: two of these lines (2 + 6 + 1 + 2 + 6 = 17) do not fit 16.
    line = "🔴 Anouk"
    assert paginate([line, line], 16, utf16, most=10) == [[line], [line]]
    assert paginate([line, line], 17, utf16, most=10) == [[line, line]]


def test_an_item_longer_than_the_budget_stands_alone() -> None:
    assert paginate(["ab", "x" * 50, "cd"], 10, utf16, most=5) == [["ab"], ["x" * 50], ["cd"]]


def test_a_page_holds_at_least_one_item() -> None:
    with pytest.raises(ValueError, match="at least one"):
        paginate(["a"], 10, utf16, most=0)


@given(
    st.lists(st.text(min_size=0, max_size=60), max_size=80),
    st.integers(min_value=1, max_value=400),
    st.integers(min_value=1, max_value=30),
)
def test_every_page_fits_unless_one_item_alone_is_too_long(
    items: list[str], budget: int, most: int
) -> None:
    pages = paginate(items, budget, utf16, most=most)
    assert [item for page in pages for item in page] == items
    for page in pages:
        assert len(page) <= most
        assert utf16("\n".join(page)) <= budget or len(page) == 1
