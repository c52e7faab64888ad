"""Flows on Telegram's side: how each looks, asking a step, /cancel, asking again.

Each feature says how its flow looks (`FlowView`): how each step asks its question, the
closing line, and what to say when it is cancelled, replaced or timed out. That is what lets
one generic mechanism ask a step again: after a crash (`repeat`), after a typed answer where a
button was expected (`use_buttons`), and after /cancel. The handlers that match a step are in
handlers/steps.py.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from contextlib import suppress
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest
from telegram.ext import ApplicationHandlerStop, BaseHandler, CommandHandler

from bot.domain.flows import AnyFlowState, Ending, Flow, is_expired
from bot.i18n import t
from bot.priority import in_passing
from bot.services.flows import cancel_flow, current_flow, forget_timed_out
from handlers.context import BotContext
from handlers.reply import answer
from handlers.steps import InAnyFlow, StepButton, StepText, Typed, open_at, remember

# A feature needs only this module: the step handlers come with it.
__all__ = [
    "FlowView",
    "StepButton",
    "StepText",
    "Typed",
    "ask",
    "button",
    "cancel_row",
    "chose",
    "pressed_answer",
    "refuse_busy",
    "register",
    "replaced_notice",
]

Question = tuple[str, InlineKeyboardMarkup | None]
Asker = Callable[[str, Any], Question]  # (language, state of its flow) -> text and buttons


@dataclass(frozen=True, slots=True)
class FlowView:
    """How a flow looks in the chat; the texts are catalog keys."""

    flow: Flow[Any, Any]
    asks: Mapping[StrEnum, Asker]  # each step's question
    closing: Asker  # said once the last question is answered
    cancelled: str  # /cancel or its Cancel button ended it
    replaced: str | None = None  # another flow took its place (None: it held nothing)
    expired: str | None = None  # the person wrote after it timed out
    busy: str | None = None  # it holds a draft, so a new flow was refused


_VIEWS: dict[str, FlowView] = {}


def register(view: FlowView) -> None:
    """Declare how a flow looks; every step needs a question, a flow with drafts a refusal."""
    missing = [step for step in view.flow.steps if step not in view.asks]
    if missing or (view.flow.drafts and view.busy is None):
        raise ValueError(f"flow {view.flow.name!r}: no question for {missing} or no refusal")
    _VIEWS[view.flow.name] = view


async def load(update: Update, context: BotContext) -> None:
    """The guard's last step: load the person's flow; a crash's update repeats its answer."""
    state = await current_flow(context.services, context.me)
    context.flow = state
    remember(update, state, context.services.clock.now())
    # The inbox hands each update over once, until it is marked handled: a flow already
    # carrying this update's id means a process died after saving its change, maybe before
    # its answer went out. Ask that step (or say that ending) again, and do nothing else.
    if state is not None and state.update_id == update.update_id:
        await repeat(update, context, state)
        raise ApplicationHandlerStop


def button(state: AnyFlowState, answer_: str, label: str) -> InlineKeyboardButton:
    """A button of the step `state` is at; it works only in that flow (it carries its id)."""
    return InlineKeyboardButton(label, callback_data=f"st:{state.id}:{answer_}")


def cancel_row(language: str, state: AnyFlowState) -> list[InlineKeyboardButton]:
    """The Cancel button every free-text question has."""
    return [button(state, "cancel", t(language, "flow.cancel"))]


def pressed_answer(update: Update) -> str:
    """The answer part of a step button's data (checked by StepButton's pattern)."""
    query = update.callback_query
    assert query is not None
    return (query.data or "").rsplit(":", 1)[-1]


def question(language: str, state: AnyFlowState) -> Question:
    """What the flow says now: its step's question, or its closing once it finished."""
    view = _VIEWS[state.flow.name]
    if state.ended is Ending.FINISHED:
        return view.closing(language, state)
    if state.ended is Ending.CANCELLED:
        return t(language, view.cancelled), None
    return view.asks[state.step](language, state)


async def ask(
    update: Update, context: BotContext, state: AnyFlowState, *, preface: str | None = None
) -> None:
    """Send the question of the step `state` is at (or its closing), after a preface."""
    text, markup = question(context.language, state)
    await answer(update, "\n\n".join(part for part in (preface, text) if part), markup)


def replaced_notice(language: str, replaced: AnyFlowState | None) -> str | None:
    """What to say about the open flow a new one took the place of."""
    view = _VIEWS[replaced.flow.name] if replaced else None
    return t(language, view.replaced) if view and view.replaced else None


async def refuse_busy(update: Update, context: BotContext, holder: AnyFlowState) -> None:
    """A new flow was refused: say why and ask the open flow's question again."""
    query = update.callback_query
    busy = _VIEWS[holder.flow.name].busy or "button.stale"
    if query is not None:
        with suppress(BadRequest):
            await query.answer()
    await ask(update, context, holder, preface=t(context.language, busy))


async def chose(update: Update, label: str) -> None:
    """Answer a button press and leave the choice under the question, without buttons."""
    query = update.callback_query
    assert query is not None
    await query.answer()
    message = query.message
    if isinstance(message, Message) and message.text_html:
        # Not waited for: the edit counts against Telegram's one message a second in the chat,
        # and the next question goes first (a question too old to edit stays as it is).
        in_passing(query.edit_message_text(f"{message.text_html}\n<b>→ {label}</b>"))


async def repeat(update: Update, context: BotContext, state: AnyFlowState) -> None:
    """After a crash: the change is saved, the answer maybe not: ask (or say) it again."""
    if update.callback_query is not None:
        with suppress(BadRequest):  # answered before the crash, or too old by now
            await update.callback_query.answer()
    await ask(update, context, state)


async def tell_timed_out(update: Update, context: BotContext) -> bool:
    """If the person's flow timed out since he last wrote, say so once; False otherwise."""
    state, now = context.flow, context.services.clock.now()
    view = _VIEWS.get(state.flow.name) if state else None
    if state is None or view is None or view.expired is None or not is_expired(state, now):
        return False
    await forget_timed_out(context.services, context.me, now)
    await answer(update, t(context.language, view.expired))
    return True


async def cancel_command(update: Update, context: BotContext) -> None:
    """/cancel: end whatever flow the person is in."""
    svc = context.services
    state = await cancel_flow(svc, context.me, None, svc.clock.now(), update.update_id)
    key = _VIEWS[state.flow.name].cancelled if state else "flow.nothing_to_cancel"
    await answer(update, t(context.language, key))


async def cancel_pressed(update: Update, context: BotContext) -> None:
    """The Cancel button of a free-text question: end that flow."""
    query = update.callback_query
    assert query is not None
    flow_id = int((query.data or "").split(":")[1])
    svc, lang = context.services, context.language
    state = await cancel_flow(svc, context.me, flow_id, svc.clock.now(), update.update_id)
    if state is None:
        await query.answer(t(lang, "button.stale"), show_alert=True)
        return
    await chose(update, t(lang, "flow.cancel"))
    await answer(update, t(lang, _VIEWS[state.flow.name].cancelled))


async def use_buttons(update: Update, context: BotContext) -> None:
    """Text where a button is expected, and not one we understand: show the buttons again."""
    state = open_at(update)
    assert state is not None  # InAnyFlow matched
    await ask(update, context, state, preface=t(context.language, "flow.use_buttons"))


def build() -> list[BaseHandler[Update, BotContext, None]]:
    """/cancel and the Cancel buttons, and text at a button step; after every feature."""
    return [
        CommandHandler("cancel", cancel_command),
        StepButton(None, None, "cancel", cancel_pressed),
        InAnyFlow(use_buttons),
    ]
