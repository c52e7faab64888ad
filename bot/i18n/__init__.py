"""Every user-facing text, per language; parameters are HTML-escaped here, once."""

from __future__ import annotations

import html
import string

from bot.i18n import checkin, en, nl, privacy

LANGUAGE_NAMES = {"nl": "Nederlands", "en": "English"}

# Each feature keeps its texts in its own module (`bot/i18n/<feature>.py` with a TEXTS dict per
# language); the common ones are in en.py and nl.py. A key may be defined only once.
FEATURES: list[dict[str, dict[str, str]]] = [checkin.TEXTS, privacy.TEXTS]


def _catalogs() -> dict[str, dict[str, str]]:
    merged = {"en": dict(en.TEXTS), "nl": dict(nl.TEXTS)}
    for feature in FEATURES:
        for language, texts in feature.items():
            twice = merged[language].keys() & texts.keys()
            if twice:
                raise KeyError(f"texts defined twice: {sorted(twice)}")
            merged[language].update(texts)
    return merged


CATALOGS = _catalogs()


class Safe(str):
    """Text that is already HTML (a rendered fragment) and must not be escaped again."""

    __slots__ = ()


def t(language: str, key: str, /, **params: object) -> str:
    """The text `key` in `language` (falling back to English), with escaped parameters."""
    catalog = CATALOGS.get(language, CATALOGS["en"])
    template = catalog.get(key) or CATALOGS["en"][key]
    escaped = {
        name: value if isinstance(value, Safe) else html.escape(str(value), quote=False)
        for name, value in params.items()
    }
    return template.format(**escaped)


def placeholders(template: str) -> set[str]:
    """The parameter names a text expects (used by the catalog test)."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}
