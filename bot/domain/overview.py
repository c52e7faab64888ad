"""The supervisor's overview: one line per placement with a traffic light, the worst first.

A supervisor follows 20 to 40 placements beside teaching; the overview answers "who needs me?"
at a glance:

- red: an alert about the placement is open (not resolved), whatever else is true;
- amber: nothing is alarming yet but something slips — the latest check-in was missed, the
  mentor meetings are lapsing or the tripartite review is overdue, or feedback waits longer
  than its reminder for the student's "understood";
- green: all well.

Red comes first, then amber, then green; within a colour by the student's name, so a line stays
in its place from one day to the next. The rules take plain facts that the services gather; the
wording is the view's.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum


class Light(StrEnum):
    """A placement's traffic light."""

    RED = "red"
    AMBER = "amber"
    GREEN = "green"


class Concern(StrEnum):
    """What makes a light red or amber, in the order a supervisor would read it."""

    OPEN_ALERT = "open_alert"  # red
    MISSED_CHECKIN = "missed_checkin"
    MEETINGS_LAPSING = "meetings_lapsing"
    FEEDBACK_UNACKNOWLEDGED = "feedback_unacknowledged"


RED_CONCERNS = frozenset({Concern.OPEN_ALERT})
_ORDER = {Light.RED: 0, Light.AMBER: 1, Light.GREEN: 2}


@dataclass(frozen=True, slots=True)
class PlacementFacts:
    """What the overview knows of one placement, gathered by the services."""

    placement_id: int
    student: str
    company: str
    open_alerts: int = 0
    last_checkin_missed: bool = False  # the latest closed check-in went unanswered
    meetings_lapsing: bool = False  # mentor meetings past their cadence, or the review overdue
    feedback_unacknowledged: int = 0  # items waiting past their reminder for "understood"
    last_mood: int | None = None
    last_checkin_on: date | None = None  # local date of the latest answered check-in
    next_meeting_at: datetime | None = None
    paused_until: date | None = None
    mentor_uncertified: bool = False  # the school trains mentors and this one is not certified


@dataclass(frozen=True, slots=True)
class OverviewLine:
    """One placement as the overview shows it."""

    facts: PlacementFacts
    light: Light
    concerns: tuple[Concern, ...]


def concerns_of(facts: PlacementFacts) -> tuple[Concern, ...]:
    """Everything that is not well with a placement, the most serious first."""
    found = {
        Concern.OPEN_ALERT: facts.open_alerts > 0,
        Concern.MISSED_CHECKIN: facts.last_checkin_missed,
        Concern.MEETINGS_LAPSING: facts.meetings_lapsing,
        Concern.FEEDBACK_UNACKNOWLEDGED: facts.feedback_unacknowledged > 0,
    }
    return tuple(concern for concern in Concern if found[concern])


def light_of(concerns: Iterable[Concern]) -> Light:
    """Red for an open alert, amber for anything else that slips, green when nothing does."""
    found = frozenset(concerns)
    if found & RED_CONCERNS:
        return Light.RED
    return Light.AMBER if found else Light.GREEN


def overview_lines(placements: Iterable[PlacementFacts]) -> list[OverviewLine]:
    """The placements with their lights: red first, then amber, then green, each by name."""
    lines = []
    for facts in placements:
        concerns = concerns_of(facts)
        lines.append(OverviewLine(facts, light_of(concerns), concerns))
    return sorted(
        lines,
        key=lambda line: (
            _ORDER[line.light],
            line.facts.student.casefold(),
            line.facts.placement_id,
        ),
    )


def paginate(
    items: Sequence[str],
    budget: int,
    measure: Callable[[str], int],
    *,
    most: int,
    separator: str = "\n",
) -> list[list[str]]:
    """The items in pages of at most `most`, each joined by `separator` within `budget`.

    `measure` says how long a text is (for Telegram: UTF-16 units after entity parsing); the
    budget is what is left of the limit once the page's header is counted. Items keep their
    order and are never cut: one longer than the budget stands alone on its page, for the
    caller to split. There is always at least one page.
    """
    if most < 1:
        raise ValueError(f"a page holds at least one item, not {most}")
    pages: list[list[str]] = [[]]
    used = 0
    gap = measure(separator)
    for item in items:
        size = measure(item)
        page = pages[-1]
        if page and (len(page) >= most or used + gap + size > budget):
            pages.append([item])
            used = size
        else:
            used += (gap if page else 0) + size
            page.append(item)
    return pages
