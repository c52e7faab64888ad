"""The gettext catalogs: every text in every language, same placeholders, nothing unused."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from bot.domain.people import LANGUAGES
from bot.i18n import placeholders, t, tn

ROOT = Path(__file__).resolve().parent.parent
LOCALES = ROOT / "bot" / "i18n" / "locales"
PRODUCT = ("bot", "handlers", "scheduler", "storage")

Catalog = dict[str, tuple[str, ...]]  # message id -> its text (two forms for a plural)


def read_catalogs(folder: Path) -> dict[str, Catalog]:
    """Every `<language>.po` in a folder, as id -> text forms."""
    catalogs: dict[str, Catalog] = {}
    for po in sorted(folder.glob("*.po")):
        with po.open("rb") as file:
            catalog = read_po(file)
        catalogs[po.stem] = {
            str(m.id[0] if isinstance(m.id, tuple) else m.id): tuple(
                str(s or "") for s in (m.string if isinstance(m.string, tuple) else (m.string,))
            )
            for m in catalog
            if m.id
        }
    return catalogs


def keys_in_code(folders: list[Path]) -> tuple[set[str], set[str], set[str]]:
    """String literals, f-string prefixes ("role." in f"role.{x}") and t()/tn() literal keys."""
    literals: set[str] = set()
    prefixes: set[str] = set()
    called: set[str] = set()
    for folder in folders:
        for source in folder.rglob("*.py"):
            if "sandbox" in source.parts:
                continue
            for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Constant) and isinstance(node.value, str):
                    literals.add(node.value)
                elif isinstance(node, ast.JoinedStr) and node.values:
                    first = node.values[0]
                    if isinstance(first, ast.Constant) and isinstance(first.value, str):
                        prefixes.add(first.value)
                elif (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Name)
                    and node.func.id in ("t", "tn")
                    and len(node.args) >= 2
                    and isinstance(node.args[1], ast.Constant)
                ):
                    called.add(str(node.args[1].value))
    return literals, {p for p in prefixes if p.endswith(".")}, called


def problems(
    catalogs: dict[str, Catalog], code: tuple[set[str], set[str], set[str]], reference: str = "en"
) -> list[str]:
    """What is wrong with a set of catalogs, as lines a translator understands."""
    literals, prefixes, called = code
    found: list[str] = []
    every = set().union(*catalogs.values())
    for language, catalog in sorted(catalogs.items()):
        found += [f"{language}: missing {key}" for key in sorted(every - catalog.keys())]
        found += [
            f"{language}: empty {key}" for key, forms in sorted(catalog.items()) if not all(forms)
        ]
    for key in sorted(catalogs[reference]):
        expected = set().union(*(placeholders(f) for f in catalogs[reference][key]))
        for language, catalog in sorted(catalogs.items()):
            for form in catalog.get(key, ()):
                if placeholders(form) != expected:
                    found.append(f"{language}: placeholders of {key} differ from {reference}")
    for key in sorted(every):
        if key not in literals and not any(key.startswith(p) for p in prefixes):
            found.append(f"unused: {key}")
    found += [f"used but not in the catalogs: {key}" for key in sorted(called - every)]
    return found


def test_the_catalogs_are_complete_consistent_and_used() -> None:
    catalogs = read_catalogs(LOCALES)
    assert set(catalogs) == set(LANGUAGES)
    assert problems(catalogs, keys_in_code([ROOT / p for p in PRODUCT])) == []


BAD_EN = """msgid ""
msgstr ""
"Language: en\\n"

msgid "greeting"
msgstr "Hello {name}"

msgid "left.over"
msgstr "Nobody asks for me"

msgid "farewell"
msgstr "Bye"
"""
BAD_NL = """msgid ""
msgstr ""
"Language: nl\\n"

msgid "greeting"
msgstr "Hallo {naam}"

msgid "left.over"
msgstr "Niemand vraagt naar mij"
"""


def test_a_broken_catalog_is_caught(tmp_path: Path) -> None:
    (tmp_path / "en.po").write_text(BAD_EN, encoding="utf-8")
    (tmp_path / "nl.po").write_text(BAD_NL, encoding="utf-8")
    code = tmp_path / "code"
    code.mkdir()
    (code / "feature.py").write_text(
        't("en", "greeting", name="x")\nt("en", "farewell")\nt("en", "not.there")\n',
        encoding="utf-8",
    )
    assert problems(read_catalogs(tmp_path), keys_in_code([code])) == [
        "nl: missing farewell",
        "nl: placeholders of greeting differ from en",
        "unused: left.over",
        "used but not in the catalogs: not.there",
    ]


def test_user_text_is_html_escaped() -> None:
    text = t("en", "welcome.student", name='<b>Eve</b> & <a href="x">')
    assert '&lt;b&gt;Eve&lt;/b&gt; &amp; &lt;a href="x"&gt;' in text


@pytest.mark.parametrize(
    ("language", "hours", "expected"),
    [
        ("en", 1, "for 1 hour."),
        ("en", 3, "for 3 hours."),
        ("nl", 1, "in 1 uur"),
        ("nl", 3, "in 3 uur"),
    ],
)
def test_plurals_follow_the_language(language: str, hours: int, expected: str) -> None:
    assert expected in tn(language, "alert.escalated", hours, hours=hours)


def test_an_unknown_language_falls_back_to_english() -> None:
    assert t("xx", "checkin.yes") == "Yes"
