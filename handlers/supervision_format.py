"""How the supervisor's picture reads: overview lines and pages, the digest, a student's
picture. Pure wording: outcomes of the services in, HTML text out."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from babel.lists import format_list

from bot.domain.digest import Digest
from bot.domain.digest import shorten as shortened
from bot.domain.overview import Light, OverviewLine, paginate
from bot.i18n import Safe, t
from bot.services.student_picture import StudentPicture
from handlers.formats import day, moment
from handlers.split import MAX_MESSAGE, telegram_length

LIGHTS = {Light.RED: "🔴", Light.AMBER: "🟠", Light.GREEN: "🟢"}
PAGE_LINES = 15  # lines of the overview on one page: a phone's screen or two
HEADER_ROOM = 400  # UTF-16 units kept for a page's header and legend
PICTURE_WORDS = 600  # characters of a week's words in the student picture


def overview_line(language: str, line: OverviewLine, timezone: str) -> str:
    """One placement: its light, student and company, last mood and check-in, next meeting,
    and what slips."""
    facts = line.facts
    parts = [
        t(
            language,
            "overview.line",
            light=LIGHTS[line.light],
            student=facts.student,
            company=facts.company,
        )
    ]
    if facts.last_checkin_on is not None and facts.last_mood is not None:
        parts.append(
            t(
                language,
                "overview.mood",
                mood=facts.last_mood,
                day=day(language, facts.last_checkin_on),
            )
        )
    else:
        parts.append(t(language, "overview.no_checkin"))
    if facts.next_meeting_at is not None:
        parts.append(
            t(language, "overview.meeting", when=moment(language, facts.next_meeting_at, timezone))
        )
    if facts.paused_until is not None:
        parts.append(t(language, "overview.paused", until=day(language, facts.paused_until)))
    parts += [t(language, f"overview.concern.{concern.value}") for concern in line.concerns]
    if facts.mentor_uncertified:
        parts.append(t(language, "overview.mentor_uncertified"))
    return " · ".join(parts)


def overview_pages(language: str, lines: tuple[OverviewLine, ...], timezone: str) -> list[str]:
    """The overview as pages, each within Telegram's limit: a header, then its lines."""
    if not lines:
        return [t(language, "overview.none")]
    counts = {light: sum(line.light is light for line in lines) for light in Light}
    texts = [overview_line(language, line, timezone) for line in lines]
    pages = paginate(texts, MAX_MESSAGE - HEADER_ROOM, telegram_length, most=PAGE_LINES)
    header = t(
        language,
        "overview.header",
        count=len(lines),
        red=counts[Light.RED],
        amber=counts[Light.AMBER],
        green=counts[Light.GREEN],
    )
    result = []
    for number, page in enumerate(pages, start=1):
        top = (
            header
            if len(pages) == 1
            else "\n".join((header, t(language, "overview.page", page=number, pages=len(pages))))
        )
        result.append(top + "\n\n" + "\n".join(page))
    return result


def digest_text(language: str, digest: Digest, first: str, last: str) -> str:
    """The weekly digest: the numbers, who to look at, and the students' own words."""

    def names(entries: list[str]) -> Safe:
        return Safe(format_list(entries, locale=language))

    def bold(name: str) -> str:
        return t(language, "digest.name", name=name)

    lines = [t(language, "digest.header", first=first, last=last)]
    lines.append(
        t(
            language,
            "digest.answered",
            answered=digest.answered,
            asked=digest.asked,
            placements=digest.placements,
        )
        if digest.asked
        else t(language, "digest.none_asked", placements=digest.placements)
    )
    if digest.missed:
        lines.append(
            t(language, "digest.missed", names=names([bold(n.student) for n in digest.missed]))
        )
    if digest.waiting:
        lines.append(
            t(language, "digest.waiting", names=names([bold(n.student) for n in digest.waiting]))
        )
    if digest.low:
        lines.append(
            t(
                language,
                "digest.low",
                names=names(
                    [
                        t(language, "digest.low_one", name=m.student, mood=m.mood)
                        for m in digest.low
                    ]
                ),
            )
        )
    if digest.open_alerts:
        lines.append(
            t(
                language,
                "digest.alerts",
                names=names(
                    [
                        t(language, "digest.alerts_one", name=a.student, n=a.alerts)
                        for a in digest.open_alerts
                    ]
                ),
            )
        )
    if digest.texts:
        lines.append("\n" + t(language, "digest.words"))
        lines += [t(language, "digest.word", name=w.student, text=w.text) for w in digest.texts]
    return "\n".join(lines)


def picture_text(language: str, picture: StudentPicture) -> str:
    """A student's picture: who, the last check-ins with his words, meetings, feedback,
    alerts; each section says so when it has nothing yet."""
    p, zone = picture.placement, picture.timezone
    lines = [
        t(
            language,
            "student.header",
            student=picture.student,
            company=p.company,
            mentor=picture.mentor[0],
            email=picture.mentor[1],
            first=day(language, p.starts_on),
            last=day(language, p.ends_on),
        )
    ]
    if not picture.student_joined:
        lines.append(t(language, "student.not_joined"))
    if picture.mentor_uncertified:
        lines.append(t(language, "student.mentor_uncertified"))
    for title, section in (
        ("student.checkins", _checkins(language, picture)),
        (
            "student.meetings",
            [
                t(
                    language,
                    "student.meeting",
                    when=moment(language, m.starts_at, zone),
                    kind=t(language, f"student.kind.{m.kind.value}"),
                    state=t(language, f"student.state.{m.state.value}"),
                )
                for m in picture.meetings
            ],
        ),
        ("student.feedback", _feedback(language, picture)),
        (
            "student.alerts",
            [
                t(
                    language,
                    "student.alert",
                    day=_local_day(language, a.created_at, zone),
                    kind=t(language, f"student.alert_kind.{a.kind.value}"),
                    state=t(language, f"student.alert_state.{a.status.value}"),
                )
                for a in picture.alerts
            ],
        ),
    ):
        lines.append("\n" + t(language, title))
        lines += section or [t(language, "student.nothing")]
    return "\n".join(lines)


def _checkins(language: str, picture: StudentPicture) -> list[str]:
    lines = []
    for c in picture.checkins:
        when = _local_day(language, c.due_at, picture.placement.timezone)
        if c.status == "answered" and c.week_note:
            lines.append(
                t(
                    language,
                    "student.checkin_words",
                    day=when,
                    mood=c.mood or "–",
                    words=shortened(c.week_note, PICTURE_WORDS),
                )
            )
        else:
            lines.append(t(language, f"student.checkin_{c.status}", day=when, mood=c.mood or "–"))
    return lines


def _feedback(language: str, picture: StudentPicture) -> list[str]:
    lines = []
    for f in picture.feedback:
        state = (
            t(
                language,
                "student.understood",
                day=_local_day(language, f.understood_at, picture.timezone),
            )
            if f.understood_at
            else t(language, "student.question")
            if f.open_questions
            else t(language, "student.unconfirmed")
        )
        lines.append(
            t(
                language,
                "student.feedback_item",
                day=_local_day(language, f.sent_at, picture.timezone),
                text=shortened(f.text, 120),
                state=Safe(state),
            )
        )
    return lines


def _local_day(language: str, moment_: datetime, timezone: str) -> str:
    return day(language, moment_.astimezone(ZoneInfo(timezone)).date())
