"""Mentor training: a course's runs and sessions, the assignment before each session, the
reminders around both, who completed the course, and the certificate's number and code.

A run is one round of a course (the same course repeats as a new run). Each session has an
assignment due some time before it (default 48 hours). Reminders:

- of the assignment two days and one day before its due moment, only to who has not handed in;
- of the session the day before and 15 minutes before, with the link.

After downtime only the latest passed reminder of each kind goes out, and none once what it
reminds of has begun (a reminder of a session that started is noise).

The verification code is an HMAC of the certificate number under a secret the school keeps:
numbers are sequential and public, codes cannot be guessed from them.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from bot.domain.localtime import require_aware

DEFAULT_DUE_BEFORE = timedelta(hours=48)
CODE_LENGTH = 12  # base32 letters: 60 bits, far beyond guessing through /verify
CODE_GROUP = 4  # shown as ABCD-EFGH-JKLM


@dataclass(frozen=True, slots=True)
class TrainingRules:
    """The school's training settings (TRAINING_*, CERTIFICATE_*, SCHOOL_NAME)."""

    due_before: timedelta = DEFAULT_DUE_BEFORE
    certificate_valid_months: int | None = None  # None: a certificate counts for good
    school_name: str = ""
    certificate_logo: str = ""  # a PNG or JPEG file; empty: no logo
    certificate_signatory: str = ""  # the line under the signature


DEFAULT_TRAINING = TrainingRules()


class TrainingReminder(StrEnum):
    """The reminders around one session, in the order they go out."""

    ASSIGNMENT_TWO_DAYS = "assignment_2d"
    ASSIGNMENT_ONE_DAY = "assignment_1d"
    SESSION_DAY_BEFORE = "session_1d"
    SESSION_SOON = "session_15m"


ASSIGNMENT_REMINDERS = (TrainingReminder.ASSIGNMENT_TWO_DAYS, TrainingReminder.ASSIGNMENT_ONE_DAY)
SESSION_REMINDERS = (TrainingReminder.SESSION_DAY_BEFORE, TrainingReminder.SESSION_SOON)
_OFFSETS = {
    TrainingReminder.ASSIGNMENT_TWO_DAYS: timedelta(days=2),
    TrainingReminder.ASSIGNMENT_ONE_DAY: timedelta(days=1),
    TrainingReminder.SESSION_DAY_BEFORE: timedelta(days=1),
    TrainingReminder.SESSION_SOON: timedelta(minutes=15),
}


class Completion(StrEnum):
    """Whether a participant completed the course, and on what ground."""

    ATTENDED_ALL = "attended_all"
    OVERRIDE = "override"  # the trainer's decision, with a reason
    INCOMPLETE = "incomplete"


@dataclass(frozen=True, slots=True)
class TrainingSession:
    """One session of a run: when, how long, where online, and its assignment."""

    id: int
    run_id: int
    number: int  # 1, 2, … in the run's order
    starts_at: datetime  # UTC
    minutes: int
    link: str
    brief: str  # the assignment; empty: no assignment for this session
    due_at: datetime  # UTC, when the assignment is due

    @property
    def ends_at(self) -> datetime:
        """When the session is over."""
        return self.starts_at + timedelta(minutes=self.minutes)

    @property
    def has_assignment(self) -> bool:
        """Whether participants hand something in before this session."""
        return bool(self.brief.strip())


def reminder_moment(reminder: TrainingReminder, session: TrainingSession) -> datetime:
    """When one reminder of a session is due (UTC)."""
    anchor = session.due_at if reminder in ASSIGNMENT_REMINDERS else session.starts_at
    return anchor - _OFFSETS[reminder]


def reminders_due(session: TrainingSession, now: datetime) -> list[TrainingReminder]:
    """The reminders to send now: the latest passed one of each kind whose subject lies ahead."""
    require_aware(now, "now")
    due: list[TrainingReminder] = []
    groups = ((ASSIGNMENT_REMINDERS, session.due_at), (SESSION_REMINDERS, session.starts_at))
    for group, subject in groups:
        if group is ASSIGNMENT_REMINDERS and not session.has_assignment:
            continue
        passed = [r for r in group if reminder_moment(r, session) <= now < subject]
        due.extend(passed[-1:])
    return due


def is_late(handed_in_at: datetime, session: TrainingSession) -> bool:
    """Whether an assignment came in after its due moment (it is still taken)."""
    return handed_in_at > session.due_at


def may_hand_in(session: TrainingSession, now: datetime) -> bool:
    """An assignment is taken until its session ends (late is marked, not refused)."""
    return session.has_assignment and now < session.ends_at


def completion(
    session_ids: list[int], attended: set[int], override_reason: str | None
) -> Completion:
    """Whether a participant completed: every session attended, or the trainer's reasoned say."""
    if session_ids and set(session_ids) <= attended:
        return Completion.ATTENDED_ALL
    if override_reason is not None and override_reason.strip():
        return Completion.OVERRIDE
    return Completion.INCOMPLETE


def certificate_number(year: int, sequence: int) -> str:
    """The public number of the year's n-th certificate: MB-2026-0007."""
    if sequence < 1:
        raise ValueError("certificates are numbered from 1")
    return f"MB-{year:04d}-{sequence:04d}"


def verification_code(secret: bytes, number: str) -> str:
    """The code printed beside a number: an HMAC under the school's secret, in groups of four."""
    if len(secret) < 16:
        raise ValueError("the certificate secret has at least 16 bytes")
    digest = hmac.new(secret, normal_number(number).encode(), hashlib.sha256).digest()
    letters = base64.b32encode(digest).decode()[:CODE_LENGTH]
    return "-".join(letters[i : i + CODE_GROUP] for i in range(0, CODE_LENGTH, CODE_GROUP))


def is_genuine(secret: bytes, number: str, code: str) -> bool:
    """Whether a code belongs to a number (spaces, dashes and case as anyone types them)."""
    expected = verification_code(secret, number).replace("-", "")
    typed = "".join(code.split()).replace("-", "").upper()
    return hmac.compare_digest(expected.encode(), typed.encode("utf-8", "replace"))


def normal_number(number: str) -> str:
    """A certificate number as stored: upper case, no spaces around."""
    return "".join(number.split()).upper()


def valid_until(issued_on: date, months: int | None) -> date | None:
    """Until when a certificate counts: `months` after its date (clamped), or for good."""
    if months is None or months <= 0:
        return None
    month_index = issued_on.month - 1 + months
    year, month = issued_on.year + month_index // 12, month_index % 12 + 1
    for day in range(issued_on.day, 27, -1):
        try:
            return date(year, month, day)
        except ValueError:
            continue
    return date(year, month, min(issued_on.day, 28))


def is_certified(valid: date | None, today: date) -> bool:
    """Whether a certificate still counts today."""
    return valid is None or today <= valid


def weekly_list_week(now: datetime, weekday: int, at: time, zone: ZoneInfo) -> str | None:
    """The ISO week ('2026-W12') whose weekly list of uncertified mentors is due by `now`:
    from its weekday and time on (school time zone) to the week's end; None before that."""
    require_aware(now, "now")
    local = now.astimezone(zone)
    if (local.weekday(), local.time()) < (weekday, at):
        return None
    year, week, _ = local.isocalendar()
    return f"{year}-W{week:02d}"
