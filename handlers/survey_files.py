"""A survey definition (.toml) sent by a coordinator as a document: loaded as a new version,
or its errors with their lines; anyone else's gets the usual answer."""

from __future__ import annotations

from telegram import Update
from telegram.ext import BaseHandler, MessageHandler, filters

from bot.domain.people import Role
from bot.i18n import Safe, t
from bot.services.surveys import LoadResult, load_survey
from handlers.context import BotContext
from handlers.reply import answer

MAX_DEFINITION_BYTES = 64 * 1024
MAX_ERRORS_SHOWN = 20


async def definition_sent(update: Update, context: BotContext) -> None:
    """Load the definition; say what was stored or every error (by line)."""
    message, lang, svc = update.effective_message, context.language, context.services
    assert message is not None
    document = message.document
    if context.me.role is not Role.COORDINATOR or document is None:
        await answer(update, t(lang, "fallback.unsupported"))
        return
    if (document.file_size or 0) > MAX_DEFINITION_BYTES:
        await answer(update, t(lang, "survey.load_too_big"))
        return
    file = await update.get_bot().get_file(document.file_id)
    try:
        source = bytes(await file.download_as_bytearray()).decode("utf-8")
    except UnicodeDecodeError:
        await answer(update, t(lang, "survey.load_not_utf8"))
        return
    outcome = await load_survey(svc, source, svc.clock.now())
    survey = outcome.survey
    if outcome.result is LoadResult.INVALID or survey is None:
        lines = "\n".join(f"• {e}" for e in outcome.errors[:MAX_ERRORS_SHOWN])
        await answer(
            update,
            t(
                lang,
                "survey.load_invalid",
                n=len(outcome.errors),
                errors=Safe(t(lang, "survey.load_error_lines", lines=lines)),
            ),
        )
        return
    await answer(
        update,
        t(
            lang,
            f"survey.load_{outcome.result.value}",
            name=survey.name,
            version=survey.version,
            n=len(survey.questions),
        ),
    )


def build() -> list[BaseHandler[Update, BotContext, None]]:
    """The .toml document."""
    return [
        MessageHandler(
            filters.UpdateType.MESSAGE & filters.Document.FileExtension("toml"), definition_sent
        )
    ]
