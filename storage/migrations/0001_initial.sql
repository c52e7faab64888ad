-- People, placements and invites (issue 2); check-ins and alerts (issue 3).
-- Times are UTC text 'YYYY-MM-DDTHH:MM:SS'; dates are local 'YYYY-MM-DD'.
CREATE TABLE people (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    email TEXT NOT NULL UNIQUE,
    role TEXT NOT NULL CHECK (role IN ('student', 'mentor', 'supervisor', 'coordinator')),
    language TEXT,
    telegram_id INTEGER UNIQUE,
    undeliverable_at TEXT,
    created_at TEXT NOT NULL
);

CREATE TABLE companies (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
);

CREATE TABLE placements (
    id INTEGER PRIMARY KEY,
    student_id INTEGER NOT NULL REFERENCES people (id),
    mentor_id INTEGER NOT NULL REFERENCES people (id),
    supervisor_id INTEGER NOT NULL REFERENCES people (id),
    company_id INTEGER NOT NULL REFERENCES companies (id),
    starts_on TEXT NOT NULL,
    ends_on TEXT NOT NULL,
    timezone TEXT NOT NULL,
    checkin_weekday INTEGER NOT NULL CHECK (checkin_weekday BETWEEN 0 AND 6),
    checkin_time TEXT NOT NULL,
    mentor_meeting_every_days INTEGER NOT NULL,
    tripartite_every_weeks INTEGER NOT NULL,
    paused_until TEXT,
    next_checkin_at TEXT,
    created_at TEXT NOT NULL,
    UNIQUE (student_id, company_id, starts_on)
);
CREATE INDEX placements_due ON placements (next_checkin_at) WHERE next_checkin_at IS NOT NULL;
CREATE INDEX placements_mentor ON placements (mentor_id);
CREATE INDEX placements_supervisor ON placements (supervisor_id);

CREATE TABLE invites (
    id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES people (id),
    token_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at TEXT
);
CREATE INDEX invites_person ON invites (person_id);

-- Durable inbox: an update is stored before its offset is confirmed to the Bot API.
CREATE TABLE inbox (
    update_id INTEGER PRIMARY KEY,
    payload TEXT NOT NULL,
    received_at TEXT NOT NULL,
    processed_at TEXT,
    error TEXT
);
CREATE INDEX inbox_pending ON inbox (update_id) WHERE processed_at IS NULL;

-- Durable outbox: written in the same transaction as the change that caused it.
CREATE TABLE outbox (
    id INTEGER PRIMARY KEY,
    dedupe_key TEXT NOT NULL UNIQUE,
    person_id INTEGER NOT NULL REFERENCES people (id),
    kind TEXT NOT NULL,
    params TEXT NOT NULL,
    created_at TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'sent', 'undeliverable', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    sent_at TEXT,
    message_id INTEGER,
    last_error TEXT
);
CREATE INDEX outbox_pending ON outbox (id) WHERE status = 'pending';

-- Which question a person is answering, so multi-step flows survive restarts.
CREATE TABLE conversations (
    person_id INTEGER PRIMARY KEY REFERENCES people (id),
    flow TEXT NOT NULL,
    step TEXT NOT NULL,
    data TEXT NOT NULL DEFAULT '{}',
    updated_at TEXT NOT NULL
);

CREATE TABLE checkins (
    id INTEGER PRIMARY KEY,
    placement_id INTEGER NOT NULL REFERENCES placements (id),
    week TEXT NOT NULL,
    due_at TEXT NOT NULL,
    remind_at TEXT NOT NULL,
    closes_at TEXT NOT NULL,
    reminded_at TEXT,
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'answered', 'missed')),
    mood INTEGER CHECK (mood BETWEEN 1 AND 5),
    week_note TEXT,
    week_skipped INTEGER NOT NULL DEFAULT 0,
    needs_help INTEGER,
    answered_at TEXT,
    UNIQUE (placement_id, week)
);
CREATE INDEX checkins_remind ON checkins (remind_at) WHERE status = 'open' AND reminded_at IS NULL;
CREATE INDEX checkins_close ON checkins (closes_at) WHERE status = 'open';

CREATE TABLE alerts (
    id INTEGER PRIMARY KEY,
    placement_id INTEGER NOT NULL REFERENCES placements (id),
    kind TEXT NOT NULL,
    checkin_id INTEGER REFERENCES checkins (id),
    details TEXT,
    shared_with_mentor INTEGER NOT NULL DEFAULT 0,
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'acknowledged', 'resolved')),
    created_at TEXT NOT NULL,
    acknowledged_by INTEGER REFERENCES people (id),
    acknowledged_at TEXT,
    resolved_by INTEGER REFERENCES people (id),
    resolved_at TEXT,
    resolution_note TEXT,
    resend_at TEXT,
    times_sent INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX alerts_placement ON alerts (placement_id);
CREATE INDEX alerts_resend ON alerts (resend_at) WHERE status = 'open';

CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor_id INTEGER REFERENCES people (id),
    action TEXT NOT NULL,
    subject TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT ''
);
