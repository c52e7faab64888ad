"""The typed context every handler gets: the services, and who is asking."""

from __future__ import annotations

from typing import Any

from telegram.ext import Application, CallbackContext, ExtBot

from bot.certificate_mail import EmployerPost
from bot.domain.flows import AnyFlowState
from bot.domain.people import Person
from bot.services.runtime import Services


class BotData:
    """Application-wide data: set once by the composition root."""

    services: Services
    employer_post: EmployerPost | None = None  # certificates to employers, when SMTP_URL is set


class BotContext(CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], BotData]):
    """One update's context; the guard fills in `person` and `flow` before any feature runs."""

    def __init__(
        self,
        application: Application[Any, Any, Any, Any, Any, Any],
        chat_id: int | None = None,
        user_id: int | None = None,
    ) -> None:
        super().__init__(application=application, chat_id=chat_id, user_id=user_id)
        self.person: Person | None = None
        self.language: str = "en"
        self.flow: AnyFlowState | None = None  # his flow: open, or the last that ended

    @property
    def services(self) -> Services:
        """The services the composition root wired."""
        return self.bot_data.services

    @property
    def me(self) -> Person:
        """The registered person behind this update (the guard has checked there is one)."""
        if self.person is None:
            raise LookupError("handler ran without a registered person")
        return self.person
