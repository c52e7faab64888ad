"""/training for trainers: their runs, a run's overview (who enrolled, handed in, came), invite
the roster's mentors, attendance taps, hand-ins again, certificates. Every id in a button is
checked by the service (a forged or stale one is refused)."""

from __future__ import annotations

from contextlib import suppress

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

from bot.i18n import Safe, t
from bot.services.certificates import invite_uncertified
from bot.services.training import (
    RunOverview,
    TrainingResult,
    invite_mentors,
    mark_attendance,
    run_overview,
    runs_of,
    session_for_trainer,
)
from bot.services.training_create import TRAINERS
from bot.services.training_facts import sheet_facts
from bot.services.training_hand_in import forward_submissions
from handlers.context import BotContext
from handlers.guard import refuse
from handlers.reference_views import plain
from handlers.reply import answer, pressed
from handlers.training_views import sheet_keyboard, when


async def training_command(update: Update, context: BotContext) -> None:
    """/training: the runs he trains, one button each, and ➕ a new run."""
    lang = context.language
    runs = await runs_of(context.services, context.me)
    rows = [
        [
            InlineKeyboardButton(
                plain(t(lang, "training.run_button", course=r.course, run=r.id)),
                callback_data=f"tr:r:{r.id}",
            )
        ]
        for r in runs[:20]
    ]
    if context.me.role in TRAINERS:
        rows.append([InlineKeyboardButton(t(lang, "course.new_button"), callback_data="tr:n")])
    await answer(
        update,
        t(lang, "training.runs" if runs else "training.no_runs"),
        InlineKeyboardMarkup(rows) if rows else None,
    )


def overview_text(context: BotContext, overview: RunOverview) -> str:
    """Who enrolled, and per session who handed in, who not yet, who came."""
    lang, svc = context.language, context.services
    names = {e.person_id: e.name for e in overview.enrolments if e.enrolled_at}
    nobody = t(lang, "training.nobody")

    def listed(ids: frozenset[int] | set[int]) -> str:
        return ", ".join(sorted(names[i] for i in ids if i in names)) or nobody

    sessions = "\n\n".join(
        t(
            lang,
            "training.overview_session",
            number=s.number,
            when=when(svc, lang, s),
            handed_in=listed(overview.handed_in.get(s.id, frozenset())),
            missing=listed(set(names) - overview.handed_in.get(s.id, frozenset()))
            if s.has_assignment
            else nobody,
            attended=listed(overview.attended.get(s.id, frozenset())),
        )
        for s in overview.sessions
    )
    return t(
        lang,
        "training.overview",
        course=overview.run.course,
        run=overview.run.id,
        invited=len(overview.enrolments),
        enrolled=len(names),
        sessions=Safe(sessions),
    )


def overview_keyboard(context: BotContext, overview: RunOverview) -> InlineKeyboardMarkup:
    """Invite, per session hand-ins and attendance, certificates."""
    lang, run_id = context.language, overview.run.id
    rows = [
        [InlineKeyboardButton(t(lang, "training.invite_button"), callback_data=f"tr:i:{run_id}")]
    ]
    for s in overview.sessions:
        row = [
            InlineKeyboardButton(
                t(lang, "training.attendance_button", number=s.number),
                callback_data=f"tr:a:{s.id}",
            )
        ]
        if s.has_assignment:
            row.insert(
                0,
                InlineKeyboardButton(
                    t(lang, "training.submissions_button", number=s.number),
                    callback_data=f"tr:s:{s.id}",
                ),
            )
        rows.append(row)
    rows.append(
        [
            InlineKeyboardButton(
                t(lang, "training.certificates_button"), callback_data=f"tr:c:{run_id}"
            ),
            InlineKeyboardButton(t(lang, "training.eval_button"), callback_data=f"tr:x:{run_id}"),
        ]
    )
    return InlineKeyboardMarkup(rows)


async def run_pressed(update: Update, context: BotContext) -> None:
    """A run's overview with the trainer's buttons."""
    query, (_, _, run_id) = pressed(update)
    overview = await run_overview(context.services, context.me, int(run_id))
    if not isinstance(overview, RunOverview):
        await refuse(update, context, f"training.{overview.value}")
        return
    await query.answer()
    await answer(update, overview_text(context, overview), overview_keyboard(context, overview))


