"""The supervisor's picture in chat: /overview (paged), /student (with the mood chart)."""

from __future__ import annotations

import html
from contextlib import suppress
from functools import partial

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

from bot.documents.chart import ChartWords, mood_chart_png
from bot.i18n import t
from bot.services.overview import overview_of
from bot.services.student_picture import (
    Choice,
    PictureOutcome,
    PictureResult,
    StudentPicture,
    find_student,
    student_picture,
)
from handlers.context import BotContext
from handlers.outgoing import Photo, send_rendered
from handlers.reply import answer, pressed
from handlers.supervision_format import overview_pages, picture_text

MAX_PAGE = 999


def page_keyboard(language: str, page: int, pages: int) -> InlineKeyboardMarkup | None:
    """‹ Earlier / Later › when the overview has more than one page."""
    buttons = []
    if page > 0:
        buttons.append(
            InlineKeyboardButton(t(language, "overview.earlier"), callback_data=f"ov:{page - 1}")
        )
    if page < pages - 1:
        buttons.append(
            InlineKeyboardButton(t(language, "overview.later"), callback_data=f"ov:{page + 1}")
        )
    return InlineKeyboardMarkup([buttons]) if buttons else None


async def overview_command(update: Update, context: BotContext) -> None:
    """/overview: his running placements with their traffic lights, red first."""
    svc, lang = context.services, context.language
    overview = await overview_of(svc, context.me, svc.clock.now())
    if overview is None:
        await answer(update, t(lang, "overview.not_allowed"))
        return
    pages = overview_pages(lang, overview.lines, overview.timezone)
    await answer(update, pages[0], page_keyboard(lang, 0, len(pages)))


async def overview_page(update: Update, context: BotContext) -> None:
    """‹ Earlier / Later ›: the overview as it is now, at that page."""
    query, (_, page) = pressed(update)
    svc, lang = context.services, context.language
    overview = await overview_of(svc, context.me, svc.clock.now())
    if overview is None:
        await query.answer(t(lang, "refused"), show_alert=True)
        return
    pages = overview_pages(lang, overview.lines, overview.timezone)
    shown = min(int(page), len(pages) - 1)  # the list may have shrunk since
    await query.answer()
    with suppress(BadRequest):  # pressed twice: "message is not modified"
        await query.edit_message_text(
            pages[shown], reply_markup=page_keyboard(lang, shown, len(pages))
        )


async def student_command(update: Update, context: BotContext) -> None:
    """/student [name]: one placement's picture, or a choice of his students."""
    svc = context.services
    name = " ".join(context.args or [])
    outcome = await find_student(svc, context.me, name, svc.clock.now())
    await _show(update, context, outcome, name)


async def student_chosen(update: Update, context: BotContext) -> None:
    """A student's button (the /student choice, the digest): his picture."""
    query, (_, placement_id) = pressed(update)
    svc = context.services
    outcome = await student_picture(svc, context.me, int(placement_id), svc.clock.now())
    if outcome.result is not PictureResult.SHOW:
        await query.answer(t(context.language, "refused"), show_alert=True)
        return
    await query.answer()
    await _show(update, context, outcome, "")


def choice_keyboard(choices: tuple[Choice, ...]) -> InlineKeyboardMarkup:
    """One button per placement, two to a row."""
    buttons = [
        InlineKeyboardButton(
            f"{c.student} · {c.company}"[:64], callback_data=f"sp:{c.placement_id}"
        )
        for c in choices
    ]
    return InlineKeyboardMarkup([buttons[i : i + 2] for i in range(0, len(buttons), 2)])


async def _show(update: Update, context: BotContext, outcome: PictureOutcome, name: str) -> None:
    lang = context.language
    if outcome.result is PictureResult.SHOW and outcome.picture is not None:
        await answer(update, picture_text(lang, outcome.picture))
        chat = update.effective_chat
        if chat is not None:
            await send_rendered(update.get_bot(), chat.id, chart(lang, outcome.picture))
        return
    if outcome.result is PictureResult.PICK:
        await answer(update, t(lang, "student.pick"), choice_keyboard(outcome.choices))
        return
    await answer(update, t(lang, f"student.{outcome.result.value}", name=name))


def chart(language: str, picture: StudentPicture) -> Photo:
    """The mood chart as a photo, made in a worker thread when it is sent."""
    words = ChartWords(
        # A picture is no HTML: the escaping t() does for a message is undone.
        title=html.unescape(
            t(language, "chart.title", student=picture.student, company=picture.placement.company)
        ),
        mood=t(language, "chart.mood"),
        week=t(language, "chart.week"),
        missed=t(language, "chart.missed"),
        paused=t(language, "chart.paused"),
        no_data=t(language, "chart.no_data"),
    )
    return Photo(
        partial(mood_chart_png, picture.weeks, words),
        caption=t(language, "chart.caption", student=picture.student),
        filename=f"mood-{picture.placement.id}.png",
    )


def build() -> list[BaseHandler[Update, BotContext, None]]:
    """Overview and student picture handlers."""
    return [
        CommandHandler("overview", overview_command),
        CallbackQueryHandler(overview_page, pattern=rf"^ov:[0-9]{{1,{len(str(MAX_PAGE))}}}$"),
        CommandHandler("student", student_command),
        CallbackQueryHandler(student_chosen, pattern=r"^sp:[0-9]{1,12}$"),
    ]
