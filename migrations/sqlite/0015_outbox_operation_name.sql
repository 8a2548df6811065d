-- Issue 22, point 3: an edit made by a named operation (src-main/db/named-operations.ts) is queued
-- with its name, and its payload holds only the row's id and the columns it changed. Entries
-- already queued are whole-row upserts and deletes (NULL here), which the hosted database still takes.
ALTER TABLE `sync_outbox` ADD `operation_name` text;