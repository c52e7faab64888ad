"""What a survey invitation promises agrees with what the person gets: a survey with a
conditional question says the range its progress line can show, one without says the count."""

from __future__ import annotations

from importlib import resources

import pytest

from bot.domain.survey_file import parse_survey
from bot.domain.surveys import Survey
from handlers.survey_views import _asks


def shipped(name: str) -> Survey:
    """A survey definition the bot ships."""
    return parse_survey((resources.files("bot") / "surveys" / f"{name}.toml").read_text("utf-8"))


@pytest.mark.parametrize(
    ("name", "fewest", "most"),
    [
        ("student_mid", 6, 7),  # 'learning_why' only after 'learning' 1-2
        ("student_end", 5, 6),
        ("mentor_end", 4, 5),
        ("training_course", 3, 3),  # no condition
    ],
)
def test_the_range_is_what_the_highest_and_the_lowest_answers_ask(
    name: str, fewest: int, most: int
) -> None:
    survey = shipped(name)
    assert survey.question_range() == (fewest, most)
    highest = {q.id: "5" for q in survey.questions}
    lowest = {q.id: "1" for q in survey.questions}
    assert len(survey.asked(highest)) == fewest
    assert len(survey.asked(lowest)) == most


def test_before_any_answer_only_the_unconditional_questions_count() -> None:
    # Nothing answered yet: no condition holds, so the first progress line shows the fewest.
    survey = shipped("student_mid")
    assert len(survey.asked({})) == len([q for q in survey.questions if q.condition is None])


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("en", "6 to 7 short questions (some only follow a certain answer)"),
        ("nl", "6 tot 7 korte vragen (sommige vragen komen alleen na een bepaald antwoord)"),
    ],
)
def test_an_invitation_with_a_conditional_question_says_the_range(
    language: str, said: str
) -> None:
    text = _asks(language, shipped("student_mid"), "survey.invitation")
    assert said in text
    assert ": 7 short" not in text
    assert ": 7 korte" not in text


@pytest.mark.parametrize(
    ("language", "said"), [("en", ": 3 short questions."), ("nl", ": 3 korte vragen.")]
)
def test_an_invitation_without_a_condition_says_the_count(language: str, said: str) -> None:
    assert said in _asks(language, shipped("training_course"), "survey.invitation")


def test_the_reminder_names_no_count() -> None:
    text = _asks("en", shipped("student_mid"), "survey.reminder")
    assert text.startswith("📝 <b>")
    assert "question" not in text
