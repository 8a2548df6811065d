-- AI costs as billed (SQLite's 0005_ai_usage_billing.sql, the same columns):
-- how much of a call's input came from the provider's prompt cache and how
-- much of its output was hidden reasoning, whether its model had a price at
-- all (cost_usd is 0 but means "unknown" when not), and per interview how
-- many calls had none, so no view shows an unknown cost as $0.
--
-- Nothing else changes: sync.push and sync.pull read a table's columns from
-- pg_attribute (sync.column_list, sync.row_select_list), so they carry the
-- new ones as they are. This file still moves sync.schema_version() to 5, and
-- that is what keeps an app built for 4 out: its rows lack these columns,
-- and jsonb_populate_record would fill NOT NULL columns with NULL, so every
-- ai_usage and interviews change it pushed would be refused. (An upgraded
-- device's queued changes are given the columns by its SQLite migration.)
--
-- Existing rows take the defaults, as on devices: a constant default needs
-- no table rewrite, and ALTER TABLE fires no row trigger, so no row is sent
-- to devices again. Rows from before count as priced: the app then recorded
-- an unknown price as $0 and kept no note of which those were.
--
-- No CHECK (>= 0) on the counts: on SQLite a new CHECK means rebuilding the
-- table (see the drizzle trap in src-main/db/open-database.ts), and the two
-- schemas keep the same CHECKs (schema-drift.test.ts).

ALTER TABLE ai_usage
  ADD COLUMN cached_prompt_tokens integer NOT NULL DEFAULT 0,
  ADD COLUMN reasoning_tokens     integer NOT NULL DEFAULT 0,
  ADD COLUMN price_known          boolean NOT NULL DEFAULT true;

ALTER TABLE interviews
  ADD COLUMN unpriced_calls integer NOT NULL DEFAULT 0;
