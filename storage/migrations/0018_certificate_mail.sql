-- A certificate sent by email to the contact of the mentor's company (issue 13): to which
-- address and when. A tap claims a certificate while its email is handed over, so a double tap
-- sends it once; a claim that never became a sent email (the process died) lapses after minutes.
ALTER TABLE certificates ADD COLUMN employer_claimed_at TEXT;
ALTER TABLE certificates ADD COLUMN employer_mailed_at TEXT;
ALTER TABLE certificates ADD COLUMN employer_mail_to TEXT;
