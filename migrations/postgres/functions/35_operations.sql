-- Named operations (docs/sync.md, "Named operations"; issue 22, point 3):
-- the edits people make, pushed with only the columns they changed and
-- merged field by field, so two devices that edit different columns of one
-- row offline (a kiosk's feedback text, a laptop's approval) both keep
-- their change.
--
-- The list is src-main/db/named-operations.ts's; a test compares the two
-- (tests/integration/sync/hosted-db/merge-cases.test.ts). Every operation may
-- also carry updated_at.

-- The operations and the columns each may change, as one jsonb object.
CREATE OR REPLACE FUNCTION sync.named_operations() RETURNS jsonb
LANGUAGE sql IMMUTABLE
SET search_path = pg_catalog, public, sync
AS $$
  SELECT jsonb_build_object(
    'feedback.edit_text', jsonb_build_object('table', 'resume_feedback', 'fields', jsonb_build_array('feedback_content')),
    'feedback.approve', jsonb_build_object('table', 'resume_feedback', 'fields', jsonb_build_array('status', 'approved_by', 'approved_at')),
    'feedback.mark_sent', jsonb_build_object('table', 'resume_feedback', 'fields', jsonb_build_array('status', 'sent_at')),
    'staff.sign_in', jsonb_build_object('table', 'recruiters', 'fields', jsonb_build_array('failed_login_count', 'locked_until', 'last_login_at')),
    'staff.set_pin', jsonb_build_object('table', 'recruiters', 'fields', jsonb_build_array('pin_hash')),
    'candidate.sign_in', jsonb_build_object('table', 'candidates', 'fields', jsonb_build_array('failed_login_count', 'locked_until', 'last_login_at')),
    'sitting.add_note', jsonb_build_object('table', 'proctor_sittings', 'fields', jsonb_build_array('notes')),
    'sitting.update', jsonb_build_object('table', 'proctor_sittings', 'fields', jsonb_build_array(
      'status', 'paused_at', 'paused_ms', 'lock_reason', 'interview_id', 'ended_at', 'ended_by', 'end_reason')),
    'webhook.update_subscription', jsonb_build_object('table', 'integration_webhooks', 'fields', jsonb_build_array(
      'name', 'webhook_url', 'event_types', 'is_active', 'webhook_secret', 'secret_generation', 'previous_secret_until',
      'delivering_device_id', 'failing_since', 'disabled_reason', 'last_triggered_at'))
  )
$$;

-- Refuses (KSR01, recorded in sync.rejections) an unknown operation name,
-- another table's operation, a column that is not the operation's, or none
-- of its columns. p_fields is the mutation's row: the row's id, the columns
-- the operation changed, perhaps updated_at.
CREATE OR REPLACE FUNCTION sync.check_operation(p_table text, p_operation text, p_fields jsonb) RETURNS void
LANGUAGE plpgsql IMMUTABLE
SET search_path = pg_catalog, public, sync
AS $$
DECLARE
  v_definition jsonb := sync.named_operations() -> p_operation;
  v_allowed text[];
  v_foreign text;
  v_changed integer;
BEGIN
  IF v_definition IS NULL THEN
    PERFORM sync.reject(format('Unknown operation %s: the app that sent it and the hosted database disagree on the named operations; nothing was changed.',
                               coalesce(p_operation, '(none)')));
  END IF;
  IF v_definition ->> 'table' IS DISTINCT FROM p_table THEN
    PERFORM sync.reject(format('Operation %s changes %s rows, not %s.', p_operation, v_definition ->> 'table', p_table));
  END IF;
  v_allowed := ARRAY(SELECT jsonb_array_elements_text(v_definition -> 'fields'));
  SELECT string_agg(key, ', ' ORDER BY key COLLATE "C") INTO v_foreign
  FROM jsonb_object_keys(p_fields) AS key
  WHERE key NOT IN ('id', 'updated_at') AND key <> ALL (v_allowed);
  IF v_foreign IS NOT NULL THEN
    PERFORM sync.reject(format('Operation %s may not change %s (it changes only %s).', p_operation, v_foreign, array_to_string(v_allowed, ', ')));
  END IF;
  SELECT count(*) INTO v_changed FROM jsonb_object_keys(p_fields) AS key WHERE key = ANY (v_allowed);
  IF v_changed = 0 THEN
    PERFORM sync.reject(format('Operation %s carries none of its columns (%s).', p_operation, array_to_string(v_allowed, ', ')));
  END IF;
END
$$;

-- Feedback emailed to a candidate keeps the text that was emailed: the
-- stored row is the record of what was sent. So once the stored status is
-- 'sent', a change of feedback_content is refused, whether it comes as
-- feedback.edit_text from a device that edited offline while another one
-- sent the email, or as a whole row (an outbox queued before named
-- operations). Refused rather than ignored, so the person who edited sees
-- in the device's refusals that the edit did not reach the candidate.
-- The device's copy is sentFeedbackRefusal (src-main/sync/merge-rule.ts).
CREATE OR REPLACE FUNCTION sync.check_sent_feedback(p_table text, p_stored jsonb, p_merged jsonb) RETURNS void
LANGUAGE plpgsql IMMUTABLE
SET search_path = pg_catalog, public, sync
AS $$
BEGIN
  IF p_table = 'resume_feedback' AND p_stored ->> 'status' = 'sent'
     AND (p_merged -> 'feedback_content') IS DISTINCT FROM (p_stored -> 'feedback_content') THEN
    PERFORM sync.reject('This feedback was already emailed to the candidate, so its text can no longer be changed: the edit was not applied, and the feedback keeps the text that was sent.');
  END IF;
END
$$;

-- What the server stores when operation p_operation with columns p_fields
-- arrives on top of the stored row: those columns on top, then the merge
-- rule (30_merge_row.sql: states only forward, tombstones stay, row_version
-- grows). A column the operation does not carry keeps its stored value, so
-- operations on different columns both stay; on one column the later
-- arrival wins. Refused as sync.check_operation and sync.check_sent_feedback
-- say. The device's copy is
-- mergeOperation (src-main/sync/merge-rule.ts); tests/fixtures/merge-cases.ts
-- holds both sides' cases.
CREATE OR REPLACE FUNCTION sync.merge_operation(p_table text, p_operation text, p_stored jsonb, p_fields jsonb, p_row_version integer) RETURNS jsonb
LANGUAGE plpgsql IMMUTABLE
SET search_path = pg_catalog, public, sync
AS $$
DECLARE
  v_merged jsonb;
BEGIN
  PERFORM sync.check_operation(p_table, p_operation, p_fields);
  v_merged := sync.merge_row(p_table, p_stored, p_stored || p_fields || jsonb_build_object('row_version', p_row_version));
  PERFORM sync.check_sent_feedback(p_table, p_stored, v_merged);
  RETURN v_merged;
END
$$;
