"""/help, and a student's problem report: describe it, choose who may read it."""

from __future__ import annotations

import html

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CommandHandler

from bot.domain.flows import FlowState
from bot.domain.people import Role
from bot.i18n import t
from bot.services.problems import (
    HELP,
    MAX_TEXT,
    REPORT,
    HelpMenu,
    HelpOutcome,
    HelpResult,
    HelpStep,
    ReportDraft,
    ReportStep,
    choose_audience,
    choose_help,
    describe_problem,
    open_help,
)
from handlers import flows
from handlers.context import BotContext
from handlers.flows import StepButton, StepText, button, cancel_row
from handlers.guard import refuse
from handlers.onboarding import show_help
from handlers.reply import answer
from handlers.report_views import filed_text

Menu = FlowState[HelpStep, HelpMenu]
Draft = FlowState[ReportStep, ReportDraft]


def ask_choice(language: str, menu: Menu) -> flows.Question:
    """The student's /help: ask for help, or read how the bot works."""
    return t(language, "help.menu"), InlineKeyboardMarkup(
        [
            [button(menu, "ask", t(language, "help.ask_button"))],
            [button(menu, "how", t(language, "help.how_button"))],
        ]
    )


def explained(language: str, menu: Menu) -> flows.Question:
    """How the bot works for a student."""
    return t(language, "help.student"), None


def ask_description(language: str, draft: Draft) -> flows.Question:
    """What the problem is, in one message; or Cancel."""
    return t(language, "problem.describe"), InlineKeyboardMarkup([cancel_row(language, draft)])


def ask_audience(language: str, draft: Draft) -> flows.Question:
    """Who may read the problem, by name: the supervisor only, or the mentor too; or Cancel."""
    return t(language, "problem.ask_audience"), InlineKeyboardMarkup(
        [
            [button(draft, "sup", audience_label(language, draft, both=False))],
            [button(draft, "both", audience_label(language, draft, both=True))],
            cancel_row(language, draft),
        ]
    )


def audience_label(language: str, draft: Draft, *, both: bool) -> str:
    """'Only Peter Mulder (school)' / 'Peter Mulder and Fatima El Amrani (Zorgcentrum West)'."""
    d = draft.data
    if d.supervisor is None or d.mentor is None or d.company is None:  # a draft from before
        return t(language, "problem.mentor_too" if both else "problem.supervisor_only")
    # A button shows plain text: the names as they are, not escaped for HTML.
    if both:
        return html.unescape(
            t(language, "report.both", supervisor=d.supervisor, mentor=d.mentor, company=d.company)
        )
    return html.unescape(t(language, "report.only", supervisor=d.supervisor))


def reported(language: str, draft: Draft) -> flows.Question:
    """The report is on its way; who has it, the student is told once it arrived."""
    return t(language, "report.filed"), None


flows.register(
    flows.FlowView(HELP, {HelpStep.CHOOSE: ask_choice}, closing=explained, cancelled="help.closed")
)
flows.register(
    flows.FlowView(
        REPORT,
        {ReportStep.DESCRIBE: ask_description, ReportStep.AUDIENCE: ask_audience},
        closing=reported,
        cancelled="problem.cancelled",
        replaced="problem.dropped",
        expired="problem.expired",
        busy="problem.busy",
    )
)


async def help_command(update: Update, context: BotContext) -> None:
    """/help: a student gets the choice; everyone else how the bot works for him."""
    if context.me.role is not Role.STUDENT:
        await show_help(update, context)
        return
    svc = context.services
    await _show(
        update,
        context,
        await open_help(svc, context.me, svc.clock.now(), update_id=update.update_id),
    )


async def help_chosen(update: Update, context: BotContext) -> None:
    """A button of the /help menu."""
    wants_report = flows.pressed_answer(update) == "ask"
    svc, menu = context.services, context.flow
    assert menu is not None
    outcome = await choose_help(
        svc, context.me, menu.id, wants_report, svc.clock.now(), update_id=update.update_id
    )
    label = "help.ask_button" if wants_report else "help.how_button"
    await _show(update, context, outcome, t(context.language, label))


async def problem_written(update: Update, context: BotContext) -> None:
    """The student's description of his problem."""
    message = update.effective_message
    svc, draft = context.services, context.flow
    assert message is not None
    assert draft is not None
    text = message.text or ""
    outcome = await describe_problem(
        svc, context.me, draft.id, text, svc.clock.now(), update_id=update.update_id
    )
    if outcome.result is HelpResult.TOO_LONG:
        await answer(
            update, t(context.language, "text.too_long", length=len(text), limit=MAX_TEXT)
        )
        return
    await _show(update, context, outcome)


async def audience_chosen(update: Update, context: BotContext) -> None:
    """The student chose who may read his problem; the alert goes out."""
    both = flows.pressed_answer(update) == "both"
    svc, draft = context.services, context.flow
    assert draft is not None
    outcome = await choose_audience(
        svc, context.me, draft.id, both, svc.clock.now(), update_id=update.update_id
    )
    label = html.escape(audience_label(context.language, draft, both=both), quote=False)
    if outcome.filed is None:
        await _show(update, context, outcome, label)
        return
    # The truth about who can get it now (DESIGN principle 11); who has it follows on arrival.
    await flows.chose(update, label)
    await answer(update, filed_text(context.language, outcome.filed, svc.policy.timezone))


async def _show(
    update: Update, context: BotContext, outcome: HelpOutcome, chosen: str | None = None
) -> None:
    """Show the choice made, then what the flow asks or says now; or why nothing happened."""
    lang = context.language
    if outcome.result is HelpResult.BUSY and outcome.flow is not None:
        await flows.refuse_busy(update, context, outcome.flow)
    elif outcome.result is HelpResult.NO_PLACEMENT:
        await answer(update, t(lang, "problem.no_placement"))
    elif outcome.flow is None:
        await refuse(update, context, "button.stale")
    else:
        if update.callback_query is not None and chosen is not None:
            await flows.chose(update, chosen)
        await flows.ask(
            update, context, outcome.flow, preface=flows.replaced_notice(lang, outcome.replaced)
        )


def build() -> list[BaseHandler[Update, BotContext, None]]:
    """/help and the steps of the menu and of a problem report."""
    return [
        CommandHandler("help", help_command),
        StepButton(HELP, HelpStep.CHOOSE, "ask|how", help_chosen),
        StepText(REPORT, ReportStep.DESCRIBE, problem_written),
        StepButton(REPORT, ReportStep.AUDIENCE, "sup|both", audience_chosen),
    ]
