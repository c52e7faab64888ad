"""/feedback: a mentor picks a student and maybe a learning goal, writes, previews and sends."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from zoneinfo import ZoneInfo

import aiosqlite

from bot.domain.feedback import composed, fits, may_give_feedback
from bot.domain.feedback_messages import FeedbackSent
from bot.domain.feedback_timing import next_follow_up_at
from bot.domain.flows import AnyFlowState, Flow
from bot.domain.goals import LearningGoal
from bot.domain.messages import Message
from bot.domain.people import Person, Placement, Role
from bot.services.feedback_due import plan_placement
from bot.services.flows import at_step, claim, enter, finish, move
from bot.services.runtime import Services
from storage.feedback import FeedbackRepo, FeedbackRequestRepo
from storage.goals import GoalRepo
from storage.outbox import OutboxRepo
from storage.people import PeopleRepo, PlacementRepo


class FeedbackStep(StrEnum):
    """Writing feedback: the mentor's messages until Done, then the preview."""

    WRITE = "write"
    PREVIEW = "preview"


@dataclass(frozen=True, slots=True)
class FeedbackDraft:
    """Feedback being written for one placement; stored as feedback only when sent."""

    placement_id: int
    goal_id: int | None = None
    request_id: int | None = None  # the student's /askfeedback it answers
    text: str = ""

    @property
    def subject(self) -> int:
        """A conversation about this placement."""
        return self.placement_id


def _without_words(draft: FeedbackDraft) -> FeedbackDraft:
    return replace(draft, text="")


# Writing and preview hold his words, stored nowhere else: another flow does not replace them.
FEEDBACK = Flow(
    "feedback",
    FeedbackStep,
    FeedbackDraft,
    drafts=frozenset({FeedbackStep.WRITE, FeedbackStep.PREVIEW}),
    scrub=_without_words,
)


class FeedbackResult(StrEnum):
    """Where giving feedback stands after a step."""

    PICK_STUDENT = "pick_student"  # `students` to choose from
    PICK_GOAL = "pick_goal"  # `goals` to choose from, or none
    ASK = "ask"  # `flow` holds the question to ask now
    ADDED = "added"  # a message was added to the feedback (`length` so far)
    SENT = "sent"
    NOT_MENTOR = "not_mentor"
    NO_STUDENTS = "no_students"
    BUSY = "busy"  # another flow holds a draft (`flow`)
    EMPTY = "empty"  # Done with nothing written
    TOO_LONG = "too_long"
    STALE = "stale"  # an old or forged button, or a placement that is not his (any more)


@dataclass(frozen=True, slots=True)
class StudentChoice:
    """A student the mentor may give feedback to."""

    placement_id: int
    name: str


@dataclass(frozen=True, slots=True)
class FeedbackOutcome:
    """The result of a step, and what the mentor is shown next."""

    result: FeedbackResult
    flow: AnyFlowState | None = None
    replaced: AnyFlowState | None = None
    students: tuple[StudentChoice, ...] = ()
    goals: tuple[LearningGoal, ...] = ()
    placement_id: int = 0
    request_id: int | None = None
    student_name: str = ""
    goal_title: str | None = None
    length: int = 0


async def start_feedback(
    svc: Services, person: Person, now: datetime, *, update_id: int | None
) -> FeedbackOutcome:
    """/feedback: the mentor's students on placement now; with one, straight to him."""
    if person.role is not Role.MENTOR:
        return FeedbackOutcome(FeedbackResult.NOT_MENTOR)
    async with svc.db.reading() as conn:
        running = [
            p
            for p in await PlacementRepo(conn).of_person(person.id)
            if p.mentor_id == person.id and is_running(p, now)
        ]
        students = [StudentChoice(p.id, await _name(conn, p.student_id)) for p in running]
    if not students:
        return FeedbackOutcome(FeedbackResult.NO_STUDENTS)
    if len(students) > 1:
        ordered = sorted(students, key=lambda c: (c.name.casefold(), c.placement_id))
        return FeedbackOutcome(FeedbackResult.PICK_STUDENT, students=tuple(ordered))
    return await choose_student(
        svc, person, students[0].placement_id, request_id=None, now=now, update_id=update_id
    )


async def choose_student(
    svc: Services,
    person: Person,
    placement_id: int,
    *,
    request_id: int | None,
    now: datetime,
    update_id: int | None,
) -> FeedbackOutcome:
    """The mentor chose a student (or a prompt's button): his goals to choose from, if any."""
    async with svc.db.reading() as conn:
        placement = await _his_running(conn, person, placement_id, now)
        if placement is None:
            return FeedbackOutcome(FeedbackResult.STALE)
        goals = await GoalRepo(conn).current(placement.id)
        name = await _name(conn, placement.student_id)
    if not goals:
        return await choose_goal(
            svc, person, placement.id, None, request_id=request_id, now=now, update_id=update_id
        )
    return FeedbackOutcome(
        FeedbackResult.PICK_GOAL,
        goals=tuple(goals),
        placement_id=placement.id,
        request_id=request_id,
        student_name=name,
    )


