"""How the word that a placement ended early looks when the outbox sends it."""

from __future__ import annotations

from bot.domain.localtime import local_date, zone_of
from bot.domain.messages import Outgoing
from bot.domain.roster_changes import PlacementEnded, is_called_off
from bot.i18n import t
from bot.services.feedback_reads import placement_facts
from bot.services.runtime import Services
from handlers.formats import day
from handlers.outgoing import Text, found, view


@view(PlacementEnded)
async def placement_ended(svc: Services, message: Outgoing, payload: PlacementEnded) -> Text:
    """The placement has ended on its (new) last day, or was called off; each role its words."""
    facts = found(
        await placement_facts(svc, payload.placement_id), f"placement {payload.placement_id}"
    )
    lang, placement = message.language, facts.placement
    role = placement.role_of(message.person_id).value
    if is_called_off(placement):
        key = "placement_ended.called_off" + ("_student" if role == "student" else "")
    elif placement.ends_on < local_date(svc.clock.now(), zone_of(placement.timezone)):
        key = f"placement_ended.{role}"
    else:  # a last day still to come (`python -m bot end --last-day`)
        key = f"placement_ended.{role}_coming"
    return Text(
        t(
            lang,
            key,
            student=facts.student.name,
            supervisor=facts.supervisor.name,
            company=placement.company,
            last=day(lang, placement.ends_on),
            first=day(lang, placement.starts_on),
        )
    )
