"""The goodbye at the end of the school year (an outbox message)."""

from __future__ import annotations

from bot.domain.archive import PlacementGoodbye
from bot.domain.messages import Outgoing
from bot.i18n import t
from bot.services.runtime import Services
from handlers.formats import day
from handlers.outgoing import Text, view


@view(PlacementGoodbye)
async def goodbye(svc: Services, message: Outgoing, payload: PlacementGoodbye) -> Text:
    """Say the placements are closed, until when his data is kept, and how to get it."""
    return Text(
        t(message.language, "archive.goodbye", date=day(message.language, payload.erase_on))
    )
