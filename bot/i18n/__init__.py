"""Every user-facing text, per language; parameters are HTML-escaped here, once."""

from __future__ import annotations

import html
import string

from bot.i18n import en, nl

CATALOGS: dict[str, dict[str, str]] = {"en": en.TEXTS, "nl": nl.TEXTS}
LANGUAGE_NAMES = {"nl": "Nederlands", "en": "English"}


class Safe(str):
    """Text that is already HTML (a rendered fragment) and must not be escaped again."""

    __slots__ = ()


def t(language: str, key: str, /, **params: object) -> str:
    """The text `key` in `language` (falling back to English), with escaped parameters."""
    catalog = CATALOGS.get(language, en.TEXTS)
    template = catalog.get(key) or en.TEXTS[key]
    escaped = {
        name: value if isinstance(value, Safe) else html.escape(str(value), quote=False)
        for name, value in params.items()
    }
    return template.format(**escaped)


def placeholders(template: str) -> set[str]:
    """The parameter names a text expects (used by the catalog test)."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}
