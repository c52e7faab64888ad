"""The coordinator in chat: a roster sent as a file (its bad lines, or its changes to confirm),
the invite links back as a file, /invite one person, /coordinator, /end a placement."""

from __future__ import annotations

from functools import partial

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, MessageHandler, filters

from bot.documents.spreadsheet import csv_bytes
from bot.domain.flows import AnyFlowState
from bot.domain.people import Role
from bot.i18n import t
from bot.services.coordinator import (
    MAX_ROSTER_BYTES,
    ROSTER,
    NewCoordinator,
    RosterOutcome,
    RosterResult,
    RosterStep,
    add_coordinator,
    import_confirmed,
    invite_links,
    preview_roster,
    upload_of,
)
from bot.services.joining import Renewed
from bot.services.people import invite_link
from handlers import flows
from handlers.context import BotContext
from handlers.coordinator_format import diff_text, imported_text, invites_button, rows_text
from handlers.flows import StepButton, button, cancel_row
from handlers.outgoing import Document, send_rendered
from handlers.reply import answer


def ask_confirm(language: str, state: AnyFlowState) -> flows.Question:
    """Import the changes shown, or not."""
    return t(language, "roster.confirm_question"), InlineKeyboardMarkup(
        [[button(state, "ok", t(language, "roster.import_button"))], cancel_row(language, state)]
    )


def done(language: str, state: AnyFlowState) -> flows.Question:
    """Said again after a crash: the import ran."""
    return t(language, "roster.done"), None


flows.register(
    flows.FlowView(
        ROSTER,
        {RosterStep.CONFIRM: ask_confirm},
        closing=done,
        cancelled="roster.cancelled",
        expired="roster.expired",
    )
)


async def roster_sent(update: Update, context: BotContext) -> None:
    """A file from a coordinator: read as a roster, its changes shown before anything is
    written. Anyone else's file gets the usual answer."""
    message, lang, svc = update.effective_message, context.language, context.services
    assert message is not None
    document = message.document
    if context.me.role is not Role.COORDINATOR or document is None:
        await answer(update, t(lang, "fallback.unsupported"))
        return
    if (document.file_size or 0) > MAX_ROSTER_BYTES:
        await answer(update, t(lang, "roster.too_big"))
        return
    data = await _download(update, document.file_id)
    outcome = await preview_roster(
        svc, context.me, document.file_id, data, svc.clock.now(), update_id=update.update_id
    )
    await _tell(update, context, outcome)


async def roster_confirmed(update: Update, context: BotContext) -> None:
    """Import: the same file, downloaded again and checked to be the one shown."""
    query = update.callback_query
    assert query is not None
    svc, lang = context.services, context.language
    flow_id = int((query.data or "").split(":")[1])
    upload = await upload_of(svc, context.me, flow_id, svc.clock.now())
    if upload is None:
        await query.answer(t(lang, "button.stale"), show_alert=True)
        return
    await flows.chose(update, t(lang, "roster.import_button"))
    data = await _download(update, upload.file_id)
    outcome = await import_confirmed(
        svc, context.me, flow_id, data, svc.clock.now(), update_id=update.update_id
    )
    await _tell(update, context, outcome)


async def _download(update: Update, file_id: str) -> bytes:
    file = await update.get_bot().get_file(file_id)
    return bytes(await file.download_as_bytearray())


async def _tell(update: Update, context: BotContext, outcome: RosterOutcome) -> None:
    lang, tried = context.language, outcome.outcome
    if outcome.result is RosterResult.BUSY and outcome.flow is not None:
        await flows.refuse_busy(update, context, outcome.flow)
    elif outcome.result is RosterResult.CONFIRM and outcome.flow is not None and tried:
        preface = flows.replaced_notice(lang, outcome.replaced)
        await flows.ask(
            update,
            context,
            outcome.flow,
            preface="\n\n".join(part for part in (preface, diff_text(lang, tried)) if part),
        )
    elif outcome.result is RosterResult.IMPORTED and tried is not None:
        await answer(update, imported_text(lang, tried), invites_button(lang))
    elif outcome.result is RosterResult.BAD_ROWS and tried is not None:
        await answer(update, rows_text(lang, tried))
    elif outcome.result is RosterResult.STALE:
        await answer(update, t(lang, "roster.stale"))
    else:
        count = tried.placements_unchanged if tried else 0
        await answer(update, t(lang, f"roster.{outcome.result.value}", n=count))


async def invites_command(update: Update, context: BotContext) -> None:
    """/invites (or its button): a fresh link per person who has not joined, as a CSV."""
    if update.callback_query is not None:
        await update.callback_query.answer()
    svc, lang = context.services, context.language
    issued = await invite_links(svc, context.me, svc.clock.now())
    if issued is None:
        await answer(update, t(lang, "coordinator.only"))
        return
    if not issued:
        await answer(update, t(lang, "invites.everyone_joined"))
        return
    rows = [
        (
            i.person.name,
            i.person.email,
            i.person.role.value,
            invite_link(svc.policy.bot_username, i.token),
        )
        for i in issued
    ]
    make = partial(csv_bytes, ("name", "email", "role", "invite_link"), rows)
    chat = update.effective_chat
    if chat is not None:
        await send_rendered(
            update.get_bot(),
            chat.id,
            Document("invite-links.csv", make, caption=t(lang, "invites.caption", n=len(rows))),
        )


async def coordinator_command(update: Update, context: BotContext) -> None:
    """/coordinator Name, email: another coordinator, and his invite link."""
    svc, lang = context.services, context.language
    name, _, email = " ".join(context.args or []).rpartition(",")
    made = await add_coordinator(svc, context.me, name, email, svc.clock.now())
    if isinstance(made, NewCoordinator):
        await answer(update, t(lang, f"coordinator.{made.value}"))
        return
    await answer(update, link_text(lang, made, svc.policy.bot_username))


def link_text(language: str, renewed: Renewed, bot_username: str) -> str:
    """A fresh link to pass on, and what it did to the old ones."""
    who = renewed.invite.person
    key = "invite.link_cut" if renewed.account_cut else "invite.link"
    return t(
        language,
        key,
        name=who.name,
        role=t(language, f"role.{who.role.value}"),
        link=invite_link(bot_username, renewed.invite.token),
    )


def build() -> list[BaseHandler[Update, BotContext, None]]:
    """Coordinator handlers (the roster file, invite links, another coordinator)."""
    return [
        # A CSV file: a roster from a coordinator (anyone else's gets the usual answer); other
        # files are left to the features that take them.
        MessageHandler(
            filters.UpdateType.MESSAGE
            & (filters.Document.FileExtension("csv") | filters.Document.MimeType("text/csv")),
            roster_sent,
        ),
        StepButton(ROSTER, RosterStep.CONFIRM, "ok", roster_confirmed),
        CommandHandler("invites", invites_command),
        CallbackQueryHandler(invites_command, pattern=r"^iv:all$"),
        CommandHandler("coordinator", coordinator_command),
    ]
