"""The participant's side of training: Enrol, and handing in an assignment as a text, a
document or a photo after pressing Hand in."""

from __future__ import annotations

from typing import Any

from telegram import Document, InlineKeyboardMarkup, Message, PhotoSize, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, MessageHandler, filters

from bot.domain.flows import AnyFlowState, Flow
from bot.i18n import t
from bot.services.training import TrainingResult, enrol
from bot.services.training_facts import run_facts
from bot.services.training_hand_in import (
    FILE_MAX,
    HAND_IN,
    HandInOutcome,
    HandInResult,
    HandInStep,
    hand_in,
    start_hand_in,
)
from handlers import flows
from handlers.context import BotContext
from handlers.formats import moment
from handlers.guard import refuse
from handlers.reply import answer, pressed
from handlers.steps import Callback, StepText, open_at


def ask_hand_in(language: str, state: AnyFlowState) -> flows.Question:
    """Send the assignment now (or Cancel)."""
    return (
        t(language, "training.ask_hand_in", number=state.data.number),
        InlineKeyboardMarkup([flows.cancel_row(language, state)]),
    )


def handed_in(language: str, state: AnyFlowState) -> flows.Question:
    """Said again after a crash: it is in."""
    return t(language, "training.handed_in", number=state.data.number), None


flows.register(
    flows.FlowView(
        HAND_IN,
        {HandInStep.WAIT: ask_hand_in},
        closing=handed_in,
        cancelled="training.hand_in_cancelled",
        expired="training.hand_in_expired",
    )
)


class StepFile(MessageHandler[BotContext, None]):
    """A document or photo from a person at `step` of `flow` (StepText's twin for files)."""

    def __init__(self, flow: Flow[Any, Any], step: HandInStep, callback: Callback) -> None:
        super().__init__(
            filters.UpdateType.MESSAGE & (filters.Document.ALL | filters.PHOTO), callback
        )
        self.flow, self.step = flow, step

    def check_update(self, update: object) -> bool | dict[str, list[Any]] | None:
        state = open_at(update)
        if state is None or state.flow is not self.flow or state.step is not self.step:
            return None
        return super().check_update(update)


async def enrol_pressed(update: Update, context: BotContext) -> None:
    """Enrol: he is in; the instructions and links follow as a message."""
    _, (_, _, run_id) = pressed(update)
    svc, lang = context.services, context.language
    result = await enrol(svc, context.me, int(run_id), svc.clock.now())
    if result is not TrainingResult.DONE:
        await refuse(update, context, f"training.{result.value}")
        return
    facts = await run_facts(svc, int(run_id))
    await flows.chose(update, t(lang, "training.enrol_button"))
    await answer(update, t(lang, "training.enrolled", course=facts.run.course if facts else ""))


async def hand_in_pressed(update: Update, context: BotContext) -> None:
    """Hand in: asks for the text or the file, if this is his assignment and still open."""
    _, (_, _, session_id) = pressed(update)
    svc = context.services
    outcome = await start_hand_in(
        svc, context.me, int(session_id), svc.clock.now(), update_id=update.update_id
    )
    if outcome.result is HandInResult.BUSY and outcome.flow is not None:
        await flows.refuse_busy(update, context, outcome.flow)
        return
    if outcome.flow is None or outcome.session is None:
        await refuse(update, context, f"training.{outcome.result.value}")
        return
    await flows.chose(
        update, t(context.language, "training.hand_in_button", number=outcome.session.number)
    )
    await flows.ask(update, context, outcome.flow)


async def text_handed_in(update: Update, context: BotContext) -> None:
    """His text is the hand-in."""
    message, state, svc = update.effective_message, context.flow, context.services
    assert message is not None
    assert state is not None
    outcome = await hand_in(
        svc, context.me, state.id, message.text or "", svc.clock.now(), update_id=update.update_id
    )
    await _tell(update, context, outcome)


async def file_handed_in(update: Update, context: BotContext) -> None:
    """His document or photo is the hand-in: fetched from Telegram and kept for the trainer."""
    message, state, svc = update.effective_message, context.flow, context.services
    assert message is not None
    assert state is not None
    name, size, content = await _fetch(message)
    outcome = await hand_in(
        svc,
        context.me,
        state.id,
        message.caption or "",
        svc.clock.now(),
        update_id=update.update_id,
        file_name=name,
        file=content if size <= FILE_MAX else b"\0" * (FILE_MAX + 1),
    )
    await _tell(update, context, outcome)


async def _fetch(message: Message) -> tuple[str, int, bytes]:
    """The file's name, size and (if not too big) content."""
    item: Document | PhotoSize = message.document or message.photo[-1]
    name = message.document.file_name or "assignment" if message.document else "assignment.jpg"
    size = item.file_size or 0
    if size > FILE_MAX:
        return name, size, b""
    file = await item.get_file()
    content = bytes(await file.download_as_bytearray())
    return name[:120], len(content), content


async def _tell(update: Update, context: BotContext, outcome: HandInOutcome) -> None:
    lang, svc = context.language, context.services
    if outcome.result in (HandInResult.EMPTY, HandInResult.TOO_BIG):
        await answer(update, t(lang, f"training.{outcome.result.value}"))
        return
    if outcome.result is HandInResult.STALE or outcome.session is None:
        await refuse(
            update,
            context,
            f"training.{outcome.result.value}"
            if outcome.result is not HandInResult.STALE
            else "button.stale",
        )
        return
    await answer(
        update,
        t(
            lang,
            f"training.{outcome.result.value}",
            number=outcome.session.number,
            due=moment(lang, outcome.session.due_at, svc.policy.timezone),
        ),
    )


def build() -> list[BaseHandler[Update, BotContext, None]]:
    """Enrol, Hand in, and the hand-in itself."""
    return [
        CallbackQueryHandler(enrol_pressed, pattern=r"^tr:e:[0-9]{1,12}$"),
        CallbackQueryHandler(hand_in_pressed, pattern=r"^tr:h:[0-9]{1,12}$"),
        StepText(HAND_IN, HandInStep.WAIT, text_handed_in),
        StepFile(HAND_IN, HandInStep.WAIT, file_handed_in),
    ]
