"""The rules of flows: open or timed out, which flow wins, what an ending keeps, stored form."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from enum import StrEnum

import pytest

from bot.domain.flows import (
    AnyFlowState,
    Ending,
    Flow,
    FlowDataError,
    Start,
    bot_may_start,
    encode,
    holds_draft,
    is_expired,
    is_open,
    restore,
    starting,
    typed_number,
    typed_yes_no,
)

NOW = datetime(2026, 3, 6, 13, 0, tzinfo=UTC)
HOURS = timedelta(hours=2)


class Step(StrEnum):
    ASK = "ask"
    DRAFTED = "drafted"


@dataclass(frozen=True, slots=True)
class Talk:
    about: int
    words: str | None
    chosen: bool | None = None  # added later: rows stored before lack it

    @property
    def subject(self) -> int:
        return self.about


def _forget_words(talk: Talk) -> Talk:
    return replace(talk, words=None)


# Two flows as features declare them: one keeps unsaved words at DRAFTED, one never does.
DRAFTING = Flow("test.drafting", Step, Talk, drafts=frozenset({Step.DRAFTED}), scrub=_forget_words)
PLAIN = Flow("test.plain", Step, Talk)


def state(
    flow: Flow[Step, Talk],
    step: Step = Step.ASK,
    about: int = 1,
    *,
    expires: timedelta = HOURS,
    ended: Ending | None = None,
) -> AnyFlowState:
    talk = Talk(about, "my words" if step is Step.DRAFTED else None)
    return replace(flow.start(step, talk, NOW - HOURS, HOURS + expires), id=7, ended=ended)


@pytest.mark.parametrize(
    ("stored", "is_open_now", "timed_out"),
    [
        (None, False, None),
        (state(PLAIN), True, False),
        (state(PLAIN, expires=timedelta(seconds=1)), True, False),
        (state(PLAIN, expires=timedelta(0)), False, True),  # expires_at == now: over
        (state(PLAIN, expires=-timedelta(minutes=5)), False, True),
        (state(PLAIN, ended=Ending.FINISHED), False, False),
        (state(PLAIN, ended=Ending.CANCELLED), False, False),
        (state(PLAIN, ended=Ending.EXPIRED, expires=timedelta(hours=9)), False, True),
    ],
)
def test_a_flow_is_open_until_it_ends_or_times_out(
    stored: AnyFlowState | None,
    is_open_now: bool,
    timed_out: bool | None,
) -> None:
    assert is_open(stored, NOW) is is_open_now
    assert bot_may_start(stored, NOW) is not is_open_now
    if stored is not None:
        assert is_expired(stored, NOW) is timed_out


@pytest.mark.parametrize(
    ("stored", "incoming", "subject", "expected"),
    [
        (None, PLAIN, 1, Start.FRESH),
        (state(PLAIN, ended=Ending.FINISHED), PLAIN, 1, Start.FRESH),
        (state(DRAFTING, Step.DRAFTED, expires=-HOURS), PLAIN, 1, Start.FRESH),  # timed out
        (state(PLAIN), PLAIN, 1, Start.GO_ON),  # /checkin during the check-in
        (state(DRAFTING, Step.DRAFTED), DRAFTING, 1, Start.GO_ON),  # his report goes on
        (state(PLAIN), PLAIN, 2, Start.REPLACE),  # another check-in
        (state(PLAIN), DRAFTING, 1, Start.REPLACE),
        (state(DRAFTING, Step.ASK), PLAIN, 1, Start.REPLACE),  # nothing written yet
        (state(DRAFTING, Step.DRAFTED), PLAIN, 1, Start.REFUSE),  # never thrown away
        (state(DRAFTING, Step.DRAFTED), DRAFTING, 2, Start.REFUSE),
    ],
)
def test_which_flow_wins(
    stored: AnyFlowState | None, incoming: Flow[Step, Talk], subject: int, expected: Start
) -> None:
    assert starting(stored, incoming, subject, NOW) is expected


def test_only_an_open_flow_at_a_draft_step_holds_a_draft() -> None:
    assert holds_draft(state(DRAFTING, Step.DRAFTED), NOW)
    assert not holds_draft(state(DRAFTING, Step.ASK), NOW)
    assert not holds_draft(state(PLAIN, Step.DRAFTED), NOW)
    assert not holds_draft(state(DRAFTING, Step.DRAFTED, expires=-HOURS), NOW)


@pytest.mark.parametrize("how", list(Ending))
def test_however_a_flow_ends_its_draft_is_gone(how: Ending) -> None:
    ended = state(DRAFTING, Step.DRAFTED).end(how, update_id=42)
    assert ended.data == Talk(1, None)
    assert (ended.ended, ended.update_id, ended.id) == (how, 42, 7)
    finished = state(DRAFTING, Step.DRAFTED).end(Ending.FINISHED, data=Talk(1, "x", True))
    assert finished.data == Talk(1, None, True)


def test_moving_on_counts_the_time_out_from_the_answer() -> None:
    moved = state(PLAIN).moved(Step.DRAFTED, Talk(1, "w"), NOW, HOURS, update_id=9)
    assert (moved.step, moved.expires_at, moved.update_id, moved.id) == (
        Step.DRAFTED,
        NOW + HOURS,
        9,
        7,
    )


def test_a_stored_flow_reads_back_as_its_types() -> None:
    talk = Talk(3, "Tom & Jerry 😀 <b>", True)
    back = restore(
        "test.drafting", "drafted", encode(talk), NOW, id=5, update_id=11, ended="cancelled"
    )
    assert back.flow is DRAFTING
    assert (back.step, back.data, back.expires_at, back.id, back.update_id, back.ended) == (
        Step.DRAFTED,
        talk,
        NOW,
        5,
        11,
        Ending.CANCELLED,
    )
    assert DRAFTING.narrow(back) is back
    assert PLAIN.narrow(back) is None


@pytest.mark.parametrize(
    ("name", "step", "data", "ended"),
    [
        ("test.gone", "ask", '{"about": 1, "words": null, "chosen": null}', None),  # no such flow
        ("test.plain", "shouted", '{"about": 1, "words": null, "chosen": null}', None),
        ("test.plain", "ask", '{"about": 1, "words": null, "chosen": null}', "exploded"),
        ("test.plain", "ask", "not json", None),
        ("test.plain", "ask", "[1, 2]", None),
        ("test.plain", "ask", '{"about": 1, "chosen": null}', None),  # a field missing
        ("test.plain", "ask", '{"about": 1, "words": null, "chosen": null, "x": 1}', None),
        ("test.plain", "ask", '{"about": "1", "words": null, "chosen": null}', None),
        ("test.plain", "ask", '{"about": true, "words": null, "chosen": null}', None),
        ("test.plain", "ask", '{"about": 1.5, "words": null, "chosen": null}', None),
        ("test.plain", "ask", '{"about": 1, "words": 3, "chosen": null}', None),
        ("test.plain", "ask", '{"about": 1, "words": null, "chosen": 1}', None),
        ("test.plain", "ask", '{"about": null, "words": null, "chosen": null}', None),
    ],
)
def test_a_stored_flow_that_does_not_fit_is_refused(
    name: str, step: str, data: str, ended: str | None
) -> None:
    with pytest.raises(FlowDataError):
        restore(name, step, data, NOW, id=1, update_id=None, ended=ended)


def test_a_field_added_later_reads_back_with_its_default() -> None:
    back = restore(
        "test.plain", "ask", '{"about": 4, "words": "w"}', NOW, id=1, update_id=None, ended=None
    )
    assert back.data == Talk(4, "w", None)


def test_a_flow_name_is_declared_once() -> None:
    with pytest.raises(ValueError, match="declared twice"):
        Flow("test.plain", Step, Talk)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("ja", True),
        ("Ja!", True),
        (" JA ", True),
        ("yes", True),
        ("y", True),
        ("oké", True),
        ("nee", False),
        ("Nee.", False),
        ("no", False),
        ("N", False),
        ("misschien", None),
        ("ja hoor, best wel", None),
        ("", None),
        ("4", None),
    ],
)
def test_a_typed_yes_or_no(typed: str, expected: bool | None) -> None:
    assert typed_yes_no(typed) is expected


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("4", 4),
        (" 1 ", 1),
        ("5!", 5),
        ("3.", 3),
        ("0", None),
        ("6", None),
        ("45", None),
        ("-1", None),
        ("4,5", None),
        ("vier", None),
        ("٤", None),
        ("４", None),
        ("²", None),  # digits, but not ASCII ones
        ("het ging wel oké", None),
        ("", None),
    ],
)
def test_a_typed_number_in_a_range(typed: str, expected: int | None) -> None:
    assert typed_number(typed, 1, 5) == expected
