"""Conversations of several messages: their typed steps and data, when they end, which wins.

A *flow* is one conversation the bot holds with a person over several messages: the
check-in's questions, a problem report, the note on a resolved alert. Each feature declares its
flow once, as a `Flow` with a `StrEnum` of steps and a frozen dataclass of what has been said so
far; declaring it registers it by name, so that a stored flow is read back into exactly those
types and checked field by field. A person is in at most one flow at a time, and its state is
stored, so a restart loses nothing. The rules:

- A flow is open until it ends (finished, cancelled) or until its `expires_at` has passed.
- A flow the *person* starts while another is open:
  it goes on when it is the same conversation (same flow, same subject: `/checkin` during the
  check-in asks the open question again); it is refused when the open flow holds words stored
  nowhere else (a problem's description before the student chose who may read it: we never
  throw a report away); otherwise it replaces the open one. The handlers say which happened.
- A flow the *bot* starts on its own (a check-in opening) never interrupts: it starts only when
  nothing is open.
- Whatever ends a flow scrubs its data of drafts, so an ended or expired flow keeps no half
  report: a problem is stored only as an alert, at the end.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import MISSING, asdict, dataclass, field, fields, is_dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any, Generic, Protocol, TypeVar, cast, get_args, get_type_hints


class FlowData(Protocol):
    """What every flow's data has: the id of what the conversation is about."""

    @property
    def subject(self) -> int:
        """The check-in, placement or alert the conversation is about."""
        ...


StepT = TypeVar("StepT", bound=StrEnum)
DataT = TypeVar("DataT", bound=FlowData)


class FlowDataError(ValueError):
    """A stored flow that does not read back as its declared types."""


class Ending(StrEnum):
    """How a flow ended."""

    FINISHED = "finished"  # its last question was answered
    CANCELLED = "cancelled"  # /cancel or a Cancel button
    EXPIRED = "expired"  # nobody answered in time


# The longest free-text answer a step takes: it has to fit, with its frame, in one message to
# the person who reads it (Telegram's limit is 4,096 characters).
MAX_ANSWER = 3500

_FLOWS: dict[str, Flow[Any, Any]] = {}


@dataclass(frozen=True, eq=False, repr=False)
class Flow(Generic[StepT, DataT]):
    """A feature's conversation: its name, its steps and the type of its data."""

    name: str
    steps: type[StepT]
    data: type[DataT]
    drafts: frozenset[StepT] = frozenset()  # steps at which the data holds unsaved words
    scrub: Callable[[DataT], DataT] = field(default=lambda data: data)  # drops those words

    def __post_init__(self) -> None:
        if self.name in _FLOWS:
            raise ValueError(f"a flow named {self.name!r} is declared twice")
        if not is_dataclass(self.data):
            raise TypeError(f"the data of flow {self.name!r} must be a dataclass")
        _FLOWS[self.name] = self

    def __repr__(self) -> str:
        return f"Flow({self.name!r})"

    def start(
        self,
        step: StepT,
        data: DataT,
        now: datetime,
        lasts: timedelta,
        *,
        update_id: int | None = None,
    ) -> FlowState[StepT, DataT]:
        """A new conversation at `step`, open for `lasts` (it has no id until stored)."""
        return FlowState(self, step, data, now + lasts, update_id=update_id)

    def narrow(self, state: FlowState[Any, Any] | None) -> FlowState[StepT, DataT] | None:
        """The state as this flow's types, if it is a state of this flow."""
        return cast("FlowState[StepT, DataT]", state) if state and state.flow is self else None


@dataclass(frozen=True, slots=True)
class FlowState(Generic[StepT, DataT]):
    """Where one person stands in one conversation."""

    flow: Flow[StepT, DataT]
    step: StepT
    data: DataT
    expires_at: datetime
    id: int = 0  # given when stored; a new one for each start (the buttons of a step carry it)
    update_id: int | None = None  # the Telegram update that last moved it (for crash recovery)
    ended: Ending | None = None

    def moved(
        self,
        step: StepT,
        data: DataT,
        now: datetime,
        lasts: timedelta,
        *,
        update_id: int | None = None,
    ) -> FlowState[StepT, DataT]:
        """The same conversation at its next step, open for `lasts` from now."""
        return replace(self, step=step, data=data, expires_at=now + lasts, update_id=update_id)

    def end(
        self, how: Ending, *, data: DataT | None = None, update_id: int | None = None
    ) -> FlowState[StepT, DataT]:
        """The conversation ended, with its data (given, or as it was) scrubbed of drafts."""
        return replace(
            self,
            data=self.flow.scrub(self.data if data is None else data),
            ended=how,
            update_id=update_id,
        )


AnyFlowState = FlowState[Any, Any]


