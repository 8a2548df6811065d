-- A feedback email sends the text the hosted database holds, and nothing
-- edits that text once a device has claimed the sending (docs/sync.md,
-- "Time rules on the database's clock" and "Named operations", rule 5).
--
-- sync.claim_delivery now takes the sha-256 of the text the device is about
-- to send and answers 'claimed', 'taken' or 'not_current' (the device's text
-- is not the stored one: it waits for its next pull). The claim keeps that
-- hash. Claims made before this migration have none (NULL): they still stop
-- edits, and their device is answered by comparing with the stored text.
--
-- This file moves sync.schema_version() to 20.

ALTER TABLE sync.delivery_claims ADD COLUMN content_sha256 text CHECK (content_sha256 ~ '^[0-9a-f]{64}$');

DROP FUNCTION IF EXISTS sync.claim_delivery(integer, uuid);
