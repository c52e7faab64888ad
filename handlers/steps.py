"""Handlers that match a step of a flow: the step a person is on decides what his message is.

Like aiogram's StateFilter: `StepText` and `StepButton` match only when the person's open flow
is at their step, and each feature registers its own. PTB's `check_update` sees only the
update, so the guard leaves the flow it loaded in a context variable, marked with the update it
belongs to (`remember`). PTB runs the guard and then checks group 0 inside the one task that
processes this update, and a context variable set in a task is seen by that task only: however
many people's updates are handled at once, each sees its own. A handler that finds another
update's mark matches nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from telegram import Message, Update
from telegram.ext import CallbackQueryHandler, MessageHandler, filters

from bot.domain.flows import AnyFlowState, Flow, is_open
from handlers.context import BotContext

Callback = Callable[[Update, BotContext], Any]
NEW_TEXT = filters.UpdateType.MESSAGE & filters.TEXT & ~filters.COMMAND  # edits are no answer


@dataclass(frozen=True, slots=True)
class _Loaded:
    update: Update
    state: AnyFlowState | None
    now: datetime


_LOADED: ContextVar[_Loaded | None] = ContextVar("mentorbot_flow", default=None)


def remember(update: Update, state: AnyFlowState | None, now: datetime) -> None:
    """The guard loaded this update's flow: the step handlers look at it (not at another's)."""
    _LOADED.set(_Loaded(update, state, now))


def open_at(update: object) -> AnyFlowState | None:
    """The open flow of the person behind this update, as the guard loaded it."""
    loaded = _LOADED.get()
    if loaded is None or loaded.update is not update:
        return None
    return loaded.state if is_open(loaded.state, loaded.now) else None


class StepText(MessageHandler[BotContext, None]):
    """A new text message (not a command) from a person at `step` of `flow`."""

    def __init__(
        self,
        flow: Flow[Any, Any],
        step: StrEnum,
        callback: Callback,
        text: filters.BaseFilter = filters.TEXT,
    ) -> None:
        super().__init__(NEW_TEXT & text, callback)
        self.flow, self.step = flow, step

    def check_update(self, update: object) -> bool | dict[str, list[Any]] | None:
        state = open_at(update)
        if state is None or state.flow is not self.flow or state.step is not self.step:
            return None
        return super().check_update(update)


class StepButton(CallbackQueryHandler[BotContext, None]):
    """A button of `step` of `flow` (`st:<flow id>:<answer>`) pressed in that very flow."""

    def __init__(
        self, flow: Flow[Any, Any] | None, step: StrEnum | None, answers: str, callback: Callback
    ) -> None:
        super().__init__(callback, pattern=rf"^st:([0-9]{{1,18}}):({answers})$")
        self.flow, self.step = flow, step

    def check_update(self, update: object) -> bool | object | None:
        state = open_at(update)
        if state is None or (
            self.flow is not None and (state.flow is not self.flow or state.step is not self.step)
        ):
            return None
        match = super().check_update(update)
        if not match or not hasattr(match, "group") or int(match.group(1)) != state.id:
            return None
        return match


class Typed(filters.MessageFilter):
    """Text that reads as an answer to a button question ("4", "ja")."""

    def __init__(self, parse: Callable[[str], object | None]) -> None:
        super().__init__(name=f"Typed({parse.__name__})")
        self._parse = parse

    def filter(self, message: Message) -> bool:
        return self._parse(message.text or "") is not None


class InAnyFlow(MessageHandler[BotContext, None]):
    """A new text message from a person in any open flow (that no step handler took)."""

    def __init__(self, callback: Callback) -> None:
        super().__init__(NEW_TEXT, callback)

    def check_update(self, update: object) -> bool | dict[str, list[Any]] | None:
        return super().check_update(update) if open_at(update) else None
