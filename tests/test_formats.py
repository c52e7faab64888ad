"""Numbers as each language writes them: a Dutch reader sees a decimal comma."""

from __future__ import annotations

from handlers.formats import one_decimal


def test_a_mean_has_the_decimal_sign_of_the_reader_s_language() -> None:
    assert one_decimal("nl", 3.66) == "3,7"
    assert one_decimal("en", 3.66) == "3.7"
    assert one_decimal("nl", 4.0) == "4,0"  # always one decimal, as the results line shows
    assert one_decimal("xx", 1.04) == "1.0"  # a language the bot does not speak: English
