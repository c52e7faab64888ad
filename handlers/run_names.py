"""A course run in survey results, named as a trainer knows it: the course and the day its
first session is (`Praktijkopleider & coach, from Thu 12 Mar 2026`), in the reader's language,
in the chat's /results and the evaluation, and in the command line's survey exports."""

from __future__ import annotations

import dataclasses
import html
from collections.abc import Sequence
from zoneinfo import ZoneInfo

from bot.documents.spreadsheet import Cell
from bot.domain.survey_results import GroupBy, run_group
from bot.i18n import t
from bot.services.survey_results import SurveyResults
from handlers.formats import day

# The columns of the survey exports that hold a run's key (bot/services/survey_results.py).
RUN_COLUMNS = ("course_run", GroupBy.RUN.value)


def run_name(language: str, key: str, timezone: str) -> str:
    """A run's group key as plain text a trainer recognises; any other label as it is."""
    found = run_group(key)
    if found is None:
        return key
    if found.first_session is None:
        return found.course
    first = found.first_session.astimezone(ZoneInfo(timezone)).date()
    # Plain text, like a company's name: the chat escapes it where it shows it.
    return html.unescape(
        t(language, "survey.run_label", course=found.course, date=day(language, first))
    )


def named(found: SurveyResults, language: str, timezone: str) -> SurveyResults:
    """Results by course run with each group named; other groupings as they are."""
    if found.by is not GroupBy.RUN:
        return found
    groups = tuple(
        dataclasses.replace(g, group=run_name(language, g.group, timezone)) for g in found.groups
    )
    return dataclasses.replace(found, groups=groups)


def named_rows(
    header: Sequence[str], rows: Sequence[Sequence[Cell]], language: str, timezone: str
) -> tuple[tuple[Cell, ...], ...]:
    """An export's rows with the run column's keys named."""
    columns = {i for i, name in enumerate(header) if name in RUN_COLUMNS}
    return tuple(
        tuple(
            run_name(language, cell, timezone) if i in columns and isinstance(cell, str) else cell
            for i, cell in enumerate(row)
        )
        for row in rows
    )
