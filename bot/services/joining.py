"""Who has joined, and one fresh invite for one person (also when he lost his Telegram account)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

from bot.domain.people import Person, hash_token
from bot.services.people import TOKEN_BYTES, IssuedInvite
from bot.services.runtime import Services
from storage.audit import AuditRepo
from storage.invites import InviteRepo
from storage.joining import JoiningRepo


@dataclass(frozen=True, slots=True)
class Member:
    """Someone the school registered, whether he has joined, and in how many placements."""

    person: Person
    placements: int

    @property
    def joined(self) -> bool:
        """Whether he has linked his Telegram account."""
        return self.person.telegram_id is not None


@dataclass(frozen=True, slots=True)
class Renewed:
    """A fresh invite for one person; `account_cut` when his old Telegram account was unlinked."""

    invite: IssuedInvite
    account_cut: bool


async def members(svc: Services) -> list[Member]:
    """Everyone registered, coordinators first, then supervisors, mentors and students."""
    async with svc.db.reading() as conn:
        return [Member(person, count) for person, count in await JoiningRepo(conn).everyone()]


async def find_people(svc: Services, text: str, limit: int = 10) -> list[Person]:
    """People whose name or email holds the text."""
    async with svc.db.reading() as conn:
        return await JoiningRepo(conn).named(text, limit)


async def person_by_email(svc: Services, email: str) -> Person | None:
    """The registered person with this email."""
    async with svc.db.reading() as conn:
        return await JoiningRepo(conn).by_email(email)


async def renew_invite(
    svc: Services, person_id: int, now: datetime, actor_id: int | None = None
) -> Renewed | None:
    """A fresh link for one person; his earlier links stop working, and a Telegram account he
    joined with is cut from him (lost phone, new account): only the new link joins him again.
    None when there is no such person."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    async with svc.db.transaction() as conn:
        joining = JoiningRepo(conn)
        person = await joining.by_id(person_id)
        if person is None:
            return None
        cut = await joining.cut_account(person.id)
        invites = InviteRepo(conn)
        await invites.revoke_open(person.id, now)
        await invites.add(person.id, hash_token(token), now, now + svc.policy.invite_valid)
        await AuditRepo(conn).record(
            now, actor_id, "invite_renewed", f"person:{person.id}", "account cut" if cut else ""
        )
    return Renewed(IssuedInvite(person, token), cut)
