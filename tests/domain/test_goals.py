"""Learning goals: read from a typed list, kept stable when set again, and their coverage."""

from __future__ import annotations

import pytest

from bot.domain.goals import (
    GOAL_MAX_CHARS,
    GOALS_MAX,
    GoalChanges,
    GoalsProblem,
    LearningGoal,
    coverage_of,
    goal_changes,
    read_goals,
)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Klantgericht werken", ("Klantgericht werken",)),
        ("- Op tijd komen\n- Klantgericht   werken\n", ("Op tijd komen", "Klantgericht werken")),
        ("1. Plannen\n2) Samenwerken\n(3) Rapporteren", ("Plannen", "Samenwerken", "Rapporteren")),
        ("• Één\n* Twee\n· Drie\n– Vier", ("Één", "Twee", "Drie", "Vier")),
        # Blank lines go, and the same goal twice is one goal (case does not matter).
        ("\n\nPlannen\n\n  \nplannen\nPLANNEN", ("Plannen",)),
        # A number that is part of the goal stays.
        ("3D-tekenen\n2025 normen kennen", ("3D-tekenen", "2025 normen kennen")),
        # Only list markers followed by a space are markers.
        ("-5 graden werken", ("-5 graden werken",)),
        ("<b>&amp;</b> 😀", ("<b>&amp;</b> 😀",)),
        ("", GoalsProblem.EMPTY),
        (" - \n\n•  ", GoalsProblem.EMPTY),
        ("\n".join(f"Doel {n}" for n in range(GOALS_MAX)), tuple(f"Doel {n}" for n in range(10))),
        ("\n".join(f"Doel {n}" for n in range(GOALS_MAX + 1)), GoalsProblem.TOO_MANY),
        ("x" * GOAL_MAX_CHARS, ("x" * GOAL_MAX_CHARS,)),
        ("x" * (GOAL_MAX_CHARS + 1), GoalsProblem.TOO_LONG),
    ],
)
def test_reading_typed_goals(typed: str, expected: tuple[str, ...] | GoalsProblem) -> None:
    assert read_goals(typed) == expected


def test_a_huge_hostile_list_is_refused_quickly() -> None:
    assert read_goals("\n".join(f"&😀{n}" for n in range(100_000))) is GoalsProblem.TOO_MANY


GOALS = (
    LearningGoal(11, 7, 1, "Op tijd komen"),
    LearningGoal(12, 7, 2, "Klantgericht werken"),
    LearningGoal(13, 7, 3, "Plannen"),
)


@pytest.mark.parametrize(
    ("titles", "expected"),
    [
        (
            ("Op tijd komen", "Klantgericht werken", "Plannen"),
            GoalChanges(keep=((11, 1), (12, 2), (13, 3)), add=(), retire=()),
        ),
        (
            ("plannen", "Samenwerken", "Op tijd komen"),
            GoalChanges(keep=((13, 1), (11, 3)), add=(("Samenwerken", 2),), retire=(12,)),
        ),
        (("Iets nieuws",), GoalChanges(keep=(), add=(("Iets nieuws", 1),), retire=(11, 12, 13))),
    ],
)
def test_setting_goals_again_keeps_the_unchanged_ones(
    titles: tuple[str, ...], expected: GoalChanges
) -> None:
    assert goal_changes(GOALS, titles) == expected


def test_setting_the_first_goals_adds_them_all() -> None:
    assert goal_changes((), ("A", "B")) == GoalChanges((), (("A", 1), ("B", 2)), ())


def test_coverage_counts_feedback_per_goal_in_goal_order() -> None:
    feedback = [(12, True), (12, False), (None, True), (11, False), (99, True)]
    coverage = coverage_of(tuple(reversed(GOALS)), feedback)
    assert [(c.goal.id, c.feedback, c.understood) for c in coverage] == [
        (11, 1, 0),
        (12, 2, 1),
        (13, 0, 0),
    ]
    assert coverage_of((), feedback) == ()
