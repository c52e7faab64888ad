"""What every service call needs: the database, the clock and the school's policy."""

from __future__ import annotations

from dataclasses import dataclass

from bot.clock import Clock
from bot.domain.policy import Policy
from storage.db import Database


@dataclass(frozen=True, slots=True)
class Services:
    """Handed to handlers and the scheduler by the composition root."""

    db: Database
    clock: Clock
    policy: Policy
