-- Inbox retention (issue 9): who sent each update, in a column of its own with an index, so
-- erasure and retention find one person's updates without reading every payload; handled
-- updates are pruned after INBOX_KEEP_DAYS through an index on when they were handled.
ALTER TABLE inbox ADD COLUMN from_id INTEGER;
UPDATE inbox SET from_id = COALESCE(
    json_extract(payload, '$.message.from.id'),
    json_extract(payload, '$.edited_message.from.id'),
    json_extract(payload, '$.callback_query.from.id'),
    json_extract(payload, '$.my_chat_member.from.id'),
    json_extract(payload, '$.inline_query.from.id'),
    json_extract(payload, '$.chosen_inline_result.from.id'),
    json_extract(payload, '$.shipping_query.from.id'),
    json_extract(payload, '$.pre_checkout_query.from.id'),
    json_extract(payload, '$.poll_answer.user.id'),
    json_extract(payload, '$.chat_member.from.id'),
    json_extract(payload, '$.chat_join_request.from.id'),
    json_extract(payload, '$.message_reaction.user.id'))
WHERE json_valid(payload);
CREATE INDEX inbox_from ON inbox (from_id) WHERE from_id IS NOT NULL;
CREATE INDEX inbox_handled ON inbox (processed_at) WHERE processed_at IS NOT NULL;
-- Updates handled before this version lose what a handled update no longer keeps (see
-- storage/inbox.py: handled_payload): the invite token of a /start, and the bot's own
-- messages quoted back in button presses and replies.
UPDATE inbox SET payload = json_set(payload, '$.message.text', '/start')
WHERE processed_at IS NOT NULL AND json_valid(payload)
  AND json_extract(payload, '$.message.text') LIKE '/start %';
UPDATE inbox SET payload = json_remove(payload,
    '$.callback_query.message.text', '$.callback_query.message.entities',
    '$.callback_query.message.reply_markup', '$.callback_query.message.caption',
    '$.callback_query.message.document', '$.message.reply_to_message',
    '$.message.forward_origin', '$.message.external_reply', '$.message.quote')
WHERE processed_at IS NOT NULL AND json_valid(payload);
-- Erasure finds the messages to one person through an index too (the outbox keeps every
-- message ever sent).
CREATE INDEX outbox_person ON outbox (person_id);
