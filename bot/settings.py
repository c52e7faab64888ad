"""All configuration, read once from the environment or `.env`."""

from __future__ import annotations

import os
import re
from datetime import time, timedelta
from pathlib import Path
from typing import Annotated
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    Field,
    SecretStr,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from bot.domain.meeting_rules import MeetingRules
from bot.domain.people import LANGUAGES
from bot.domain.quiet import QuietHours
from bot.domain.training import TrainingRules
from bot.domain.working_time import (
    WorkingCalendar,
    read_holidays,
    read_working_days,
    read_working_hours,
)

PUBLIC_BOT_API = "https://api.telegram.org"

# How to fix each setting, shown when it is missing or malformed.
HINTS: dict[str, str] = {
    "telegram_bot_token": "set TELEGRAM_BOT_TOKEN to the token @BotFather gave you "
    "(or run `python -m bot demo`, which needs none)",
    "timezone": "set TIMEZONE to an IANA time zone name such as Europe/Amsterdam",
    "default_language": "set DEFAULT_LANGUAGE to nl or en",
    "coordinator_ids": "set COORDINATOR_IDS to Telegram user ids separated by commas, "
    "e.g. 12345,67890",
    "telegram_api_base_url": "set TELEGRAM_API_BASE_URL to an http(s) URL such as "
    "https://api.telegram.org",
    "webhook_url": "set WEBHOOK_URL to the public https URL Telegram should post updates to",
    "webhook_secret": "set WEBHOOK_SECRET to 1-256 characters of A-Z a-z 0-9 _ - "
    "(Telegram sends it with every update; it proves the request is Telegram's)",
    "smtp_url": "set SMTP_URL to smtp://user:password@host:587 (STARTTLS) or "
    "smtps://user:password@host:465, or leave it empty for no email",
    "smtp_from": "set SMTP_FROM to the address alerts are emailed from, e.g. "
    "mentorbot@school.example (needed with SMTP_URL)",
    "feedback_tell_mentor_days": "set FEEDBACK_TELL_MENTOR_DAYS to more days than "
    "FEEDBACK_REMIND_HOURS is hours: the mentor hears after the student's reminder",
    "meeting_lapse_days": "set MEETING_LAPSE_DAYS to more days than MEETING_GRACE_DAYS: the "
    "supervisor is alerted after the reminder to plan",
    "meeting_remind_minutes": "set MEETING_REMIND_MINUTES to less time than "
    "MEETING_REMIND_HOURS: the short reminder comes after the day-before one",
    "meeting_times": "set MEETING_TIMES to the usual meeting times, HH:MM separated by commas, "
    "e.g. 09:00,10:30,14:00",
    "quiet_hours_start": "set QUIET_HOURS_START to a time HH:MM, e.g. 21:00",
    "quiet_hours_end": "set QUIET_HOURS_END to a time HH:MM, e.g. 08:00",
    "working_days": "set WORKING_DAYS to the school's working days, e.g. mon-fri or "
    "mon,tue,thu,fri",
    "working_hours": "set WORKING_HOURS to the working day's hours, e.g. 08:00-17:00",
    "school_holidays": "set SCHOOL_HOLIDAYS to dates and ranges separated by commas, e.g. "
    "2026-10-19..2026-10-23,2026-12-21..2027-01-01",
    "digest_weekday": "set DIGEST_WEEKDAY to a weekday mon..sun",
    "digest_time": "set DIGEST_TIME to a time HH:MM, e.g. 08:30",
    "school_name": "set SCHOOL_NAME to the school's name, at most 64 characters (it goes "
    "into the bot's description, which Telegram limits)",
    "log_format": "set LOG_FORMAT to text or json",
    "mentorbot_home": "set MENTORBOT_HOME to the folder that holds .env and the database",
    "export_separator": "set EXPORT_SEPARATOR to auto (semicolons for Dutch, commas "
    "otherwise), comma or semicolon",
}


