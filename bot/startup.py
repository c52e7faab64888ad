"""What `run` says before it serves: which database, how full, and whether it is new."""

from __future__ import annotations

import logging

from bot.app import policy_from
from bot.clock import SystemClock
from bot.services.operations import placement_counts
from bot.services.runtime import Services
from bot.settings import Settings
from storage.db import Database

log = logging.getLogger(__name__)


async def announce_database(settings: Settings) -> int:
    """Log the database's absolute path and its placements; warn once if it was just made.

    A service started in another folder with a relative DATABASE_PATH used to open a new,
    empty file silently; now the log says so on its first line.
    """
    path = settings.database_path
    new = not path.exists()
    db = await Database.open(path)
    try:
        svc = Services(db, SystemClock(), policy_from(settings, ""))
        counts = await placement_counts(svc, svc.clock.now())
    finally:
        await db.close()
    log.info(
        "database %s: %d placements (%d active, %d ended, %d archived)",
        path,
        counts.total,
        counts.active,
        counts.ended,
        counts.archived,
    )
    if new:
        log.warning(
            "created a new, empty database at %s: if the school's data should be "
            "there, stop and check DATABASE_PATH (a relative path starts at "
            "MENTORBOT_HOME, or else the working directory)",
            path,
        )
    return counts.total