def is_expired(state: AnyFlowState, now: datetime) -> bool:
    """Whether the flow timed out: ended so, or still open past its `expires_at`."""
    return state.ended is Ending.EXPIRED or (state.ended is None and now >= state.expires_at)


def is_open(state: AnyFlowState | None, now: datetime) -> bool:
    """Whether the person is in this flow now (not ended, not timed out)."""
    return state is not None and state.ended is None and now < state.expires_at


def holds_draft(state: AnyFlowState, now: datetime) -> bool:
    """Whether an open flow holds words the person wrote that are stored nowhere else."""
    return is_open(state, now) and state.step in state.flow.drafts


class Start(StrEnum):
    """What starting a flow does to the one that is open."""

    FRESH = "fresh"  # nothing was open
    GO_ON = "go_on"  # the same conversation was open: it goes on where it was
    REPLACE = "replace"  # another flow was open: it is dropped for the new one
    REFUSE = "refuse"  # the open flow holds a draft: the new one does not start


def starting(
    current: AnyFlowState | None, flow: Flow[Any, Any], subject: int, now: datetime
) -> Start:
    """What happens when a person starts `flow` about `subject` while `current` is stored."""
    if current is None or not is_open(current, now):
        return Start.FRESH
    if current.flow is flow and current.data.subject == subject:
        return Start.GO_ON
    if holds_draft(current, now):
        return Start.REFUSE
    return Start.REPLACE


def bot_may_start(current: AnyFlowState | None, now: datetime) -> bool:
    """Whether the bot may start a flow on its own: only when the person is in none."""
    return not is_open(current, now)


# --- stored form ---------------------------------------------------------------------------


def encode(data: FlowData) -> str:
    """A flow's data as stored: JSON of its fields."""
    return json.dumps(asdict(cast("Any", data)), ensure_ascii=False, sort_keys=True)


def restore(
    name: str,
    step: str,
    data: str,
    expires_at: datetime,
    *,
    id: int,
    update_id: int | None,
    ended: str | None,
) -> AnyFlowState:
    """A stored flow back as its declared types; FlowDataError when it does not fit them."""
    flow = _FLOWS.get(name)
    if flow is None:
        raise FlowDataError(f"no flow named {name!r} is declared")
    try:
        typed_step = flow.steps(step)
        how = Ending(ended) if ended is not None else None
    except ValueError as error:
        raise FlowDataError(f"flow {name!r}: {error}") from None
    try:
        raw = json.loads(data)
    except json.JSONDecodeError as error:
        raise FlowDataError(f"flow {name!r}: data is not JSON ({error})") from None
    return FlowState(
        flow,
        typed_step,
        _checked(flow.data, raw, name),
        expires_at,
        id=id,
        update_id=update_id,
        ended=how,
    )


def _checked(cls: type[DataT], raw: object, name: str) -> DataT:
    """Build the dataclass from JSON, refusing a missing, unknown or wrongly typed field.

    A field the dataclass has a default for may be missing (a flow stored before the field
    was added gets the default); every other one must be there, with its declared type.
    """
    if not isinstance(raw, dict):
        raise FlowDataError(f"flow {name!r}: data is not an object")
    hints = get_type_hints(cls)
    declared = fields(cast("Any", cls))
    names = {f.name for f in declared}
    needed = {f.name for f in declared if f.default is MISSING and f.default_factory is MISSING}
    if not needed <= set(raw) <= names:
        raise FlowDataError(
            f"flow {name!r}: fields {sorted(raw)}, expected {sorted(needed)} of {sorted(names)}"
        )
    for key in raw:
        allowed = get_args(hints[key]) or (hints[key],)
        # type() and not isinstance(): True is an int to isinstance, not to us.
        if type(raw[key]) not in allowed:
            raise FlowDataError(f"flow {name!r}: {key}={raw[key]!r} is not {hints[key]}")
    try:
        return cls(**raw)
    except (TypeError, ValueError) as error:  # the dataclass's own checks
        raise FlowDataError(f"flow {name!r}: {error}") from None


# --- typed answers where a button is expected ----------------------------------------------

_YES = frozenset({"ja", "j", "yes", "y", "jawel", "jazeker", "ok", "oké", "oke"})
_NO = frozenset({"nee", "n", "no", "nope", "neen"})


def typed_yes_no(text: str) -> bool | None:
    """A typed yes or no (Dutch or English), or None when the text is neither."""
    word = text.strip().strip(".!").strip().casefold()
    return True if word in _YES else False if word in _NO else None


def typed_number(text: str, lowest: int, highest: int) -> int | None:
    """A typed whole number in a range ("4", " 4 ", "4!"), ASCII digits only; else None."""
    word = text.strip().strip(".!").strip()
    if not (word.isascii() and word.isdigit() and len(word) <= 2):
        return None
    number = int(word)
    return number if lowest <= number <= highest else None
