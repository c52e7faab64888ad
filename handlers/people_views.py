"""How a supervisor hears that someone of his placements can no longer be reached."""

from __future__ import annotations

from bot.domain.messages import Outgoing
from bot.domain.people import PersonUnreachable
from bot.i18n import t
from bot.services.outbox import unreachable_person
from bot.services.runtime import Services
from handlers.outgoing import Text, found, view


@view(PersonUnreachable)
async def undeliverable(svc: Services, message: Outgoing, payload: PersonUnreachable) -> Text:
    """The bot was blocked or the account deleted: get in touch another way."""
    person = found(await unreachable_person(svc, payload.person_id), "the person")
    lang = message.language
    return Text(t(lang, "undeliverable", name=person.name, role=t(lang, f"role.{person.role}")))
