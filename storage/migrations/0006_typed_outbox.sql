-- Typed outbox payloads: each message kind is a dataclass of ids (bot/domain/messages.py),
-- rendered at send time; the column says so. Rows written by earlier versions held names,
-- Telegram ids and the student's words: they are rewritten to ids only (ids the old rows held,
-- or that their dedupe keys carry), so no old name lingers in the outbox.
ALTER TABLE outbox RENAME COLUMN params TO payload;

UPDATE outbox SET payload = json_object('checkin_id', json_extract(payload, '$.checkin_id'))
WHERE kind IN ('checkin_open', 'checkin_reminder');

UPDATE outbox SET payload = json_object(
    'alert_id', json_extract(payload, '$.alert_id'),
    'resent', json(CASE WHEN json_extract(payload, '$.resent') THEN 'true' ELSE 'false' END))
WHERE kind = 'alert';

UPDATE outbox SET payload = json_object('alert_id', json_extract(payload, '$.alert_id'),
                                        'hours', json_extract(payload, '$.hours'))
WHERE kind = 'alert_escalated';

UPDATE outbox SET payload = json_object('alert_id', json_extract(payload, '$.alert_id'))
WHERE kind = 'problem_shared';

-- "paused:<placement>:<time>", "resumed:<placement>:<time>"
UPDATE outbox SET payload = json_object(
    'placement_id', CAST(substr(dedupe_key, 8, instr(substr(dedupe_key, 8), ':') - 1) AS INTEGER),
    'until', json_extract(payload, '$.until'))
WHERE kind = 'paused';

UPDATE outbox SET payload = json_object(
    'placement_id', CAST(substr(dedupe_key, 9, instr(substr(dedupe_key, 9), ':') - 1) AS INTEGER))
WHERE kind = 'resumed';

-- "undeliverable:<person>:<supervisor>:<day>"
UPDATE outbox SET payload = json_object(
    'person_id', CAST(substr(dedupe_key, 15, instr(substr(dedupe_key, 15), ':') - 1) AS INTEGER))
WHERE kind = 'undeliverable';

UPDATE outbox SET payload = json_object('request_id', json_extract(payload, '$.request'))
WHERE kind = 'erasure_request';

-- A notice named its catalog key; the one the product sent was the rejected erasure,
-- "erasure-rejected:<request>".
UPDATE outbox SET kind = 'erasure_rejected', payload = json_object(
    'request_id', CAST(substr(dedupe_key, 18) AS INTEGER))
WHERE kind = 'notice' AND json_extract(payload, '$.key') = 'privacy.rejected_notice';

-- Anything else is no kind this version knows: kept as a row (counts stay), never sent.
UPDATE outbox SET payload = '{}',
    status = CASE status WHEN 'pending' THEN 'failed' ELSE status END,
    last_error = CASE status WHEN 'pending' THEN 'unknown message kind after migration 6'
                 ELSE last_error END
WHERE kind NOT IN ('checkin_open', 'checkin_reminder', 'alert', 'alert_escalated',
                   'problem_shared', 'paused', 'resumed', 'undeliverable', 'erasure_request',
                   'erasure_rejected');
