"""Texts of the weekly check-in, problems, pauses and alerts."""

TEXTS: dict[str, dict[str, str]] = {
    "en": {},
    "nl": {},
}
