"""A school for the supervisor's picture: many placements, each in a known state.

Used by the service tests and the end-to-end tests of the overview, digest, student picture,
nudges and exports. Placements start Monday 2 March 2026; the states are set as the bot would
leave them (check-ins opened by the service, answers and meetings written as their services
store them), so the facts the overview reads are the real ones.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from zoneinfo import ZoneInfo

from bot.domain.escalation import AlertKind
from bot.services.alerts import raise_alert
from bot.services.checkins import open_due_checkins
from bot.services.roster import import_roster
from bot.services.runtime import Services
from storage.db import to_db
from storage.people import PlacementRepo

AMS = ZoneInfo("Europe/Amsterdam")
HEADER = (
    "student_name,student_email,mentor_name,mentor_email,company,supervisor_name,"
    "supervisor_email,starts_on,ends_on,language"
)


class State(StrEnum):
    """What a placement of the school is like on Friday 20 March 2026."""

    RED = "red"  # an open alert (and the latest check-in missed)
    MISSED = "missed"  # the latest closed check-in was missed
    FEEDBACK = "feedback"  # feedback unconfirmed for four days
    MEETINGS = "meetings"  # no mentor meeting since the start
    GREEN = "green"  # answered, a meeting held this week
    ENDED = "ended"  # ended on 13 March: not in the overview any more


@dataclass(frozen=True, slots=True)
class Seeded:
    """A placement of the school: its id, student, state and supervisor's email."""

    placement_id: int
    student: str
    email: str
    state: State
    supervisor: str


def local(month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """A wall-clock moment in Amsterdam, 2026."""
    return datetime(2026, month, day, hour, minute, tzinfo=AMS)


def roster(plan: list[tuple[str, State, str]]) -> str:
    """Roster lines for (student name, state, supervisor key) with one mentor per student."""
    lines = [HEADER]
    for n, (name, state, supervisor) in enumerate(plan, start=1):
        ends = "2026-03-13" if state is State.ENDED else "2026-06-26"
        lines.append(
            f"{name},s{n}@student.example,Mentor {n},m{n}@company.example,"
            f"Company {n},{supervisor.title()},{supervisor}@school.example,"
            f"2026-03-02,{ends},en"
        )
    return "\n".join(lines) + "\n"


async def seed(
    svc: Services, plan: list[tuple[str, State, str]], telegram_ids: dict[str, int] | None = None
) -> list[Seeded]:
    """Import the placements at Monday 2 March 09:00 and bring each to its state by Friday
    20 March 15:00 (the check-ins of 6, 13 and 20 March opened; the last still open)."""
    start = local(3, 2, 9)
    await import_roster(svc, roster(plan), skip_bad_rows=False, now=start)
    async with svc.db.transaction() as conn:
        for n, (_, _, supervisor) in enumerate(plan, start=1):
            tg = (telegram_ids or {}).get(f"s{n}@student.example", 500_000 + n)
            await conn.execute(
                "UPDATE people SET telegram_id = ? WHERE email = ?", (tg, f"s{n}@student.example")
            )
            sup_tg = (telegram_ids or {}).get(
                f"{supervisor}@school.example", 600_000 + sum(map(ord, supervisor))
            )
            await conn.execute(
                """UPDATE people SET telegram_id = ?, language = 'en'
                   WHERE email = ? AND telegram_id IS NULL""",
                (sup_tg, f"{supervisor}@school.example"),
            )
    seeded = []
    for week, moment in enumerate((local(3, 6, 14, 5), local(3, 13, 14, 5), local(3, 20, 14, 5))):
        await open_due_checkins(svc, moment)
        async with svc.db.transaction() as conn:
            for n, (_, state, _) in enumerate(plan, start=1):
                missed = state in (State.RED, State.MISSED) and week == 1
                if week == 2 or missed or state is State.ENDED:
                    continue
                await conn.execute(
                    """UPDATE checkins SET status = 'answered', mood = ?, week_note = ?,
                           answered_at = ? WHERE placement_id = ? AND status = 'open'""",
                    (
                        4 if state is State.GREEN else 2 + week,
                        f"Week {week + 1} of {n}",
                        to_db(moment),
                        n,
                    ),
                )
        if week == 1:  # the 13 March check-ins close, unanswered ones as missed
            async with svc.db.transaction() as conn:
                await conn.execute(
                    """UPDATE checkins SET status = 'missed'
                                      WHERE status = 'open' AND due_at < ?""",
                    (to_db(local(3, 20)),),
                )
    async with svc.db.transaction() as conn:
        for n, (name, state, supervisor) in enumerate(plan, start=1):
            placement = await PlacementRepo(conn).by_id(n)
            assert placement is not None
            if state is State.RED:
                await raise_alert(
                    conn,
                    svc.policy,
                    placement,
                    AlertKind.PROBLEM_REPORTED,
                    local(3, 18, 10),
                    details=f"Problem of {name}",
                )
            if state is State.FEEDBACK:
                await conn.execute(
                    """INSERT INTO feedback (placement_id, mentor_id, text, sent_at)
                       VALUES (?, ?, 'Good work on the ovens', ?)""",
                    (n, placement.mentor_id, to_db(local(3, 16, 10))),
                )
            if state is not State.MEETINGS:
                await conn.execute(
                    """INSERT INTO meetings (placement_id, kind, state, starts_at, proposed_by,
                           created_at, finished_at) VALUES (?, 'mentor', 'held', ?, ?, ?, ?)""",
                    (
                        n,
                        to_db(local(3, 16, 10)),
                        placement.mentor_id,
                        to_db(local(3, 12)),
                        to_db(local(3, 16, 11)),
                    ),
                )
            seeded.append(
                Seeded(n, name, f"s{n}@student.example", state, f"{supervisor}@school.example")
            )
    return seeded
