-- Course evaluations on the survey mechanism (issue 13 item 7, issue 14).
-- An invitation is about a placement (mid and end surveys) or a course run (the course
-- evaluation): survey_invitations is rebuilt with placement_id nullable and a run_id, exactly
-- one of the two. A response keeps its course run as a placement-free grouping key.
-- The fixed form's answers (training_evaluations) become answers to training_course version 1
-- (the same question ids: useful, remark), anonymous as that survey is, each participant's
-- invitation finished so that he is not asked again; then the old table goes.

CREATE TABLE survey_invitations_new (
    id INTEGER PRIMARY KEY,
    version_id INTEGER NOT NULL REFERENCES survey_versions (id),
    name TEXT NOT NULL,
    person_id INTEGER NOT NULL REFERENCES people (id),
    placement_id INTEGER REFERENCES placements (id),
    run_id INTEGER REFERENCES training_runs (id),
    sent_at TEXT NOT NULL,
    reminded_at TEXT,
    finished_at TEXT,
    closed_at TEXT,
    CHECK ((placement_id IS NULL) <> (run_id IS NULL)),
    UNIQUE (name, person_id, placement_id),
    UNIQUE (name, person_id, run_id)
);
INSERT INTO survey_invitations_new (id, version_id, name, person_id, placement_id, sent_at,
                                    reminded_at, finished_at, closed_at)
    SELECT id, version_id, name, person_id, placement_id, sent_at, reminded_at, finished_at,
           closed_at FROM survey_invitations;
-- The drafts point at the invitations: kept aside while the table is replaced (foreign keys
-- are on during migrations).
CREATE TEMP TABLE drafts_kept AS SELECT * FROM survey_drafts;
DELETE FROM survey_drafts;
DROP TABLE survey_invitations;
ALTER TABLE survey_invitations_new RENAME TO survey_invitations;
INSERT INTO survey_drafts SELECT * FROM drafts_kept;
DROP TABLE drafts_kept;
CREATE INDEX survey_invitations_open ON survey_invitations (sent_at)
    WHERE finished_at IS NULL AND closed_at IS NULL;
CREATE INDEX survey_invitations_placement ON survey_invitations (placement_id);
CREATE INDEX survey_invitations_run ON survey_invitations (run_id) WHERE run_id IS NOT NULL;

ALTER TABLE survey_responses ADD COLUMN run_id INTEGER REFERENCES training_runs (id);
CREATE INDEX survey_responses_run ON survey_responses (run_id) WHERE run_id IS NOT NULL;

-- training_course version 1 as shipped in bot/surveys/training_course.toml (a test keeps the
-- two the same), stored only when there is something to move.
INSERT INTO survey_versions (name, version, audience, moment, anonymous, source, loaded_at)
    SELECT 'training_course', 1, 'participant', 'course', 1, '# The course evaluation after a training run''s last session. The fixed form in
# bot/domain/training_evaluation.py asks the same two questions; it is to move onto this.
name = "training_course"
version = 1
audience = "participant"
moment = "course"
anonymous = true

[title]
nl = "Evaluatie van de training"
en = "Course evaluation"

[[questions]]
id = "useful"
kind = "scale"
text.nl = "Hoe nuttig was de training voor je werk als praktijkopleider?"
text.en = "How useful was the training for your work as a workplace mentor?"
low.nl = "niet nuttig"
low.en = "not useful"
high.nl = "heel nuttig"
high.en = "very useful"

[[questions]]
id = "trainer"
kind = "scale"
text.nl = "Hoe goed legde de trainer uit?"
text.en = "How well did the trainer explain?"
low.nl = "heel slecht"
low.en = "very poorly"
high.nl = "heel goed"
high.en = "very well"

[[questions]]
id = "remark"
kind = "text"
required = false
text.nl = "Wat zou de training beter maken?"
text.en = "What would make the training better?"
',
           MIN(answered_at) FROM training_evaluations
    HAVING COUNT(*) > 0
    ON CONFLICT (name, version) DO NOTHING;

-- One response per participant and run, with a random id as every anonymous response has.
CREATE TEMP TABLE evaluations_moved AS
    SELECT run_id, person_id, MIN(answered_at) AS first_at, MAX(answered_at) AS last_at,
           abs(random() % 9007199254740992) + 1 AS response_id
    FROM training_evaluations GROUP BY run_id, person_id;
INSERT INTO survey_invitations (version_id, name, person_id, run_id, sent_at, finished_at)
    SELECT v.id, 'training_course', m.person_id, m.run_id, m.first_at, m.last_at
    FROM evaluations_moved m
    JOIN survey_versions v ON v.name = 'training_course' AND v.version = 1;
-- Company: the participant's latest placement's (as the certificate has it); school year from
-- the run's last session, as a new course response has it.
INSERT INTO survey_responses (id, version_id, company, school_year, run_id)
    SELECT m.response_id, v.id,
           COALESCE((SELECT co.name FROM placements p JOIN companies co ON co.id = p.company_id
                     WHERE p.mentor_id = m.person_id
                     ORDER BY p.starts_on DESC, p.id DESC LIMIT 1), ''),
           (SELECT CASE WHEN CAST(substr(MAX(s.starts_at), 6, 2) AS INTEGER) >= 8
                        THEN substr(MAX(s.starts_at), 1, 4) || '-'
                             || (CAST(substr(MAX(s.starts_at), 1, 4) AS INTEGER) + 1)
                        ELSE (CAST(substr(MAX(s.starts_at), 1, 4) AS INTEGER) - 1) || '-'
                             || substr(MAX(s.starts_at), 1, 4) END
            FROM training_sessions s WHERE s.run_id = m.run_id),
           m.run_id
    FROM evaluations_moved m
    JOIN survey_versions v ON v.name = 'training_course' AND v.version = 1;
INSERT INTO survey_answers (response_id, question, answer)
    SELECT m.response_id, e.question, e.answer
    FROM training_evaluations e
    JOIN evaluations_moved m ON m.run_id = e.run_id AND m.person_id = e.person_id;
DROP TABLE evaluations_moved;
DROP TABLE training_evaluations;

-- The old form's invitations still waiting in the outbox: the tick sends the survey instead
-- (their kind no longer exists).
DELETE FROM outbox WHERE kind = 'training_evaluation' AND status = 'pending';