async def choose_goal(
    svc: Services,
    person: Person,
    placement_id: int,
    goal_id: int | None,
    *,
    request_id: int | None,
    now: datetime,
    update_id: int | None,
) -> FeedbackOutcome:
    """The mentor chose a goal (or none): he writes the feedback now."""
    async with svc.db.transaction() as conn:
        placement = await _his_running(conn, person, placement_id, now)
        goal = await GoalRepo(conn).by_id(goal_id) if goal_id is not None else None
        if placement is None or (
            goal_id is not None
            and (goal is None or goal not in await GoalRepo(conn).current(placement.id))
        ):
            return FeedbackOutcome(FeedbackResult.STALE)
        claimed = await claim(conn, person.id, FEEDBACK, placement.id, now)
        if claimed.refused_by:
            return FeedbackOutcome(FeedbackResult.BUSY, claimed.refused_by)
        request = await FeedbackRequestRepo(conn).by_id(request_id) if request_id else None
        if request is None or request[0] != placement.id:
            request_id = None  # a request of another placement is not answered by this one
        draft = FeedbackDraft(placement.id, goal_id, request_id)
        state = await enter(
            conn,
            svc.policy,
            person.id,
            claimed,
            FeedbackStep.WRITE,
            data=draft,
            now=now,
            update_id=update_id,
        )
        return FeedbackOutcome(
            FeedbackResult.ASK,
            state,
            claimed.replaced,
            placement_id=placement.id,
            student_name=await _name(conn, placement.student_id),
            goal_title=goal.title if goal else None,
        )


async def add_words(
    svc: Services, person: Person, flow_id: int, text: str, now: datetime, *, update_id: int | None
) -> FeedbackOutcome:
    """One more message of the feedback being written."""
    async with svc.db.transaction() as conn:
        state = await at_step(conn, person.id, FEEDBACK, flow_id, FeedbackStep.WRITE, now=now)
        if state is None:
            return FeedbackOutcome(FeedbackResult.STALE)
        if not fits([state.data.text], text):  # refused whole: what he wrote before stays
            return FeedbackOutcome(FeedbackResult.TOO_LONG, state, length=len(state.data.text))
        words = composed([state.data.text, text])
        state = await move(
            conn,
            svc.policy,
            person.id,
            state,
            FeedbackStep.WRITE,
            data=replace(state.data, text=words),
            now=now,
            update_id=update_id,
        )
        return FeedbackOutcome(FeedbackResult.ADDED, state, length=len(words))


async def done_writing(
    svc: Services, person: Person, flow_id: int, now: datetime, *, update_id: int | None
) -> FeedbackOutcome:
    """Done: the preview of what the student will receive."""
    async with svc.db.transaction() as conn:
        state = await at_step(conn, person.id, FEEDBACK, flow_id, FeedbackStep.WRITE, now=now)
        if state is None:
            return FeedbackOutcome(FeedbackResult.STALE)
        if not state.data.text:
            return FeedbackOutcome(FeedbackResult.EMPTY, state)
        state = await move(
            conn,
            svc.policy,
            person.id,
            state,
            FeedbackStep.PREVIEW,
            data=state.data,
            now=now,
            update_id=update_id,
        )
        return FeedbackOutcome(FeedbackResult.ASK, state)


async def write_again(
    svc: Services, person: Person, flow_id: int, now: datetime, *, update_id: int | None
) -> FeedbackOutcome:
    """Write again: the draft is dropped and he writes from the start."""
    async with svc.db.transaction() as conn:
        state = await at_step(conn, person.id, FEEDBACK, flow_id, FeedbackStep.PREVIEW, now=now)
        if state is None:
            return FeedbackOutcome(FeedbackResult.STALE)
        state = await move(
            conn,
            svc.policy,
            person.id,
            state,
            FeedbackStep.WRITE,
            data=replace(state.data, text=""),
            now=now,
            update_id=update_id,
        )
        return FeedbackOutcome(FeedbackResult.ASK, state)


async def send_feedback(
    svc: Services, person: Person, flow_id: int, now: datetime, *, update_id: int | None
) -> FeedbackOutcome:
    """Send: stored, and on its way to the student through the outbox."""
    async with svc.db.transaction() as conn:
        state = await at_step(conn, person.id, FEEDBACK, flow_id, FeedbackStep.PREVIEW, now=now)
        draft = state.data if state else None
        # Checked again: the placement may have got another mentor since he began writing.
        placement = await _his_running(conn, person, draft.placement_id, now) if draft else None
        if state is None or draft is None or placement is None or not draft.text:
            return FeedbackOutcome(FeedbackResult.STALE)
        goals = await GoalRepo(conn).current(placement.id)
        goal_id = draft.goal_id if draft.goal_id in {goal.id for goal in goals} else None
        repo = FeedbackRepo(conn)
        feedback_id = await repo.add(
            placement.id, person.id, goal_id, draft.text, now, request_id=draft.request_id
        )
        item = await repo.by_id(feedback_id)
        assert item is not None
        await repo.plan_follow_up(
            feedback_id, next_follow_up_at(item, placement, svc.policy.feedback)
        )
        await OutboxRepo(conn).add(
            [
                Message(
                    f"feedback_sent:{feedback_id}", placement.student_id, FeedbackSent(feedback_id)
                )
            ],
            now,
        )
        await plan_placement(conn, svc.policy.feedback, placement, now)  # silence starts anew
        done = await finish(conn, person.id, state, now, update_id=update_id)
        return FeedbackOutcome(
            FeedbackResult.SENT,
            done,
            placement_id=placement.id,
            student_name=await _name(conn, placement.student_id),
        )


def is_running(placement: Placement, now: datetime) -> bool:
    """Whether the placement is on today, in its own time zone."""
    today = now.astimezone(ZoneInfo(placement.timezone)).date()
    return placement.starts_on <= today <= placement.ends_on


async def _his_running(
    conn: aiosqlite.Connection, person: Person, placement_id: int, now: datetime
) -> Placement | None:
    """The placement if he is its mentor and it is on now; None for anyone else's."""
    placement = await PlacementRepo(conn).by_id(placement_id)
    if placement is None or not may_give_feedback(person.role, person.id, placement):
        return None
    return placement if is_running(placement, now) else None


async def _name(conn: aiosqlite.Connection, person_id: int) -> str:
    person = await PeopleRepo(conn).by_id(person_id)
    return person.name if person else ""
