"""/export in chat: a CSV of check-ins, meetings, feedback, alerts or placements as a file;
a coordinator gets the whole school, a supervisor his own placements."""

from __future__ import annotations

from datetime import date
from functools import partial

from telegram import Update
from telegram.ext import BaseHandler, CommandHandler

from bot.documents.spreadsheet import csv_bytes
from bot.i18n import t
from bot.services.exports import ExportKind, ExportRefusal, export_for, separator
from handlers.context import BotContext
from handlers.formats import parse_date
from handlers.outgoing import Document, send_rendered
from handlers.reply import answer


def period(words: list[str]) -> tuple[date | None, date | None] | None:
    """`[since] [until]` as dates; None when one of them is not a date."""
    days = [parse_date(word) for word in words[:2]]
    if any(found is None for found in days) or len(words) > 2:
        return None
    return (days[0] if days else None), (days[1] if len(days) > 1 else None)


async def export_command(update: Update, context: BotContext) -> None:
    """/export KIND [since] [until]: the rows he may see, as a CSV Excel opens."""
    lang, svc = context.language, context.services
    args = context.args or []
    kinds = ", ".join(kind.value for kind in ExportKind)
    span = period(args[1:])
    if not args or args[0].lower() not in {k.value for k in ExportKind} or span is None:
        await answer(update, t(lang, "export.usage", kinds=kinds))
        return
    first, last = span
    if first and last and last < first:
        await answer(update, t(lang, "export.backwards"))
        return
    kind = ExportKind(args[0].lower())
    table = await export_for(svc, context.me, kind, first_day=first, last_day=last)
    if isinstance(table, ExportRefusal):
        await answer(update, t(lang, f"export.{table.value}", kind=kind.value))
        return
    today = svc.clock.now().date().isoformat()
    make = partial(csv_bytes, table.header, table.rows, delimiter=separator(svc.policy, lang))
    chat = update.effective_chat
    if chat is not None:
        await send_rendered(
            update.get_bot(),
            chat.id,
            Document(
                f"{kind.value}-{today}.csv",
                make,
                caption=t(lang, "export.caption", n=len(table.rows), kind=kind.value),
            ),
        )


def build() -> list[BaseHandler[Update, BotContext, None]]:
    """Export handlers."""
    return [CommandHandler("export", export_command)]
