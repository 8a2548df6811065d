-- Decisions on the database's clock, so devices with wrong clocks agree
-- (docs/sync.md, "Time rules on the database's clock").

-- True for exactly one device per feedback. Asking again answers the same
-- (true again for the claimant), so a lost reply can be retried safely.
CREATE OR REPLACE FUNCTION sync.claim_delivery(p_schema_version integer, p_feedback_id uuid) RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public, sync
AS $$
DECLARE
  v_device sync.devices := sync.require_device(p_schema_version);
  v_claimant uuid;
BEGIN
  IF p_feedback_id IS NULL THEN
    PERFORM sync.bad_request('claim_delivery needs a feedback id.');
  END IF;
  INSERT INTO sync.delivery_claims (feedback_id, device_id) VALUES (p_feedback_id, v_device.id)
    ON CONFLICT (feedback_id) DO NOTHING;
  SELECT device_id INTO v_claimant FROM sync.delivery_claims WHERE feedback_id = p_feedback_id;
  RETURN v_claimant = v_device.id;
END
$$;

-- The same for a webhook event and a subscription (issue 21): true for
-- exactly one device, and true again for it when it asks again.
CREATE OR REPLACE FUNCTION sync.claim_webhook_delivery(p_schema_version integer, p_subscription_id uuid, p_event_id uuid) RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public, sync
AS $$
DECLARE
  v_device sync.devices := sync.require_device(p_schema_version);
  v_claimant uuid;
BEGIN
  IF p_subscription_id IS NULL OR p_event_id IS NULL THEN
    PERFORM sync.bad_request('claim_webhook_delivery needs a subscription id and an event id.');
  END IF;
  INSERT INTO sync.webhook_claims (subscription_id, event_id, device_id) VALUES (p_subscription_id, p_event_id, v_device.id)
    ON CONFLICT (subscription_id, event_id) DO NOTHING;
  SELECT device_id INTO v_claimant FROM sync.webhook_claims WHERE subscription_id = p_subscription_id AND event_id = p_event_id;
  RETURN v_claimant = v_device.id;
END
$$;

CREATE OR REPLACE FUNCTION sync.auto_approve_due(p_schema_version integer) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public, sync
AS $$
DECLARE
  v_device sync.devices := sync.require_device(p_schema_version);
  v_ids jsonb;
BEGIN
  -- One UPDATE: a concurrent caller waits on the row locks, re-checks the
  -- status and skips rows this one approved. Only feedback the caller can
  -- see (pull's scope): a kiosk approving a row it does not hold could not
  -- queue its email, and nobody else would know to.
  WITH approved AS (
    UPDATE public.resume_feedback
       SET status = 'approved', approved_at = now(), approved_by = NULL,
           updated_at = now(), row_version = row_version + 1
     WHERE status = 'pending_approval' AND auto_send_at <= now() AND deleted_at IS NULL
       AND (v_device.kind = 'laptop' OR origin_device_id = v_device.id)
    RETURNING id
  )
  SELECT coalesce(jsonb_agg(id ORDER BY id), '[]') INTO v_ids FROM approved;
  RETURN jsonb_build_object('approved', v_ids);
END
$$;

GRANT EXECUTE ON FUNCTION
  sync.claim_delivery(integer, uuid),
  sync.claim_webhook_delivery(integer, uuid, uuid),
  sync.auto_approve_due(integer)
TO kiosk_device;
