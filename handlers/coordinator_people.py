"""The coordinator's people and placements in chat: /placements (who has joined), /invite one
person (a fresh link, also for a lost Telegram account), /end a placement early."""

from __future__ import annotations

import html
from contextlib import suppress

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

from bot.domain.overview import paginate
from bot.domain.roster_changes import is_called_off
from bot.i18n import t
from bot.services.coordinator import (
    end_early,
    end_preview,
    fresh_link,
    people_named,
    placements_named,
    registered,
    school_placements,
)
from bot.services.roster_changes import EndResult
from handlers.context import BotContext
from handlers.coordinator import link_text
from handlers.coordinator_format import placement_line
from handlers.formats import day
from handlers.reply import answer, pressed
from handlers.split import MAX_MESSAGE, telegram_length
from handlers.supervisor import page_keyboard

PAGE_LINES = 20
ECHO = 60  # characters of a name searched for that an answer repeats


def _buttons(pairs: list[tuple[str, str]]) -> InlineKeyboardMarkup:
    """One button per (label, data), two to a row (labels are plain text, not HTML)."""
    buttons = [
        InlineKeyboardButton(html.unescape(label)[:64], callback_data=data)
        for label, data in pairs
    ]
    return InlineKeyboardMarkup([buttons[i : i + 2] for i in range(0, len(buttons), 2)])


async def _pages(context: BotContext) -> list[str] | None:
    svc, lang = context.services, context.language
    table = await school_placements(svc, context.me, svc.clock.now())
    if table is None:
        return None
    lines = [placement_line(lang, row) for row in table.rows]
    header = t(lang, "placements.header", n=len(lines))
    pages = paginate(lines, MAX_MESSAGE - 200, telegram_length, most=PAGE_LINES)
    return [f"{header}\n\n" + ("\n".join(page) or t(lang, "placements.none")) for page in pages]


async def placements_command(update: Update, context: BotContext) -> None:
    """/placements: every running or coming placement, with who has joined (✅) or not (⏳)."""
    pages = await _pages(context)
    if pages is None:
        await answer(update, t(context.language, "coordinator.only"))
        return
    await answer(update, pages[0], _paging(context.language, 0, len(pages)))


def _paging(language: str, page: int, pages: int) -> InlineKeyboardMarkup | None:
    markup = page_keyboard(language, page, pages)
    if markup is None:
        return None
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(b.text, callback_data="pl" + str(b.callback_data)[2:])
                for b in row
            ]
            for row in markup.inline_keyboard
        ]
    )


async def placements_page(update: Update, context: BotContext) -> None:
    """Previous / Next of /placements."""
    query, (_, page) = pressed(update)
    pages = await _pages(context)
    if pages is None:
        await query.answer(t(context.language, "refused"), show_alert=True)
        return
    shown = min(int(page), len(pages) - 1)
    await query.answer()
    with suppress(BadRequest):
        await query.edit_message_text(
            pages[shown], reply_markup=_paging(context.language, shown, len(pages))
        )


async def invite_command(update: Update, context: BotContext) -> None:
    """/invite <name or email>: a fresh link for one person (a choice when several match)."""
    svc, lang = context.services, context.language
    text = " ".join(context.args or [])
    found = await people_named(svc, context.me, text)
    if found is None:
        await answer(update, t(lang, "coordinator.only"))
    elif not text or not found:
        await answer(update, t(lang, "invite.usage" if not text else "invite.nobody", name=text))
    elif len(found) > 1:
        await answer(
            update,
            t(lang, "invite.pick"),
            _buttons(
                [(f"{p.name} ({t(lang, f'role.{p.role.value}')})", f"ip:{p.id}") for p in found]
            ),
        )
    else:
        await _offer(update, context, found[0].id)


async def invite_picked(update: Update, context: BotContext) -> None:
    """A person of the /invite choice: his link, or first a warning when he has joined."""
    query, (_, person_id) = pressed(update)
    await query.answer()
    await _offer(update, context, int(person_id))


async def _offer(update: Update, context: BotContext, person_id: int) -> None:
    svc, lang = context.services, context.language
    found = await registered(svc, context.me, person_id)
    if found is not None and found.telegram_id is not None:
        await answer(
            update,
            t(lang, "invite.joined_warning", name=found.name),
            _buttons([(t(lang, "invite.cut_button"), f"ic:{person_id}")]),
        )
        return
    await _renew(update, context, person_id)


