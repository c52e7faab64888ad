-- Surveys (issue 14): definitions as versioned data, who is asked, and the answers.
-- Times UTC text 'YYYY-MM-DDTHH:MM:SS'.

-- One version of a definition, its TOML source kept as loaded; answers keep their version.
CREATE TABLE survey_versions (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    version INTEGER NOT NULL,
    audience TEXT NOT NULL,
    moment TEXT NOT NULL,
    anonymous INTEGER NOT NULL CHECK (anonymous IN (0, 1)),
    source TEXT NOT NULL,
    loaded_at TEXT NOT NULL,
    UNIQUE (name, version)
);

-- Who was asked which survey about which placement. Holds no answer: for an anonymous survey
-- this is the only row that names the person, and it says only whether he answered.
CREATE TABLE survey_invitations (
    id INTEGER PRIMARY KEY,
    version_id INTEGER NOT NULL REFERENCES survey_versions (id),
    name TEXT NOT NULL,
    person_id INTEGER NOT NULL REFERENCES people (id),
    placement_id INTEGER NOT NULL REFERENCES placements (id),
    sent_at TEXT NOT NULL,
    reminded_at TEXT,
    finished_at TEXT,
    closed_at TEXT,
    UNIQUE (name, person_id, placement_id)
);
CREATE INDEX survey_invitations_open ON survey_invitations (sent_at)
    WHERE finished_at IS NULL AND closed_at IS NULL;

-- Answers given so far to an unfinished survey (stop and continue later). Moved into
-- survey_answers when he finishes, dropped when the survey closes unfinished.
CREATE TABLE survey_drafts (
    invitation_id INTEGER NOT NULL REFERENCES survey_invitations (id),
    question TEXT NOT NULL,
    answer TEXT NOT NULL,
    PRIMARY KEY (invitation_id, question)
);

-- One finished survey. Anonymous: person, placement, mentor and time stay NULL, only the
-- grouping keys (company, school year) are kept, and the id is random so that row order does
-- not tell who answered when.
CREATE TABLE survey_responses (
    id INTEGER PRIMARY KEY,
    version_id INTEGER NOT NULL REFERENCES survey_versions (id),
    person_id INTEGER REFERENCES people (id),
    placement_id INTEGER REFERENCES placements (id),
    mentor_id INTEGER REFERENCES people (id),
    supervisor_id INTEGER REFERENCES people (id),
    company TEXT NOT NULL,
    school_year TEXT NOT NULL,
    answered_at TEXT
);
CREATE INDEX survey_responses_version ON survey_responses (version_id);
CREATE INDEX survey_responses_person ON survey_responses (person_id) WHERE person_id IS NOT NULL;

CREATE TABLE survey_answers (
    response_id INTEGER NOT NULL REFERENCES survey_responses (id),
    question TEXT NOT NULL,
    answer TEXT NOT NULL,
    PRIMARY KEY (response_id, question)
);
