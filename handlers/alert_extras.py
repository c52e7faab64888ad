"""The lines that make an alert useful (issue 12): the marks and words of the low weeks, the
dates of the missed check-ins, who else has a report and how to reach the mentor, and to a
coordinator the supervisor who did not react."""

from __future__ import annotations

import html

from babel.lists import format_list

from bot.domain.escalation import AlertKind
from bot.i18n import Safe, t
from bot.services.alert_context import AlertContext, Contact
from handlers.formats import day


def person_link(who: Contact) -> Safe:
    """A name, linked to the person's Telegram profile when he has joined."""
    name = html.escape(who.name, quote=False)
    if not who.telegram_id:
        return Safe(name)
    return Safe(f'<a href="tg://user?id={int(who.telegram_id)}">{name}</a>')


def alert_extras(
    language: str,
    context: AlertContext,
    *,
    shared_with_mentor: bool,
    student: str,
    words: bool = True,
) -> str:
    """The lines under an alert. `words`: with the student's own words (not for a coordinator:
    he did not write them to the school)."""
    lines: list[str] = []
    if context.kind is AlertKind.LOW_MOOD and context.weeks:
        lines.append(t(language, "alert.weeks_low"))
        for week in context.weeks:
            mood = str(week.mood) if week.mood is not None else "–"
            key = "alert.week_words" if words and week.words else "alert.week_mood"
            lines.append(
                t(language, key, day=day(language, week.day), mood=mood, words=week.words or "")
            )
    if context.kind is AlertKind.MISSED_CHECKINS and context.weeks:
        days = format_list([day(language, week.day) for week in context.weeks], locale=language)
        lines.append(t(language, "alert.weeks_missed", days=days))
    if context.kind is AlertKind.PROBLEM_REPORTED:
        if shared_with_mentor:
            lines.append(
                t(
                    language,
                    "alert.mentor_has_it",
                    mentor=person_link(context.mentor),
                    student=student,
                )
            )
        else:
            lines.append(t(language, "alert.only_supervisor"))
        lines.append(
            t(
                language,
                "alert.mentor_contact",
                mentor=person_link(context.mentor),
                company=context.company,
                email=context.mentor.email,
            )
        )
    return "\n".join(lines)


def not_reacted(language: str, context: AlertContext) -> str:
    """To a coordinator: who should have taken the alert on."""
    return t(
        language,
        "alert.not_reacted",
        supervisor=person_link(context.supervisor),
        email=context.supervisor.email,
    )
