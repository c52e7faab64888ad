"""A report of any length and any characters arrives whole; one Telegram refuses still
reaches a person.

Telegram counts a message's length in UTF-16 code units after entity parsing (4,096): a
1,400-character report of `&` is 4,200 characters of HTML, one of 2,100 emoji is 4,200 units.
The emulator counts the same way and refuses what Telegram refuses.
"""

from __future__ import annotations

from pathlib import Path

from telegram.constants import ParseMode
from telegram.ext import Defaults, ExtBot

from bot.demo.story import plain
from bot.sandbox import BotApiEmulator
from bot.sandbox.checks import utf16_len
from handlers.reply import send
from tests.e2e.reporting import (
    BOTH,
    WORDS,
    handler_errors,
    outbox_statuses,
    report,
    school,
    seen,
    sent_count,
    unblank,
)


async def test_long_reports_of_ampersands_and_emoji_reach_supervisor_and_mentor_whole(
    tmp_path: Path,
) -> None:
    ampersands = "a&" * 700  # 1,400 characters; escaped, 4,200 before Telegram parses them
    emoji = "😀" * 2100  # 2,100 characters, 4,200 UTF-16 units: more than one message holds
    async with school(tmp_path) as s:
        for words in (ampersands, emoji):
            before_sup, before_mentor = len(s.supervisor.bot_messages), len(s.mentor.bot_messages)
            await report(s, words, audience=BOTH)
            for user, before in ((s.supervisor, before_sup), (s.mentor, before_mentor)):
                texts = [m.text or "" for m in user.bot_messages[before:]]
                shown = [plain(t) for t in texts]
                assert all(utf16_len(t) <= 4096 for t in shown)  # as Telegram counts
                assert unblank(words) in unblank("".join(shown)), "the report arrived whole"
            # The buttons are on the supervisor's last part; the student hears she has it.
            assert s.supervisor.bot_messages[-1].has_button("👀 Acknowledge")
            assert seen(s.student)[-1] == (
                "✅ Ingrid Bos (school) and Mark Jansen (Bakkerij Jansen) have your message."
            )
        # She acknowledges on the last part: it shows who took it on, and still fits.
        s.supervisor.press("👀 Acknowledge")
        await s.world.settle()
        last = plain(s.supervisor.bot_messages[-1].text or "")
        assert "👀 Acknowledged by Ingrid Bos" in last
        assert utf16_len(last) <= 4096
        assert await handler_errors(s.world) == []
        # Nothing failed, nothing waits.
        assert set(await outbox_statuses(s.world)) == {"sent"}
        assert len([t for t in seen(s.supervisor) if "reported a problem" in t]) == 2


async def test_a_part_telegram_cannot_parse_as_html_is_sent_as_plain_text(tmp_path: Path) -> None:
    html = Defaults(parse_mode=ParseMode.HTML)  # as the bot runs
    async with (
        BotApiEmulator() as emu,
        ExtBot(emu.token, base_url=f"{emu.base_url}/bot", defaults=html) as bot,
    ):
        ann = emu.user(1001, "Ann")
        # Broken markup (a bug, or an entity Telegram does not know): the words still arrive.
        sent = await send(bot, 1001, "Q&A <b>bold &nbsp; words")
        assert sent.text == "Q&A bold &nbsp; words"
        assert [m.parse_mode for m in ann.bot_messages] == [None]
        assert [c.status for c in emu.calls if c.method == "sendMessage"] == [400, 200]
        # A long one is split into valid parts first: none is refused, nothing is lost.
        long_text = "<i>" + "&amp;" * 5000 + "</i>"
        await send(bot, 1001, long_text)
        assert [m.parse_mode for m in ann.bot_messages[1:]] == ["HTML", "HTML"]
        assert "".join(plain(m.text or "") for m in ann.bot_messages[1:]) == "&" * 5000


async def test_an_alert_telegram_refuses_even_as_plain_text_goes_to_the_coordinator(
    tmp_path: Path,
) -> None:
    async with school(tmp_path) as s:
        assert s.coordinator is not None
        # Telegram refuses everything to her chat with a 400 (say, a markup it cannot parse):
        # the alert is tried as plain text, then handed to the coordinator at once.
        s.supervisor.refuse(400, "Bad Request: can't parse entities: Unsupported start tag")
        await report(s, WORDS)
        rerouted = seen(s.coordinator)[-1]
        assert "This alert is for Ingrid Bos, whom I can't reach on Telegram" in rerouted
        assert seen(s.student)[-1].startswith("✅ Carla (school) knows that you asked for help")
        calls = [
            c
            for c in s.world.emulator.calls
            if c.method == "sendMessage" and c.params.get("chat_id") == s.supervisor.chat_id
        ]
        assert [c.params.get("parse_mode") for c in calls][-2:] == ["HTML", None]
        assert await outbox_statuses(s.world) == {
            "sent": await sent_count(s.world) - 1,
            "failed": 1,
        }


async def test_a_report_as_long_as_telegram_allows_is_taken_and_arrives_whole(
    tmp_path: Path,
) -> None:
    words = ("Het gaat niet goed op mijn stage. " * 130)[:4096]  # all one message holds
    async with school(tmp_path) as s:
        await report(s, words)
        texts = [plain(m.text or "") for m in s.supervisor.bot_messages]
        first = next(n for n, text in enumerate(texts) if "reported a problem" in text)
        assert len(texts[first:]) == 2  # split on a sentence, never inside markup
        assert unblank(words) in unblank("".join(texts[first:]))
        assert seen(s.student)[-1] == "✅ Ingrid Bos (school) has your message."
