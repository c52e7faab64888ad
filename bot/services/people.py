"""Who is who: joining with an invite, identifying a Telegram user, language."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum

from aiosqlite import Connection

from bot.domain.people import LANGUAGES, Person, Role, hash_token, language_for
from bot.services.deliveries import person_reachable_again
from bot.services.runtime import Services
from bot.services.trainee_joining import enrol_on_joining
from storage.audit import AuditRepo
from storage.invites import InviteRepo
from storage.people import PeopleRepo

# 32 bytes of randomness: 256 bits, well above the 128 the threat model asks for.
TOKEN_BYTES = 32
# Guessing a token is hopeless anyway; this keeps a guesser from even trying at speed.
WRONG_TOKENS_ALLOWED = 5
WRONG_TOKEN_WINDOW = timedelta(hours=1)


class JoinResult(StrEnum):
    """How a /start with an invite token ended."""

    JOINED = "joined"
    ALREADY_JOINED = "already_joined"
    UNKNOWN = "unknown"
    USED = "used"
    EXPIRED = "expired"
    OTHER_ACCOUNT = "other_account"
    SLOW_DOWN = "slow_down"


@dataclass(frozen=True, slots=True)
class JoinOutcome:
    """The result of joining and, when it worked, who joined."""

    result: JoinResult
    person: Person | None = None


@dataclass(frozen=True, slots=True)
class IssuedInvite:
    """A fresh invite link for one person (the token is shown once, never stored)."""

    person: Person
    token: str


def looks_like_token(text: str) -> bool:
    """Whether a /start payload could be one of our tokens (Telegram allows A-Z a-z 0-9 _ -)."""
    # isascii: str.isalnum() also takes é, ٣ and ², which no token of ours holds.
    return 20 <= len(text) <= 64 and text.isascii() and all(c.isalnum() or c in "-_" for c in text)


async def identify(
    svc: Services, telegram_id: int, first_name: str, telegram_language: str | None, now: datetime
) -> Person | None:
    """The registered person behind a Telegram user; coordinators from settings are created."""
    async with svc.db.reading() as conn:
        person = await PeopleRepo(conn).by_telegram_id(telegram_id)
    if person is not None and person.undeliverable:
        async with svc.db.transaction() as conn:  # he writes again: his chat works again
            await PeopleRepo(conn).mark_deliverable(person.id)
            # Alerts he lost while unreachable and nobody has resolved go out to him now.
            await person_reachable_again(conn, person.id, now)
        return replace(person, undeliverable=False)
    if person is not None or telegram_id not in svc.policy.coordinator_telegram_ids:
        return person
    language = language_for(None, telegram_language, svc.policy.default_language)
    async with svc.db.transaction() as conn:
        people = PeopleRepo(conn)
        person_id = await people.add(
            first_name[:200] or "Coordinator",
            f"telegram-{telegram_id}@coordinators.invalid",
            Role.COORDINATOR,
            language,
            now,
        )
        await people.link_telegram(person_id, telegram_id, language)
        await AuditRepo(conn).record(now, person_id, "coordinator_from_settings", str(telegram_id))
        return await people.by_id(person_id)


async def join(
    svc: Services, token: str, telegram_id: int, telegram_language: str | None, now: datetime
) -> JoinOutcome:
    """Link a Telegram account to the person an invite was made for, once.

    After WRONG_TOKENS_ALLOWED wrong tokens within the window, tokens are not even checked.
    """
    since = now - WRONG_TOKEN_WINDOW
    async with svc.db.transaction() as conn:
        invites = InviteRepo(conn)
        if await invites.failures_since(telegram_id, since) >= WRONG_TOKENS_ALLOWED:
            return JoinOutcome(JoinResult.SLOW_DOWN)
        outcome = await _link(
            svc, conn, token, telegram_id, telegram_language=telegram_language, now=now
        )
        if outcome.person is None:
            await invites.record_failure(telegram_id, now, forget_before=since)
        return outcome


async def _link(
    svc: Services,
    conn: Connection,
    token: str,
    telegram_id: int,
    *,
    telegram_language: str | None,
    now: datetime,
) -> JoinOutcome:
    token_hash = hash_token(token)
    people, invites = PeopleRepo(conn), InviteRepo(conn)
    invite = await invites.by_hash(token_hash)
    if invite is None:
        return JoinOutcome(JoinResult.UNKNOWN)
    person = await people.by_id(invite.person_id)
    assert person is not None
    already = await people.by_telegram_id(telegram_id)
    if already is not None and already.id == person.id:
        return JoinOutcome(JoinResult.ALREADY_JOINED, already)
    if invite.used_at is not None:
        return JoinOutcome(JoinResult.USED)
    if invite.expires_at <= now:
        return JoinOutcome(JoinResult.EXPIRED)
    if already is not None or person.telegram_id is not None:
        # One Telegram account is one person, and a person has one account.
        return JoinOutcome(JoinResult.OTHER_ACCOUNT)
    language = language_for(person.language, telegram_language, svc.policy.default_language)
    await invites.use(token_hash, now)
    await people.link_telegram(person.id, telegram_id, language)
    await AuditRepo(conn).record(now, person.id, "joined", f"person:{person.id}")
    await enrol_on_joining(conn, person, now)  # a trainee mentor: in the runs he was invited to
    return JoinOutcome(JoinResult.JOINED, await people.by_id(person.id))


async def issue_invites(svc: Services, now: datetime) -> list[IssuedInvite]:
    """Fresh invite links for everyone who has not joined; earlier unused links stop working."""
    issued: list[IssuedInvite] = []
    async with svc.db.transaction() as conn:
        people, invites = PeopleRepo(conn), InviteRepo(conn)
        for person in await people.not_joined():
            token = secrets.token_urlsafe(TOKEN_BYTES)
            await invites.revoke_open(person.id, now)
            await invites.add(person.id, hash_token(token), now, now + svc.policy.invite_valid)
            issued.append(IssuedInvite(person, token))
    return issued


async def choose_language(svc: Services, person: Person, language: str) -> bool:
    """Switch the language the bot speaks with a person; False for an unknown language."""
    if language not in LANGUAGES:
        return False
    async with svc.db.transaction() as conn:
        await PeopleRepo(conn).set_language(person.id, language)
    return True


def invite_link(bot_username: str, token: str) -> str:
    """The Telegram deep link that opens the bot with an invite token."""
    return f"https://t.me/{bot_username}?start={token}"
