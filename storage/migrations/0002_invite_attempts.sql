-- Wrong invite tokens per Telegram user, to slow down guessing (issue 4).
CREATE TABLE invite_attempts (
    id INTEGER PRIMARY KEY,
    telegram_id INTEGER NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX invite_attempts_user ON invite_attempts (telegram_id, at);
