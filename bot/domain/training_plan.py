"""A course run's plan as a person gives it, in a course file or typed in the chat, read
against one set of rules: a name, and sessions each with a start, a duration, an online meeting
link and an assignment due some time before it.

Each rule raises a `PlanError` naming its `PlanProblem`: the command line prints its English
words with the file's line, the chat answers the problem in the reader's language and asks
again. Typed dates are day first (`14-12-2026`) or ISO, times `19:00` or `19.00`, in the
school's time zone. A moment inside the spring-forward gap does not exist and is refused.

The chat adds what a file cannot know: the sessions come one at a time, so each must come after
the one before it. Both refuse a session that has begun or whose assignment is due already.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from bot.domain.dates import read_date
from bot.domain.localtime import exists, require_aware, wall_moment
from bot.domain.training import DEFAULT_DUE_BEFORE

NAME_MAX = 120
MAX_MINUTES = 24 * 60
LINK_MAX = 500  # a meeting link with its token, not a letter
MAX_SESSIONS = 12  # a year of monthly workshops
_TIME = re.compile(r"([0-9]{1,2})[:.]([0-9]{2})(?::00)?", re.ASCII)
_WORDS_BETWEEN = frozenset({"om", "at", "@", "-", "–"})  # "14-12-2026 om 19:00"


class PlanProblem(StrEnum):
    """What is wrong with a course plan, a file's or one typed in the chat (one rule set)."""

    NO_NAME = "no_name"
    NAME_TOO_LONG = "name_too_long"
    NOT_A_DATE = "not_a_date"
    NOT_A_TIME = "not_a_time"
    NO_SUCH_TIME = "no_such_time"  # inside the spring-forward gap
    MINUTES = "minutes"  # not a whole number of 1 to 1440
    LINK = "link"  # not an http(s) address
    HOURS = "hours"  # the due moment's hours before: not a whole number
    DUE_AFTER_START = "due_after_start"
    DUE_PASSED = "due_passed"  # the assignment would be due before now
    IN_THE_PAST = "in_the_past"
    OUT_OF_ORDER = "out_of_order"  # not after the session before it
    OVERLAP = "overlap"
    NO_SESSIONS = "no_sessions"
    TOO_MANY_SESSIONS = "too_many_sessions"


class PlanError(ValueError):
    """A plan that breaks a rule: which one, and the words the command line prints."""

    def __init__(self, problem: PlanProblem, words: str) -> None:
        super().__init__(words)
        self.problem = problem


@dataclass(frozen=True, slots=True)
class SessionPlan:
    """A session as a course file or a trainer describes it, before it is stored."""

    starts_at: datetime
    minutes: int
    link: str
    brief: str
    due_at: datetime


def default_due(starts_at: datetime, before: timedelta = DEFAULT_DUE_BEFORE) -> datetime:
    """When an assignment is due when nobody said: `before` (48 hours) before its session."""
    require_aware(starts_at, "starts_at")
    return (starts_at - before).astimezone(UTC)


def plan_session(
    starts_at: datetime, minutes: int, link: str, brief: str, due_at: datetime | None = None
) -> SessionPlan:
    """A checked session: positive duration, a web link, an assignment due before it starts."""
    require_aware(starts_at, "starts_at")
    check_minutes(minutes)
    link = check_link(link)
    due = default_due(starts_at) if due_at is None else due_at.astimezone(UTC)
    if due > starts_at:
        raise PlanError(
            PlanProblem.DUE_AFTER_START, "an assignment is due before its session starts"
        )
    return SessionPlan(starts_at.astimezone(UTC), minutes, link, brief.strip(), due)


def check_minutes(minutes: int) -> int:
    """A session lasts 1 to 1440 minutes."""
    if not 0 < minutes <= MAX_MINUTES:
        raise PlanError(PlanProblem.MINUTES, f"a session lasts 1 to 1440 minutes, not {minutes}")
    return minutes


def check_link(link: str) -> str:
    """The online meeting link: an http(s) address with a host, no spaces, not too long."""
    link = link.strip()
    parts = urlsplit(link) if len(link) <= LINK_MAX else None
    if (
        parts is None
        or parts.scheme not in ("https", "http")
        or not parts.netloc
        or any(c.isspace() for c in link)
    ):
        shown = link if len(link) <= 60 else f"{link[:57]}..."
        raise PlanError(PlanProblem.LINK, f"the meeting link is a web address, not {shown!r}")
    return link


def check_plan(sessions: list[SessionPlan]) -> None:
    """A run has at least one session, and its sessions do not overlap."""
    if not sessions:
        raise PlanError(PlanProblem.NO_SESSIONS, "a course run has at least one session")
    ordered = sorted(sessions, key=lambda s: s.starts_at)
    for before, after in itertools.pairwise(ordered):
        if before.starts_at + timedelta(minutes=before.minutes) > after.starts_at:
            raise PlanError(
                PlanProblem.OVERLAP, f"sessions overlap at {after.starts_at.isoformat()}"
            )


