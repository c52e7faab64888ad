"""Typed outbox payloads: refused when made wrong, refused when read back wrong."""

from __future__ import annotations

import re
import typing
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import pytest

from bot.domain.checkins import CheckInOpened, CheckInsPaused
from bot.domain.escalation import AlertEscalated, AlertRaised
from bot.domain.messages import (
    Message,
    Payload,
    PayloadError,
    decode,
    encode,
    message_kind,
    payload_types,
)
from bot.domain.people import PersonUnreachable
from tests.kinds import Colour, Everything

SAMPLE = Everything(7, True, "2026-W10", date(2026, 3, 6), Colour.BLUE, None)


@pytest.mark.parametrize(
    "payload",
    [
        SAMPLE,
        Everything(0, False, "", date(1, 1, 1), Colour.RED, 2**62),
        CheckInOpened(12),
        CheckInsPaused(3, date(2026, 12, 24)),
        AlertRaised(5, resent=True),
        AlertEscalated(5, 48),
        PersonUnreachable(9),
    ],
)
def test_a_payload_reads_back_as_it_was_written(payload: Payload) -> None:
    assert decode(payload.kind, encode(payload)) == payload


def unchecked(value: object) -> Any:
    """A value handed past the type checker, as a bug or a careless caller would."""
    return value


@pytest.mark.parametrize(
    ("make", "error"),
    [
        (lambda: CheckInOpened(unchecked("12")), "checkin_open.checkin_id must be int, not '12'"),
        (lambda: CheckInOpened(True), "must be int, not True"),
        (lambda: CheckInOpened(unchecked(12.0)), "must be int, not 12.0"),
        (lambda: CheckInOpened(unchecked(None)), "must be int, not None"),
        (lambda: AlertRaised(5, resent=unchecked(1)), "alert.resent must be bool, not 1"),
        (lambda: CheckInsPaused(3, datetime(2026, 12, 24)), "until must be date"),  # noqa: DTZ001
        (lambda: CheckInsPaused(3, unchecked("2026-12-24")), "until must be date"),
        (
            lambda: Everything(7, True, "w", date(2026, 1, 1), unchecked("blue")),
            "colour must be a Colour",
        ),
    ],
)
def test_a_wrong_field_is_refused_when_the_payload_is_made(
    make: Callable[[], object], error: str
) -> None:
    with pytest.raises(PayloadError, match=re.escape(error)):
        make()


def test_a_missing_field_is_refused_when_the_payload_is_made() -> None:
    with pytest.raises(TypeError, match="checkin_id"):
        CheckInOpened()  # type: ignore[call-arg]


@pytest.mark.parametrize(
    ("kind", "text", "error"),
    [
        ("checkin_open", '{"checkin_id": 12, "name": "Sanne"}', r"unknown \['name'\]"),
        ("checkin_open", "{}", r"missing \['checkin_id'\]"),
        ("checkin_open", '{"checkin_id": "12"}', "checkin_id must be int, not '12'"),
        ("checkin_open", '{"checkin_id": true}', "must be int, not True"),
        ("checkin_open", '{"checkin_id": null}', "must be int, not None"),
        ("checkin_open", '{"checkin_id": 1.5}', "must be int, not 1.5"),
        ("checkin_open", "[12]", "a payload is a JSON object"),
        ("checkin_open", "not json", "not JSON"),
        ("alert", '{"alert_id": 5, "resent": 1}', "resent must be bool, not 1"),
        ("alert", '{"alert_id": 5}', r"missing \['resent'\]"),
        ("paused", '{"placement_id": 3, "until": "2026-13-01"}', "until must be date"),
        ("paused", '{"placement_id": 3, "until": 20261224}', "until must be date"),
        (
            "test.everything",
            '{"person_id": 1, "urgent": false, "week": "w", "day": "2026-01-01", '
            '"colour": "green", "alert_id": null}',
            "colour must be a Colour",
        ),
        (
            "test.everything",
            '{"person_id": 1, "urgent": false, "week": 3, "day": "2026-01-01", '
            '"colour": "red", "alert_id": null}',
            "week must be str, not 3",
        ),
        ("notice", '{"key": "privacy.rejected_notice"}', "unknown message kind 'notice'"),
    ],
)
def test_a_row_that_does_not_fit_its_kind_is_refused_when_read(
    kind: str, text: str, error: str
) -> None:
    with pytest.raises(PayloadError, match=error):
        decode(kind, text)


def test_only_a_registered_payload_makes_a_message() -> None:
    @dataclass(frozen=True, slots=True)
    class Stray(Payload):
        n: int

    with pytest.raises(PayloadError, match="Stray is not a registered message kind"):
        Message("stray:1", 1, Stray(1))
    with pytest.raises(PayloadError, match="Stray is not a registered message kind"):
        encode(Stray(1))
    message = Message("checkin:1:2026-W10", 4, CheckInOpened(12))
    assert message.kind == "checkin_open"


def test_a_kind_is_registered_once_and_holds_only_ids_and_plain_values() -> None:
    with pytest.raises(ValueError, match="'checkin_open' is taken by CheckInOpened"):

        @message_kind("checkin_open")
        @dataclass(frozen=True, slots=True)
        class Again(Payload):
            checkin_id: int

    with pytest.raises(TypeError, match="a payload field is an id or a plain value"):

        @message_kind("test.listing")
        @dataclass(frozen=True, slots=True)
        class Listing(Payload):
            names: list[str]

    with pytest.raises(TypeError, match="a payload is a frozen dataclass"):

        @message_kind("test.mutable")
        @dataclass
        class Mutable(Payload):
            n: int

    assert "test.listing" not in payload_types()
    assert "test.mutable" not in payload_types()
    assert payload_types()["checkin_open"] is CheckInOpened


def test_no_product_kind_can_hold_a_name_or_free_text() -> None:
    for name, cls in payload_types().items():
        if name.startswith(("test.", "bench.")):
            continue
        for field, hint in typing.get_type_hints(cls).items():
            if field != "kind":
                assert str not in (hint, *typing.get_args(hint)), (
                    f"{name}.{field}: a product payload holds ids, days, flags and enums; "
                    "names and texts are read by id when the message is sent"
                )
