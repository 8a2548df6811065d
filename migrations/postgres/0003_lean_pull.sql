-- sync.pull, rebuilt to cost a third as much per row (docs/sync.md, "sync.pull").
--
-- 0002's pull returned jsonb, assembled row by row (~100 µs a row, most of a
-- first pull's time on a laptop); its replacement builds json text once.
-- Both now live in functions/50_pull.sql. What stays here is what
-- CREATE OR REPLACE cannot do: a function's return type cannot change in
-- place, so a database that has 0002's jsonb pull loses it here, and the
-- migration runner creates the json one from functions/ in the same
-- transaction. row_json_expr was the old pull's helper and is gone.
--
-- When this file first shipped it also created the new pull itself; the
-- runner re-applies functions/ after any migration, so a database upgraded
-- then and one created now end with the same functions.

DROP FUNCTION IF EXISTS sync.pull(integer, jsonb, integer);
DROP FUNCTION IF EXISTS sync.row_json_expr(text);
