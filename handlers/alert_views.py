"""How alerts look when the outbox sends them: to the supervisor, a coordinator, the mentor."""

from __future__ import annotations

from bot.domain.escalation import AlertEscalated, AlertRaised, ProblemShared
from bot.domain.messages import Outgoing
from bot.i18n import t, tn
from bot.services.alert_context import alert_context
from bot.services.alerts import AlertCard, alert_card
from bot.services.reports import report_state
from bot.services.runtime import Services
from handlers.alert_extras import alert_extras, not_reacted
from handlers.alerts import alert_keyboard, alert_text, student_link
from handlers.outgoing import Text, found, view
from handlers.report_views import for_coordinator


@view(AlertRaised)
async def alert(svc: Services, message: Outgoing, payload: AlertRaised) -> Text:
    """An alert to the supervisor, with the buttons its state allows now."""
    card = found(await alert_card(svc, payload.alert_id), f"alert {payload.alert_id}")
    lang = message.language
    text = alert_text(lang, card, resent=payload.resent)
    return Text(
        await _with_extras(svc, lang, card, text, words=True),
        alert_keyboard(lang, card.alert.id, card.alert.status),
    )


async def _with_extras(
    svc: Services,
    language: str,
    card: AlertCard,
    text: str,
    *,
    words: bool,
    escalated: bool = False,
) -> str:
    """The alert with what makes it useful: the weeks behind it, the mentor, who did not act."""
    context = await alert_context(svc, card.alert.id, card.alert.kind)
    if context is None:
        return text
    extras = alert_extras(
        language,
        context,
        shared_with_mentor=card.alert.shared_with_mentor,
        student=card.student,
        words=words,
    )
    if escalated:
        extras = "\n".join(part for part in (not_reacted(language, context), extras) if part)
    return f"{text}\n\n{extras}" if extras else text


@view(AlertEscalated)
async def alert_escalated(svc: Services, message: Outgoing, payload: AlertEscalated) -> Text:
    """An alert nobody acknowledged, handed to a coordinator."""
    card = found(await alert_card(svc, payload.alert_id), f"alert {payload.alert_id}")
    lang = message.language
    text = tn(lang, "alert.escalated", payload.hours, hours=payload.hours)
    # Not the student's words: he chose who reads them (handlers/report_views.py).
    state = found(await report_state(svc, payload.alert_id), f"alert {payload.alert_id}")
    body = await _with_extras(
        svc, lang, card, for_coordinator(lang, card, state), words=False, escalated=True
    )
    return Text(f"{text}\n\n{body}", alert_keyboard(lang, card.alert.id, card.alert.status))


@view(ProblemShared)
async def problem_shared(svc: Services, message: Outgoing, payload: ProblemShared) -> Text:
    """A problem the student chose to share with his mentor too (no buttons: not his to act)."""
    card = found(await alert_card(svc, payload.alert_id), f"alert {payload.alert_id}")
    return Text(
        t(
            message.language,
            "alert.shared_with_mentor",
            details=card.alert.details or "",
            student=student_link(card.student, card.student_telegram_id),
        )
    )
