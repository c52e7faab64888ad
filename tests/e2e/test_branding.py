"""What an invite link opens: the bot's profile names the school; /whoami answers anyone."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.branding import DESCRIPTION_MAX, SHORT_DESCRIPTION_MAX, description, short_description
from bot.demo.world import open_world
from bot.domain.people import LANGUAGES
from bot.i18n import t
from bot.sandbox.profile import set_profile
from bot.settings import SettingsError, load_settings
from tests.conftest import START

SCHOOL = "Grafisch Lyceum & Co — Rotterdam 🎨"


async def test_the_profile_and_the_default_menu_are_set_at_start_in_each_language(
    tmp_path: Path,
) -> None:
    async with open_world(
        tmp_path / "bot.sqlite3", START, school_name=SCHOOL, default_language="nl"
    ) as world:
        emulator = world.emulator
        for language in LANGUAGES:
            said = set_profile(emulator, "setMyDescription", language)
            assert said == description(language, SCHOOL)
            assert SCHOOL in said  # plain text: "&" is not "&amp;"
            short = set_profile(emulator, "setMyShortDescription", language)
            assert SCHOOL in short
        # Without a language (a Telegram in Turkish): the school's default language.
        assert set_profile(emulator, "setMyDescription", None) == description("nl", SCHOOL)
        assert "stage-assistent" in set_profile(emulator, "setMyDescription", None)
        assert "Placement assistant" in set_profile(emulator, "setMyShortDescription", "en")
        # A stranger's menu, in his language: how to join, and his id.
        stranger = emulator.user(777001, "Tess", language_code="en")
        assert stranger.commands == [
            {"command": "help", "description": t("en", "menu.help")},
            {"command": "whoami", "description": t("en", "menu.whoami")},
        ]
        turk = emulator.user(777002, "Ayla", language_code="tr")
        assert [c["description"] for c in turk.commands] == [
            t("nl", "menu.help"),
            t("nl", "menu.whoami"),
        ]


async def test_whoami_tells_a_stranger_and_a_member_their_id_and_nothing_else(
    tmp_path: Path,
) -> None:
    async with open_world(
        tmp_path / "bot.sqlite3", START, coordinator_ids=frozenset({9001})
    ) as world:
        stranger = world.emulator.user(123456789, "Tess", language_code="en")
        stranger.send_command("/whoami")
        await world.settle()
        assert stranger.texts() == [t("en", "whoami.answer", id=123456789)]
        assert "<code>123456789</code>" in stranger.texts()[0]
        # Anything else from the stranger still gets the one "how to join" answer.
        stranger.send_text("/whoami@someone_else_bot extra & <b>")
        stranger.send_text("hello")
        await world.settle()
        assert stranger.texts()[-1] == t(
            "en", "stranger", bot=world.bot.services.policy.bot_username
        )
        carla = world.emulator.user(9001, "Carla", language_code="nl")
        carla.send_command("/whoami")
        await world.settle()
        assert carla.texts() == [t("nl", "whoami.answer", id=9001)]


def test_a_school_name_too_long_for_telegram_is_refused_and_the_longest_fits() -> None:
    with pytest.raises(SettingsError, match="SCHOOL_NAME is invalid"):
        load_settings(school_name="x" * 65)
    longest = "W" * 64
    for language in LANGUAGES:
        assert len(t(language, "branding.description", school=longest)) <= DESCRIPTION_MAX
        assert (
            len(t(language, "branding.short_description", school=longest)) <= SHORT_DESCRIPTION_MAX
        )
        assert short_description(language, "").count(t(language, "branding.your_school")) == 1