async def invite_cut(update: Update, context: BotContext) -> None:
    """New link, cutting the Telegram account he joined with (lost phone, new account)."""
    query, (_, person_id) = pressed(update)
    await query.answer()
    await _renew(update, context, int(person_id))


async def _renew(update: Update, context: BotContext, person_id: int) -> None:
    svc, lang = context.services, context.language
    renewed = await fresh_link(svc, context.me, person_id, svc.clock.now())
    if renewed is None:
        await answer(update, t(lang, "coordinator.only"))
        return
    await answer(update, link_text(lang, renewed, svc.policy.bot_username))


async def end_command(update: Update, context: BotContext) -> None:
    """/end <student>: end his placement early (a choice, then a confirmation)."""
    svc, lang = context.services, context.language
    text = " ".join(context.args or [])
    found = await placements_named(svc, context.me, text, svc.clock.now())
    if found is None:
        await answer(update, t(lang, "coordinator.only"))
    elif not text or not found:
        shown = text if len(text) <= ECHO else text[:ECHO] + "…"  # not 10,000 characters back
        await answer(update, t(lang, "end.usage" if not text else "end.nobody", name=shown))
    else:
        await answer(
            update,
            t(lang, "end.ask"),
            _buttons(
                [
                    (
                        t(lang, "end.button", student=c.student, company=c.company),
                        f"ep:{c.placement_id}",
                    )
                    for c in found
                ]
            ),
        )


async def end_picked(update: Update, context: BotContext) -> None:
    """A placement of the /end choice: what ending it does, and Confirm or Keep."""
    query, (_, placement_id) = pressed(update)
    svc, lang = context.services, context.language
    preview = await end_preview(svc, context.me, int(placement_id), svc.clock.now())
    if preview is None:
        await query.answer(t(lang, "refused"), show_alert=True)
        return
    await query.answer()
    ended = preview.placement if preview.result is EndResult.ENDED else None
    if ended is None:
        await answer(update, t(lang, f"end.{preview.result.value}"))
        return
    key, when = (
        ("end.confirm_called_off", ended.starts_on)
        if is_called_off(ended)
        else ("end.confirm", ended.ends_on)
    )
    await answer(
        update,
        t(lang, key, student=preview.student, company=ended.company, date=day(lang, when)),
        _buttons([(t(lang, "end.confirm_button"), f"ec:{ended.id}"), (t(lang, "end.keep"), "ek")]),
    )


async def end_kept(update: Update, context: BotContext) -> None:
    """Keep it: nothing changes."""
    query, _ = pressed(update)
    await query.answer()
    await answer(update, t(context.language, "end.kept"))


async def end_confirmed(update: Update, context: BotContext) -> None:
    """End it: no check-in from today; his last day was yesterday."""
    query, (_, placement_id) = pressed(update)
    svc, lang = context.services, context.language
    outcome = await end_early(svc, context.me, int(placement_id), svc.clock.now())
    if outcome is None:
        await query.answer(t(lang, "refused"), show_alert=True)
        return
    await query.answer()
    ended = outcome.placement if outcome.result is EndResult.ENDED else None
    if ended is None:
        await answer(update, t(lang, f"end.{outcome.result.value}"))
    elif is_called_off(ended):
        await answer(
            update,
            t(lang, "end.called_off", company=ended.company, first=day(lang, ended.starts_on)),
        )
    else:
        done = t(lang, "end.done", company=ended.company, last=day(lang, ended.ends_on))
        await answer(update, f"{done}\n{t(lang, 'end.told')}")


def build() -> list[BaseHandler[Update, BotContext, None]]:
    """/placements, /invite, /end."""
    return [
        CommandHandler("placements", placements_command),
        CallbackQueryHandler(placements_page, pattern=r"^pl:[0-9]{1,3}$"),
        CommandHandler("invite", invite_command),
        CallbackQueryHandler(invite_picked, pattern=r"^ip:[0-9]{1,12}$"),
        CallbackQueryHandler(invite_cut, pattern=r"^ic:[0-9]{1,12}$"),
        CommandHandler("end", end_command),
        CallbackQueryHandler(end_picked, pattern=r"^ep:[0-9]{1,12}$"),
        CallbackQueryHandler(end_confirmed, pattern=r"^ec:[0-9]{1,12}$"),
        CallbackQueryHandler(end_kept, pattern=r"^ek$"),
    ]
