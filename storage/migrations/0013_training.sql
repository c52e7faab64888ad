-- Mentor training (issue 13): courses and their runs, sessions with an assignment, who is
-- invited and enrolled, hand-ins, attendance, certificates, and the company register's
-- details. Times UTC text 'YYYY-MM-DDTHH:MM:SS', dates 'YYYY-MM-DD'.

CREATE TABLE training_courses (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
);

-- One round of a course; the same course repeats as a new run. The trainer is the person
-- who sees the hand-ins and marks attendance (a coordinator or a supervisor made trainer).
CREATE TABLE training_runs (
    id INTEGER PRIMARY KEY,
    course_id INTEGER NOT NULL REFERENCES training_courses (id),
    trainer_id INTEGER NOT NULL REFERENCES people (id),
    instructions TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);

CREATE TABLE training_sessions (
    id INTEGER PRIMARY KEY,
    run_id INTEGER NOT NULL REFERENCES training_runs (id),
    number INTEGER NOT NULL,
    starts_at TEXT NOT NULL,
    minutes INTEGER NOT NULL CHECK (minutes > 0),
    link TEXT NOT NULL,
    brief TEXT NOT NULL DEFAULT '',
    due_at TEXT NOT NULL,
    UNIQUE (run_id, number)
);
-- The tick looks only at sessions that have not begun.
CREATE INDEX training_sessions_start ON training_sessions (starts_at);

-- An invitation and, once he pressed Enrol, an enrolment. `override_reason`: the trainer
-- completes someone who missed a session, saying why.
CREATE TABLE training_enrolments (
    id INTEGER PRIMARY KEY,
    run_id INTEGER NOT NULL REFERENCES training_runs (id),
    person_id INTEGER NOT NULL REFERENCES people (id),
    invited_at TEXT NOT NULL,
    enrolled_at TEXT,
    override_reason TEXT,
    UNIQUE (run_id, person_id)
);
CREATE INDEX training_enrolments_person ON training_enrolments (person_id);

-- A hand-in: text, or a file (kept here so the trainer gets it whatever Telegram keeps).
-- A second hand-in replaces the first. `text`, `file` and `comment` are emptied by erasure.
CREATE TABLE training_submissions (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES training_sessions (id),
    person_id INTEGER NOT NULL REFERENCES people (id),
    handed_in_at TEXT NOT NULL,
    text TEXT NOT NULL DEFAULT '',
    file_name TEXT,
    file BLOB,
    comment TEXT,
    UNIQUE (session_id, person_id)
);
CREATE INDEX training_submissions_person ON training_submissions (person_id);

CREATE TABLE training_attendance (
    session_id INTEGER NOT NULL REFERENCES training_sessions (id),
    person_id INTEGER NOT NULL REFERENCES people (id),
    attended INTEGER NOT NULL CHECK (attended IN (0, 1)),
    marked_at TEXT NOT NULL,
    marked_by INTEGER NOT NULL REFERENCES people (id),
    PRIMARY KEY (session_id, person_id)
);

-- The register of certified mentors: one certificate per person and run. Company and course
-- are kept as they were on the day of issue, as the paper says.
CREATE TABLE certificates (
    id INTEGER PRIMARY KEY,
    number TEXT NOT NULL UNIQUE,
    person_id INTEGER NOT NULL REFERENCES people (id),
    run_id INTEGER NOT NULL REFERENCES training_runs (id),
    company TEXT NOT NULL DEFAULT '',
    course TEXT NOT NULL,
    issued_on TEXT NOT NULL,
    valid_until TEXT,
    completion TEXT NOT NULL CHECK (completion IN ('attended_all', 'override')),
    UNIQUE (run_id, person_id)
);
CREATE INDEX certificates_person ON certificates (person_id);

-- The secret behind the verification codes, made once on first use; never shown.
CREATE TABLE certificate_secret (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    secret BLOB NOT NULL
);

-- The company register's optional details (from a CSV).
CREATE TABLE company_details (
    company_id INTEGER PRIMARY KEY REFERENCES companies (id),
    address TEXT NOT NULL DEFAULT '',
    contact_email TEXT NOT NULL DEFAULT '',
    sector TEXT NOT NULL DEFAULT ''
);

-- The course evaluation after a run's last session: one row per question answered (a score
-- 1-5, a remark), so the form can move onto a general survey mechanism. Remarks are emptied
-- by erasure.
CREATE TABLE training_evaluations (
    id INTEGER PRIMARY KEY,
    run_id INTEGER NOT NULL REFERENCES training_runs (id),
    person_id INTEGER NOT NULL REFERENCES people (id),
    question TEXT NOT NULL,
    answer TEXT NOT NULL,
    answered_at TEXT NOT NULL,
    UNIQUE (run_id, person_id, question)
);
