"""The emulator holds the bot to Telegram's flood limits: sends, documents and edits alike."""

from __future__ import annotations

import pytest
from telegram import Bot, InputFile
from telegram.error import RetryAfter

from bot.sandbox import BotApiEmulator
from bot.sandbox.limits import GROUP_PER_MINUTE, RateLimiter

ANN, BEN = 1001, 1002


@pytest.fixture
def limited(emu: BotApiEmulator, timedelta_retry_after: None) -> BotApiEmulator:
    """Limits on, one message a minute per chat: a second one in a test is always too soon."""
    emu.enforce_limits, emu.per_chat_interval = True, 60.0
    emu.user(ANN, "Ann")
    emu.user(BEN, "Ben")
    return emu


async def test_an_edit_right_after_a_send_is_flooded(limited: BotApiEmulator, bot: Bot) -> None:
    sent = await bot.send_message(ANN, "How was your week?")
    with pytest.raises(RetryAfter):
        await bot.edit_message_text(
            "How was your week?\n→ 3", chat_id=ANN, message_id=sent.message_id
        )
    assert limited.users[ANN].texts() == ["How was your week?"]  # nothing changed
    await bot.send_message(BEN, "another chat is not held up")


async def test_a_document_counts_like_a_message(limited: BotApiEmulator, bot: Bot) -> None:
    await bot.send_document(ANN, InputFile(b"a,b\n", filename="export.csv"))
    with pytest.raises(RetryAfter):
        await bot.send_message(ANN, "and the text after it")


async def test_answering_a_button_and_a_typing_action_are_not_limited(
    limited: BotApiEmulator,
    bot: Bot,
) -> None:
    await bot.send_message(ANN, "hi")
    query = limited.open_callback_query(ANN)
    assert await bot.answer_callback_query(query)
    assert await bot.send_chat_action(ANN, "typing")
    assert limited.count(status=429) == 0


def test_a_group_gets_twenty_messages_a_minute() -> None:
    limits = RateLimiter(per_chat_interval=1.0, global_per_second=1000)
    for n in range(GROUP_PER_MINUTE):
        assert limits.retry_after(-5, now=n * 0.1) is None
        limits.record(-5, now=n * 0.1)
    assert limits.retry_after(-5, now=2.0) == 58  # the first of them leaves the minute at 60 s
    assert limits.retry_after(-5, now=60.0) is None
