-- The supervisor's picture (issue 12): when the weekly digest goes out, and /nudge lines.
-- Times are UTC text 'YYYY-MM-DDTHH:MM:SS'.

-- One row: the moment of the next weekly digest. The tick reads only this row until then;
-- after downtime one digest goes out, late, not one per week missed.
CREATE TABLE digest_schedule (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    next_at TEXT NOT NULL
);

-- A light two-way line between a supervisor and a student of his, kept with the placement:
-- open from the supervisor's first message until either closes it or a day passes in silence.
CREATE TABLE nudge_lines (
    id INTEGER PRIMARY KEY,
    placement_id INTEGER NOT NULL REFERENCES placements (id),
    supervisor_id INTEGER NOT NULL REFERENCES people (id),
    student_id INTEGER NOT NULL REFERENCES people (id),
    opened_at TEXT NOT NULL,
    last_at TEXT NOT NULL,
    closed_at TEXT,
    closed_by INTEGER REFERENCES people (id)
);
CREATE INDEX nudge_lines_placement ON nudge_lines (placement_id);
CREATE INDEX nudge_lines_student ON nudge_lines (student_id);

-- What was written on a line; `text` is emptied by erasure (the row stays, so counts do).
CREATE TABLE nudge_messages (
    id INTEGER PRIMARY KEY,
    line_id INTEGER NOT NULL REFERENCES nudge_lines (id),
    sender_id INTEGER NOT NULL REFERENCES people (id),
    text TEXT,
    sent_at TEXT NOT NULL
);
CREATE INDEX nudge_messages_line ON nudge_messages (line_id);
CREATE INDEX nudge_messages_sender ON nudge_messages (sender_id);