def course_name(text: str) -> str:
    """A course's name: 1 to 120 characters once trimmed."""
    name = " ".join(text.split())
    if not name:
        raise PlanError(
            PlanProblem.NO_NAME, f"the course needs a name of 1 to {NAME_MAX} characters"
        )
    if len(name) > NAME_MAX:
        raise PlanError(
            PlanProblem.NAME_TOO_LONG, f"the course needs a name of 1 to {NAME_MAX} characters"
        )
    return name


def read_day(text: str) -> date:
    """A typed date: 2026-12-14, 14-12-2026 (also / or . in between)."""
    day = read_date(text)
    if day is None:
        raise PlanError(PlanProblem.NOT_A_DATE, f"date {_shown(text)} is not a date (2026-03-12)")
    return day


def read_time(text: str) -> time:
    """A typed wall time: 19:00, 9:30 or 19.00 (seconds :00 as a spreadsheet adds them)."""
    found = _TIME.fullmatch(text.strip())
    if found is None or int(found[1]) > 23 or int(found[2]) > 59:
        raise PlanError(PlanProblem.NOT_A_TIME, f"time {_shown(text)} is not HH:MM")
    return time(int(found[1]), int(found[2]))


def session_start(day_text: str, time_text: str, zone: ZoneInfo) -> datetime:
    """The moment a session starts (UTC), from its local date and wall time."""
    day, at = read_day(day_text), read_time(time_text)
    if not exists(day, at, zone):
        raise PlanError(
            PlanProblem.NO_SUCH_TIME, f"{day.isoformat()} {at:%H:%M} does not exist in {zone.key}"
        )
    return wall_moment(day, at, zone)


def read_moment(text: str, zone: ZoneInfo) -> datetime:
    """A date and a time typed in one message: "14-12-2026 19:00", "2026-12-14 om 19.00"."""
    words = [w for w in text.split() if w.casefold() not in _WORDS_BETWEEN]
    if len(words) != 2:
        raise PlanError(PlanProblem.NOT_A_DATE, f"{_shown(text)} is no date and time")
    return session_start(words[0], words[1], zone)


def read_whole(text: str, problem: PlanProblem, what: str) -> int:
    """A typed whole number (ASCII digits, at most four)."""
    word = text.strip()
    if not (word.isascii() and word.isdigit() and len(word) <= 4):
        raise PlanError(problem, f"{what} {_shown(text)} is not a whole number")
    return int(word)


def read_minutes(text: str) -> int:
    """A session's duration in minutes, typed."""
    return check_minutes(read_whole(text, PlanProblem.MINUTES, "minutes"))


def due_from(starts_at: datetime, hours_text: str, before: timedelta) -> datetime:
    """The due moment: hours typed before the session, or (nothing typed) the school's default."""
    hours = read_whole(hours_text, PlanProblem.HOURS, "due_hours_before") if hours_text else None
    return starts_at - (before if hours is None else timedelta(hours=hours))


def check_next(planned: Sequence[SessionPlan], starts_at: datetime, now: datetime) -> None:
    """A session given after others: ahead of now, and after the one before it has ended."""
    require_aware(now, "now")
    if starts_at <= now:
        raise PlanError(PlanProblem.IN_THE_PAST, "the session would start in the past")
    if len(planned) >= MAX_SESSIONS:
        raise PlanError(PlanProblem.TOO_MANY_SESSIONS, f"at most {MAX_SESSIONS} sessions")
    if planned:
        last = max(planned, key=lambda s: s.starts_at)
        if starts_at <= last.starts_at:
            raise PlanError(PlanProblem.OUT_OF_ORDER, "a session comes after the one before it")
        if last.starts_at + timedelta(minutes=last.minutes) > starts_at:
            raise PlanError(PlanProblem.OVERLAP, f"sessions overlap at {starts_at.isoformat()}")


def check_ahead(session: SessionPlan, now: datetime) -> None:
    """A planned session lies ahead of now, and so does its assignment's due moment: what the
    chat asks of each session as it is given, asked of a course file's sessions too."""
    require_aware(now, "now")
    if session.starts_at <= now:
        raise PlanError(PlanProblem.IN_THE_PAST, "the session would start in the past")
    check_due(session.due_at, session.starts_at, now)


def check_due(due_at: datetime, starts_at: datetime, now: datetime) -> datetime:
    """An assignment given now is due ahead of now and not after its session starts."""
    if due_at > starts_at:
        raise PlanError(
            PlanProblem.DUE_AFTER_START, "an assignment is due before its session starts"
        )
    if due_at <= now:
        raise PlanError(PlanProblem.DUE_PASSED, "the assignment would be due in the past")
    return due_at


def _shown(text: str) -> str:
    """A typed text in a refusal: as typed, shortened."""
    text = text.strip()
    return repr(text if len(text) <= 40 else f"{text[:37]}...")
