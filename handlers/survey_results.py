"""/results: survey results as text, per survey and company, for coordinators and
supervisors; a hidden group says only that it is too small."""

from __future__ import annotations

import html
from functools import partial

from telegram import Update
from telegram.ext import BaseHandler, CommandHandler

from bot.documents.survey_chart import SurveyBars, survey_chart_png
from bot.domain.survey_results import GroupResult, QuestionResult
from bot.domain.surveys import Kind
from bot.i18n import Safe, t
from bot.services.survey_results import ResultsRefused, SurveyResults, survey_results
from handlers.context import BotContext
from handlers.guard import refuse
from handlers.outgoing import Photo, send_rendered
from handlers.reply import answer


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
            mean=f"{found.mean:.1f}",
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
    return Photo(partial(survey_chart_png, bars), filename=f"{found.survey.name}.png")


async def results_command(update: Update, context: BotContext) -> None:
    """/results: every survey this person may see, one message each."""
    svc = context.services
    found = await survey_results(svc, context.me)
    if isinstance(found, ResultsRefused):
        await refuse(update, context, "survey.results_not_allowed")
        return
    if not found:
        await answer(update, t(context.language, "survey.results_none"))
    chat = update.effective_chat
    for survey in found:
        await answer(update, results_text(context.language, survey, svc.policy.surveys.min_group))
        picture = chart(context.language, survey)
        if picture is not None and chat is not None:
            await send_rendered(update.get_bot(), chat.id, picture)


def build() -> list[BaseHandler[Update, BotContext, None]]:
    """/results."""
    return [CommandHandler("results", results_command)]
