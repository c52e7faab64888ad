"""How the supervisor hears of a student's /pause and /resume (outbox messages)."""

from __future__ import annotations

from bot.domain.checkins import CheckInsPaused, CheckInsResumed
from bot.domain.messages import Outgoing
from bot.i18n import t
from bot.services.pauses import paused_student
from bot.services.runtime import Services
from handlers.formats import day
from handlers.outgoing import Text, found, view


@view(CheckInsPaused)
async def paused(svc: Services, message: Outgoing, payload: CheckInsPaused) -> Text:
    """Tell the supervisor a student paused his check-ins, and until when."""
    student = found(await paused_student(svc, payload.placement_id), "the placement")
    lang = message.language
    return Text(
        t(lang, "pause.supervisor_paused", student=student.name, until=day(lang, payload.until))
    )


@view(CheckInsResumed)
async def resumed(svc: Services, message: Outgoing, payload: CheckInsResumed) -> Text:
    """Tell the supervisor a student resumed his check-ins."""
    student = found(await paused_student(svc, payload.placement_id), "the placement")
    return Text(t(message.language, "pause.supervisor_resumed", student=student.name))
