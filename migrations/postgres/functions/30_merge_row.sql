-- The merge rule (docs/sync.md, "Merge rule"): what sync.push stores when a
-- row it already holds arrives again.
--
-- Devices work offline and push whole rows, so two devices can push different
-- versions of one row in any order. The server decides, per column group:
--   1. Workflow states only move forward: a state behind the stored one (or a
--      second, different terminal state) is ignored together with the columns
--      that belong to that state, so a late "pending_approval" from one
--      laptop cannot undo another laptop's approval.
--   2. A tombstone stays a tombstone: deleted_at is never cleared.
--   3. A candidate password hash starting with '!' (the placeholder laptops
--      hold, see sync.pull) never replaces the stored hash.
--   4. row_version = greatest(stored + 1, incoming): it always grows.
--   5. Everything else: the later arrival at the server wins.
-- Works on jsonb so it is one function for every table; jsonb_populate_record
-- turns the result back into the table's types.
--
-- A device applies the same rule to a pulled row it has changed and not
-- pushed yet (src-main/sync/merge-rule.ts), to show what the server will
-- hold. tests/fixtures/merge-cases.ts is the one table of cases both are
-- tested against: change a rule here, there and in the cases together.
CREATE OR REPLACE FUNCTION sync.merge_row(p_table text, p_stored jsonb, p_incoming jsonb) RETURNS jsonb
LANGUAGE plpgsql IMMUTABLE
SET search_path = pg_catalog, public, sync
AS $$
DECLARE
  v_merged jsonb := p_incoming;
  v_state_column text;
  v_rank jsonb;             -- state -> rank; equal ranks are alternative terminal states
  v_state_columns text[];   -- columns that belong to the state
  v_stored_rank integer;
  v_incoming_rank integer;
  v_column text;
BEGIN
  CASE p_table
    WHEN 'resume_feedback' THEN
      v_state_column := 'status';
      v_rank := '{"draft": 0, "pending_approval": 1, "approved": 2, "sent": 3}';
      v_state_columns := ARRAY['approved_at', 'approved_by', 'sent_at'];
    WHEN 'interviews' THEN
      v_state_column := 'status';
      v_rank := '{"scheduled": 0, "in_progress": 1, "completed": 2, "abandoned": 2}';
      v_state_columns := ARRAY['completed_at', 'duration_seconds'];
    WHEN 'resumes' THEN
      v_state_column := 'parsing_status';
      v_rank := '{"pending": 0, "processing": 1, "completed": 2, "failed": 2}';
      v_state_columns := ARRAY['parsed_at', 'parsed_data', 'failure_reason'];
    ELSE
      v_state_column := NULL;
  END CASE;

  -- 1. Forward-only states. An unknown incoming state has no rank: it is
  -- passed on and the table's CHECK rejects it.
  IF v_state_column IS NOT NULL THEN
    v_stored_rank := (v_rank ->> (p_stored ->> v_state_column))::integer;
    v_incoming_rank := (v_rank ->> (p_incoming ->> v_state_column))::integer;
    IF v_incoming_rank < v_stored_rank
       OR (v_incoming_rank = v_stored_rank AND p_incoming ->> v_state_column <> p_stored ->> v_state_column) THEN
      v_merged := v_merged || jsonb_build_object(v_state_column, p_stored -> v_state_column);
      FOREACH v_column IN ARRAY v_state_columns LOOP
        v_merged := v_merged || jsonb_build_object(v_column, p_stored -> v_column);
      END LOOP;
    END IF;
  END IF;

  -- 2. Tombstones stay.
  IF p_stored ->> 'deleted_at' IS NOT NULL THEN
    v_merged := v_merged || jsonb_build_object('deleted_at', p_stored -> 'deleted_at');
  END IF;

  -- 3. The laptop placeholder never replaces a real hash.
  IF p_table = 'candidates' AND left(p_incoming ->> 'password_hash', 1) = '!' THEN
    v_merged := v_merged || jsonb_build_object('password_hash', p_stored -> 'password_hash');
  END IF;

  -- 4. Versions only grow.
  v_merged := v_merged || jsonb_build_object('row_version',
    greatest((p_stored ->> 'row_version')::integer + 1, coalesce((p_incoming ->> 'row_version')::integer, 0)));

  RETURN v_merged;
END
$$;
