"""Making a course run in the chat: its name, then one session at a time (start, duration,
link, assignment and its due moment), "another session" or "done", the practical instructions,
a summary and Confirm. Nothing is written but the flow until Confirm.

Every answer is read by the rules the course file is read by (bot/domain/training_plan.py);
one that breaks a rule leaves the flow where it was, so the question is asked again. A
coordinator makes runs he trains himself; a supervisor who makes one is its trainer.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from zoneinfo import ZoneInfo

import aiosqlite

from bot.domain.flows import MAX_ANSWER, AnyFlowState, Flow, FlowState
from bot.domain.people import Person, Role
from bot.domain.training_plan import (
    MAX_SESSIONS,
    PlanError,
    PlanProblem,
    SessionPlan,
    check_due,
    check_link,
    check_next,
    check_plan,
    course_name,
    due_from,
    plan_session,
    read_minutes,
    read_moment,
)
from bot.services.flows import at_step, claim, enter, finish, move
from bot.services.runtime import Services
from storage.training import TrainingRepo

TRAINERS = (Role.COORDINATOR, Role.SUPERVISOR)
MORE, DONE, CONFIRM = "more", "done", "confirm"  # the answers of the button steps


class CourseStep(StrEnum):
    """The questions, in order; START to DUE again for every session."""

    NAME = "name"
    START = "start"  # date and time, typed
    MINUTES = "minutes"  # typed, or a button
    LINK = "link"
    BRIEF = "brief"  # the assignment, or "no assignment"
    DUE = "due"  # hours before, typed, or the school's default
    MORE = "more"  # another session, or done
    INSTRUCTIONS = "instructions"  # for the participants, or skip
    CONFIRM = "confirm"  # the summary


@dataclass(frozen=True, slots=True)
class CourseDraft:
    """What has been given so far (times ISO, UTC); the sessions as JSON."""

    timezone: str  # the school's, in which times are typed and shown
    due_hours: int  # the school's default hours before a session an assignment is due
    name: str = ""
    known: bool = False  # a course of this name exists: this is a new run of it
    sessions: str = "[]"
    starts_at: str = ""  # the session being given
    minutes: int = 0
    link: str = ""
    brief: str = ""
    instructions: str = ""
    run_id: int = 0  # once made

    @property
    def subject(self) -> int:
        """One course is made at a time."""
        return 0

    def planned(self) -> list[SessionPlan]:
        """The sessions given so far, in order."""
        return [
            SessionPlan(
                datetime.fromisoformat(s["starts_at"]),
                int(s["minutes"]),
                str(s["link"]),
                str(s["brief"]),
                datetime.fromisoformat(s["due_at"]),
            )
            for s in json.loads(self.sessions)
        ]


def _with(draft: CourseDraft, session: SessionPlan) -> CourseDraft:
    stored = [
        *json.loads(draft.sessions),
        {
            "starts_at": session.starts_at.isoformat(),
            "minutes": session.minutes,
            "link": session.link,
            "brief": session.brief,
            "due_at": session.due_at.isoformat(),
        },
    ]
    return replace(draft, sessions=json.dumps(stored), starts_at="", minutes=0, link="", brief="")


def _scrub(draft: CourseDraft) -> CourseDraft:
    """An ended flow keeps the name and the run, not the words of a course never made."""
    return CourseDraft(
        draft.timezone, draft.due_hours, draft.name, draft.known, run_id=draft.run_id
    )


CREATE = Flow(
    "training_create",
    CourseStep,
    CourseDraft,
    drafts=frozenset(CourseStep) - {CourseStep.NAME},
    scrub=_scrub,
)
Draft = FlowState[CourseStep, CourseDraft]


class Made(StrEnum):
    """What became of an answer."""

    ASKING = "asking"  # the next question (or the same, going on)
    PROBLEM = "problem"  # the answer breaks a rule (see `problem`): asked again
    TOO_LONG = "too_long"  # longer than `limit`
    CREATED = "created"  # the run is made (see the flow's run_id)
    STALE = "stale"  # an old button, or not at this step any more
    NOT_ALLOWED = "not_allowed"  # no coordinator or supervisor
    BUSY = "busy"  # another flow holds a draft


@dataclass(frozen=True, slots=True)
class MadeOutcome:
    """The result, the flow as it stands, and what the reply needs."""

    result: Made
    flow: AnyFlowState | None = None
    replaced: AnyFlowState | None = None
    problem: PlanProblem | None = None
    limit: int = 0


async def start_course(
    svc: Services, person: Person, now: datetime, *, update_id: int | None
) -> MadeOutcome:
    """A new course run in the chat: the name is asked first (an open one goes on)."""
    if person.role not in TRAINERS:
        return MadeOutcome(Made.NOT_ALLOWED)
    async with svc.db.transaction() as conn:
        claimed = await claim(conn, person.id, CREATE, 0, now)
        if claimed.refused_by is not None:
            return MadeOutcome(Made.BUSY, claimed.refused_by)
        if claimed.going_on is not None:
            return MadeOutcome(Made.ASKING, claimed.going_on)
        hours = int(svc.policy.training.due_before.total_seconds() // 3600)
        state = await enter(
            conn,
            svc.policy,
            person.id,
            claimed,
            CourseStep.NAME,
            data=CourseDraft(svc.policy.timezone, hours),
            now=now,
            update_id=update_id,
        )
    return MadeOutcome(Made.ASKING, state, claimed.replaced)


async def give(
    svc: Services,
    person: Person,
    flow_id: int,
    step: CourseStep,
    text: str,
    *,
    now: datetime,
    update_id: int | None,
) -> MadeOutcome:
    """One answer (typed, or a button's meaning): the next question, a refusal, or the run."""
    limit = MAX_ANSWER if step in (CourseStep.BRIEF, CourseStep.INSTRUCTIONS) else 0
    if limit and len(text) > limit:
        return MadeOutcome(Made.TOO_LONG, limit=limit)
    async with svc.db.transaction() as conn:
        state = await at_step(conn, person.id, CREATE, flow_id, step, now=now)
        if state is None:
            return MadeOutcome(Made.STALE)
        try:
            if step is CourseStep.CONFIRM:
                return await _confirm(conn, person, state, now, update_id)
            if step is CourseStep.NAME:
                name = course_name(text)
                known = await TrainingRepo(conn).course_named(name)
                answered = replace(state.data, name=known or name, known=known is not None)
                following = CourseStep.START
            else:
                found = _next(svc, state.data, step, text.strip(), now)
                if found is None:
                    return MadeOutcome(Made.STALE)
                following, answered = found
        except PlanError as refused:
            return MadeOutcome(Made.PROBLEM, state, problem=refused.problem)
        moved = await move(
            conn,
            svc.policy,
            person.id,
            state,
            following,
            data=answered,
            now=now,
            update_id=update_id,
        )
    return MadeOutcome(Made.ASKING, moved)


def _next(
    svc: Services, draft: CourseDraft, step: CourseStep, text: str, now: datetime
) -> tuple[CourseStep, CourseDraft] | None:
    """The step after an answer and the draft with it; PlanError for a rule it breaks, None
    for a choice no button offers."""
    match step:
        case CourseStep.START:
            starts_at = read_moment(text, ZoneInfo(draft.timezone))
            check_next(draft.planned(), starts_at, now)
            return CourseStep.MINUTES, replace(draft, starts_at=starts_at.isoformat())
        case CourseStep.MINUTES:
            return CourseStep.LINK, replace(draft, minutes=read_minutes(text))
        case CourseStep.LINK:
            return CourseStep.BRIEF, replace(draft, link=check_link(text))
        case CourseStep.BRIEF if text:
            return CourseStep.DUE, replace(draft, brief=text)
        case CourseStep.BRIEF | CourseStep.DUE:
            starts_at = datetime.fromisoformat(draft.starts_at)
            due_at = due_from(starts_at, text, svc.policy.training.due_before)
            if draft.brief:
                check_due(due_at, starts_at, now)
            session = plan_session(starts_at, draft.minutes, draft.link, draft.brief, due_at)
            return CourseStep.MORE, _with(draft, session)
        case CourseStep.MORE if text.casefold() == MORE:
            if len(draft.planned()) >= MAX_SESSIONS:
                raise PlanError(PlanProblem.TOO_MANY_SESSIONS, "too many sessions")
            return CourseStep.START, draft
        case CourseStep.MORE if text.casefold() == DONE:
            return CourseStep.INSTRUCTIONS, draft
        case CourseStep.INSTRUCTIONS:
            return CourseStep.CONFIRM, replace(draft, instructions=text)
    return None


async def _confirm(
    conn: aiosqlite.Connection, person: Person, state: Draft, now: datetime, update_id: int | None
) -> MadeOutcome:
    """Confirm: the course (made if new), the run with its sessions, in one transaction."""
    draft = state.data
    sessions = draft.planned()
    check_plan(sessions)
    if sessions[0].starts_at <= now:  # the summary waited while the first session began
        raise PlanError(PlanProblem.IN_THE_PAST, "the first session has begun")
    repo = TrainingRepo(conn)
    course_id = await repo.course_id(draft.name, now)
    run_id = await repo.add_run(course_id, person.id, draft.instructions, sessions, now)
    ended = await finish(
        conn, person.id, state, now, update_id=update_id, data=replace(draft, run_id=run_id)
    )
    return MadeOutcome(Made.CREATED, ended)
