"""The school's rules of the game: defaults and thresholds, taken from settings once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from bot.domain.feedback_timing import DEFAULT_FEEDBACK_RULES, FeedbackRules
from bot.domain.meeting_rules import DEFAULT_RULES, MeetingRules
from bot.domain.survey_timing import DEFAULT_SURVEYS, SurveyRules
from bot.domain.training import DEFAULT_TRAINING, TrainingRules
from bot.domain.working_time import SCHOOL_WEEK, WorkingCalendar


@dataclass(frozen=True, slots=True)
class Policy:
    """What the services need to know of the settings, free of any library."""

    default_language: str = "nl"
    timezone: str = "Europe/Amsterdam"
    bot_username: str = "mentorbot"
    invite_valid: timedelta = timedelta(days=30)
    checkin_weekday: str = "fri"
    checkin_time: str = "14:00"
    checkin_reminder_after: timedelta = timedelta(hours=24)
    checkin_window: timedelta = timedelta(hours=72)
    low_mood_at_most: int = 2
    low_mood_weeks: int = 2
    missed_checkins_in_a_row: int = 2
    alert_resend_after: timedelta = timedelta(hours=8)  # of working time (`working`)
    alert_max_resends: int = 1
    mentor_meeting_every_days: int = 7
    tripartite_every_weeks: int = 6
    coordinator_telegram_ids: frozenset[int] = frozenset()
    retention_months: int = 24
    # The safeguarding promise: email as the last resort, the student told, the report limit.
    email_enabled: bool = False  # SMTP_URL is set
    alert_email_after: timedelta = timedelta(minutes=30)
    report_unreached_after: timedelta = timedelta(minutes=15)
    reports_per_hour: int = 3
    flow_expires: timedelta = timedelta(hours=2)  # a half-answered conversation times out
    inbox_keep: timedelta = timedelta(days=14)
    feedback: FeedbackRules = DEFAULT_FEEDBACK_RULES  # feedback nudges, prompts, end notice
    meetings: MeetingRules = DEFAULT_RULES  # cadence margins, reminders, quiet hours
    # The supervisor's picture (issue 12).
    working: WorkingCalendar = SCHOOL_WEEK  # resends and escalations count its hours
    digest_weekday: str = "mon"  # the weekly digest, in the school's time zone
    digest_time: str = "08:30"
    export_separator: str = "auto"  # ";" for Dutch readers, "," otherwise; or one of them
    training: TrainingRules = DEFAULT_TRAINING  # mentor training and certificates (issue 13)
    surveys: SurveyRules = DEFAULT_SURVEYS  # reminders, closing, group minimum (issue 14)
