"""Trainee mentors: employees of host companies invited by name and email to a course run.

One is given on the command line (`--name --email --company`) or many in a small CSV with the
columns `name, email` and optionally `company`, read like a roster (UTF-8 or Windows-1252,
comma or semicolon; every bad line named, nothing invited from a file with one).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.domain.roster_file import decode, in_english, split_file

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
NAME_MAX = 200  # as the roster's names, emails and companies
REQUIRED = ("name", "email")


@dataclass(frozen=True, slots=True)
class Trainee:
    """Someone to invite to a course run: his name, email (lower case) and employer."""

    name: str
    email: str
    company: str = ""


@dataclass(frozen=True, slots=True)
class TraineeFile:
    """The trainees a file names, or every reason (by line) it cannot be used."""

    trainees: tuple[Trainee, ...]
    errors: tuple[str, ...]


def trainee(name: str, email: str, company: str = "") -> Trainee:
    """A trainee from what was typed; ValueError saying what is wrong with it."""
    name, email, company = name.strip(), email.strip().lower(), company.strip()
    problems = []
    if not name:
        problems.append("a name is needed")
    if not EMAIL.match(email):
        problems.append(f"{email!r} is no email address")
    for what, value in (("name", name), ("email", email), ("company", company)):
        if len(value) > NAME_MAX:
            problems.append(f"the {what} is longer than {NAME_MAX} characters")
        if any(ord(c) < 32 or ord(c) == 127 for c in value):
            problems.append(f"the {what} holds a control character")
    if problems:
        raise ValueError("; ".join(problems))
    return Trainee(name, email, company)


def read_trainee_file(data: bytes) -> TraineeFile:
    """The trainees of a CSV, or why not: bad lines, missing columns, one email twice."""
    decoded = decode(data)
    if decoded is None:
        return TraineeFile((), ("the file is neither UTF-8 nor Windows-1252 text",))
    parsed = split_file(*decoded)
    missing = [name for name in REQUIRED if name not in parsed.header]
    if missing:
        return TraineeFile(
            (), (f"line {parsed.header_line}: missing columns {', '.join(missing)}",)
        )
    errors = [f"line {e.number}: {in_english(e.reason)}" for e in parsed.errors]
    found: list[Trainee] = []
    seen: dict[str, int] = {}
    for line in parsed.lines:
        cells = dict(zip(parsed.header, line.cells, strict=False))
        try:
            one = trainee(cells.get("name", ""), cells.get("email", ""), cells.get("company", ""))
        except ValueError as error:
            errors.append(f"line {line.number}: {error}")
            continue
        if one.email in seen:
            errors.append(f"line {line.number}: {one.email} is on line {seen[one.email]} too")
            continue
        seen[one.email] = line.number
        found.append(one)
    if not found and not errors:
        errors.append("the file names nobody")
    return TraineeFile(tuple(found) if not errors else (), tuple(errors))


def read_invite_line(text: str) -> tuple[int, Trainee]:
    """`RUN name; email; company` as a trainer types it after /trainee (commas do too when no
    semicolon is there); ValueError when it is not that."""
    run, _, rest = text.strip().partition(" ")
    if not (run.isascii() and run.isdigit() and len(run) <= 12):
        raise ValueError("the run's number first")
    parts = [p.strip() for p in rest.split(";" if ";" in rest else ",")]
    if len(parts) not in (2, 3):
        raise ValueError("name; email; company")
    return int(run), trainee(*parts)
