"""Every user-facing text, from gettext catalogs; parameters are HTML-escaped here, once.

The catalogs are `locales/<language>.po`, one per language, with symbolic message ids
(`checkin.ask_mood`). They are compiled when this module is first imported (Babel reads the
`.po`, writes the `.mo` in memory, stdlib gettext serves it), so a translator edits only the
`.po` file and nothing has to be built. Dates and plurals follow the language's CLDR rules.
"""

from __future__ import annotations

import gettext
import html
import io
import string
from importlib import resources

from babel import Locale
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from bot.domain.people import LANGUAGES

FALLBACK = "en"
# Each language's name in itself, for /language ("Nederlands", "English").
LANGUAGE_NAMES: dict[str, str] = {
    code: str(Locale.parse(code).get_display_name(code)).capitalize() for code in LANGUAGES
}


def _compile(language: str) -> gettext.GNUTranslations:
    source = resources.files("bot.i18n") / "locales" / f"{language}.po"
    with source.open("rb") as po:
        catalog = read_po(po, locale=language)
    mo = io.BytesIO()
    write_mo(mo, catalog, use_fuzzy=False)
    mo.seek(0)
    return gettext.GNUTranslations(mo)


TRANSLATIONS: dict[str, gettext.GNUTranslations] = {lang: _compile(lang) for lang in LANGUAGES}


class Safe(str):
    """Text that is already HTML (a rendered fragment) and must not be escaped again."""

    __slots__ = ()


def _escaped(params: dict[str, object]) -> dict[str, object]:
    return {
        name: value if isinstance(value, Safe) else html.escape(str(value), quote=False)
        for name, value in params.items()
    }


def _translation(language: str) -> gettext.GNUTranslations:
    return TRANSLATIONS.get(language) or TRANSLATIONS[FALLBACK]


def t(language: str, key: str, /, **params: object) -> str:
    """The text `key` in `language` (falling back to English), with escaped parameters."""
    template = _translation(language).gettext(key)
    if template == key:  # not in this language's catalog
        template = TRANSLATIONS[FALLBACK].gettext(key)
    if template == key:
        raise KeyError(f"no text {key!r} in the catalogs")
    return template.format(**_escaped(params))


def tn(language: str, key: str, n: int, /, **params: object) -> str:
    """The plural text `key` for the number `n` ("1 uur" / "3 uur"); `n` is a parameter too."""
    template = _translation(language).ngettext(key, key, n)
    if template == key:
        template = TRANSLATIONS[FALLBACK].ngettext(key, key, n)
    if template == key:
        raise KeyError(f"no plural text {key!r} in the catalogs")
    return template.format(**_escaped({"n": n, **params}))


def placeholders(template: str) -> set[str]:
    """The parameter names a text expects (used by the catalog test)."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}
