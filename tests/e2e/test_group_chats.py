"""In a group the bot says only that it works in private chats, in the writer's language and
with its own name to find it by; anything else in a group gets no answer at all."""

from __future__ import annotations

from bot.demo.world import World
from bot.i18n import t


async def test_a_message_in_a_group_gets_the_private_only_answer_in_the_writers_language(
    world: World,
) -> None:
    eve = world.user("Eve", language="en")
    group = world.emulator.group(-4242, "Klas 3B")
    group.send_text("hallo allemaal & 🎉", user_id=eve.user_id)
    await world.settle()
    bot = world.bot.services.policy.bot_username
    assert group.texts() == [t("en", "private_only", bot=bot)]
    assert bot in group.texts()[0]
    assert eve.texts() == []


async def test_a_button_pressed_in_a_group_gets_no_answer(world: World) -> None:
    eve = world.user("Eve", language="en")
    group = world.emulator.group(-4243, "Klas 3C")
    query_id = world.emulator.open_callback_query(eve.user_id)
    world.emulator.inject_update(
        {
            "callback_query": {
                "id": query_id,
                "from": eve.user_dict(),
                "chat_instance": "g",
                "data": "al:1:ack",
                "message": {"message_id": 1, "date": 0, "chat": group.chat_dict()},
            }
        }
    )
    await world.settle()
    assert group.texts() == []
    assert eve.answers == []
    assert world.emulator.count("answerCallbackQuery") == 0
