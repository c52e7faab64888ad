-- The tick finds the placements whose mid or end survey may be due through an indexed date,
-- not by reading every placement each minute (issue 14; the idle tick stays cheap).
-- next_survey_on: the first local day the tick must look at this placement again (NULL: never).
ALTER TABLE placements ADD COLUMN next_survey_on TEXT;

-- From halfway between the first and the last day (rounded down), as bot/domain/survey_timing.
UPDATE placements SET next_survey_on =
    date(starts_on, '+' || CAST((julianday(ends_on) - julianday(starts_on)) / 2 AS INTEGER) || ' days')
    WHERE ends_on >= starts_on;

CREATE INDEX placements_survey_due ON placements (next_survey_on) WHERE next_survey_on IS NOT NULL;

CREATE TRIGGER placements_survey_due_insert AFTER INSERT ON placements
BEGIN
    UPDATE placements SET next_survey_on =
        date(NEW.starts_on, '+' || CAST((julianday(NEW.ends_on) - julianday(NEW.starts_on)) / 2
                                         AS INTEGER) || ' days')
        WHERE id = NEW.id AND NEW.ends_on >= NEW.starts_on;
END;

CREATE TRIGGER placements_survey_due_dates AFTER UPDATE OF starts_on, ends_on ON placements
BEGIN
    UPDATE placements SET next_survey_on =
        date(NEW.starts_on, '+' || CAST((julianday(NEW.ends_on) - julianday(NEW.starts_on)) / 2
                                         AS INTEGER) || ' days')
        WHERE id = NEW.id AND NEW.ends_on >= NEW.starts_on;
END;

CREATE INDEX survey_invitations_placement ON survey_invitations (placement_id);
