"""What the feedback messages show, read by id when they are sent."""

from __future__ import annotations

from dataclasses import dataclass

import aiosqlite

from bot.domain.feedback import FeedbackItem, Question
from bot.domain.goals import LearningGoal
from bot.domain.people import Person, Placement
from bot.services.runtime import Services
from storage.feedback import FeedbackRepo, FeedbackRequestRepo
from storage.goals import GoalRepo
from storage.people import PeopleRepo, PlacementRepo


@dataclass(frozen=True, slots=True)
class PlacementFacts:
    """A placement and its three people."""

    placement: Placement
    student: Person
    mentor: Person
    supervisor: Person


@dataclass(frozen=True, slots=True)
class FeedbackFacts:
    """A feedback item with its placement's people and its goal's title."""

    item: FeedbackItem
    people: PlacementFacts
    author: Person  # the mentor who wrote it (the placement's mentor may have changed)
    goal_title: str | None


async def _placement_facts(conn: aiosqlite.Connection, placement_id: int) -> PlacementFacts | None:
    placement = await PlacementRepo(conn).by_id(placement_id)
    if placement is None:
        return None
    people = PeopleRepo(conn)
    found = [
        await people.by_id(person_id)
        for person_id in (placement.student_id, placement.mentor_id, placement.supervisor_id)
    ]
    student, mentor, supervisor = found
    if student is None or mentor is None or supervisor is None:
        return None
    return PlacementFacts(placement, student, mentor, supervisor)


async def placement_facts(svc: Services, placement_id: int) -> PlacementFacts | None:
    """A placement and its student, mentor and supervisor."""
    async with svc.db.reading() as conn:
        return await _placement_facts(conn, placement_id)


async def _feedback_facts(conn: aiosqlite.Connection, feedback_id: int) -> FeedbackFacts | None:
    item = await FeedbackRepo(conn).by_id(feedback_id)
    facts = await _placement_facts(conn, item.placement_id) if item else None
    author = await PeopleRepo(conn).by_id(item.mentor_id) if item else None
    if item is None or facts is None or author is None:
        return None
    goal = await GoalRepo(conn).by_id(item.goal_id) if item.goal_id else None
    return FeedbackFacts(item, facts, author, goal.title if goal else None)


async def feedback_facts(svc: Services, feedback_id: int) -> FeedbackFacts | None:
    """A feedback item and what its messages show around it."""
    async with svc.db.reading() as conn:
        return await _feedback_facts(conn, feedback_id)


async def question_facts(svc: Services, question_id: int) -> tuple[Question, FeedbackFacts] | None:
    """A question and the feedback it is on."""
    async with svc.db.reading() as conn:
        question = await FeedbackRepo(conn).question(question_id)
        facts = await _feedback_facts(conn, question.feedback_id) if question else None
    return (question, facts) if question and facts else None


async def request_facts(
    svc: Services, request_id: int
) -> tuple[PlacementFacts, str | None] | None:
    """A student's request for feedback: his placement's people and his subject."""
    async with svc.db.reading() as conn:
        request = await FeedbackRequestRepo(conn).by_id(request_id)
        facts = await _placement_facts(conn, request[0]) if request else None
    return (facts, request[1]) if request and facts else None


async def current_goals(svc: Services, placement_id: int) -> list[LearningGoal]:
    """A placement's learning goals, in order."""
    async with svc.db.reading() as conn:
        return await GoalRepo(conn).current(placement_id)
