"""The reference at the end of a placement: a plain draft from the feedback the mentor logged.

The draft never says more than the mentor did. It holds the facts (who, where, when), each
learning goal with the feedback the mentor gave on it in his own words, oldest first, and the
feedback tied to no goal. Where the mentor has said nothing (a goal without feedback, or no
feedback at all) the draft has a blank for him to fill in; a reference still holding a blank
is not sent. Rendering it into sentences is the handlers' job, in the mentor's language.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from bot.domain.feedback import FeedbackItem
from bot.domain.goals import LearningGoal

# What the mentor must replace before the reference can go out.
BLANK = "[…]"
# The reference the mentor confirms: a letter of a page or two, in one or several messages.
REFERENCE_MAX_CHARS = 8_000


@dataclass(frozen=True, slots=True)
class GoalSection:
    """One learning goal and what the mentor said about it; no notes: a blank for him."""

    title: str
    notes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ReferenceDraft:
    """A reference as assembled from the mentor's feedback, before he edits it."""

    student_name: str
    mentor_name: str
    company: str
    starts_on: date
    ends_on: date
    goals: tuple[GoalSection, ...]
    other_notes: tuple[str, ...]  # his feedback tied to no (current) goal

    @property
    def has_feedback(self) -> bool:
        """Whether the mentor logged anything this draft can quote."""
        return bool(self.other_notes) or any(section.notes for section in self.goals)


def draft_reference(
    *,
    student_name: str,
    mentor_name: str,
    mentor_id: int,
    company: str,
    starts_on: date,
    ends_on: date,
    goals: Sequence[LearningGoal],
    feedback: Sequence[FeedbackItem],
) -> ReferenceDraft:
    """The draft of a reference: the facts and this mentor's own feedback, grouped by goal.

    Only feedback the mentor himself logged counts (a mentor who took over a placement does not
    sign his predecessor's words). Feedback on a goal that was retired is kept, among the notes
    tied to no goal.
    """
    own = sorted((item for item in feedback if item.mentor_id == mentor_id), key=_sent)
    ordered = sorted(goals, key=lambda goal: goal.position)
    sections = tuple(
        GoalSection(goal.title, tuple(_note(i) for i in own if i.goal_id == goal.id))
        for goal in ordered
    )
    goal_ids = {goal.id for goal in ordered}
    return ReferenceDraft(
        student_name=student_name,
        mentor_name=mentor_name,
        company=company,
        starts_on=starts_on,
        ends_on=ends_on,
        goals=sections,
        other_notes=tuple(_note(item) for item in own if item.goal_id not in goal_ids),
    )


def has_blanks(text: str) -> bool:
    """Whether a reference still holds a blank the mentor has to fill in."""
    return BLANK in text


class ReferenceStatus(StrEnum):
    """A reference's way: asked for by the student, then written and confirmed by the mentor."""

    REQUESTED = "requested"
    SENT = "sent"


@dataclass(frozen=True, slots=True)
class Reference:
    """A student's reference for one placement, as the mentor confirmed it."""

    id: int
    placement_id: int
    mentor_id: int
    status: ReferenceStatus
    requested_at: datetime
    language: str
    text: str | None = None
    sent_at: datetime | None = None


def _sent(item: FeedbackItem) -> datetime:
    return item.sent_at


def _note(item: FeedbackItem) -> str:
    """The mentor's words as he wrote them, on one line (one item of a list in the draft)."""
    return " ".join(item.text.split())
