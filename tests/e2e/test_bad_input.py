"""Digits that only look like digits, typed in the chat: the normal answer, nothing changed."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.story import school_world

# Superscript two (str.isdigit() says yes, int() crashes), Arabic-Indic and full-width digits
# (int() reads them: the bot paused until a date the student never typed in digits it knows),
# Devanagari, mathematical bold, one such digit among ASCII ones, and full-width hyphens.
LOOKALIKES = [
    "²-04-2026",
    "٢٦-٠٤-٢٠٢٦",
    "２６-０４-２０２６",
    "२६-०४-२०२६",
    "𝟐𝟔-04-2026",
    "26-04-202６",
    "26－04－2026",
]


@pytest.mark.parametrize("written", LOOKALIKES)
async def test_a_pause_date_in_other_digits_gets_the_not_a_date_answer(
    tmp_path: Path, written: str
) -> None:
    async with school_world(tmp_path / "bot.sqlite3") as (world, cast, _):
        student, supervisor = cast.student, cast.supervisor
        student.send_text("/pause")
        await world.settle()
        not_a_date = student.texts()[-1]
        told_before = len(supervisor.texts())

        student.send_text(f"/pause {written}")
        await world.settle()
        assert student.texts()[-1] == not_a_date
        assert len(supervisor.texts()) == told_before  # no pause, so no notice of one

        # The same date in ASCII digits pauses: the refusal above was about the digits.
        student.send_text("/pause 26-04-2026")
        await world.settle()
        assert student.texts()[-1].startswith("Check-ins are paused.")
        assert supervisor.texts()[-1] == (
            "⏸ Sanne de Vries paused the check-ins until Sun 26 Apr 2026."
        )
