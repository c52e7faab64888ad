"""The safeguarding promise as rules: a report reaches a person, and the student hears who.

DESIGN principle 11. An alert's route ends at a human: the supervisor, and when he cannot be
reached on Telegram (not joined, blocked the bot, chat gone, or Telegram refused the alert for
good) the coordinators at once. He still gets his copy when he joins or unblocks. Whoever gets
it, the student's own words go only to the people he chose: the supervisor, and the mentor if
he shared with him; a coordinator learns that he asked for help and can reach him, not what he
wrote. Email is the last resort, for alerts nobody acknowledged on Telegram in time or that
nobody can receive there.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from bot.domain.messages import Payload, message_kind
from bot.domain.people import Person

# RFC 2606 reserves `.invalid`: the placeholder address of a coordinator known only by his
# Telegram id, and of an erased person.
_NO_MAILBOX = ".invalid"


class Reach(StrEnum):
    """Whether a person can get a Telegram message now."""

    REACHABLE = "reachable"
    NOT_JOINED = "not_joined"  # has not opened his invite link yet
    UNREACHABLE = "unreachable"  # blocked the bot, or his chat is gone


class Reader(StrEnum):
    """In which capacity someone receives an alert."""

    SUPERVISOR = "supervisor"
    MENTOR = "mentor"
    COORDINATOR = "coordinator"


class Channel(StrEnum):
    """How a copy of an alert travels."""

    TELEGRAM = "telegram"
    EMAIL = "email"


class CopyStatus(StrEnum):
    """What became of one copy of an alert."""

    PENDING = "pending"  # queued (on Telegram: waiting in the outbox, maybe for a join)
    DELIVERED = "delivered"  # Telegram or the SMTP server accepted it
    LOST = "lost"  # the chat is gone or Telegram refused it for good; rerouted
    DROPPED = "dropped"  # an email no longer needed: the alert was acknowledged first


@dataclass(frozen=True, slots=True)
class Copy:
    """One person's copy of an alert on one channel."""

    id: int
    alert_id: int
    person_id: int
    reader: Reader
    channel: Channel
    status: CopyStatus


@dataclass(frozen=True, slots=True)
class Addition:
    """A report beyond the hourly limit, joined to the student's open report."""

    id: int
    alert_id: int
    details: str | None
    shared_with_mentor: bool
    created_at: datetime


@dataclass(frozen=True, slots=True)
class Recipient:
    """A person an alert may go to, and how he can be reached."""

    person_id: int
    reach: Reach


@dataclass(frozen=True, slots=True)
class Route:
    """Where an alert goes on Telegram now.

    The supervisor's copy is always queued: it waits in the outbox until he joins or
    unblocks. `coordinators` are told at once because he cannot read it now.
    """

    supervisor: int
    coordinators: tuple[int, ...]
    supervisor_now: bool  # whether he can read it now

    @property
    def reaches_someone_now(self) -> bool:
        """Whether somebody who can read Telegram now gets it (else: email, and say so)."""
        return self.supervisor_now or bool(self.coordinators)


def reach_of(person: Person) -> Reach:
    """Whether a person can get a Telegram message now."""
    if person.telegram_id is None:
        return Reach.NOT_JOINED
    return Reach.UNREACHABLE if person.undeliverable else Reach.REACHABLE


def route_alert(supervisor: Recipient, coordinators: Sequence[Recipient]) -> Route:
    """Who gets an alert on Telegram: the supervisor, and the coordinators if he can't read it.

    Only coordinators who can be reached now are told: one who has not joined would read it
    days later, which is what the email fallback is for.
    """
    if supervisor.reach is Reach.REACHABLE:
        return Route(supervisor.person_id, (), supervisor_now=True)
    others = tuple(
        sorted(
            c.person_id
            for c in coordinators
            if c.reach is Reach.REACHABLE and c.person_id != supervisor.person_id
        )
    )
    return Route(supervisor.person_id, others, supervisor_now=False)


def may_read_words(reader: Reader, shared_with_mentor: bool) -> bool:
    """Whether a reader may see the student's own words: only whom the student chose."""
    match reader:
        case Reader.SUPERVISOR:
            return True
        case Reader.MENTOR:
            return shared_with_mentor
        case Reader.COORDINATOR:
            return False


def is_mailable(email: str) -> bool:
    """Whether an address can receive email (not a placeholder of the `.invalid` domain)."""
    local, at, domain = email.rpartition("@")
    return bool(local and at and "." in domain) and not domain.lower().endswith(_NO_MAILBOX)


def email_due_at(created_at: datetime, after: timedelta, *, reaches_someone: bool) -> datetime:
    """When an alert nobody acknowledged is also emailed: at once if Telegram reaches nobody."""
    _aware(created_at)
    if after <= timedelta(0):
        raise ValueError(f"the email delay must be positive, not {after}")
    return created_at if not reaches_someone else created_at + after


def unreached_due_at(created_at: datetime, after: timedelta) -> datetime:
    """When a student whose report no one has received yet is told so."""
    _aware(created_at)
    if after <= timedelta(0):
        raise ValueError(f"the wait must be positive, not {after}")
    return created_at + after


class Admission(StrEnum):
    """What a new report from a student becomes."""

    NEW_ALERT = "new_alert"
    ADDITION = "addition"  # joins his open report: no new alert, no new escalation


def admit_report(
    earlier: Sequence[datetime], now: datetime, per_hour: int, *, has_open_report: bool
) -> Admission:
    """A new alert, or an addition to the open one once `per_hour` reports came in the hour.

    `earlier` are the times of the student's earlier reports (any order). A student who has
    reached the limit but whose reports were all resolved gets a new alert: the limit keeps
    his supervisor from being flooded, never from hearing of something new.
    """
    _aware(now)
    if per_hour < 1:
        raise ValueError(f"at least one report an hour must be allowed, not {per_hour}")
    hour_ago = now - timedelta(hours=1)
    recent = sum(1 for moment in earlier if hour_ago < moment <= now)
    if recent < per_hour or not has_open_report:
        return Admission.NEW_ALERT
    return Admission.ADDITION


def _aware(moment: datetime) -> None:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"an aware datetime is needed, got {moment.isoformat()}")


# --- messages of the safeguarding feature (their views: handlers/report_views.py) -------------

# Kinds whose delivery is followed: marking one sent records who has the alert.
FOLLOWED_KINDS = frozenset({"alert", "alert_escalated", "alert_rerouted", "problem_shared"})


@message_kind("alert_rerouted")
@dataclass(frozen=True, slots=True)
class AlertRerouted(Payload):
    """An alert to a coordinator at once: the supervisor cannot read it (`reason`)."""

    alert_id: int
    reason: Reach


@message_kind("report_receipt")
@dataclass(frozen=True, slots=True)
class ReportReceipt(Payload):
    """To the student: who has his report now (worded when sent, so it names everyone)."""

    alert_id: int


@message_kind("report_unreached")
@dataclass(frozen=True, slots=True)
class ReportUnreached(Payload):
    """To the student: nobody has received his report yet."""

    alert_id: int


@message_kind("report_addition")
@dataclass(frozen=True, slots=True)
class ReportAddition(Payload):
    """A report beyond the hourly limit, to whoever reads the open report's words."""

    addition_id: int
