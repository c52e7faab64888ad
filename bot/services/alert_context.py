"""What makes an alert useful to the one who reads it (issue 12): the marks and the student's
own words of the low weeks, the dates of the missed check-ins, whether the mentor has the
report too and how to reach him, and (to a coordinator) the supervisor who did not react."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot.domain.escalation import AlertKind
from bot.domain.localtime import local_date, zone_of
from bot.services.runtime import Services
from storage.alert_context import AlertContextRepo
from storage.people import PlacementRepo


@dataclass(frozen=True, slots=True)
class AlertWeek:
    """A check-in behind an alert: its day, its mood and the student's words (if answered)."""

    day: date
    mood: int | None
    words: str | None


@dataclass(frozen=True, slots=True)
class Contact:
    """Someone around a placement, and how to reach him."""

    name: str
    email: str
    telegram_id: int | None


@dataclass(frozen=True, slots=True)
class AlertContext:
    """The facts around one alert."""

    kind: AlertKind
    weeks: tuple[AlertWeek, ...]  # low mood: the low weeks; missed: the missed ones
    mentor: Contact
    supervisor: Contact
    company: str


async def alert_context(svc: Services, alert_id: int, kind: AlertKind) -> AlertContext | None:
    """The check-ins behind an alert and the people around its placement."""
    async with svc.db.reading() as conn:
        repo = AlertContextRepo(conn)
        found = await repo.checkin_of(alert_id)
        placement = await PlacementRepo(conn).by_id(found[0]) if found else None
        if found is None or placement is None:
            return None
        weeks: list[AlertWeek] = []
        streak = {
            AlertKind.LOW_MOOD: svc.policy.low_mood_weeks,
            AlertKind.MISSED_CHECKINS: svc.policy.missed_checkins_in_a_row,
        }.get(kind)
        if streak and found[1] is not None:
            zone = zone_of(placement.timezone)
            weeks = [
                AlertWeek(local_date(at, zone), mood, words)
                for at, _, mood, words in await repo.closed_up_to(placement.id, found[1], streak)
            ]
        mentor = await repo.person(placement.mentor_id)
        supervisor = await repo.person(placement.supervisor_id)
    if mentor is None or supervisor is None:
        return None
    return AlertContext(
        kind, tuple(weeks), Contact(*mentor), Contact(*supervisor), placement.company
    )
