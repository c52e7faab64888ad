"""Telegram's length and the split of long texts: measured as Telegram does, cut on text."""

from __future__ import annotations

import html
import re

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from bot.sandbox.checks import parse_html
from bot.sandbox.checks import utf16_len as telegram_units
from handlers.split import (
    MAX_MESSAGE,
    split_message,
    telegram_length,
    utf16_len,
    visible_text,
)

EMOJI = "😀"  # outside the Basic Multilingual Plane: two UTF-16 units
FAMILY = "👩\u200d👩\u200d👧"  # one symbol of five code points joined by zero-width joiners


def unblank(text: str) -> str:
    """A text without its blanks: a cut may drop the blank it falls on, nothing else."""
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", 0),
        ("abc", 3),
        ("<b>abc</b>", 3),  # tags are free
        ("&amp;", 1),  # an entity is the one character it stands for
        ("&lt;b&gt;", 3),
        ("&#128512;", 2),  # a numeric entity of an emoji: two units
        (EMOJI, 2),
        ("é", 1),
        (FAMILY, 8),
        ('<a href="tg://user?id=1">Sanne</a> &amp; Mark', 12),
        ("<i>" + "&amp;" * 700 + "</i>", 700),
    ],
)
def test_length_is_counted_as_telegram_counts_it(text: str, expected: int) -> None:
    assert telegram_length(text) == expected


def test_a_plain_text_counts_every_character_as_itself() -> None:
    assert telegram_length("<b>&amp;</b>", markup=False) == 12
    assert telegram_length(EMOJI * 3, markup=False) == 6


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        # Fits: one part, untouched.
        ("short", 10, ["short"]),
        ("<b>exactly10!</b>", 10, ["<b>exactly10!</b>"]),
        ("&amp;" * 10, 10, ["&amp;" * 10]),
        # A paragraph break wins over a later line or word, once the part is half full.
        ("first para\n\nsecond para", 15, ["first para", "second para"]),
        ("one two\nthree four", 15, ["one two", "three four"]),
        ("Yes. No more words", 12, ["Yes. No more", "words"]),
        ("Go on. Then stop here", 16, ["Go on. Then stop", "here"]),
        # A sentence end too early in the part loses to a later word boundary.
        ("A. bcdefgh ijk", 12, ["A. bcdefgh", "ijk"]),
        # No blank at all: between two characters.
        ("abcdefghij", 4, ["abcd", "efgh", "ij"]),
        # Never inside an entity: the cut falls between two whole `&amp;`.
        ("&amp;&amp;&amp;", 2, ["&amp;&amp;", "&amp;"]),
        # An emoji is two units and is never cut in half.
        (EMOJI * 3, 4, [EMOJI * 2, EMOJI]),
        (EMOJI * 3, 5, [EMOJI * 2, EMOJI]),
        # Tags open at a cut are closed and opened again, nested ones in order.
        ("<i>aaaa bbbb</i>", 6, ["<i>aaaa</i>", "<i>bbbb</i>"]),
        ("<b>x <i>yy zz</i> w</b>", 5, ["<b>x <i>yy</i></b>", "<b><i>zz</i> w</b>"]),
        (
            '<a href="https://x.nl">link text</a>',
            5,
            ['<a href="https://x.nl">link</a>', '<a href="https://x.nl">text</a>'],
        ),
        # A closing tag right after the cut stays with the part it closes.
        ("<i>aaaa</i> bbbb", 6, ["<i>aaaa</i>", "bbbb"]),
        # Blanks at a cut are dropped, a part made only of blanks is no part.
        ("aaaa\n\n\n\nbbbb", 6, ["aaaa", "bbbb"]),
    ],
)
def test_split_table(text: str, limit: int, expected: list[str]) -> None:
    assert split_message(text, limit) == expected


def test_a_zwj_emoji_sequence_is_not_cut_when_a_cut_between_characters_is_needed() -> None:
    parts = split_message("ab" + FAMILY, 8)
    assert parts == ["ab", FAMILY]


def test_a_plain_text_is_split_without_reading_tags() -> None:
    assert split_message("<b> &amp;", 5, markup=False) == ["<b>", "&amp;"]


def test_a_blank_text_stays_one_part_as_it_is() -> None:
    assert split_message("\n\n\n", 2) == ["\n\n\n"]
    assert split_message("", 2) == [""]


def test_a_limit_that_cannot_hold_an_emoji_is_refused() -> None:
    with pytest.raises(ValueError, match="limit"):
        split_message("x", 1)


def test_visible_text_drops_tags_and_decodes_entities() -> None:
    assert visible_text("<b>Q &amp; A</b> &lt;3 &#128512;") == f"Q & A <3 {EMOJI}"


@pytest.mark.parametrize(
    "report",
    [
        "a&" * 700,  # the review's 1,400-character report with 700 `&`
        EMOJI * 2100,  # and the one with 2,100 emoji: 4,200 units
        ("Het gaat niet goed. " * 250).strip(),  # 5,000 characters of sentences
        ("x" * 5000),  # one word of 5,000 characters
    ],
)
def test_an_alert_with_a_long_report_splits_into_valid_parts_that_reassemble(report: str) -> None:
    alert = (
        '⚠️ <b><a href="tg://user?id=1001">Sanne</a></b> (Bakkerij) reported a '
        "problem.\n\nIn the student's words:\n<i>" + html.escape(report, quote=False) + "</i>"
    )
    parts = split_message(alert)
    seen = [parse_html(part) for part in parts]  # each part parses, as Telegram would
    assert all(0 < telegram_units(text) <= MAX_MESSAGE for text in seen)
    assert unblank("".join(seen)) == unblank(visible_text(alert))
    # Every part but the last is at least half full: no needless flood of small messages.
    assert len(parts) <= telegram_length(alert) // (MAX_MESSAGE // 2) + 1


# Texts built from the pieces that break naive splitting: entities, emoji, joined symbols,
# nested tags, blank runs, and long words.
_PIECES = st.sampled_from(
    [
        "a",
        "word ",
        "Zin. ",
        "\n",
        "\n\n",
        "&amp;",
        "&lt;",
        "&#128512;",
        EMOJI,
        FAMILY,
        "é",
        "e\u0301",
        "🇳🇱",
        "👍🏽",
        "  ",
        "x" * 37,
    ]
)


@st.composite
def _html_texts(draw: st.DrawFn) -> str:
    out: list[str] = []
    stack: list[str] = []
    for _ in range(draw(st.integers(1, 120))):
        choice = draw(st.integers(0, 9))
        if choice == 0 and len(stack) < 4:
            tag = draw(st.sampled_from(["b", "i", "u", "code", "a"]))
            out.append('<a href="https://example.nl/x?a=1&amp;b=2">' if tag == "a" else f"<{tag}>")
            stack.append(tag)
        elif choice == 1 and stack:
            out.append(f"</{stack.pop()}>")
        else:
            out.append(draw(_PIECES))
    out.extend(f"</{tag}>" for tag in reversed(stack))
    return "".join(out)


@settings(max_examples=300, deadline=None)
@given(text=_html_texts(), limit=st.integers(2, 80))
def test_every_part_fits_parses_and_nothing_is_lost(text: str, limit: int) -> None:
    assume(visible_text(text).strip())  # a blank text is no message (Telegram: "empty")
    parts = split_message(text, limit)
    seen = [parse_html(part) for part in parts]
    assert all(telegram_units(part) <= limit for part in seen)
    assert unblank("".join(seen)) == unblank(visible_text(text))
    assert sum(utf16_len(part) for part in seen) <= telegram_length(text)
