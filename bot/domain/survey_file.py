"""Reading a survey definition (TOML) and checking it, with errors that say where.

tomllib places syntax errors on a line; for what it reads fine but we refuse (an unknown kind,
a missing translation, a condition on a later question, a duplicate id) the error names the
question and the line of its `id = "..."`. All errors are collected, not just the first.
"""

from __future__ import annotations

import re
import tomllib
from typing import Any

from bot.domain.people import LANGUAGES
from bot.domain.surveys import (
    ID,
    SCALE,
    Audience,
    Condition,
    InvalidSurveyError,
    Kind,
    Moment,
    Option,
    Problem,
    Question,
    Survey,
    SurveyError,
    Texts,
)


def parse_survey(source: str, languages: tuple[str, ...] = LANGUAGES) -> Survey:
    """The survey a TOML definition describes, or InvalidSurveyError with every error found."""
    try:
        raw = tomllib.loads(source)
    except tomllib.TOMLDecodeError as e:
        found = re.search(r"line (\d+)", str(e))
        line = int(found.group(1)) if found else None
        raise InvalidSurveyError([SurveyError(Problem.SYNTAX, str(e), line)]) from None
    return _Checker(source, languages).survey(raw)


def id_line(source: str, question_id: str) -> int | None:
    """The line where a question's `id = "..."` stands."""
    pattern = re.compile(r"^\s*id\s*=\s*[\"']" + re.escape(question_id) + r"[\"']")
    for number, text in enumerate(source.splitlines(), start=1):
        if pattern.match(text):
            return number
    return None


class _Checker:
    """Collects the errors of one definition while reading it."""

    def __init__(self, source: str, languages: tuple[str, ...]) -> None:
        self.source = source
        self.languages = languages
        self.errors: list[SurveyError] = []
        self.qid: str | None = None

    def fail(self, problem: Problem, detail: str) -> None:
        line = id_line(self.source, self.qid) if self.qid else None
        self.errors.append(SurveyError(problem, detail, line, self.qid))

    def texts(self, raw: dict[str, Any], key: str, *, needed: bool = True) -> Texts | None:
        value = raw.get(key)
        if value is None:
            if needed:
                self.fail(Problem.MISSING, key)
            return None
        if not isinstance(value, dict):
            self.fail(Problem.WRONG_TYPE, f"{key} must be a table of languages")
            return None
        for lang in self.languages:
            text = value.get(lang)
            if not isinstance(text, str) or not text.strip():
                self.fail(Problem.MISSING_TRANSLATION, f"{key}.{lang}")
        return {lang: str(value.get(lang, "")) for lang in self.languages}

    def choice(
        self,
        raw: dict[str, Any],
        key: str,
        enum: type[Kind | Audience | Moment],
        problem: Problem = Problem.BAD_VALUE,
    ) -> Any:
        value = raw.get(key)
        if value is None:
            self.fail(Problem.MISSING, key)
            return None
        try:
            return enum(value)
        except ValueError:
            self.fail(problem, f"{key} = {value!r}")
            return None

    def survey(self, raw: dict[str, Any]) -> Survey:
        name, version = raw.get("name"), raw.get("version")
        if not isinstance(name, str) or not ID.match(name):
            self.fail(Problem.BAD_VALUE, f"name = {name!r}")
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            self.fail(Problem.BAD_VALUE, f"version = {version!r}")
        audience = self.choice(raw, "audience", Audience)
        moment = self.choice(raw, "moment", Moment)
        anonymous = raw.get("anonymous", False)
        if not isinstance(anonymous, bool):
            self.fail(Problem.WRONG_TYPE, "anonymous must be true or false")
        title = self.texts(raw, "title")
        questions = self.questions(raw.get("questions"))
        if self.errors:
            raise InvalidSurveyError(self.errors)
        assert title is not None  # no errors: every part was read
        return Survey(
            str(name), int(str(version)), audience, moment, bool(anonymous), title, questions
        )

    def questions(self, raw: Any) -> tuple[Question, ...]:
        if not isinstance(raw, list) or not raw:
            self.fail(Problem.NO_QUESTIONS, "at least one [[questions]]")
            return ()
        seen: dict[str, Kind | None] = {}
        read: list[Question] = []
        for item in raw:
            question = self.question(item, seen)
            if question is not None:
                read.append(question)
        self.qid = None
        return tuple(read)

    def question(self, raw: dict[str, Any], seen: dict[str, Kind | None]) -> Question | None:
        qid = raw.get("id")
        self.qid = qid if isinstance(qid, str) else None
        if not isinstance(qid, str) or not ID.match(qid):
            self.fail(Problem.BAD_VALUE, f"id = {qid!r}")
            return None
        if qid in seen:
            self.fail(Problem.DUPLICATE_ID, qid)
            return None
        kind: Kind | None = self.choice(raw, "kind", Kind, Problem.UNKNOWN_KIND)
        seen[qid] = kind
        text = self.texts(raw, "text")
        scale = kind is Kind.SCALE
        low, high = self.texts(raw, "low", needed=scale), self.texts(raw, "high", needed=scale)
        options = self.options(raw.get("options")) if kind is Kind.CHOICE else ()
        required, flagged = raw.get("required", True), raw.get("flagged", False)
        if not isinstance(required, bool) or not isinstance(flagged, bool):
            self.fail(Problem.WRONG_TYPE, "required and flagged are true or false")
        if flagged and kind is not None and not scale:
            self.fail(Problem.BAD_VALUE, "only a scale question can be flagged")
        condition = self.condition(raw.get("when"), seen, qid)
        if kind is None or text is None:
            return None
        return Question(
            qid, kind, text, low, high, options, bool(required), bool(flagged), condition
        )

    def options(self, raw: Any) -> tuple[Option, ...]:
        if not isinstance(raw, list) or len(raw) < 2:
            self.fail(Problem.MISSING, "options: a choice needs two [[questions.options]]")
            return ()
        read: list[Option] = []
        for item in raw:
            oid = item.get("id") if isinstance(item, dict) else None
            if not isinstance(oid, str) or not ID.match(oid) or oid in {o.id for o in read}:
                self.fail(Problem.BAD_VALUE, f"option id = {oid!r}")
                continue
            text = self.texts(item, "text")
            read.append(Option(oid, text or {}))
        return tuple(read)

    def condition(self, raw: Any, seen: dict[str, Kind | None], qid: str) -> Condition | None:
        if raw is None:
            return None
        if not isinstance(raw, dict):
            self.fail(Problem.WRONG_TYPE, "when must be a table")
            return None
        on, at_most = raw.get("question"), raw.get("at_most")
        if not isinstance(on, str) or on == qid or on not in seen:
            self.fail(Problem.CONDITION_LATER, f"when.question = {on!r}: no earlier question")
            return None
        if seen[on] is not Kind.SCALE:
            self.fail(Problem.CONDITION_NOT_SCALE, f"when.question = {on!r}")
            return None
        if not isinstance(at_most, int) or isinstance(at_most, bool) or at_most not in SCALE:
            self.fail(Problem.BAD_VALUE, f"when.at_most = {at_most!r}")
            return None
        return Condition(on, at_most)
