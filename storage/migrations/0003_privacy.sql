-- Erasure requests (/forget) and erased people (issue 4).
ALTER TABLE people ADD COLUMN erased_at TEXT;

CREATE TABLE erasure_requests (
    id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES people (id),
    requested_at TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'approved', 'rejected')),
    decided_by INTEGER REFERENCES people (id),
    decided_at TEXT
);
CREATE INDEX erasure_requests_person ON erasure_requests (person_id);
