"""The typed context every handler gets: the services, and who is asking."""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import Application, CallbackContext, ExtBot

from bot.domain.people import Person
from bot.services.runtime import Services


class BotData:
    """Application-wide data: set once by the composition root."""

    services: Services
    # The update the last process was handling when it died, if any (set by the inbox).
    interrupted_update: int | None = None


class BotContext(CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], BotData]):
    """One update's context; the guard fills in `person` before any feature handler runs."""

    def __init__(self, application: Application[Any, Any, Any, Any, Any, Any],
                 chat_id: int | None = None, user_id: int | None = None) -> None:
        super().__init__(application=application, chat_id=chat_id, user_id=user_id)
        self.person: Person | None = None
        self.language: str = "en"

    @property
    def services(self) -> Services:
        """The services the composition root wired."""
        return self.bot_data.services

    def resumes(self, update: Update) -> bool:
        """Whether a crash interrupted this update: its answer may be saved, its reply lost."""
        return update.update_id == self.bot_data.interrupted_update

    @property
    def me(self) -> Person:
        """The registered person behind this update (the guard has checked there is one)."""
        if self.person is None:
            raise LookupError("handler ran without a registered person")
        return self.person
