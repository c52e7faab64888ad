"""Trainee mentors as typed and as a CSV: who is invited, or every reason why not."""

from __future__ import annotations

import re

import pytest

from bot.domain.people import Role, may_become
from bot.domain.trainees import Trainee, read_invite_line, read_trainee_file, trainee


@pytest.mark.parametrize(
    ("name", "email", "company", "expected"),
    [
        ("Tom Bakker", "Tom@Bakkerij.NL ", "", Trainee("Tom Bakker", "tom@bakkerij.nl")),
        (
            " Zoë Ĳssel ",
            "zoe@x.example",
            " Bakkerij & Co ",
            Trainee("Zoë Ĳssel", "zoe@x.example", "Bakkerij & Co"),
        ),
    ],
)
def test_a_trainee_is_his_name_email_in_lower_case_and_company(
    name: str, email: str, company: str, expected: Trainee
) -> None:
    assert trainee(name, email, company) == expected


@pytest.mark.parametrize(
    ("name", "email", "company", "problem"),
    [
        ("", "tom@x.example", "", "a name is needed"),
        ("Tom", "tom at x", "", "'tom at x' is no email address"),
        ("Tom", "tom@x", "", "no email address"),
        ("T" * 201, "tom@x.example", "", "the name is longer than 200 characters"),
        ("Tom", "tom@x.example", "B" * 201, "the company is longer than 200"),
        ("Tom\tBakker", "tom@x.example", "", "the name holds a control character"),
        ("Tom", "tom@x.example", "Bak\x00kerij", "the company holds a control character"),
    ],
)
def test_what_is_wrong_with_a_trainee_is_said(
    name: str, email: str, company: str, problem: str
) -> None:
    with pytest.raises(ValueError, match=re.escape(problem)):
        trainee(name, email, company)


def test_a_file_of_trainees_is_read_like_a_roster() -> None:
    data = "sep=;\r\nName;E-mail;Email;Company\r\nTom Bakker;;tom@bakkerij.nl;Bakkerij Jansen\r\n"
    read = read_trainee_file(data.replace("E-mail;", "x;").encode("cp1252"))
    assert read.errors == ()
    assert read.trainees == (Trainee("Tom Bakker", "tom@bakkerij.nl", "Bakkerij Jansen"),)
    both = read_trainee_file("name,email\nZoë,zoe@x.example\nAd,ad@x.example\n".encode())
    assert [t.name for t in both.trainees] == ["Zoë", "Ad"]


@pytest.mark.parametrize(
    ("data", "errors"),
    [
        (b"name,company\nTom,B\n", ("line 1: missing columns email",)),
        (b"name,email\n", ("the file names nobody",)),
        (b"\xff\xfe\x00\x81", ("the file is neither UTF-8 nor Windows-1252 text",)),
        (
            b"name,email\nTom,tom@x.example\nTom B,TOM@x.example\n,ad@x.example\n",
            ("line 3: tom@x.example is on line 2 too", "line 4: a name is needed"),
        ),
    ],
)
def test_a_file_with_a_bad_line_invites_nobody(data: bytes, errors: tuple[str, ...]) -> None:
    read = read_trainee_file(data)
    assert read.errors == errors
    assert read.trainees == ()


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "1 Tom Bakker; tom@x.example; Bakkerij",
            (1, Trainee("Tom Bakker", "tom@x.example", "Bakkerij")),
        ),
        ("12 Tom, tom@x.example", (12, Trainee("Tom", "tom@x.example"))),
        # Semicolons given: a comma belongs to the name or the company.
        (
            "3 Bakker, Tom; tom@x.example; A, B & C",
            (3, Trainee("Bakker, Tom", "tom@x.example", "A, B & C")),
        ),
    ],
)
def test_the_trainers_line_is_run_name_email_company(
    line: str, expected: tuple[int, Trainee]
) -> None:
    assert read_invite_line(line) == expected


@pytest.mark.parametrize(
    "line",
    [
        "",
        "Tom; tom@x.example",
        "one Tom; tom@x.example",
        "٣ Tom; tom@x.example",
        "1 Tom",
        "1 Tom; tom@x.example; B; extra",
        "1 Tom; nomail",
        "9999999999999 Tom; t@x.example",
    ],
)
def test_anything_else_is_no_invitation(line: str) -> None:
    with pytest.raises(
        ValueError, match=r"run's number first|name; email; company|no email|a name"
    ):
        read_invite_line(line)


@pytest.mark.parametrize(
    ("known", "wanted", "allowed"),
    [
        (Role.TRAINEE_MENTOR, Role.MENTOR, True),
        (Role.MENTOR, Role.MENTOR, True),
        (Role.TRAINEE_MENTOR, Role.STUDENT, False),
        (Role.TRAINEE_MENTOR, Role.SUPERVISOR, False),
        (Role.MENTOR, Role.TRAINEE_MENTOR, False),
        (Role.STUDENT, Role.MENTOR, False),
    ],
)
def test_only_a_trainee_may_become_a_mentor(known: Role, wanted: Role, allowed: bool) -> None:
    assert may_become(known, wanted) is allowed
