-- A fifth role, the trainee mentor (issue 13), and the company he named when invited.
--
-- SQLite cannot change a CHECK constraint in place: the people table is rebuilt the way
-- https://www.sqlite.org/lang_altertable.html#otheralter says (make the new table, copy every
-- row with its id, drop the old one, rename the new one). storage/db.py runs each migration
-- with foreign_keys off and runs foreign_key_check before its commit (steps 1, 10 and 12 of
-- that page): with them on, dropping the old table would delete the rows every other table
-- points at. People has no index of its own but its two UNIQUE ones (made again here with
-- the table), no trigger and no view; the tables that point at it keep naming "people".
CREATE TABLE people_new (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    email TEXT NOT NULL UNIQUE,
    role TEXT NOT NULL CHECK (
        role IN ('student', 'mentor', 'supervisor', 'coordinator', 'trainee_mentor')
    ),
    language TEXT,
    telegram_id INTEGER UNIQUE,
    undeliverable_at TEXT,
    created_at TEXT NOT NULL,
    erased_at TEXT,
    -- A trainee mentor's employer as the invitation named it (a mentor's company is the one of
    -- his placements): it goes on his certificate.
    company_id INTEGER REFERENCES companies (id)
);

INSERT INTO people_new (id, name, email, role, language, telegram_id, undeliverable_at,
                        created_at, erased_at)
    SELECT id, name, email, role, language, telegram_id, undeliverable_at, created_at, erased_at
    FROM people;

DROP TABLE people;

ALTER TABLE people_new RENAME TO people;