class Settings(BaseSettings):
    """mentorbot's settings; see `.env.example` for each one."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    telegram_bot_token: SecretStr = SecretStr("")
    database_path: Path = Path("mentorbot.sqlite3")
    telegram_api_base_url: str = PUBLIC_BOT_API
    bot_username: str = ""
    timezone: str = "Europe/Amsterdam"
    default_language: str = "nl"
    coordinator_ids: Annotated[frozenset[int], NoDecode] = frozenset()
    webhook_url: str = ""
    webhook_secret: SecretStr = Field(default=SecretStr(""), validate_default=True)
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = Field(default=8443, ge=1, le=65535)

    send_rate_per_second: float = Field(default=25.0, gt=0)
    per_chat_interval_seconds: float = Field(default=1.0, ge=0)
    send_concurrency: int = Field(default=4, ge=1, le=64)
    update_concurrency: int = Field(default=64, ge=1, le=1000)
    request_timeout_seconds: float = Field(default=10.0, gt=0)
    invite_valid_days: int = Field(default=30, ge=1)
    tick_seconds: int = Field(default=60, ge=1)

    checkin_weekday: str = "fri"
    checkin_time: str = "14:00"
    checkin_reminder_hours: int = Field(default=24, ge=1)
    checkin_window_hours: int = Field(default=72, ge=1)
    low_mood_at_most: int = Field(default=2, ge=1, le=5)
    low_mood_weeks: int = Field(default=2, ge=1)
    missed_checkins_in_a_row: int = Field(default=2, ge=1)
    alert_resend_hours: int = Field(default=8, ge=1)  # working hours (WORKING_*)
    alert_max_resends: int = Field(default=1, ge=0)
    mentor_meeting_every_days: int = Field(default=7, ge=1)
    tripartite_every_weeks: int = Field(default=6, ge=1)
    retention_months: int = Field(default=24, ge=1)
    flow_expires_hours: int = Field(default=2, ge=1, le=168)

    # The safeguarding promise (issue 9): a report reaches a person, by email if need be.
    smtp_url: SecretStr = SecretStr("")
    smtp_from: str = Field(default="", validate_default=True)
    alert_email_after_minutes: int = Field(default=30, ge=1)
    report_unreached_minutes: int = Field(default=15, ge=1)
    reports_per_hour: int = Field(default=3, ge=1)
    inbox_keep_days: int = Field(default=14, ge=2)

    # Meetings (issue 10): the cadence's margins, the reminders, quiet hours.
    meeting_grace_days: int = Field(default=2, ge=0)
    meeting_lapse_days: int = Field(default=5, ge=1)
    meeting_cancellations_in_a_row: int = Field(default=2, ge=1)
    meeting_review_plan_days: int = Field(default=14, ge=0)
    meeting_review_overdue_days: int = Field(default=7, ge=0)
    meeting_minutes: int = Field(default=60, ge=5, le=480)
    meeting_remind_hours: int = Field(default=24, ge=1)
    meeting_remind_minutes: int = Field(default=60, ge=1)
    meeting_times: Annotated[tuple[str, ...], NoDecode] = (
        "09:00",
        "10:00",
        "11:00",
        "13:00",
        "14:00",
        "15:00",
        "16:00",
    )
    quiet_hours_start: str = "21:00"
    quiet_hours_end: str = "08:00"

    # Feedback and the reference (issue 11).
    feedback_remind_hours: int = Field(default=48, ge=1)
    feedback_tell_mentor_days: int = Field(default=5, ge=1)
    feedback_prompt_days: int = Field(default=14, ge=1)
    feedback_ask_every_hours: int = Field(default=24, ge=0)
    reference_notice_days: int = Field(default=14, ge=0)

    # The supervisor's picture (issue 12): working time for resends and escalations, the
    # weekly digest, the CSV exports.
    working_days: str = "mon-fri"
    working_hours: str = "08:00-17:00"
    school_holidays: str = ""
    digest_weekday: str = "mon"
    digest_time: str = "08:30"
    export_separator: str = "auto"

    # Mentor training (issue 13): when assignments are due, how long a certificate counts
    # (0: for good), the certificate's logo file and signature line; SCHOOL_NAME prints on it.
    training_due_hours: int = Field(default=48, ge=1, le=24 * 14)
    certificate_valid_months: int = Field(default=0, ge=0, le=240)
    certificate_logo: str = ""
    certificate_signatory: str = ""

    # Surveys (issue 14): one reminder, closed unfinished, the smallest anonymous group shown.
    survey_remind_days: int = Field(default=3, ge=1)
    survey_close_days: int = Field(default=14, ge=2)
    survey_min_group: int = Field(default=5, ge=1)

    # Running it at a school (issue 15): where relative paths start, the name on the bot's
    # profile, and how the log is written.
    mentorbot_home: Path | None = None
    school_name: str = Field(default="", max_length=64)
    log_format: str = "text"

    @field_validator("log_format")
    @classmethod
    def _log_format(cls, value: str) -> str:
        if value.strip().lower() not in ("text", "json"):
            raise ValueError(f"not text or json: {value!r}")
        return value.strip().lower()

    @model_validator(mode="after")
    def _anchored_paths(self) -> Settings:
        """A relative DATABASE_PATH starts at MENTORBOT_HOME, else the working directory (where
        `.env` is read): fixed here, once, so a service started elsewhere finds the same file."""
        if str(self.database_path) != ":memory:" and not self.database_path.is_absolute():
            base = self.mentorbot_home or Path.cwd()
            self.database_path = (base / self.database_path).absolute()
        return self

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r}") from exc
        return value

    @field_validator("default_language")
    @classmethod
    def _known_language(cls, value: str) -> str:
        if value not in LANGUAGES:
            raise ValueError(f"unsupported language {value!r}")
        return value

    @field_validator("coordinator_ids", mode="before")
    @classmethod
    def _comma_list(cls, value: object) -> object:
        if isinstance(value, str):
            parts = value.replace(";", ",").split(",")
            return frozenset(int(part) for part in parts if part.strip())
        return value

    @field_validator("telegram_api_base_url", "webhook_url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        if value and not value.startswith(("http://", "https://")):
            raise ValueError(f"not an http(s) URL: {value!r}")
        return value.rstrip("/")

    @field_validator("webhook_secret")
    @classmethod
    def _webhook_secret(cls, value: SecretStr, info: ValidationInfo) -> SecretStr:
        secret = value.get_secret_value()
        if info.data.get("webhook_url") and not secret:
            raise ValueError("WEBHOOK_URL is set but WEBHOOK_SECRET is missing")
        if secret and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", secret):
            raise ValueError("only A-Z a-z 0-9 _ - allowed, at most 256")
        return value

    @field_validator("smtp_url")
    @classmethod
    def _smtp_url(cls, value: SecretStr) -> SecretStr:
        url = value.get_secret_value()
        if not url:
            return value
        parts = urlsplit(url)
        try:
            port = parts.port
        except ValueError:
            port = -1
        if parts.scheme not in ("smtp", "smtps") or not parts.hostname or port == -1:
            # The URL may hold a password: name the problem, never the value.
            raise ValueError("not an smtp:// or smtps:// URL with a host")
        return value

    @field_validator("smtp_from")
    @classmethod
    def _smtp_from(cls, value: str, info: ValidationInfo) -> str:
        url = info.data.get("smtp_url")
        if isinstance(url, SecretStr) and url.get_secret_value() and not value:
            raise ValueError("SMTP_URL is set but SMTP_FROM is missing")
        if value and not re.fullmatch(r"[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+", value):
            raise ValueError(f"not an email address: {value!r}")
        return value

    @field_validator("feedback_tell_mentor_days")
    @classmethod
    def _after_the_reminder(cls, value: int, info: ValidationInfo) -> int:
        remind_hours = info.data.get("feedback_remind_hours")
        if isinstance(remind_hours, int) and value * 24 <= remind_hours:
            raise ValueError(f"{value} days is not after the {remind_hours} h reminder")
        return value

    @field_validator("working_days")
    @classmethod
    def _working_days(cls, value: str) -> str:
        read_working_days(value)
        return value

    @field_validator("working_hours")
    @classmethod
    def _working_hours(cls, value: str) -> str:
        read_working_hours(value)
        return value

    @field_validator("school_holidays")
    @classmethod
    def _holidays(cls, value: str) -> str:
        read_holidays(value)
        return value

    @field_validator("export_separator")
    @classmethod
    def _separator(cls, value: str) -> str:
        names = {"auto": "auto", "comma": ",", ",": ",", "semicolon": ";", ";": ";"}
        if value.strip().lower() not in names:
            raise ValueError(f"not auto, comma or semicolon: {value!r}")
        return names[value.strip().lower()]

    @field_validator("checkin_weekday", "digest_weekday")
    @classmethod
    def _weekday(cls, value: str) -> str:
        if value.lower()[:3] not in WEEKDAYS:
            raise ValueError(f"not a weekday: {value!r} (use mon..sun)")
        return value.lower()[:3]

    @field_validator("meeting_lapse_days")
    @classmethod
    def _after_the_grace(cls, value: int, info: ValidationInfo) -> int:
        grace = info.data.get("meeting_grace_days")
        if isinstance(grace, int) and value <= grace:
            raise ValueError(f"{value} days is not after the {grace}-day grace period")
        return value

    @field_validator("meeting_remind_minutes")
    @classmethod
    def _after_the_day_before(cls, value: int, info: ValidationInfo) -> int:
        hours = info.data.get("meeting_remind_hours")
        if isinstance(hours, int) and value >= hours * 60:
            raise ValueError(f"{value} minutes is not less than {hours} hours")
        return value

    @field_validator("meeting_times", mode="before")
    @classmethod
    def _times_list(cls, value: object) -> object:
        if isinstance(value, str):
            value = tuple(part.strip() for part in value.split(",") if part.strip())
        if isinstance(value, (tuple, list)):
            if not value:
                raise ValueError("no times given")
            return tuple(sorted({cls._hh_mm(str(part)) for part in value}))
        return value

    @field_validator("checkin_time", "quiet_hours_start", "quiet_hours_end", "digest_time")
    @classmethod
    def _hh_mm(cls, value: str) -> str:
        hours, _, minutes = value.partition(":")
        # isascii: str.isdigit() takes ١ and ² too, and int() reads the first.
        if not (
            value.isascii()
            and hours.isdigit()
            and minutes.isdigit()
            and int(hours) < 24
            and int(minutes) < 60
        ):
            raise ValueError(f"not a time HH:MM: {value!r}")
        return f"{int(hours):02d}:{int(minutes):02d}"

    @property
    def reminder_after(self) -> timedelta:
        """How long an unanswered check-in waits before its one reminder."""
        return timedelta(hours=self.checkin_reminder_hours)

    @property
    def checkin_window(self) -> timedelta:
        """How long a check-in stays open before it counts as missed."""
        return timedelta(hours=self.checkin_window_hours)

    def meeting_rules(self) -> MeetingRules:
        """The meeting settings as the services take them."""
        return MeetingRules(
            grace_days=self.meeting_grace_days,
            lapse_days=self.meeting_lapse_days,
            cancellations_in_a_row=self.meeting_cancellations_in_a_row,
            review_plan_days_before=self.meeting_review_plan_days,
            review_overdue_days=self.meeting_review_overdue_days,
            length=timedelta(minutes=self.meeting_minutes),
            day_before=timedelta(hours=self.meeting_remind_hours),
            hour_before=timedelta(minutes=self.meeting_remind_minutes),
            quiet=QuietHours(
                time.fromisoformat(self.quiet_hours_start),
                time.fromisoformat(self.quiet_hours_end),
            ),
            usual_times=tuple(time.fromisoformat(at) for at in self.meeting_times),
        )

    def training_rules(self) -> TrainingRules:
        """The training settings as the services take them."""
        return TrainingRules(
            due_before=timedelta(hours=self.training_due_hours),
            certificate_valid_months=self.certificate_valid_months or None,
            school_name=self.school_name,
            certificate_logo=self.certificate_logo,
            certificate_signatory=self.certificate_signatory,
        )

    def working_calendar(self) -> WorkingCalendar:
        """When the school works, for the delays that count working hours."""
        start, end = read_working_hours(self.working_hours)
        return WorkingCalendar(
            read_working_days(self.working_days),
            start,
            end,
            read_holidays(self.school_holidays),
            self.timezone,
        )

    def require_token(self) -> str:
        """The bot token, unwrapped once by the composition root."""
        token = self.telegram_bot_token.get_secret_value()
        if not token:
            raise SettingsError("TELEGRAM_BOT_TOKEN is missing: " + HINTS["telegram_bot_token"])
        return token


WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class SettingsError(Exception):
    """A setting is missing or malformed; the message is one line for the operator."""


def load_settings(**overrides: object) -> Settings:
    """Read the settings, turning any validation error into one clear line."""
    home = os.environ.get("MENTORBOT_HOME")
    env_file = Path(home) / ".env" if home else Path(".env")
    try:
        return Settings(_env_file=env_file, **overrides)  # type: ignore[arg-type,call-arg]
    except ValidationError as exc:
        error = exc.errors()[0]
        field = str(error["loc"][0]) if error["loc"] else "?"
        hint = HINTS.get(field, f"check {field.upper()} in the environment or .env")
        message = error["msg"].removeprefix("Value error, ")
        raise SettingsError(f"{field.upper()} is invalid ({message}): {hint}") from None
