"""Making a course run in the chat: /newcourse (or ➕ under /training), then each answer typed
or pressed; the service reads it by the course file's rules and says what comes next."""

from __future__ import annotations

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

from bot.i18n import t
from bot.services.training_create import (
    CONFIRM,
    CREATE,
    DONE,
    MORE,
    CourseStep,
    Made,
    MadeOutcome,
    give,
    start_course,
)
from handlers import (
    flows,
    training_create_flows,  # noqa: F401 - registers how the flow looks
)
from handlers.context import BotContext
from handlers.flows import StepButton, StepText
from handlers.guard import refuse
from handlers.reply import answer

TYPED = (
    CourseStep.NAME,
    CourseStep.START,
    CourseStep.MINUTES,
    CourseStep.LINK,
    CourseStep.BRIEF,
    CourseStep.DUE,
    CourseStep.INSTRUCTIONS,
)
# What each button means as an answer, and the words it leaves under its question.
BUTTONS = {
    "none": ("", "course.no_assignment"),
    "default": ("", "course.due_chosen"),
    "more": (MORE, "course.more"),
    "done": (DONE, "course.done"),
    "skip": ("", "course.skip"),
    "confirm": (CONFIRM, "course.confirm"),
}


async def newcourse_command(update: Update, context: BotContext) -> None:
    """/newcourse or the ➕ button: the course's name is asked first."""
    svc = context.services
    outcome = await start_course(svc, context.me, svc.clock.now(), update_id=update.update_id)
    await shown(update, context, outcome)


async def typed(update: Update, context: BotContext) -> None:
    """A typed answer to the question the flow is at."""
    message = update.effective_message
    assert message is not None
    await _give(update, context, message.text or "", None)


async def pressed(update: Update, context: BotContext) -> None:
    """A button: a duration, no assignment, the default due moment, more, done, skip, confirm."""
    choice = flows.pressed_answer(update)
    if choice not in BUTTONS:  # a duration: m60, m90, m120, m180
        await _give(
            update, context, choice[1:], t(context.language, "course.minutes", n=choice[1:])
        )
        return
    meaning, label = BUTTONS[choice]
    await _give(update, context, meaning, t(context.language, label))


async def _give(update: Update, context: BotContext, text: str, label: str | None) -> None:
    svc, state = context.services, context.flow
    assert state is not None
    step = CREATE.narrow(state)
    assert step is not None
    outcome = await give(
        svc,
        context.me,
        state.id,
        step.step,
        text,
        now=svc.clock.now(),
        update_id=update.update_id,
    )
    await shown(update, context, outcome, label)


async def shown(
    update: Update, context: BotContext, outcome: MadeOutcome, label: str | None = None
) -> None:
    """Ask what comes next, or say why not."""
    lang = context.language
    match outcome.result:
        case Made.ASKING | Made.CREATED if outcome.flow is not None:
            if update.callback_query is not None:
                await (flows.chose(update, label) if label else update.callback_query.answer())
            preface = flows.replaced_notice(lang, outcome.replaced)
            await flows.ask(update, context, outcome.flow, preface=preface)
        case Made.PROBLEM if outcome.flow is not None and outcome.problem is not None:
            if update.callback_query is not None:
                await update.callback_query.answer()
            problem = t(lang, f"course.problem.{outcome.problem.value}")
            await flows.ask(update, context, outcome.flow, preface=problem)
        case Made.TOO_LONG:
            message = update.effective_message
            length = len(message.text or "") if message else 0
            await answer(update, t(lang, "text.too_long", length=length, limit=outcome.limit))
        case Made.BUSY if outcome.flow is not None:
            await flows.refuse_busy(update, context, outcome.flow)
        case Made.NOT_ALLOWED:
            await refuse(update, context, "course.not_allowed")
        case _:
            await refuse(update, context, "button.stale")


def build() -> list[BaseHandler[Update, BotContext, None]]:
    """/newcourse, its ➕ button, and the flow's steps."""
    return [
        CommandHandler("newcourse", newcourse_command),
        CallbackQueryHandler(newcourse_command, pattern=r"^tr:n$"),
        *(StepText(CREATE, step, typed) for step in TYPED),
        StepButton(CREATE, CourseStep.MINUTES, r"m(?:60|90|120|180)", pressed),
        StepButton(CREATE, CourseStep.BRIEF, "none", pressed),
        StepButton(CREATE, CourseStep.DUE, "default", pressed),
        StepButton(CREATE, CourseStep.MORE, "more|done", pressed),
        StepButton(CREATE, CourseStep.INSTRUCTIONS, "skip", pressed),
        StepButton(CREATE, CourseStep.CONFIRM, "confirm", pressed),
    ]
