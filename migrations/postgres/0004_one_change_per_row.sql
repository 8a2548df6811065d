-- sync.changes keeps one entry per row: its latest change (docs/sync.md, "Tables").
--
-- Until now every insert and update appended an entry, so the log grew with
-- every write forever, and a laptop's first pull walked every update a row
-- ever had (an interview's session changes after each answer), receiving the
-- row again for each page it changed in. Now a change moves the row's one
-- entry to the end: its txid becomes the writing transaction's and its id a
-- new one. The pull cursor's guarantee is unchanged: the moved entry's txid
-- is the new transaction's, which is above any cursor a device holds (pull
-- reads only below the oldest running transaction), so every device still
-- receives the row's newest version exactly once more.
--
-- What moves: a parent updated after its children now comes after them in
-- the log. Devices already park a row whose parent is in a later page.
--
-- The trigger function that moves the entry (sync.record_change, ON
-- CONFLICT on the index below) is in functions/10_synced_tables.sql. This
-- file first replaced it itself; now the runner applies functions/ in the
-- same transaction as this file, so no write runs between the unique index
-- and the trigger that relies on it.

DELETE FROM sync.changes c
 USING sync.changes later
 WHERE later.table_name = c.table_name AND later.row_id = c.row_id
   AND (later.txid, later.id) > (c.txid, c.id);

CREATE UNIQUE INDEX changes_row ON sync.changes (table_name, row_id);
