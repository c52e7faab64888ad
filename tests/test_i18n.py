"""Every text exists in every language, with the same placeholders; parameters are escaped."""

from __future__ import annotations

import pytest

from bot.i18n import CATALOGS, placeholders, t


@pytest.mark.parametrize("language", sorted(CATALOGS))
def test_every_language_has_every_key(language: str) -> None:
    assert set(CATALOGS[language]) == set(CATALOGS["en"])


@pytest.mark.parametrize("key", sorted(CATALOGS["en"]))
def test_placeholders_match_across_languages(key: str) -> None:
    expected = placeholders(CATALOGS["en"][key])
    for language, catalog in CATALOGS.items():
        assert placeholders(catalog[key]) == expected, (language, key)


def test_user_text_is_html_escaped() -> None:
    text = t("en", "welcome.student", name='<b>Eve</b> & <a href="x">')
    assert "&lt;b&gt;Eve&lt;/b&gt; &amp; &lt;a href=\"x\"&gt;" in text
