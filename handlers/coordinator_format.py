"""How a roster sent in chat reads back: its bad lines, its changes, what was imported; and the
school's placements with who has joined."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.domain.roster import RowError
from bot.domain.roster_file import Problem
from bot.i18n import t, tn
from bot.services.exports import Cell
from bot.services.roster import ImportOutcome

MAX_LINES = 40  # bad lines or changes listed; the rest is counted
JOINED = {1: "✅", 0: "⏳"}


def _read_as(language: str, outcome: ImportOutcome) -> str:
    separator = t(language, "roster.semicolons" if outcome.delimiter == ";" else "roster.commas")
    return t(language, "roster.read_as", encoding=outcome.encoding, separator=separator)


def problem_text(language: str, problem: Problem) -> str:
    """One thing wrong with a roster line, in the reader's language."""
    values = dict(problem.values)
    if "cell" in values:  # a cell the header has no name for
        values["column"] = t(language, "roster.cell", n=values.pop("cell"))
    if "control" in values:
        values["control"] = t(
            language, f"roster.control.{values['control']}", code=values.pop("code")
        )
    for name in ("role", "wanted"):
        if name in values:
            values[name] = t(language, f"role.{values[name]}")
    if "separator" in values:
        values["separator"] = t(
            language, "roster.semicolon" if values["separator"] == ";" else "roster.comma"
        )
    return t(language, f"roster.fault.{problem.fault}", **values)


def error_text(language: str, error: RowError) -> str:
    """Every problem of one refused roster line, in the reader's language."""
    return "; ".join(problem_text(language, problem) for problem in error.problems)


def rows_text(language: str, outcome: ImportOutcome) -> str:
    """Nothing imported: every bad line by number and reason (the first ones, then a count)."""
    lines = [tn(language, "roster.bad_rows", len(outcome.errors)), _read_as(language, outcome)]
    lines += [
        t(language, "roster.bad_line", line=e.line, reason=error_text(language, e))
        for e in outcome.errors[:MAX_LINES]
    ]
    if len(outcome.errors) > MAX_LINES:
        lines.append(t(language, "roster.more", n=len(outcome.errors) - MAX_LINES))
    return "\n".join(lines)


def diff_text(language: str, outcome: ImportOutcome) -> str:
    """What the import would do: new placements and people, and each change, old → new."""
    lines = [
        t(
            language,
            "roster.preview",
            placements=outcome.placements_added,
            people=outcome.people_added,
            changed=len(outcome.changes),
            unchanged=outcome.placements_unchanged,
        ),
        _read_as(language, outcome),
    ]
    shown = 0
    for change in outcome.changes:
        if shown >= MAX_LINES:
            break
        lines.append(
            t(
                language,
                "roster.change",
                line=change.line,
                student=change.student,
                company=change.company,
            )
        )
        for c in change.changes:
            lines.append(
                t(
                    language,
                    "roster.field_change",
                    field=t(language, f"roster.field.{c.field.value}"),
                    old=c.old,
                    new=c.new,
                )
            )
        shown += 1
    if len(outcome.changes) > shown:
        lines.append(t(language, "roster.more", n=len(outcome.changes) - shown))
    return "\n".join(lines)


def imported_text(language: str, outcome: ImportOutcome) -> str:
    """What the import did."""
    return t(
        language,
        "roster.imported",
        placements=outcome.placements_added,
        people=outcome.people_added,
        changed=len(outcome.changes),
        unchanged=outcome.placements_unchanged,
    )


def invites_button(language: str) -> InlineKeyboardMarkup:
    """The invite links of everyone who has not joined, as a CSV."""
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(t(language, "invites.button"), callback_data="iv:all")]]
    )


def placement_line(language: str, row: tuple[Cell, ...]) -> str:
    """One placement of the export's columns: student, company, mentor, supervisor (each with
    whether he joined), its days."""
    return t(
        language,
        "placements.line",
        student=row[1],
        student_joined=JOINED[int(row[3] or 0)],
        company=row[4],
        mentor=row[5],
        mentor_joined=JOINED[int(row[7] or 0)],
        supervisor=row[8],
        supervisor_joined=JOINED[int(row[10] or 0)],
        first=row[11],
        last=row[12],
    )
