"""How each outbox message looks in the chat: text and buttons, in the reader's language."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from telegram import InlineKeyboardMarkup

from bot.domain.escalation import AlertStatus
from bot.domain.messages import MessageKind, Outgoing
from bot.i18n import t, tn
from handlers.alerts import alert_keyboard, alert_text, student_link
from handlers.checkin import mood_keyboard
from handlers.formats import day
from handlers.privacy import request_card


@dataclass(frozen=True, slots=True)
class Rendered:
    """A message ready to send."""

    text: str
    markup: InlineKeyboardMarkup | None = None


def notice(message: Outgoing) -> Rendered:
    """A plain text from the catalog, named in the message."""
    params = dict(message.params)
    key = str(params.pop("key"))
    return Rendered(t(message.language, key, **params))


def undeliverable(message: Outgoing) -> Rendered:
    """Tell a supervisor that someone of his placements can no longer be reached."""
    p, lang = message.params, message.language
    role = t(lang, f"role.{p['role']}")
    return Rendered(t(lang, "undeliverable", name=p["name"], role=role))


def checkin_open(message: Outgoing) -> Rendered:
    """The weekly check-in: greeting and the mood question with its five buttons."""
    first_name = str(message.params["name"]).split()[0]
    text = t(message.language, "checkin.open", name=first_name)
    return Rendered(text, mood_keyboard(int(str(message.params["checkin_id"]))))


def checkin_reminder(message: Outgoing) -> Rendered:
    """The one reminder of an unanswered check-in, with the mood buttons again."""
    return Rendered(t(message.language, "checkin.reminder"),
                    mood_keyboard(int(str(message.params["checkin_id"]))))


def alert(message: Outgoing) -> Rendered:
    """An alert to the supervisor, with its buttons."""
    lang, p = message.language, message.params
    return Rendered(alert_text(lang, p), alert_keyboard(lang, p["alert_id"], AlertStatus.OPEN))


def alert_escalated(message: Outgoing) -> Rendered:
    """An alert nobody acknowledged, handed to a coordinator."""
    lang, p = message.language, message.params
    hours = int(str(p["hours"]))
    text = tn(lang, "alert.escalated", hours, hours=hours) + "\n\n" + alert_text(lang, p)
    return Rendered(text, alert_keyboard(lang, p["alert_id"], AlertStatus.OPEN))


def problem_shared(message: Outgoing) -> Rendered:
    """A problem the student chose to share with his mentor too."""
    lang, p = message.language, message.params
    return Rendered(t(lang, "alert.shared_with_mentor", details=p["details"],
                      student=student_link(str(p["student"]), p.get("student_tg"))))


def paused(message: Outgoing) -> Rendered:
    """Tell the supervisor a student paused his check-ins."""
    lang, p = message.language, message.params
    until = day(lang, date.fromisoformat(str(p["until"])))
    return Rendered(t(lang, "pause.supervisor_paused", student=p["student"], until=until))


def resumed(message: Outgoing) -> Rendered:
    """Tell the supervisor a student resumed his check-ins."""
    return Rendered(t(message.language, "pause.supervisor_resumed",
                      student=message.params["student"]))


def erasure_request(message: Outgoing) -> Rendered:
    """Ask a coordinator to approve or reject someone's erasure."""
    return Rendered(*request_card(message.language, message.params))


VIEWS: dict[MessageKind, Callable[[Outgoing], Rendered]] = {
    MessageKind.NOTICE: notice,
    MessageKind.UNDELIVERABLE: undeliverable,
    MessageKind.CHECKIN_OPEN: checkin_open,
    MessageKind.CHECKIN_REMINDER: checkin_reminder,
    MessageKind.ALERT: alert,
    MessageKind.ALERT_ESCALATED: alert_escalated,
    MessageKind.PROBLEM_SHARED: problem_shared,
    MessageKind.PAUSED: paused,
    MessageKind.RESUMED: resumed,
    MessageKind.ERASURE_REQUEST: erasure_request,
}


def render(message: Outgoing) -> Rendered:
    """Lay out an outbox message for its recipient."""
    return VIEWS[message.kind](message)
