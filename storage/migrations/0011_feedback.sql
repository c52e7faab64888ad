-- Feedback the student confirms he understood, learning goals, feedback prompts and the
-- reference at the end of a placement (issue 11). Times UTC text, dates local 'YYYY-MM-DD'.

-- A placement's learning goals; a goal left out when they are set again is retired, not
-- deleted, so the feedback tied to it stays tied.
CREATE TABLE learning_goals (
    id INTEGER PRIMARY KEY,
    placement_id INTEGER NOT NULL REFERENCES placements (id),
    position INTEGER NOT NULL,
    title TEXT NOT NULL,
    set_by INTEGER REFERENCES people (id),
    created_at TEXT NOT NULL,
    retired_at TEXT
);
CREATE INDEX learning_goals_placement ON learning_goals (placement_id) WHERE retired_at IS NULL;

CREATE TABLE feedback (
    id INTEGER PRIMARY KEY,
    placement_id INTEGER NOT NULL REFERENCES placements (id),
    mentor_id INTEGER NOT NULL REFERENCES people (id),
    goal_id INTEGER REFERENCES learning_goals (id),
    request_id INTEGER,  -- the student's /askfeedback it answers, if any
    text TEXT NOT NULL,
    sent_at TEXT NOT NULL,
    understood_at TEXT,
    reminded_at TEXT,
    mentor_told_at TEXT,
    -- The next nudge (student reminded, mentor told); NULL once none is to come.
    next_follow_up_at TEXT
);
CREATE INDEX feedback_placement ON feedback (placement_id, sent_at);
CREATE INDEX feedback_due ON feedback (next_follow_up_at) WHERE next_follow_up_at IS NOT NULL;

CREATE TABLE feedback_questions (
    id INTEGER PRIMARY KEY,
    feedback_id INTEGER NOT NULL REFERENCES feedback (id),
    asked_at TEXT NOT NULL,
    text TEXT NOT NULL,
    answer TEXT,
    answered_at TEXT
);
CREATE INDEX feedback_questions_feedback ON feedback_questions (feedback_id);

-- A student asking his mentor for feedback (/askfeedback), optionally on a subject.
CREATE TABLE feedback_requests (
    id INTEGER PRIMARY KEY,
    placement_id INTEGER NOT NULL REFERENCES placements (id),
    asked_at TEXT NOT NULL,
    subject TEXT
);
CREATE INDEX feedback_requests_placement ON feedback_requests (placement_id, asked_at);

-- A student's reference: asked for, then written and confirmed by the mentor. One per
-- placement; the student can get it again until retention erases it.
CREATE TABLE reference_letters (
    id INTEGER PRIMARY KEY,
    placement_id INTEGER NOT NULL UNIQUE REFERENCES placements (id),
    mentor_id INTEGER NOT NULL REFERENCES people (id),
    status TEXT NOT NULL DEFAULT 'requested' CHECK (status IN ('requested', 'sent')),
    requested_at TEXT NOT NULL,
    language TEXT NOT NULL,
    text TEXT,
    sent_at TEXT
);

-- When the tick next looks at a placement for the silent-mentor prompt and the end notice.
-- Planned when a placement is imported or changed; NULL once nothing is to come.
CREATE TABLE feedback_timers (
    placement_id INTEGER PRIMARY KEY REFERENCES placements (id),
    due_at TEXT,
    prompted_at TEXT,
    end_notice_sent_at TEXT
);
CREATE INDEX feedback_timers_due ON feedback_timers (due_at) WHERE due_at IS NOT NULL;

-- Placements that exist already are looked at by the first tick.
INSERT INTO feedback_timers (placement_id, due_at)
    SELECT id, strftime('%Y-%m-%dT%H:%M:%S', 'now') FROM placements;
