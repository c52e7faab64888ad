"""The company register's details from a small CSV: `company` and any of `address`,
`contact_email`, `sector`. Read like a roster (UTF-8 or Windows-1252, comma or semicolon);
every bad line named by number."""

from __future__ import annotations

from dataclasses import dataclass

from bot.domain.roster_file import decode, in_english, split_file

OPTIONAL = ("address", "contact_email", "sector")
CELL_MAX = 200


@dataclass(frozen=True, slots=True)
class CompanyDetails:
    """One company's details as the file gives them."""

    line: int
    company: str
    address: str
    contact_email: str
    sector: str


def read_company_file(data: bytes) -> tuple[tuple[CompanyDetails, ...], tuple[str, ...]]:
    """The details per company, and every reason (by line) a line cannot be used."""
    decoded = decode(data)
    if decoded is None:
        return (), ("the file is neither UTF-8 nor Windows-1252 text",)
    parsed = split_file(*decoded)
    errors = [f"line {e.number}: {in_english(e.reason)}" for e in parsed.errors]
    if "company" not in parsed.header:
        return (), (f"line {parsed.header_line}: no column 'company'",)
    found: list[CompanyDetails] = []
    seen: set[str] = set()
    for line in parsed.lines:
        cells = dict(zip(parsed.header, (c.strip() for c in line.cells), strict=False))
        name = cells.get("company", "")
        email = cells.get("contact_email", "")
        if not name:
            errors.append(f"line {line.number}: no company name")
        elif name.casefold() in seen:
            errors.append(f"line {line.number}: {name} is on an earlier line already")
        elif email and ("@" not in email or " " in email):
            errors.append(f"line {line.number}: {email!r} is not an email address")
        elif any(len(cells.get(c, "")) > CELL_MAX for c in OPTIONAL):
            errors.append(f"line {line.number}: a cell longer than {CELL_MAX} characters")
        else:
            seen.add(name.casefold())
            found.append(CompanyDetails(line.number, name, *(cells.get(c, "") for c in OPTIONAL)))
    return tuple(found), tuple(errors)
