"""Invite letters: one PDF per person in his language, written where the coordinator says.

`python -m bot invites --letters DIR`: the same fresh links as `invites`, each on a page
with what the bot will do for that person, how to install Telegram, the link as text and as
a QR code, and its expiry date.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from babel.dates import format_date

from bot.documents.letter import InviteLetter, invite_pdf
from bot.domain.people import Person
from bot.i18n import Safe, t
from bot.services.people import IssuedInvite, invite_link
from storage.files import write_private


@dataclass(frozen=True, slots=True)
class WrittenLetter:
    """One letter on disk, for whom."""

    person: Person
    path: Path
    link: str


def letter_for(
    person: Person,
    link: str,
    expires_at: datetime,
    *,
    school: str,
    default_language: str,
    timezone: str,
    issued: datetime,
) -> InviteLetter:
    """The letter's words for one person, in his language (the school's when he has none)."""
    language = person.language or default_language

    def say(key: str, **params: str) -> str:
        # Plain text in a PDF: the names as written, not HTML-escaped.
        return t(language, key, **{name: Safe(value) for name, value in params.items()})

    zone = ZoneInfo(timezone)
    school_name = school.strip() or t(language, "branding.your_school")
    expires = format_date(expires_at.astimezone(zone).date(), "d MMMM y", locale=language)
    return InviteLetter(
        language=language,
        school=school_name,
        name=person.name,
        role=t(language, f"role.{person.role.value}"),
        link=link,
        expires=expires,
        issued_on=issued.astimezone(zone).date(),
        title=say("letter.title"),
        greeting=say("letter.greeting", name=person.name),
        what_it_does=say(f"letter.does.{person.role.value}", school=school_name),
        install_title=say("letter.install_title"),
        install=say("letter.install"),
        join_title=say("letter.join_title"),
        join=say("letter.join"),
        expiry_note=say("letter.expiry", date=expires, school=school_name),
        footer=say("letter.footer", school=school_name, name=person.name),
    )


def file_name(person: Person) -> str:
    """A file name that sorts by role and reads as the name, safe on every file system."""
    ascii_name = unicodedata.normalize("NFKD", person.name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:40] or "person"
    return f"{person.role.value}-{slug}-{person.id}.pdf"


def write_letters(
    folder: Path,
    issued: list[IssuedInvite],
    *,
    bot_username: str,
    expires_at: datetime,
    school: str,
    default_language: str,
    timezone: str,
    now: datetime,
) -> list[WrittenLetter]:
    """Write one private (0600) PDF per invite into `folder` (made if missing)."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for invite in issued:
        link = invite_link(bot_username, invite.token)
        letter = letter_for(
            invite.person,
            link,
            expires_at,
            school=school,
            default_language=default_language,
            timezone=timezone,
            issued=now,
        )
        path = folder / file_name(invite.person)
        write_private(path, invite_pdf(letter))
        written.append(WrittenLetter(invite.person, path, link))
    return written


def letters_zip(
    issued: list[IssuedInvite],
    *,
    bot_username: str,
    expires_at: datetime,
    school: str,
    default_language: str,
    timezone: str,
    now: datetime,
) -> bytes:
    """The same letters as one ZIP file (for a coordinator in chat: one file, not hundreds)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for invite in issued:
            letter = letter_for(
                invite.person,
                invite_link(bot_username, invite.token),
                expires_at,
                school=school,
                default_language=default_language,
                timezone=timezone,
                issued=now,
            )
            # A fixed time: the same letters make the same file (zipfile takes local times).
            info = zipfile.ZipInfo(file_name(invite.person), date_time=(2020, 1, 1, 0, 0, 0))
            archive.writestr(info, invite_pdf(letter), zipfile.ZIP_DEFLATED)
    return buffer.getvalue()
