-- The retention purge looks only at placements that ended since its last run, through an
-- index on ends_on, so a tick costs nothing when nobody's data expires.
CREATE INDEX placements_ends ON placements (ends_on);
CREATE TABLE retention (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    purged_through TEXT NOT NULL
);
