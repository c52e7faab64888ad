"""A placement's learning goals: read from what the supervisor types, kept stable, covered.

The supervisor or coordinator types the goals one per line (list markers such as "-", "•",
"1." or "2)" are dropped). Setting them again keeps a goal whose wording is unchanged (so the
feedback tied to it stays tied), adds the new ones and retires the ones left out: a retired goal
is no longer offered to the mentor but keeps its feedback.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

GOALS_MAX = 10  # one button each in the mentor's goal keyboard
GOAL_MAX_CHARS = 120  # a goal is the title of a button and a heading in the reference

_LIST_MARKER = re.compile(r"^\s*(?:[-*•·–—]|\(?[0-9]{1,2}[.)])\s+", re.ASCII)


@dataclass(frozen=True, slots=True)
class LearningGoal:
    """One learning goal of a placement, as the supervisor or coordinator set it."""

    id: int
    placement_id: int
    position: int
    title: str


class GoalsProblem(StrEnum):
    """Why a typed list of goals is refused."""

    EMPTY = "empty"
    TOO_MANY = "too_many"
    TOO_LONG = "too_long"


def read_goals(text: str) -> tuple[str, ...] | GoalsProblem:
    """The goals in a typed list, one per line, in order, each once; or why they are refused."""
    titles: list[str] = []
    seen: set[str] = set()
    for line in text.splitlines():
        title = " ".join(_LIST_MARKER.sub("", line).split())
        if title and title.casefold() not in seen:
            if len(titles) == GOALS_MAX:
                return GoalsProblem.TOO_MANY
            seen.add(title.casefold())
            titles.append(title)
    if not titles:
        return GoalsProblem.EMPTY
    if any(len(title) > GOAL_MAX_CHARS for title in titles):
        return GoalsProblem.TOO_LONG
    return tuple(titles)


@dataclass(frozen=True, slots=True)
class GoalChanges:
    """What setting a new list of goals does to the current ones."""

    keep: tuple[tuple[int, int], ...]  # (goal id, its new position)
    add: tuple[tuple[str, int], ...]  # (title, position)
    retire: tuple[int, ...]  # goal ids no longer offered


def goal_changes(current: Sequence[LearningGoal], titles: Sequence[str]) -> GoalChanges:
    """How to go from the current goals to a new list (same wording: the same goal)."""
    by_title = {goal.title.casefold(): goal for goal in current}
    keep: list[tuple[int, int]] = []
    add: list[tuple[str, int]] = []
    for position, title in enumerate(titles, start=1):
        goal = by_title.pop(title.casefold(), None)
        if goal is None:
            add.append((title, position))
        else:
            keep.append((goal.id, position))
    return GoalChanges(tuple(keep), tuple(add), tuple(sorted(g.id for g in by_title.values())))


@dataclass(frozen=True, slots=True)
class GoalCoverage:
    """One goal and how much feedback it has had."""

    goal: LearningGoal
    feedback: int
    understood: int


def coverage_of(
    goals: Sequence[LearningGoal], feedback: Sequence[tuple[int | None, bool]]
) -> tuple[GoalCoverage, ...]:
    """Each goal, in order, with its feedback items and how many of them are understood.

    `feedback` holds (goal id or None, understood) per feedback item of the placement.
    """
    return tuple(
        GoalCoverage(
            goal,
            sum(goal_id == goal.id for goal_id, _ in feedback),
            sum(goal_id == goal.id and understood for goal_id, understood in feedback),
        )
        for goal in sorted(goals, key=lambda goal: goal.position)
    )