async def invite_pressed(update: Update, context: BotContext) -> None:
    """Invite every mentor of the roster who was not invited yet."""
    query, (_, _, run_id) = pressed(update)
    svc = context.services
    invited = await invite_mentors(svc, context.me, int(run_id), svc.clock.now())
    if invited.result is not TrainingResult.DONE:
        await refuse(update, context, f"training.{invited.result.value}")
        return
    await query.answer()
    await answer(
        update, t(context.language, "training.invited", new=invited.new, before=invited.before)
    )


async def sheet_pressed(update: Update, context: BotContext) -> None:
    """A session's attendance sheet, on the trainer's demand."""
    query, (_, _, session_id) = pressed(update)
    svc, lang = context.services, context.language
    overview = await run_overview_of_session(context, int(session_id))
    facts = await sheet_facts(svc, int(session_id)) if overview else None
    if facts is None:
        await refuse(update, context, "training.not_allowed")
        return
    await query.answer()
    await answer(
        update,
        t(
            lang,
            "training.sheet",
            number=facts.session.number,
            course=facts.course,
            when=when(svc, lang, facts.session),
        ),
        sheet_keyboard(lang, facts),
    )


async def run_overview_of_session(context: BotContext, session_id: int) -> RunOverview | None:
    """The run of a session, if he trains it."""
    found = await session_for_trainer(context.services, context.me, session_id)
    return found[1] if isinstance(found, tuple) else None


async def mark_pressed(update: Update, context: BotContext) -> None:
    """One tap on a participant: present, or not; the sheet shows it at once."""
    query, (_, _, session_id, person_id) = pressed(update)
    svc = context.services
    marked = await mark_attendance(
        svc, context.me, int(session_id), int(person_id), svc.clock.now()
    )
    facts = await sheet_facts(svc, int(session_id))
    if not isinstance(marked, RunOverview) or facts is None:
        reason = marked.value if isinstance(marked, TrainingResult) else "unknown"
        await refuse(update, context, f"training.{reason}")
        return
    await query.answer(t(context.language, "training.marked"))
    with suppress(BadRequest):  # an unchanged sheet (two quick taps) needs no edit
        await query.edit_message_reply_markup(sheet_keyboard(context.language, facts))


async def submissions_pressed(update: Update, context: BotContext) -> None:
    """A session's hand-ins, sent to the trainer again."""
    query, (_, _, session_id) = pressed(update)
    svc = context.services
    sent = await forward_submissions(svc, context.me, int(session_id), svc.clock.now())
    if sent is None:
        await refuse(update, context, "training.not_allowed")
        return
    await query.answer()
    await answer(update, t(context.language, "training.submissions_sent", n=sent))


async def uncertified_pressed(update: Update, context: BotContext) -> None:
    """The weekly list's button: invite its mentors to the next run."""
    query, (_, _, run_id) = pressed(update)
    svc = context.services
    invited = await invite_uncertified(svc, context.me, int(run_id), svc.clock.now())
    if invited.result is not TrainingResult.DONE:
        await refuse(update, context, f"training.{invited.result.value}")
        return
    await query.answer()
    await answer(
        update, t(context.language, "training.invited", new=invited.new, before=invited.before)
    )


def build() -> list[BaseHandler[Update, BotContext, None]]:
    """/training and the trainer's buttons."""
    return [
        CommandHandler("training", training_command),
        CallbackQueryHandler(run_pressed, pattern=r"^tr:r:[0-9]{1,12}$"),
        CallbackQueryHandler(invite_pressed, pattern=r"^tr:i:[0-9]{1,12}$"),
        CallbackQueryHandler(uncertified_pressed, pattern=r"^tr:u:[0-9]{1,12}$"),
        CallbackQueryHandler(sheet_pressed, pattern=r"^tr:a:[0-9]{1,12}$"),
        CallbackQueryHandler(mark_pressed, pattern=r"^tr:m:[0-9]{1,12}:[0-9]{1,12}$"),
        CallbackQueryHandler(submissions_pressed, pattern=r"^tr:s:[0-9]{1,12}$"),
    ]
