"""How the safeguarding messages look: an alert rerouted to a coordinator, what the student
is told of his report (who has it, or that nobody has yet), and an addition to a report."""

from __future__ import annotations

from dataclasses import replace

from babel.lists import format_list

from bot.domain.messages import Outgoing
from bot.domain.reports import (
    Admission,
    AlertRerouted,
    Channel,
    Reach,
    Reader,
    ReportAddition,
    ReportReceipt,
    ReportUnreached,
)
from bot.i18n import Safe, t, tn
from bot.services.alerts import AlertCard, alert_card
from bot.services.reports import (
    Filed,
    Holder,
    Reached,
    ReportState,
    addition_card,
    report_state,
)
from bot.services.runtime import Services
from handlers.alerts import alert_keyboard, alert_text, student_link
from handlers.formats import moment
from handlers.outgoing import Text, found, view


def names_list(language: str, names: list[str]) -> str:
    """'A, B and C' in the reader's language; the names are HTML already."""
    return format_list(names, locale=language) if names else ""


def holder_name(language: str, holder: Holder, company: str) -> str:
    """'Peter Mulder (school)', 'Peter Mulder (school, by email)', 'Fatima (Zorgcentrum)'."""
    if holder.reader is Reader.MENTOR:
        return t(language, "report.holder_company", name=holder.name, company=company)
    key = (
        "report.holder_school_email"
        if holder.channel is Channel.EMAIL
        else ("report.holder_school")
    )
    return t(language, key, name=holder.name)


def receipt_text(language: str, state: ReportState) -> str:
    """Who has the student's report now: those who read his words, coordinators who know he
    asked for help, and whom it still waits for."""
    readers = [h for h in state.holders if h.reader is not Reader.COORDINATOR]
    coordinators = [h for h in state.holders if h.reader is Reader.COORDINATOR]
    lines = []
    if readers:
        names = names_list(language, [holder_name(language, h, state.company) for h in readers])
        lines.append(tn(language, "report.receipt", len(readers), names=Safe(names)))
    if coordinators:
        names = names_list(
            language, [holder_name(language, h, state.company) for h in coordinators]
        )
        lines.append(
            tn(language, "report.receipt_coordinators", len(coordinators), names=Safe(names))
        )
    if not state.supervisor_has_it:
        lines.append(t(language, "report.receipt_waiting", supervisor=state.supervisor))
    return "\n\n".join(lines)


def filed_text(language: str, filed: Filed, timezone: str) -> str:
    """What the student is told the moment he sends a report: the truth about who can get it
    now. That someone has it, he is told once it arrived (the receipt)."""
    state = filed.state
    if filed.admission is Admission.ADDITION:
        added = tn(
            language,
            "report.added",
            filed.recent,
            when=moment(language, state.created_at, timezone),
        )
        return f"{added} {t(language, 'report.added_goes')}"
    names = Safe(
        names_list(language, [holder_name(language, h, state.company) for h in filed.going_to])
    )
    if filed.reached is Reached.TELEGRAM:
        return t(language, "report.passing_on", names=names)
    if filed.reached is Reached.EMAIL:
        return t(language, "report.emailing", names=names)
    why = t(
        language,
        "report.nobody_unreachable" if state.coordinators_configured else "report.nobody_setup",
        supervisor=state.supervisor,
    )
    contact = (
        t(
            language,
            "report.contact_email",
            supervisor=state.supervisor,
            email=state.supervisor_email,
        )
        if state.supervisor_email
        else t(language, "report.contact_school")
    )
    return t(language, "report.nobody", why=Safe(why), contact=Safe(contact))


def why_unreached(language: str, state: ReportState) -> str:
    """Why the supervisor has not got it: not joined, unreachable, or Telegram is slow."""
    key = {
        Reach.NOT_JOINED: "report.reason_not_joined",
        Reach.UNREACHABLE: "report.reason_unreachable",
    }.get(state.supervisor_reach, "report.reason_slow")
    return t(language, key, supervisor=state.supervisor)


def for_coordinator(language: str, card: AlertCard, state: ReportState) -> str:
    """An alert as a coordinator reads it: what happened, and if the student wrote something,
    who he let read it (not the words themselves: he chose who reads them)."""
    text = alert_text(language, replace(card, alert=replace(card.alert, details=None)))
    if not card.alert.details:
        return text
    readers = [state.supervisor] + ([state.mentor] if card.alert.shared_with_mentor else [])
    return (
        text
        + "\n\n"
        + t(
            language,
            "report.words_withheld",
            student=card.student,
            readers=Safe(names_list(language, readers)),
        )
    )


@view(AlertRerouted)
async def alert_rerouted(svc: Services, message: Outgoing, payload: AlertRerouted) -> Text:
    """An alert to a coordinator at once, because its supervisor cannot read it now."""
    card = found(await alert_card(svc, payload.alert_id), f"alert {payload.alert_id}")
    state = found(await report_state(svc, payload.alert_id), f"alert {payload.alert_id}")
    lang = message.language
    key = (
        "report.rerouted_not_joined"
        if payload.reason is Reach.NOT_JOINED
        else "report.rerouted_unreachable"
    )
    text = f"{t(lang, key, supervisor=state.supervisor)}\n\n{for_coordinator(lang, card, state)}"
    return Text(text, alert_keyboard(lang, card.alert.id, card.alert.status))


@view(ReportReceipt)
async def report_receipt(svc: Services, message: Outgoing, payload: ReportReceipt) -> Text:
    """To the student, once his report arrived somewhere: who has it (worded when sent)."""
    state = found(await report_state(svc, payload.alert_id), f"report {payload.alert_id}")
    return Text(receipt_text(message.language, state))


@view(ReportUnreached)
async def report_unreached(svc: Services, message: Outgoing, payload: ReportUnreached) -> Text:
    """To the student: nobody has his report yet (or, if it just arrived, who has it)."""
    state = found(await report_state(svc, payload.alert_id), f"report {payload.alert_id}")
    lang = message.language
    if state.holders:
        return Text(receipt_text(lang, state))
    return Text(t(lang, "report.unreached", reason=Safe(why_unreached(lang, state))))


@view(ReportAddition)
async def report_addition(svc: Services, message: Outgoing, payload: ReportAddition) -> Text:
    """A report beyond the hourly limit, to those who read the open report's words."""
    card = found(await addition_card(svc, payload.addition_id), f"addition {payload.addition_id}")
    lang = message.language
    return Text(
        t(
            lang,
            "report.addition",
            company=card.company,
            details=card.details,
            student=student_link(card.student, card.student_telegram_id),
            when=moment(lang, card.reported_at, svc.policy.timezone),
        )
    )
