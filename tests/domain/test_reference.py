"""The reference draft: the facts and the mentor's own words, grouped by goal, never more."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta

from bot.domain.feedback import FeedbackItem
from bot.domain.goals import LearningGoal
from bot.domain.reference import BLANK, GoalSection, ReferenceDraft, draft_reference, has_blanks

MENTOR, PREDECESSOR = 2, 5
DAY = datetime(2026, 3, 2, 10, tzinfo=UTC)
GOALS = (LearningGoal(12, 7, 2, "Klantgericht werken"), LearningGoal(11, 7, 1, "Op tijd komen"))


def feedback(
    fid: int, text: str, goal: int | None, days: int, mentor: int = MENTOR
) -> FeedbackItem:
    """Feedback `fid` on `goal`, sent `days` after DAY."""
    return FeedbackItem(fid, 7, mentor, goal, text, DAY + timedelta(days=days))


def draft(goals: Sequence[LearningGoal], items: Sequence[FeedbackItem]) -> ReferenceDraft:
    """The draft for Ngọc Özdemir's placement at Café Ĳsselstein."""
    return draft_reference(
        student_name="Ngọc Özdemir",
        mentor_name="Jan de Vries",
        mentor_id=MENTOR,
        company="Café Ĳsselstein",
        starts_on=date(2026, 2, 2),
        ends_on=date(2026, 6, 26),
        goals=goals,
        feedback=items,
    )


def test_no_feedback_and_no_goals_is_a_neutral_frame() -> None:
    empty = draft((), ())
    assert (empty.goals, empty.other_notes, empty.has_feedback) == ((), (), False)
    assert (empty.student_name, empty.company) == ("Ngọc Özdemir", "Café Ĳsselstein")
    assert (empty.starts_on, empty.ends_on) == (date(2026, 2, 2), date(2026, 6, 26))


def test_goals_without_feedback_are_listed_with_nothing_said() -> None:
    assert draft(GOALS, ()).goals == (
        GoalSection("Op tijd komen", ()),
        GoalSection("Klantgericht werken", ()),
    )
    assert not draft(GOALS, ()).has_feedback


def test_feedback_is_grouped_by_goal_in_goal_order_oldest_first() -> None:
    items = [
        feedback(1, "Je groet klanten vriendelijk.", 12, days=9),
        feedback(2, "  Drie keer te laat deze maand.\n", 11, days=3),
        feedback(3, "Nu elke dag op tijd.", 11, days=20),
        feedback(4, "Klanten vragen naar jou.", 12, days=1),
        feedback(5, "Netjes opgeruimd.\n\nEn de vloer  geveegd.", None, days=2),
    ]
    result = draft(GOALS, items)
    assert result.goals == (
        GoalSection("Op tijd komen", ("Drie keer te laat deze maand.", "Nu elke dag op tijd.")),
        GoalSection(
            "Klantgericht werken",
            (
                "Klanten vragen naar jou.",
                "Je groet klanten vriendelijk.",
            ),
        ),
    )
    assert result.other_notes == ("Netjes opgeruimd. En de vloer geveegd.",)
    assert result.has_feedback


def test_only_the_mentors_own_words_and_retired_goals_among_the_rest() -> None:
    items = [
        feedback(1, "Van de vorige mentor.", 11, days=1, mentor=PREDECESSOR),
        feedback(2, "Over een doel dat niet meer geldt.", 99, days=2),
    ]
    result = draft(GOALS, items)
    assert [section.notes for section in result.goals] == [(), ()]
    assert result.other_notes == ("Over een doel dat niet meer geldt.",)


def test_a_blank_left_in_the_text_holds_the_reference_back() -> None:
    assert has_blanks(f"Ngọc was punctual. {BLANK}")
    assert not has_blanks("Ngọc was punctual. [...] is three dots, not the blank")
