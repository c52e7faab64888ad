-- Flows (issue 8): the conversation each person is in, typed by the feature that owns it.
-- One row per person: the open flow, or the last one that ended (kept so that an update a
-- crash interrupted can repeat its answer). Each start gets a new id, which the buttons of its
-- steps carry. Replaces `conversations`, whose open rows are carried over.
CREATE TABLE flows (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    person_id INTEGER NOT NULL UNIQUE REFERENCES people (id),
    flow TEXT NOT NULL,
    step TEXT NOT NULL,
    data TEXT NOT NULL,
    started_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    update_id INTEGER,
    ended TEXT CHECK (ended IN ('finished', 'cancelled', 'expired'))
);
CREATE INDEX flows_expiring ON flows (expires_at) WHERE ended IS NULL;

INSERT INTO flows (person_id, flow, step, data, started_at, updated_at, expires_at)
SELECT person_id,
       CASE WHEN flow = 'alert_note' THEN 'alert_note'
            WHEN step = 'week' THEN 'checkin' ELSE 'report' END,
       CASE WHEN flow = 'alert_note' THEN 'note' ELSE step END,
       CASE WHEN flow = 'alert_note'
                THEN json_object('alert_id', json_extract(data, '$.alert_id'), 'noted', NULL)
            WHEN step = 'week'
                THEN json_object('checkin_id', json_extract(data, '$.checkin_id'))
            ELSE json_object('placement_id', json_extract(data, '$.placement_id'),
                             'checkin_id', json_extract(data, '$.checkin_id'),
                             'description', json_extract(data, '$.problem'),
                             'shared_with_mentor', NULL) END,
       updated_at, updated_at, strftime('%Y-%m-%dT%H:%M:%S', updated_at, '+2 hours')
FROM conversations
WHERE (flow = 'alert_note' AND step = 'note')
   OR (flow = 'checkin' AND step IN ('week', 'describe', 'audience'))
   OR (flow = 'help' AND step IN ('describe', 'audience'));

DROP TABLE conversations;
