"""How the feedback messages look when the outbox sends them."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardMarkup

from bot.domain.feedback_messages import (
    FeedbackAnswered,
    FeedbackAsked,
    FeedbackNotConfirmed,
    FeedbackPrompt,
    FeedbackQuestionAsked,
    FeedbackReminder,
    FeedbackSent,
    FeedbackUnderstood,
    GoalsSet,
    PlacementEnding,
)
from bot.domain.messages import Outgoing
from bot.domain.people import Role
from bot.i18n import Safe, t, tn
from bot.services.feedback_reads import (
    FeedbackFacts,
    current_goals,
    feedback_facts,
    placement_facts,
    question_facts,
    request_facts,
)
from bot.services.runtime import Services
from handlers.feedback import give_button
from handlers.feedback_replies import answer_keyboard, reply_keyboard
from handlers.formats import day
from handlers.outgoing import Text, found, view

EXCERPT = 200  # characters of a feedback quoted in a reminder or a question


def excerpt(text: str, limit: int = EXCERPT) -> str:
    """The start of a text, cut at a word, with … when there is more."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    return flat[:limit].rsplit(" ", 1)[0] + " …"


def _sent_on(language: str, facts: FeedbackFacts) -> str:
    return _day(language, facts.item.sent_at, facts.people.placement.timezone)


def _day(language: str, moment: datetime, timezone: str) -> str:
    return day(language, moment.astimezone(ZoneInfo(timezone)).date())


async def _feedback(svc: Services, feedback_id: int) -> FeedbackFacts:
    return found(await feedback_facts(svc, feedback_id), f"feedback {feedback_id}")


@view(FeedbackSent)
async def feedback_sent(svc: Services, message: Outgoing, payload: FeedbackSent) -> Text:
    """The feedback, whole (over several messages if long), with its two buttons."""
    facts, lang = await _feedback(svc, payload.feedback_id), message.language
    goal = (
        Safe("\n" + t(lang, "feedback.goal_line", goal=facts.goal_title))
        if (facts.goal_title)
        else ""
    )
    return Text(
        t(lang, "feedback.received", mentor=facts.author.name, goal=goal, text=facts.item.text),
        reply_keyboard(lang, facts.item.id),
    )


@view(FeedbackReminder)
async def feedback_reminder(svc: Services, message: Outgoing, payload: FeedbackReminder) -> Text:
    """To the student: is that feedback clear? With the buttons again."""
    facts, lang = await _feedback(svc, payload.feedback_id), message.language
    return Text(
        t(
            lang,
            "feedback.reminder",
            mentor=facts.author.name,
            date=_sent_on(lang, facts),
            excerpt=excerpt(facts.item.text),
        ),
        reply_keyboard(lang, facts.item.id),
    )


@view(FeedbackNotConfirmed)
async def feedback_not_confirmed(
    svc: Services, message: Outgoing, payload: FeedbackNotConfirmed
) -> Text:
    """To the mentor: the student has not confirmed his feedback for days."""
    facts, lang = await _feedback(svc, payload.feedback_id), message.language
    return Text(
        t(
            lang,
            "feedback.not_confirmed",
            student=facts.people.student.name,
            date=_sent_on(lang, facts),
            excerpt=excerpt(facts.item.text),
        )
    )


@view(FeedbackUnderstood)
async def feedback_understood(
    svc: Services, message: Outgoing, payload: FeedbackUnderstood
) -> Text:
    """To the mentor: the student understood."""
    facts, lang = await _feedback(svc, payload.feedback_id), message.language
    return Text(
        t(
            lang,
            "feedback.understood_notice",
            student=facts.people.student.name,
            date=_sent_on(lang, facts),
        )
    )


@view(FeedbackQuestionAsked)
async def feedback_question(
    svc: Services, message: Outgoing, payload: FeedbackQuestionAsked
) -> Text:
    """To the mentor: the student's question, with the button to answer it."""
    question, facts = found(
        await question_facts(svc, payload.question_id), f"question {payload.question_id}"
    )
    lang = message.language
    return Text(
        t(
            lang,
            "feedback.question_received",
            student=facts.people.student.name,
            date=_sent_on(lang, facts),
            question=question.text,
            excerpt=excerpt(facts.item.text),
        ),
        answer_keyboard(lang, question.id) if question.answered_at is None else None,
    )


@view(FeedbackAnswered)
async def feedback_answer(svc: Services, message: Outgoing, payload: FeedbackAnswered) -> Text:
    """To the student: the mentor's answer, and the feedback's buttons again."""
    question, facts = found(
        await question_facts(svc, payload.question_id), f"question {payload.question_id}"
    )
    lang = message.language
    settled = facts.item.understood_at is not None
    return Text(
        t(
            lang,
            "feedback.answer_received",
            mentor=facts.author.name,
            question=question.text,
            answer=question.answer or "",
        ),
        None if settled else reply_keyboard(lang, facts.item.id, again=True),
    )


@view(FeedbackAsked)
async def feedback_asked(svc: Services, message: Outgoing, payload: FeedbackAsked) -> Text:
    """To the mentor: his student asks for feedback, with the button to give it."""
    facts, subject = found(
        await request_facts(svc, payload.request_id), f"request {payload.request_id}"
    )
    lang, student = message.language, facts.student.name
    text = (
        t(lang, "feedback.asked_subject", student=student, subject=subject)
        if subject
        else t(lang, "feedback.asked", student=student)
    )
    return Text(
        text, InlineKeyboardMarkup([[give_button(lang, facts.placement.id, payload.request_id)]])
    )


@view(FeedbackPrompt)
async def feedback_prompt(svc: Services, message: Outgoing, payload: FeedbackPrompt) -> Text:
    """To a silent mentor: a word of feedback, please; one tap starts it."""
    facts = found(
        await placement_facts(svc, payload.placement_id), f"placement {payload.placement_id}"
    )
    lang = message.language
    return Text(
        tn(lang, "feedback.prompt", payload.days, student=facts.student.name),
        InlineKeyboardMarkup([[give_button(lang, facts.placement.id)]]),
    )


@view(GoalsSet)
async def goals_set(svc: Services, message: Outgoing, payload: GoalsSet) -> Text:
    """To the student and the mentor: the learning goals as now set."""
    facts = found(
        await placement_facts(svc, payload.placement_id), f"placement {payload.placement_id}"
    )
    lang = message.language
    lines = "\n".join(
        t(lang, "goals.notice_line", goal=goal.title)
        for goal in await current_goals(svc, payload.placement_id)
    )
    return Text(t(lang, "goals.set_notice", student=facts.student.name, goals=Safe(lines)))


_ENDING = {
    Role.STUDENT: "placement.ending_student",
    Role.MENTOR: "placement.ending_mentor",
    Role.SUPERVISOR: "placement.ending_supervisor",
}


@view(PlacementEnding)
async def placement_ending(svc: Services, message: Outgoing, payload: PlacementEnding) -> Text:
    """The placement ends soon: the student may ask for a reference; each role its words."""
    facts = found(
        await placement_facts(svc, payload.placement_id), f"placement {payload.placement_id}"
    )
    lang, placement = message.language, facts.placement
    key = _ENDING[placement.role_of(message.person_id)]
    return Text(
        t(
            lang,
            key,
            student=facts.student.name,
            mentor=facts.mentor.name,
            company=placement.company,
            date=day(lang, placement.ends_on),
        )
    )
