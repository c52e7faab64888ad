-- The safeguarding promise (issue 9): who has each alert, email as the last resort, what the
-- student has been told, and reports beyond the hourly limit.

-- One row per person an alert goes to on one channel. A Telegram copy names the outbox row
-- that carries it by its dedupe key (outbox rows are the sender's to keep or prune) and is marked
-- delivered in the transaction that marks that row sent; an email copy is the mailer's queue
-- (attempts, next_attempt_at). The student's receipt names the delivered copies.
CREATE TABLE alert_copies (
    id INTEGER PRIMARY KEY,
    alert_id INTEGER NOT NULL REFERENCES alerts (id),
    person_id INTEGER NOT NULL REFERENCES people (id),
    reader TEXT NOT NULL CHECK (reader IN ('supervisor', 'mentor', 'coordinator')),
    channel TEXT NOT NULL CHECK (channel IN ('telegram', 'email')),
    outbox_key TEXT,
    status TEXT NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'delivered', 'lost', 'dropped')),
    created_at TEXT NOT NULL,
    delivered_at TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT,
    last_error TEXT,
    UNIQUE (alert_id, person_id, channel)
);
CREATE INDEX alert_copies_outbox ON alert_copies (outbox_key) WHERE outbox_key IS NOT NULL;
CREATE INDEX alert_copies_person ON alert_copies (person_id, status);
CREATE INDEX alert_copies_email_due ON alert_copies (next_attempt_at)
    WHERE channel = 'email' AND status = 'pending';

-- When an alert nobody acknowledged is emailed, and when a student whose report nobody has
-- received yet is told so; each is cleared once done, so the tick finds due ones by index.
ALTER TABLE alerts ADD COLUMN email_at TEXT;
ALTER TABLE alerts ADD COLUMN unreached_at TEXT;
CREATE INDEX alerts_email_due ON alerts (email_at) WHERE email_at IS NOT NULL;
CREATE INDEX alerts_unreached_due ON alerts (unreached_at) WHERE unreached_at IS NOT NULL;

-- A report beyond REPORTS_PER_HOUR joins the student's open report instead of raising a new
-- alert. `details` is the student's text: erasure empties it, /mydata shows it.
CREATE TABLE alert_additions (
    id INTEGER PRIMARY KEY,
    alert_id INTEGER NOT NULL REFERENCES alerts (id),
    details TEXT,
    shared_with_mentor INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL
);
CREATE INDEX alert_additions_alert ON alert_additions (alert_id);
