-- Meetings (issue 10): mentor meetings and tripartite reviews on the agreed cadence.
-- One row is one calendar entry from its first proposal to its end: a new time (a counter
-- proposal, a move) updates the row and raises its sequence, the .ics SEQUENCE.
-- Times are UTC text 'YYYY-MM-DDTHH:MM:SS'; dates are local 'YYYY-MM-DD'.
CREATE TABLE meetings (
    id INTEGER PRIMARY KEY,
    placement_id INTEGER NOT NULL REFERENCES placements (id),
    kind TEXT NOT NULL CHECK (kind IN ('mentor', 'tripartite')),
    state TEXT NOT NULL
        CHECK (state IN ('proposed', 'confirmed', 'held', 'moved', 'cancelled')),
    starts_at TEXT NOT NULL,
    sequence INTEGER NOT NULL DEFAULT 0,
    proposed_by INTEGER NOT NULL REFERENCES people (id),
    place TEXT,                -- where, or the meeting link
    reason TEXT,               -- why another time was proposed, or why it was cancelled
    note TEXT,                 -- held: the organiser's short note
    agreements TEXT,           -- a held review: the agreements made
    next_review_on TEXT,       -- a held review: the date agreed for the next one
    understood TEXT CHECK (understood IN ('understood', 'question')),
    calendar_sent INTEGER NOT NULL DEFAULT 0,  -- a calendar entry went out: a change updates it
    reminded TEXT CHECK (reminded IN ('day_before', 'hour_before', 'outcome')),
    next_reminder_at TEXT,     -- when the tick looks at this meeting next
    created_at TEXT NOT NULL,
    finished_at TEXT           -- held or cancelled: when that was recorded
);
CREATE INDEX meetings_placement ON meetings (placement_id, kind);
CREATE INDEX meetings_due ON meetings (next_reminder_at) WHERE next_reminder_at IS NOT NULL;

-- Who agreed to which version (sequence) of a meeting's time: a new time needs everyone again.
CREATE TABLE meeting_confirmations (
    meeting_id INTEGER NOT NULL REFERENCES meetings (id),
    person_id INTEGER NOT NULL REFERENCES people (id),
    sequence INTEGER NOT NULL,
    confirmed_at TEXT NOT NULL,
    PRIMARY KEY (meeting_id, sequence, person_id)
) WITHOUT ROWID;

-- Words around a tripartite review: each one's preparation, the student's question about the
-- agreements, and the mentor's answer to it.
CREATE TABLE meeting_notes (
    meeting_id INTEGER NOT NULL REFERENCES meetings (id),
    person_id INTEGER NOT NULL REFERENCES people (id),
    kind TEXT NOT NULL CHECK (kind IN ('preparation', 'question', 'answer')),
    text TEXT,
    written_at TEXT NOT NULL,
    PRIMARY KEY (meeting_id, person_id, kind)
) WITHOUT ROWID;
CREATE INDEX meeting_notes_person ON meeting_notes (person_id);

-- The cadence of each placement's two kinds of meeting. The tick looks at a track when its
-- next_check_at has come (the reminder to plan, the alert), never at the others.
CREATE TABLE meeting_tracks (
    placement_id INTEGER NOT NULL REFERENCES placements (id),
    kind TEXT NOT NULL CHECK (kind IN ('mentor', 'tripartite')),
    next_check_at TEXT,
    reminded_for TEXT,         -- the due moment whose reminder to plan went out
    alerted_for TEXT,          -- the due moment whose alert was raised
    PRIMARY KEY (placement_id, kind)
) WITHOUT ROWID;
CREATE INDEX meeting_tracks_due ON meeting_tracks (next_check_at)
    WHERE next_check_at IS NOT NULL;

INSERT INTO meeting_tracks (placement_id, kind, next_check_at)
    SELECT id, 'mentor', '1970-01-01T00:00:00' FROM placements
    UNION ALL
    SELECT id, 'tripartite', '1970-01-01T00:00:00' FROM placements;

-- Every placement gets its tracks however it is made (roster import, tests, benchmarks), and a
-- change to its dates, pause or cadence has the tick look again at once: a trigger, so that no
-- writer of placements can forget it.
CREATE TRIGGER placements_meeting_tracks AFTER INSERT ON placements
BEGIN
    INSERT INTO meeting_tracks (placement_id, kind, next_check_at)
    VALUES (NEW.id, 'mentor', NEW.created_at), (NEW.id, 'tripartite', NEW.created_at);
END;

CREATE TRIGGER placements_meeting_recheck
AFTER UPDATE OF starts_on, ends_on, timezone, paused_until, mentor_meeting_every_days,
    tripartite_every_weeks ON placements
BEGIN
    UPDATE meeting_tracks SET next_check_at = '1970-01-01T00:00:00'
    WHERE placement_id = NEW.id;
END;

-- Meeting messages someone's act caused (a proposal, a calendar file, the agreements…) that
-- fall in their reader's quiet hours wait here until those end; then the tick moves them to
-- the outbox. The payload holds ids only, like the outbox's.
CREATE TABLE meeting_waiting (
    dedupe_key TEXT PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES people (id),
    kind TEXT NOT NULL,
    payload TEXT NOT NULL,
    release_at TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX meeting_waiting_due ON meeting_waiting (release_at);
