"""Survey definitions: a table of good and bad ones, with the errors they must give."""

from __future__ import annotations

from importlib import resources

import pytest

from bot.domain.survey_file import parse_survey
from bot.domain.surveys import Audience, InvalidSurveyError, Kind, Moment, Problem

HEAD = """name = "probe"
version = 2
audience = "student"
moment = "mid"
title.nl = "Proef"
title.en = "Probe"
"""
SAFE = """
[[questions]]
id = "safe"
kind = "scale"
flagged = true
text.nl = "Ik voel me veilig."
text.en = "I feel safe."
low.nl = "niet"
low.en = "not"
high.nl = "wel"
high.en = "yes"
"""
WHY = """
[[questions]]
id = "why"
kind = "text"
required = false
when = {{ question = "{on}", at_most = 2 }}
text.nl = "Waarom?"
text.en = "Why?"
"""


def test_a_good_definition_reads_into_typed_questions() -> None:
    survey = parse_survey(HEAD + SAFE + WHY.format(on="safe"))
    assert (survey.name, survey.version, survey.audience, survey.moment) == (
        "probe",
        2,
        Audience.STUDENT,
        Moment.MID,
    )
    assert not survey.anonymous
    safe, why = survey.questions
    assert (safe.kind, safe.flagged, why.kind, why.required) == (
        Kind.SCALE,
        True,
        Kind.TEXT,
        False,
    )
    assert survey.asked({}) == (safe,)  # the condition is not met without an answer
    assert survey.asked({"safe": "3"}) == (safe,)
    assert survey.asked({"safe": "2"}) == (safe, why)
    assert safe.is_alarming("2")
    assert not safe.is_alarming("3")
    assert safe.answers() == ("1", "2", "3", "4", "5")


@pytest.mark.parametrize(
    ("source", "problem", "line", "question"),
    [
        # tomllib places a syntax error on its line
        (HEAD + "[[questions]\n", Problem.SYNTAX, 7, None),
        (
            HEAD + SAFE.replace('kind = "scale"', 'kind = "slider"'),
            Problem.UNKNOWN_KIND,
            9,
            "safe",
        ),
        (
            HEAD + SAFE.replace('text.en = "I feel safe."\n', ""),
            Problem.MISSING_TRANSLATION,
            9,
            "safe",
        ),
        (
            HEAD + SAFE.replace('high.en = "yes"\n', 'high.en = " "\n'),
            Problem.MISSING_TRANSLATION,
            9,
            "safe",
        ),
        (HEAD.replace('title.en = "Probe"\n', "") + SAFE, Problem.MISSING_TRANSLATION, None, None),
        # a condition on a later question, on itself, on nothing that exists
        (HEAD + WHY.format(on="safe") + SAFE, Problem.CONDITION_LATER, 9, "why"),
        (HEAD + SAFE + WHY.format(on="why"), Problem.CONDITION_LATER, 20, "why"),
        (HEAD + SAFE + WHY.format(on="nope"), Problem.CONDITION_LATER, 20, "why"),
        (
            HEAD + SAFE + WHY.format(on="safe").replace('"why"', '"two"') + WHY.format(on="two"),
            Problem.CONDITION_NOT_SCALE,
            28,
            "why",
        ),
        (HEAD + SAFE + SAFE, Problem.DUPLICATE_ID, 9, "safe"),
        (HEAD, Problem.NO_QUESTIONS, None, None),
        (HEAD.replace('"student"', '"parent"') + SAFE, Problem.BAD_VALUE, None, None),
        (HEAD.replace("version = 2", "version = 0") + SAFE, Problem.BAD_VALUE, None, None),
        (HEAD + SAFE.replace('kind = "scale"', 'kind = "yes_no"'), Problem.BAD_VALUE, 9, "safe"),
        (HEAD + SAFE.replace('kind = "scale"', 'kind = "choice"'), Problem.MISSING, 9, "safe"),
        (HEAD + SAFE.replace('low.nl = "niet"\nlow.en = "not"\n', ""), Problem.MISSING, 9, "safe"),
        (
            HEAD + SAFE + WHY.format(on="safe").replace("at_most = 2", "at_most = 9"),
            Problem.BAD_VALUE,
            20,
            "why",
        ),
    ],
)
def test_a_bad_definition_says_what_and_where(
    source: str, problem: Problem, line: int | None, question: str | None
) -> None:
    with pytest.raises(InvalidSurveyError) as raised:
        parse_survey(source)
    found = [(e.problem, e.line, e.question) for e in raised.value.errors]
    assert (problem, line, question) in found, raised.value


def test_every_error_is_reported_at_once() -> None:
    source = HEAD + SAFE.replace('kind = "scale"', 'kind = "slider"') + WHY.format(on="later")
    with pytest.raises(InvalidSurveyError) as raised:
        parse_survey(source)
    assert {e.problem for e in raised.value.errors} == {
        Problem.UNKNOWN_KIND,
        Problem.CONDITION_LATER,
    }
    assert "line 9, question 'safe': unknown_kind: kind = 'slider'" in str(raised.value)


SHIPPED = ["student_mid", "student_end", "mentor_end", "training_course"]


@pytest.mark.parametrize("name", SHIPPED)
def test_the_shipped_surveys_are_valid(name: str) -> None:
    source = (resources.files("bot") / "surveys" / f"{name}.toml").read_text(encoding="utf-8")
    survey = parse_survey(source)
    assert survey.name == name
    assert all(q.text["nl"] != q.text["en"] for q in survey.questions)


def test_the_mid_survey_flags_feeling_safe_and_the_end_survey_is_anonymous() -> None:
    def read(name: str) -> str:
        return (resources.files("bot") / "surveys" / f"{name}.toml").read_text(encoding="utf-8")

    mid, end = parse_survey(read("student_mid")), parse_survey(read("student_end"))
    assert [q.id for q in mid.questions if q.flagged] == ["safe"]
    assert end.anonymous
    assert not mid.anonymous
