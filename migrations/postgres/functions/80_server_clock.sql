-- Decisions on the database's clock, so devices with wrong clocks agree
-- (docs/sync.md, "Time rules on the database's clock").

-- Which device emails a feedback, and only with the text stored here.
-- p_content_sha256 is the sha-256 (hex) of the text the device would send.
-- 'claimed' for exactly one device per feedback, and again for it when it
-- asks again with that text (a lost reply can be retried); 'taken' for every
-- other device; 'not_current' when the text is not the stored one (an edit
-- reached the server that the device has not pulled, or the server does not
-- hold the row yet): nothing is claimed and the device asks again after its
-- next sync. Once claimed, the text cannot change (sync.check_claimed_feedback),
-- so what was claimed is what is sent. The feedback row is locked first, so
-- a push of its text and a claim happen one after the other, never across.
CREATE OR REPLACE FUNCTION sync.claim_delivery(p_schema_version integer, p_feedback_id uuid, p_content_sha256 text) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public, sync
AS $$
DECLARE
  v_device sync.devices := sync.require_device(p_schema_version);
  v_stored_sha256 text;
  v_claimant uuid;
BEGIN
  IF p_feedback_id IS NULL THEN
    PERFORM sync.bad_request('claim_delivery needs a feedback id.');
  END IF;
  IF p_content_sha256 IS NULL OR p_content_sha256 !~ '^[0-9a-f]{64}$' THEN
    PERFORM sync.bad_request('claim_delivery needs the sha-256 of the feedback text, as 64 lowercase hex digits.');
  END IF;
  -- PostgreSQL's own sha256() (as 70_files.sql uses) over the UTF-8 bytes, as the device hashes them (src-main/app/sync-gates.ts).
  SELECT encode(sha256(convert_to(f.feedback_content, 'UTF8')), 'hex') INTO v_stored_sha256
    FROM public.resume_feedback f WHERE f.id = p_feedback_id FOR UPDATE;
  SELECT device_id INTO v_claimant FROM sync.delivery_claims WHERE feedback_id = p_feedback_id;
  IF v_claimant IS NOT NULL AND v_claimant <> v_device.id THEN
    RETURN 'taken';
  END IF;
  IF v_stored_sha256 IS DISTINCT FROM p_content_sha256 THEN
    RETURN 'not_current';
  END IF;
  INSERT INTO sync.delivery_claims (feedback_id, device_id, content_sha256) VALUES (p_feedback_id, v_device.id, p_content_sha256)
    ON CONFLICT (feedback_id) DO NOTHING;
  SELECT device_id INTO v_claimant FROM sync.delivery_claims WHERE feedback_id = p_feedback_id;
  RETURN CASE WHEN v_claimant = v_device.id THEN 'claimed' ELSE 'taken' END;
END
$$;

-- Feedback whose email a device has claimed keeps its text, as sent
-- feedback does (sync.check_sent_feedback): the claimant sends the stored
-- text, so an edit arriving between the claim and 'sent' would make the
-- stored row say something the candidate never read. Refused, so the
-- person who edited sees it in the device's refusals; the device cannot
-- know of claims, so the refusal comes back in the push reply and the pull
-- brings the server's text. p_stored is locked by the caller (FOR UPDATE),
-- and claim_delivery locks the same row, so no claim lands in between.
CREATE OR REPLACE FUNCTION sync.check_claimed_feedback(p_table text, p_id uuid, p_stored jsonb, p_merged jsonb) RETURNS void
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, public, sync
AS $$
BEGIN
  IF p_table = 'resume_feedback'
     AND (p_merged -> 'feedback_content') IS DISTINCT FROM (p_stored -> 'feedback_content')
     AND EXISTS (SELECT 1 FROM sync.delivery_claims WHERE feedback_id = p_id) THEN
    PERFORM sync.reject('This feedback is being emailed to the candidate, so its text can no longer be changed: the edit was not applied, and the feedback keeps the text that is being sent.');
  END IF;
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
  sync.claim_delivery(integer, uuid, text),
  sync.claim_webhook_delivery(integer, uuid, uuid),
  sync.auto_approve_due(integer)
TO kiosk_device;
