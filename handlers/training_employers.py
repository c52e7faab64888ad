"""Issue certificates, and 📧 under the answer: the run's certificates by email to each
company's contact; the trainer is told what went where, and what did not and why."""

from __future__ import annotations

import asyncio
import html

from babel.lists import format_list
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler

from bot.certificate_mail import EmployerReport, send_to_employers
from bot.documents.certificate import certificate_pdf
from bot.i18n import Safe, t
from bot.services.certificate_mail import EmployerResult
from bot.services.certificates import Issued, certificate_facts, issue_certificates
from bot.services.training import RunOverview, TrainingResult, run_overview
from handlers.context import BotContext
from handlers.guard import refuse
from handlers.reference_views import file_safe, plain
from handlers.reply import answer, pressed
from handlers.training_override import override_keyboard
from handlers.training_views import certificate_of


async def certificates_pressed(update: Update, context: BotContext) -> None:
    """Certificates to everyone who completed the run."""
    query, (_, _, run_id) = pressed(update)
    svc, lang = context.services, context.language
    issued = await issue_certificates(svc, context.me, int(run_id), svc.clock.now())
    if issued.result is TrainingResult.NOT_ALLOWED:
        overview = await run_overview(svc, context.me, int(run_id))
        await refuse(
            update,
            context,
            "training.not_yet" if isinstance(overview, RunOverview) else "training.not_allowed",
        )
        return
    if issued.result is not TrainingResult.DONE:
        await refuse(update, context, f"training.{issued.result.value}")
        return
    await query.answer()
    await answer(
        update,
        t(
            lang,
            "training.issued",
            issued=issued.issued,
            before=issued.before,
            incomplete=", ".join(issued.incomplete) or t(lang, "training.nobody"),
        ),
        certificates_keyboard(lang, int(run_id), issued),
    )


def certificates_keyboard(
    language: str, run_id: int, issued: Issued
) -> InlineKeyboardMarkup | None:
    """Complete anyway for who did not complete; send the certificates to the employers."""
    override = override_keyboard(
        language, run_id, list(zip(issued.incomplete_ids, issued.incomplete, strict=True))
    )
    rows = [list(row) for row in (override.inline_keyboard if override else ())]
    if issued.issued + issued.before:
        rows.append(employers_button(language, run_id))
    return InlineKeyboardMarkup(rows) if rows else None


def employers_button(language: str, run_id: int) -> list[InlineKeyboardButton]:
    """The one button that sends a run's certificates to the employers."""
    return [InlineKeyboardButton(t(language, "certmail.button"), callback_data=f"tr:y:{run_id}")]


async def employers_pressed(update: Update, context: BotContext) -> None:
    """Send the run's certificates not sent yet to their companies' contacts."""
    query, (_, _, run_id) = pressed(update)
    svc, lang = context.services, context.language
    school_language = svc.policy.default_language

    async def render(certificate_id: int) -> tuple[str, bytes]:
        facts = await certificate_facts(svc, certificate_id)
        if facts is None:
            raise LookupError(f"certificate {certificate_id}")
        cert = certificate_of(svc, school_language, facts)
        name = plain(t(school_language, "training.certificate_filename"))
        filename = f"{name}-{file_safe(facts.record.name)}-{facts.record.number}.pdf"
        return filename, await asyncio.to_thread(certificate_pdf, cert)

    overview = await run_overview(svc, context.me, int(run_id))
    if not isinstance(overview, RunOverview):
        await refuse(update, context, f"training.{overview.value}")
        return
    await query.answer()  # before the emails: handing them over may take a while
    report = await send_to_employers(
        svc, context.bot_data.employer_post, context.me, int(run_id), render
    )
    await answer(update, report_text(lang, report))


def report_text(language: str, report: EmployerReport) -> str:
    """Sent to whom, and each reason something was not sent."""
    claims = report.claims
    if claims.result is not EmployerResult.READY:
        return t(language, f"certmail.{claims.result.value}")

    def names(found: tuple[str, ...] | list[str]) -> Safe:
        return Safe(format_list([html.escape(n) for n in found], locale=language))

    lines = [
        t(language, "certmail.sent", name=name, address=address) for name, address in report.sent
    ]
    lines += [
        t(language, "certmail.no_contact", name=name, company=company)
        if company
        else t(language, "certmail.no_company", name=name)
        for name, company in claims.no_contact
    ]
    if report.failed:
        lines.append(t(language, "certmail.failed", names=names(report.failed)))
    if claims.sent_before:
        lines.append(t(language, "certmail.before", names=names(claims.sent_before)))
    if claims.in_hand:
        lines.append(t(language, "certmail.in_hand", names=names(claims.in_hand)))
    return "\n".join(
        [t(language, "certmail.header"), *lines] if lines else [t(language, "certmail.none")]
    )


def build() -> list[BaseHandler[Update, BotContext, None]]:
    """Issue certificates, and send them to the employers."""
    return [
        CallbackQueryHandler(certificates_pressed, pattern=r"^tr:c:[0-9]{1,12}$"),
        CallbackQueryHandler(employers_pressed, pattern=r"^tr:y:[0-9]{1,12}$"),
    ]
