"""Erasing people while updates that quote them still wait: exactly those lose their quotes.

An update not handled yet may quote someone being erased (a reply to his message, a button
under the bot's message that names him). Those lose what they quote, whole and still
handleable; every other waiting update stays byte for byte, however much it looks like him.
"""

from __future__ import annotations

import json
from typing import Any

from bot.clock import FakeClock
from bot.domain.people import Role
from bot.services.inbox import keep_updates
from bot.services.runtime import Services
from storage.erasure import ErasureRepo
from storage.people import PeopleRepo

ZOE, ZOE_TG = "Zoë Çelik", 7_123_456_789  # a name that JSON would escape (ensure_ascii)
BRAM = "Bram"  # as short as a text that is still scrubbed (MIN_SCRUB_LENGTH)
INGRID_TG = 4343


def reply(update_id: int, quoted: str) -> dict[str, Any]:
    """Ingrid replies to a message that says `quoted`."""
    chat = {"id": INGRID_TG, "type": "private"}
    return {
        "update_id": update_id,
        "message": {
            "message_id": update_id,
            "date": 1,
            "text": "Noted",
            "chat": chat,
            "from": {"id": INGRID_TG, "is_bot": False, "first_name": "Ingrid"},
            "reply_to_message": {"message_id": 1, "date": 1, "text": quoted, "chat": chat},
        },
    }


def press(update_id: int, entities: list[dict[str, Any]]) -> dict[str, Any]:
    """Ingrid presses a button under the bot's message `Report 12`, linked as given."""
    chat = {"id": INGRID_TG, "type": "private"}
    return {
        "update_id": update_id,
        "callback_query": {
            "id": f"cb{update_id}",
            "chat_instance": "42",
            "data": "al:12:ack",
            "from": {"id": INGRID_TG, "is_bot": False, "first_name": "Ingrid"},
            "message": {
                "message_id": 9,
                "date": 1,
                "text": "Report 12",
                "entities": entities,
                "chat": chat,
            },
        },
    }


QUOTING = [
    reply(10, f"{ZOE}: I cannot come tomorrow"),
    reply(11, f"{BRAM} will be late"),
    # Only her Telegram id names her here: a link to her account under a button.
    press(12, [{"type": "text_link", "offset": 0, "length": 6, "url": f"tg://user?id={ZOE_TG}"}]),
]
LOOKALIKES = [
    reply(20, "Abram said hi"),  # 'ram' is in it, 'Bram' is not
    reply(21, "Bra and Braam"),  # 'Bra' is in it, 'Bram' is not
    reply(22, "Chloë Çelik and Zoë Çelim"),  # all of Zoë's name but one letter
    reply(23, "None of my business"),  # Bram never joined: he has no Telegram id to match
    # A press on an inline message (no `message`) whose id holds her Telegram id's digits.
    {
        "update_id": 24,
        "callback_query": {
            "id": f"9{ZOE_TG}0",
            "chat_instance": "42",
            "inline_message_id": "AAA",
            "data": "x",
            "from": {"id": INGRID_TG, "is_bot": False, "first_name": "Ingrid"},
        },
    },
]


def unquoted(update: dict[str, Any]) -> dict[str, Any]:
    """What a quoting update must become: the same, less the message it quotes."""
    kept = json.loads(json.dumps(update))
    if "message" in kept:
        del kept["message"]["reply_to_message"]
    else:
        query = kept["callback_query"]
        query["message"] = {"message_id": 9, "date": 0, "chat": query["message"]["chat"]}
    return dict(kept)


async def inbox(svc: Services) -> dict[int, str]:
    async with (
        svc.db.reading() as conn,
        conn.execute("SELECT update_id, payload FROM inbox") as cur,
    ):
        return {row[0]: row[1] for row in await cur.fetchall()}


async def test_erasing_two_people_strips_exactly_the_waiting_updates_that_quote_them(
    svc: Services, clock: FakeClock
) -> None:
    now = clock.now()
    async with svc.db.transaction() as conn:
        people = PeopleRepo(conn)
        zoe = await people.add(ZOE, "zoe@student.example", Role.STUDENT, "nl", now)
        await people.link_telegram(zoe, ZOE_TG, "nl")
        bram = await people.add(BRAM, "bram@bakkerij.example", Role.MENTOR, "nl", now)
    await keep_updates(svc, [*QUOTING, *LOOKALIKES], now)
    before = await inbox(svc)
    assert ZOE in before[10]  # stored as UTF-8, not as \\u escapes

    async with svc.db.transaction() as conn:
        former = await ErasureRepo(conn).erase_all(
            [(zoe, "erased-1", "erased-1@erased.invalid"), (bram, "erased-2", "e@x.invalid")], now
        )

    assert former == {zoe: ZOE_TG, bram: None}
    after = await inbox(svc)
    for update in QUOTING:  # whole and handleable, less the quote
        assert json.loads(after[update["update_id"]]) == unquoted(update)
    for update in LOOKALIKES:
        update_id = update["update_id"]
        assert after[update_id] == before[update_id], update_id
    for update_id, payload in after.items():
        if update_id != 24:  # holds her id's digits by chance, and nothing of her
            assert all(needle not in payload for needle in (ZOE, str(ZOE_TG), BRAM))
