"""/register (supervisors and coordinators): certified mentors by mentor or company, and the
host companies with their mentors; /verify NUMBER CODE for anyone registered."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from telegram import Update
from telegram.ext import BaseHandler, CommandHandler

from bot.domain.localtime import local_date
from bot.i18n import Safe, t
from bot.services.certificates import company_register, register, verify
from handlers.context import BotContext
from handlers.formats import day
from handlers.reply import answer

SHOWN = 30  # lines in the chat; the export has them all


async def register_command(update: Update, context: BotContext) -> None:
    """/register [name or company]: the certified mentors, then the host companies."""
    lang, svc = context.language, context.services
    search = " ".join(context.args or [])
    found = await register(svc, context.me, search)
    today = local_date(svc.clock.now(), ZoneInfo(svc.policy.timezone))
    companies = await company_register(svc, context.me, today)
    if found is None or companies is None:
        await answer(update, t(lang, "register.not_allowed"))
        return
    if found:
        lines = "\n".join(
            t(
                lang,
                "register.line",
                number=c.number,
                name=c.name,
                company=c.company or "–",
                course=c.course,
                date=day(lang, c.issued_on),
            )
            for c in found[:SHOWN]
        )
        more = t(lang, "register.more", n=len(found) - SHOWN) if len(found) > SHOWN else ""
        await answer(
            update,
            t(
                lang,
                "register.list",
                n=len(found),
                lines=Safe("\n".join(p for p in (lines, more) if p)),
            ),
        )
    else:
        await answer(update, t(lang, "register.none"))
    wanted = search.strip().lower()
    shown = [e for e in companies if wanted in e.company.lower() or wanted in e.mentor.lower()]
    if shown:
        lines = "\n".join(
            t(
                lang,
                "register.company_line",
                company=e.company,
                mentor=e.mentor,
                certified=t(lang, "register.certified" if e.certified else "register.uncertified"),
                now=e.students_now,
                before=e.students_before,
            )
            for e in shown[:SHOWN]
        )
        await answer(update, t(lang, "register.companies", lines=Safe(lines)))


async def verify_command(update: Update, context: BotContext) -> None:
    """/verify NUMBER CODE: genuine (name, course, date) or not."""
    lang, args = context.language, context.args or []
    if len(args) < 2:
        await answer(update, t(lang, "verify.usage"))
        return
    found = await verify(context.services, args[0], "".join(args[1:]))
    if found is None:
        await answer(update, t(lang, "verify.not_genuine"))
        return
    await answer(
        update,
        t(
            lang,
            "verify.genuine",
            name=found.name,
            course=found.course,
            date=day(lang, found.issued_on),
        ),
    )


def build() -> list[BaseHandler[Update, BotContext, None]]:
    """/register and /verify."""
    return [CommandHandler("register", register_command), CommandHandler("verify", verify_command)]
