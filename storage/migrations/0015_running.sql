-- Running it at a school (issue 15): archived placements, and the bot's own health marks.
ALTER TABLE placements ADD COLUMN archived_at TEXT;

-- The last time the bot got its updates from Telegram ('updates') and ran its tick ('tick'):
-- `python -m bot health` (the container's HEALTHCHECK) reads them.
CREATE TABLE health (
    name TEXT PRIMARY KEY,
    at TEXT NOT NULL
);
