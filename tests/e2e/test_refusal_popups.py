"""A refused button press is a pop-up the user must close: plain text, at most 200 characters.

Telegram shows no HTML in a pop-up and refuses one longer than 200 characters; a refusal that
only flashed at the top of the screen (show_alert false) would go unread. The stranger's text
is the longest refusal, and bold: the hardest case.
"""

from __future__ import annotations

import re

from bot.demo.world import World
from bot.i18n import t
from handlers.guard import _plain
from tests.e2e.test_access import forged_press


async def test_a_strangers_button_press_gets_the_join_text_as_a_plain_pop_up(
    world: World,
) -> None:
    stranger = world.user("Eve", language="en")
    forged_press(world, stranger, "al:1:ack")
    await world.settle()

    full = t("en", "stranger", bot=world.bot.services.policy.bot_username)
    assert len(full) > 200
    assert "<b>" in full
    plain = re.sub(r"</?[bi]>", "", full)[:200]
    assert stranger.answers == [
        {
            "callback_query_id": stranger.answers[0]["callback_query_id"],
            "text": plain,
            "show_alert": True,
        }
    ]
    assert stranger.texts() == []  # a pop-up, not a message


def test_a_pop_up_loses_every_tag_the_catalogs_use_for_emphasis() -> None:
    # No refusal in today's catalogs is in italics; one tomorrow must not show '<i>' either.
    assert _plain("<i>Too late</i>: <b>ask</b> <i>again</i>") == "Too late: ask again"
