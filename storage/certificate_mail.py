"""Certificates sent to the employer: each certificate of a run with its company's contact
address, and the claim, the sending and the release of its email."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import aiosqlite

from storage.db import date_from_db, from_db, to_db


@dataclass(frozen=True, slots=True)
class MailTarget:
    """A certificate of a run, and where its employer's email would go."""

    certificate_id: int
    number: str
    name: str
    company: str  # as on the certificate
    contact_email: str  # the company's, from the companies file; '' when none is known
    course: str
    issued_on: date
    mailed_at: datetime | None
    claimed_at: datetime | None


class CertificateMailRepo:
    """The employer's copy of each certificate."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def targets(self, run_id: int) -> list[MailTarget]:
        """Every certificate of a run whose mentor is not erased, by name."""
        sql = """SELECT c.id, c.number, p.name, c.company, c.course, c.issued_on,
                        c.employer_mailed_at, c.employer_claimed_at,
                        coalesce((SELECT d.contact_email FROM companies co
                                  JOIN company_details d ON d.company_id = co.id
                                  WHERE co.name = c.company COLLATE NOCASE
                                    AND c.company != '' LIMIT 1), '') AS contact
                 FROM certificates c JOIN people p ON p.id = c.person_id AND p.erased_at IS NULL
                 WHERE c.run_id = ? ORDER BY p.name, c.id"""
        async with self._conn.execute(sql, (run_id,)) as cur:
            rows = await cur.fetchall()
        found = []
        for row in rows:
            issued = date_from_db(row["issued_on"])
            assert issued is not None
            found.append(
                MailTarget(
                    row["id"],
                    row["number"],
                    row["name"],
                    row["company"],
                    row["contact"].strip(),
                    row["course"],
                    issued,
                    from_db(row["employer_mailed_at"]) if row["employer_mailed_at"] else None,
                    from_db(row["employer_claimed_at"]) if row["employer_claimed_at"] else None,
                )
            )
        return found

    async def claim(self, certificate_id: int, now: datetime, lapsed_before: datetime) -> bool:
        """Take a certificate's email in hand; False when it went or another tap holds it."""
        cur = await self._conn.execute(
            """UPDATE certificates SET employer_claimed_at = ?
               WHERE id = ? AND employer_mailed_at IS NULL
                 AND (employer_claimed_at IS NULL OR employer_claimed_at < ?)""",
            (to_db(now), certificate_id, to_db(lapsed_before)),
        )
        return cur.rowcount > 0

    async def mailed(self, certificate_id: int, to: str, now: datetime) -> None:
        """The server took the email."""
        await self._conn.execute(
            """UPDATE certificates SET employer_mailed_at = ?, employer_mail_to = ?,
               employer_claimed_at = NULL WHERE id = ?""",
            (to_db(now), to, certificate_id),
        )

    async def release(self, certificate_id: int) -> None:
        """The email did not go: a later tap may try again."""
        await self._conn.execute(
            "UPDATE certificates SET employer_claimed_at = NULL WHERE id = ?", (certificate_id,)
        )
