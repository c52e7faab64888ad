"""How making a course run in the chat looks: each question with its buttons, the summary
before Confirm, and the closing with the buttons to invite mentors or open the run."""

from __future__ import annotations

from datetime import datetime, timedelta

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.domain.flows import AnyFlowState
from bot.domain.training_plan import NAME_MAX
from bot.i18n import Safe, t
from bot.services.training_create import CREATE, CourseDraft, CourseStep
from handlers import flows
from handlers.flows import button, cancel_row
from handlers.formats import moment

MINUTE_CHOICES = (60, 90, 120, 180)


def _draft(state: AnyFlowState) -> CourseDraft:
    draft = state.data
    assert isinstance(draft, CourseDraft)
    return draft


def _number(draft: CourseDraft) -> int:
    """The number of the session being given."""
    return len(draft.planned()) + 1


def _keyboard(
    language: str, state: AnyFlowState, *rows: list[InlineKeyboardButton]
) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([*rows, cancel_row(language, state)])


def ask_name(language: str, state: AnyFlowState) -> flows.Question:
    """What is the course called?"""
    return t(language, "course.ask_name", limit=NAME_MAX), _keyboard(language, state)


def ask_start(language: str, state: AnyFlowState) -> flows.Question:
    """When does the next session start?"""
    draft = _draft(state)
    return t(
        language, "course.ask_start", number=_number(draft), timezone=draft.timezone
    ), _keyboard(language, state)


def ask_minutes(language: str, state: AnyFlowState) -> flows.Question:
    """How long, typed or a button."""
    choices = [button(state, f"m{m}", t(language, "course.minutes", n=m)) for m in MINUTE_CHOICES]
    return t(language, "course.ask_minutes", number=_number(_draft(state))), _keyboard(
        language, state, choices
    )


def ask_link(language: str, state: AnyFlowState) -> flows.Question:
    """The online meeting link."""
    return t(language, "course.ask_link", number=_number(_draft(state))), _keyboard(
        language, state
    )


def ask_brief(language: str, state: AnyFlowState) -> flows.Question:
    """The assignment, or none."""
    none = [button(state, "none", t(language, "course.no_assignment"))]
    return t(language, "course.ask_brief", number=_number(_draft(state))), _keyboard(
        language, state, none
    )


def ask_due(language: str, state: AnyFlowState) -> flows.Question:
    """When the assignment is due: the school's default, or hours typed."""
    draft = _draft(state)
    default = datetime.fromisoformat(draft.starts_at) - timedelta(hours=draft.due_hours)
    usual = [button(state, "default", t(language, "course.due_default", hours=draft.due_hours))]
    return t(
        language,
        "course.ask_due",
        hours=draft.due_hours,
        when=moment(language, default, draft.timezone),
    ), _keyboard(language, state, usual)


def ask_more(language: str, state: AnyFlowState) -> flows.Question:
    """Another session, or done."""
    draft = _draft(state)
    last = draft.planned()[-1]
    return t(
        language,
        "course.ask_more",
        number=len(draft.planned()),
        when=moment(language, last.starts_at, draft.timezone),
        minutes=last.minutes,
    ), _keyboard(
        language,
        state,
        [
            button(state, "more", t(language, "course.more")),
            button(state, "done", t(language, "course.done")),
        ],
    )


def ask_instructions(language: str, state: AnyFlowState) -> flows.Question:
    """The practical instructions, or skip."""
    skip = [button(state, "skip", t(language, "course.skip"))]
    return t(language, "course.ask_instructions"), _keyboard(language, state, skip)


def summary(language: str, state: AnyFlowState) -> flows.Question:
    """Everything given, and Confirm."""
    draft = _draft(state)
    lines = [
        t(
            language,
            "course.summary_session" if s.brief else "course.summary_session_bare",
            number=n,
            when=moment(language, s.starts_at, draft.timezone),
            minutes=s.minutes,
            link=s.link,
            brief=s.brief,
            due=moment(language, s.due_at, draft.timezone),
        )
        for n, s in enumerate(draft.planned(), start=1)
    ]
    text = t(
        language,
        "course.summary_again" if draft.known else "course.summary_new",
        name=draft.name,
        sessions=Safe("\n".join(lines)),
        instructions=draft.instructions or t(language, "course.no_instructions"),
    )
    confirm = [button(state, "confirm", t(language, "course.confirm"))]
    return text, _keyboard(language, state, confirm)


def created(language: str, state: AnyFlowState) -> flows.Question:
    """The run is made: invite the mentors now, or open it."""
    draft = _draft(state)
    run = draft.run_id
    return t(language, "course.created", name=draft.name, run=run), InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    t(language, "training.invite_button"), callback_data=f"tr:i:{run}"
                )
            ],
            [InlineKeyboardButton(t(language, "course.open_run"), callback_data=f"tr:r:{run}")],
        ]
    )


flows.register(
    flows.FlowView(
        CREATE,
        {
            CourseStep.NAME: ask_name,
            CourseStep.START: ask_start,
            CourseStep.MINUTES: ask_minutes,
            CourseStep.LINK: ask_link,
            CourseStep.BRIEF: ask_brief,
            CourseStep.DUE: ask_due,
            CourseStep.MORE: ask_more,
            CourseStep.INSTRUCTIONS: ask_instructions,
            CourseStep.CONFIRM: summary,
        },
        closing=created,
        cancelled="course.cancelled",
        replaced="course.put_aside",
        expired="course.expired",
        busy="course.busy",
    )
)
