"""The register of certified mentors, the secret behind their codes, the company register."""

from __future__ import annotations

import secrets
from datetime import date

import aiosqlite

from bot.domain.training import Completion
from bot.domain.training_records import CertificateRecord, CompanyEntry
from storage.db import date_from_db

# An erased person leaves the register, and his certificate no longer verifies.
_CERT = """SELECT c.*, p.name FROM certificates c
           JOIN people p ON p.id = c.person_id AND p.erased_at IS NULL"""


def _cert(row: aiosqlite.Row) -> CertificateRecord:
    issued = date_from_db(row["issued_on"])
    assert issued is not None
    return CertificateRecord(
        row["id"],
        row["number"],
        row["person_id"],
        row["name"],
        row["run_id"],
        row["company"],
        row["course"],
        issued,
        date_from_db(row["valid_until"]),
        Completion(row["completion"]),
    )


class CertificateRepo:
    """Certificates, numbered per year, and the two registers."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def secret(self) -> bytes:
        """The school's certificate secret, made on first use (inside a write transaction)."""
        await self._conn.execute(
            "INSERT OR IGNORE INTO certificate_secret (id, secret) VALUES (1, ?)",
            (secrets.token_bytes(32),),
        )
        return await self.stored_secret() or b""

    async def stored_secret(self) -> bytes | None:
        """The secret if one was made (a read never makes one)."""
        async with self._conn.execute("SELECT secret FROM certificate_secret") as cur:
            row = await cur.fetchone()
        return bytes(row[0]) if row else None

    async def count_in_year(self, year: int) -> int:
        sql = "SELECT count(*) FROM certificates WHERE issued_on LIKE ?"
        async with self._conn.execute(sql, (f"{year:04d}-%",)) as cur:
            row = await cur.fetchone()
        return int(row[0]) if row else 0

    async def add(
        self,
        number: str,
        person_id: int,
        run_id: int,
        *,
        company: str,
        course: str,
        issued_on: date,
        valid_until: date | None,
        completion: Completion,
    ) -> int | None:
        """Record a certificate; None when this person has one of this run already."""
        cur = await self._conn.execute(
            """INSERT OR IGNORE INTO certificates (number, person_id, run_id, company, course,
               issued_on, valid_until, completion) VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
            (
                number,
                person_id,
                run_id,
                company,
                course,
                issued_on.isoformat(),
                valid_until.isoformat() if valid_until else None,
                completion.value,
            ),
        )
        return int(cur.lastrowid or 0) if cur.rowcount else None

    async def company_of(self, mentor_id: int) -> str:
        """The company of a mentor's latest placement, else the one a trainee mentor's
        invitation named ('' for neither)."""
        sql = """SELECT coalesce(
                     (SELECT co.name FROM placements p JOIN companies co ON co.id = p.company_id
                      WHERE p.mentor_id = :id ORDER BY p.starts_on DESC, p.id DESC LIMIT 1),
                     (SELECT co.name FROM people x JOIN companies co ON co.id = x.company_id
                      WHERE x.id = :id), '')"""
        async with self._conn.execute(sql, {"id": mentor_id}) as cur:
            row = await cur.fetchone()
        return str(row[0]) if row else ""

    async def by_id(self, certificate_id: int) -> CertificateRecord | None:
        async with self._conn.execute(f"{_CERT} WHERE c.id = ?", (certificate_id,)) as cur:
            row = await cur.fetchone()
        return _cert(row) if row else None

    async def by_number(self, number: str) -> CertificateRecord | None:
        async with self._conn.execute(f"{_CERT} WHERE c.number = ?", (number,)) as cur:
            row = await cur.fetchone()
        return _cert(row) if row else None

    async def register(self, search: str = "") -> list[CertificateRecord]:
        """Every certificate whose mentor or company contains `search`, by name."""
        sql = f"""{_CERT} WHERE instr(lower(p.name), lower(:q)) OR instr(lower(c.company),
                  lower(:q)) ORDER BY p.name, c.issued_on"""
        async with self._conn.execute(sql, {"q": search}) as cur:
            return [_cert(row) for row in await cur.fetchall()]

    async def companies(self, today: date) -> list[CompanyEntry]:
        """Every company of the rosters with each of its mentors and their students."""
        sql = """
            SELECT co.name AS company, coalesce(d.address, '') AS address,
                   coalesce(d.contact_email, '') AS contact_email,
                   coalesce(d.sector, '') AS sector, m.name AS mentor, m.email AS mentor_email,
                   EXISTS (SELECT 1 FROM certificates c WHERE c.person_id = m.id
                           AND (c.valid_until IS NULL OR c.valid_until >= :today)) AS certified,
                   count(DISTINCT CASE WHEN p.starts_on <= :today AND p.ends_on >= :today
                                       THEN p.student_id END) AS now,
                   count(DISTINCT CASE WHEN p.ends_on < :today THEN p.student_id END) AS before
            FROM placements p
            JOIN companies co ON co.id = p.company_id
            JOIN people m ON m.id = p.mentor_id
            LEFT JOIN company_details d ON d.company_id = co.id
            GROUP BY co.id, m.id ORDER BY co.name, m.name"""
        async with self._conn.execute(sql, {"today": today.isoformat()}) as cur:
            return [
                CompanyEntry(
                    row["company"],
                    row["address"],
                    row["contact_email"],
                    row["sector"],
                    row["mentor"],
                    row["mentor_email"],
                    bool(row["certified"]),
                    row["now"],
                    row["before"],
                )
                for row in await cur.fetchall()
            ]

    async def uncertified_with_students(self, today: date) -> list[int]:
        """Mentors with a running placement and no valid certificate: the invitation list."""
        sql = """SELECT DISTINCT p.mentor_id FROM placements p
                 WHERE p.starts_on <= :today AND p.ends_on >= :today
                 AND NOT EXISTS (SELECT 1 FROM certificates c WHERE c.person_id = p.mentor_id
                     AND (c.valid_until IS NULL OR c.valid_until >= :today))
                 ORDER BY p.mentor_id"""
        async with self._conn.execute(sql, {"today": today.isoformat()}) as cur:
            return [int(row[0]) for row in await cur.fetchall()]

    async def set_details(
        self, company: str, address: str, contact_email: str, sector: str
    ) -> bool:
        """A company's details (a roster's company, matched without case); False if unknown."""
        async with self._conn.execute(
            "SELECT id FROM companies WHERE name = ? COLLATE NOCASE", (company,)
        ) as cur:
            row = await cur.fetchone()
        if row is None:
            return False
        await self._conn.execute(
            """INSERT INTO company_details (company_id, address, contact_email, sector)
               VALUES (?, ?, ?, ?) ON CONFLICT (company_id) DO UPDATE SET
                 address = excluded.address, contact_email = excluded.contact_email,
                 sector = excluded.sector""",
            (row[0], address, contact_email, sector),
        )
        return True

    async def enrolments(self) -> list[tuple[object, ...]]:
        """Every invitation to a run: the mentor, his company and its contact, enrolled when,
        sessions attended, certificate; for telling employers who enrolled."""
        sql = """
            SELECT r.id, co.name, p.name, p.email,
                   (SELECT c2.name FROM placements pl JOIN companies c2 ON c2.id = pl.company_id
                    WHERE pl.mentor_id = p.id ORDER BY pl.starts_on DESC LIMIT 1) AS company,
                   (SELECT d.contact_email FROM placements pl
                    JOIN company_details d ON d.company_id = pl.company_id
                    WHERE pl.mentor_id = p.id ORDER BY pl.starts_on DESC LIMIT 1) AS contact,
                   e.invited_at, e.enrolled_at,
                   (SELECT count(*) FROM training_attendance a JOIN training_sessions s
                    ON s.id = a.session_id WHERE s.run_id = r.id AND a.person_id = p.id
                    AND a.attended = 1) AS attended,
                   (SELECT number FROM certificates c WHERE c.run_id = r.id
                    AND c.person_id = p.id) AS certificate
            FROM training_enrolments e
            JOIN training_runs r ON r.id = e.run_id
            JOIN training_courses co ON co.id = r.course_id
            JOIN people p ON p.id = e.person_id AND p.erased_at IS NULL
            ORDER BY r.id, p.name"""
        async with self._conn.execute(sql) as cur:
            return [tuple(row) for row in await cur.fetchall()]
