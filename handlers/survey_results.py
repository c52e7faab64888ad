"""/results: survey results as text and a chart, per survey and group (company, mentor, course
run or school year: buttons under them), for coordinators and supervisors; a hidden group says
only that it is too small. The Evaluation button of a course run: its trainer's results."""

from __future__ import annotations

import html
from functools import partial

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

from bot.documents.survey_chart import SurveyBars, survey_chart_png
from bot.domain.survey_results import GroupBy, GroupResult, QuestionResult
from bot.domain.surveys import Kind
from bot.i18n import Safe, t
from bot.services.survey_results import (
    ResultsRefused,
    SurveyResults,
    run_results,
    survey_results,
)
from handlers.context import BotContext
from handlers.formats import one_decimal
from handlers.guard import refuse
from handlers.outgoing import Photo, send_rendered
from handlers.reply import answer, pressed
from handlers.run_names import named

BY_KEY = {
    GroupBy.COMPANY: "survey.by_company",
    GroupBy.MENTOR: "survey.by_mentor",
    GroupBy.RUN: "survey.by_run",
    GroupBy.YEAR: "survey.by_year",
}


def _local(language: str, texts: dict[str, str]) -> str:
    return texts.get(language) or next(iter(texts.values()))


def _question(language: str, found: QuestionResult) -> str:
    q = found.question
    text = _local(language, q.text)
    if q.kind is Kind.TEXT:
        return t(language, "survey.results_text", question=text, n=found.count)
    spread = " · ".join(f"{_label(language, found, a)}: {n}" for a, n in found.distribution)
    if found.mean is not None:
        return t(
            language,
            "survey.results_scale",
            question=text,
            n=found.count,
            mean=one_decimal(language, found.mean),
            spread=spread,
        )
    return t(language, "survey.results_choice", question=text, n=found.count, spread=spread)


def _label(language: str, found: QuestionResult, answer_: str) -> str:
    q = found.question
    if q.kind is Kind.YES_NO:
        return t(language, f"survey.{answer_}")
    option = next((o for o in q.options if o.id == answer_), None)
    return _local(language, option.text) if option else answer_


def _group(language: str, found: GroupResult, minimum: int) -> str:
    if found.hidden:
        return t(
            language, "survey.results_hidden", group=found.group, n=found.responses, min=minimum
        )
    lines = "\n".join(_question(language, q) for q in found.questions)
    return t(
        language, "survey.results_group", group=found.group, n=found.responses, lines=Safe(lines)
    )


def results_text(language: str, found: SurveyResults, minimum: int) -> str:
    """One survey version: its title, then each company's results."""
    groups = "\n\n".join(_group(language, g, minimum) for g in found.groups)
    return t(
        language,
        "survey.results",
        title=_local(language, found.survey.title),
        version=found.survey.version,
        n=found.responses,
        groups=Safe(groups),
    )


def chart(language: str, found: SurveyResults) -> Photo | None:
    """The scale questions' means per shown company as bars; None when there is nothing."""
    scales = [q for q in found.survey.questions if q.kind is Kind.SCALE]
    groups = [g for g in found.groups if not g.hidden]
    if not scales or not groups:
        return None
    means = tuple(
        (
            g.group,
            tuple(next(r.mean for r in g.questions if r.question.id == q.id) for q in scales),
        )
        for g in groups
    )
    bars = SurveyBars(
        html.unescape(_local(language, found.survey.title)),
        html.unescape(t(language, "survey.chart_mean")),
        tuple(_local(language, q.text) for q in scales),
        means,
    )
    name = f"{found.survey.name}-{found.by.value}.png"
    caption = t(
        language,
        "survey.chart_caption",
        title=_local(language, found.survey.title),
        by=t(language, BY_KEY[found.by]),
    )
    return Photo(partial(survey_chart_png, bars), caption=caption, filename=name)


def grouping_keyboard(language: str) -> InlineKeyboardMarkup:
    """One button per grouping: company, mentor, course run, school year (two rows)."""
    buttons = [
        InlineKeyboardButton(t(language, BY_KEY[by]), callback_data=f"sr:{by.value}")
        for by in GroupBy
    ]
    return InlineKeyboardMarkup([buttons[:2], buttons[2:]])


async def _send(update: Update, context: BotContext, found: list[SurveyResults]) -> None:
    """Each survey's text, then its chart."""
    svc, chat = context.services, update.effective_chat
    for each in found:
        survey = named(each, context.language, svc.policy.timezone)
        await answer(update, results_text(context.language, survey, svc.policy.surveys.min_group))
        picture = chart(context.language, survey)
        if picture is not None and chat is not None:
            await send_rendered(update.get_bot(), chat.id, picture)


async def _results(update: Update, context: BotContext, by: GroupBy) -> None:
    found = await survey_results(context.services, context.me, by)
    if isinstance(found, ResultsRefused):
        await refuse(update, context, "survey.results_not_allowed")
        return
    if update.callback_query is not None:
        await update.callback_query.answer()
    lang = context.language
    if not found and update.callback_query is None:  # by company holds every response
        await answer(update, t(lang, "survey.results_none"))
        return
    await _send(update, context, found)
    key = "survey.grouped_by" if found else "survey.results_none_by"
    await answer(update, t(lang, key, by=t(lang, BY_KEY[by])), grouping_keyboard(lang))


async def results_command(update: Update, context: BotContext) -> None:
    """/results: every survey this person may see, per company, with the other groupings."""
    await _results(update, context, GroupBy.COMPANY)


async def grouping_pressed(update: Update, context: BotContext) -> None:
    """A grouping button under the results: the same results grouped that way."""
    _, (_, by) = pressed(update)
    await _results(update, context, GroupBy(by))


async def run_evaluation_pressed(update: Update, context: BotContext) -> None:
    """The Evaluation button of a course run: its course survey's results, for its trainer."""
    query, (_, _, run_id) = pressed(update)
    found = await run_results(context.services, context.me, int(run_id))
    if isinstance(found, ResultsRefused):
        await refuse(update, context, f"training.{found.value}")
        return
    await query.answer()
    if not found:
        await answer(update, t(context.language, "survey.results_none_run"))
    await _send(update, context, found)


def build() -> list[BaseHandler[Update, BotContext, None]]:
    """/results, its grouping buttons, and a course run's Evaluation button."""
    groupings = "|".join(by.value for by in GroupBy)
    return [
        CommandHandler("results", results_command),
        CallbackQueryHandler(grouping_pressed, pattern=rf"^sr:({groupings})$"),
        CallbackQueryHandler(run_evaluation_pressed, pattern=r"^tr:x:[0-9]{1,12}$"),
    ]
