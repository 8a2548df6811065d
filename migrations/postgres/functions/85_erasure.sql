-- A candidate's erasure on the hosted database (issue 18, point 4;
-- docs/sync.md, "Erasure"). A device pushes an erasure_requests row; its
-- insert removes the candidate's content here, in the same transaction, and
-- records the hosted database's own confirmation. Every device removes what
-- it holds when it pulls the request (src-main/erasure/), and refuses rows
-- that name an erased id, as sync.push does here.
--
-- Removed: resumes and their feedback (with the files), interview sessions
-- and messages (the transcript, with the recordings), assessment results,
-- decisions and integrity events, self-identification. Emptied but kept, as
-- tombstones without content: the candidate (so consent records, sittings
-- and the receipt still name an id), their interviews (ids, times and
-- cost, which other devices' audit and usage rows name) and their webhook
-- events (id, type and time, which the delivery log names). Kept as they are:
-- consent records, AI usage, configurations: ids, versions, counts and
-- hashes, nothing the candidate said or wrote.

-- True when a pushed mutation is, or names, a row an erasure removed: its
-- own id or its candidate, interview, resume or session. The receipt's own
-- tables name the candidate by design and are never refused. A named
-- operation carries only its own columns, so a sitting's note
-- (sitting.add_note: the id and the notes) does not say whose sitting it
-- is: for proctor_sittings the stored row's candidate counts too, or a
-- kiosk that had not heard of the erasure would write the notes back.
CREATE OR REPLACE FUNCTION sync.names_erased_row(p_table text, p_mutation jsonb) RETURNS boolean
LANGUAGE sql STABLE
SET search_path = pg_catalog, public, sync
AS $$
  SELECT p_table NOT IN ('erasure_requests', 'erasure_confirmations')
     AND EXISTS (SELECT 1 FROM sync.erased_rows e
                  WHERE e.row_id IN (p_mutation ->> 'rowId', p_mutation -> 'row' ->> 'id', p_mutation -> 'row' ->> 'candidate_id',
                                     p_mutation -> 'row' ->> 'interview_id', p_mutation -> 'row' ->> 'resume_id',
                                     p_mutation -> 'row' ->> 'session_id',
                                     (SELECT s.candidate_id::text FROM public.proctor_sittings s
                                       WHERE p_table = 'proctor_sittings'
                                         AND s.id = (CASE WHEN p_mutation ->> 'rowId' ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
                                                          THEN (p_mutation ->> 'rowId')::uuid END))))
$$;

-- Removes the candidate of request p_request_id from every table, remembers
-- the ids (sync.erased_rows), deletes the files only they named and the
-- refused pushes that held their rows, and returns the counts per kind.
CREATE OR REPLACE FUNCTION sync.execute_erasure(p_request_id uuid) RETURNS jsonb
LANGUAGE plpgsql
SET search_path = pg_catalog, public, sync
AS $$
DECLARE
  v_candidate uuid;
  v_resumes uuid[];
  v_interviews uuid[];
  v_sessions uuid[];
  v_paths text[];
  v_count integer;
  v_recordings integer := 0;
  v_transcripts integer := 0;
  v_resume_rows integer := 0;
  v_assessments integer := 0;
  v_identity integer := 0;
BEGIN
  SELECT candidate_id INTO v_candidate FROM public.erasure_requests WHERE id = p_request_id;
  SELECT coalesce(array_agg(id), '{}') INTO v_resumes FROM public.resumes WHERE candidate_id = v_candidate;
  SELECT coalesce(array_agg(id), '{}') INTO v_interviews FROM public.interviews WHERE candidate_id = v_candidate;
  SELECT coalesce(array_agg(id), '{}') INTO v_sessions FROM public.interview_sessions WHERE interview_id = ANY (v_interviews);

  -- Every id first, while the rows still say whose they are.
  INSERT INTO sync.erased_rows (row_id, table_name, request_id)
  SELECT x.id::text, x.t, p_request_id
    FROM (SELECT v_candidate AS id, 'candidates' AS t
          UNION ALL SELECT unnest(v_resumes), 'resumes'
          UNION ALL SELECT unnest(v_interviews), 'interviews'
          UNION ALL SELECT unnest(v_sessions), 'interview_sessions'
          UNION ALL SELECT id, 'resume_feedback' FROM public.resume_feedback WHERE resume_id = ANY (v_resumes)
          UNION ALL SELECT id, 'interview_messages' FROM public.interview_messages WHERE interview_id = ANY (v_interviews)
          UNION ALL SELECT id, 'assessment_results' FROM public.assessment_results WHERE interview_id = ANY (v_interviews)
          UNION ALL SELECT id, 'interview_decisions' FROM public.interview_decisions WHERE interview_id = ANY (v_interviews)
          UNION ALL SELECT id, 'integrity_events' FROM public.integrity_events WHERE interview_id = ANY (v_interviews)
          UNION ALL SELECT id, 'self_identifications' FROM public.self_identifications WHERE candidate_id = v_candidate) x
  ON CONFLICT (row_id) DO NOTHING;

  SELECT coalesce(array_agg(DISTINCT p.path), '{}') INTO v_paths
    FROM (SELECT file_url AS path FROM public.resumes WHERE id = ANY (v_resumes)
          UNION ALL SELECT content_audio_url FROM public.interview_messages WHERE interview_id = ANY (v_interviews)) p
   WHERE p.path ~ '^files/[0-9a-f]{2}/[0-9a-f]{62}$';

  -- Recordings and transcript.
  SELECT count(*) INTO v_recordings FROM public.interview_messages WHERE interview_id = ANY (v_interviews) AND content_audio_url IS NOT NULL;
  DELETE FROM public.interview_messages WHERE interview_id = ANY (v_interviews);
  GET DIAGNOSTICS v_transcripts = ROW_COUNT;
  DELETE FROM public.interview_sessions WHERE id = ANY (v_sessions);
  GET DIAGNOSTICS v_count = ROW_COUNT;
  v_transcripts := v_transcripts + v_count;

  -- Assessment.
  DELETE FROM public.assessment_results WHERE interview_id = ANY (v_interviews);
  GET DIAGNOSTICS v_assessments = ROW_COUNT;
  DELETE FROM public.interview_decisions WHERE interview_id = ANY (v_interviews);
  GET DIAGNOSTICS v_count = ROW_COUNT;
  v_assessments := v_assessments + v_count;
  DELETE FROM public.integrity_events WHERE interview_id = ANY (v_interviews);
  GET DIAGNOSTICS v_count = ROW_COUNT;
  v_assessments := v_assessments + v_count;

  -- Resume, its parsed data and feedback. Interviews name their resume: unlink first.
  UPDATE public.interviews SET resume_id = NULL WHERE id = ANY (v_interviews) AND resume_id IS NOT NULL;
  DELETE FROM sync.delivery_claims WHERE feedback_id IN (SELECT id FROM public.resume_feedback WHERE resume_id = ANY (v_resumes));
  DELETE FROM public.resume_feedback WHERE resume_id = ANY (v_resumes);
  GET DIAGNOSTICS v_resume_rows = ROW_COUNT;
  DELETE FROM public.resumes WHERE id = ANY (v_resumes);
  GET DIAGNOSTICS v_count = ROW_COUNT;
  v_resume_rows := v_resume_rows + v_count;

  -- Identity: the person, what they said about themselves, what a proctor noted.
  DELETE FROM public.self_identifications WHERE candidate_id = v_candidate;
  GET DIAGNOSTICS v_identity = ROW_COUNT;
  UPDATE public.proctor_sittings
     SET identity_check = 'erased', accommodations = '[]', notes = '[]', updated_at = now(), row_version = row_version + 1
   WHERE candidate_id = v_candidate;
  UPDATE public.interviews
     SET deleted_at = coalesce(deleted_at, now()), updated_at = now(), row_version = row_version + 1
   WHERE id = ANY (v_interviews);
  UPDATE public.candidates
     SET email = 'erased-' || id || '@erased.invalid', full_name = '', phone = NULL, password_hash = '!erased',
         failed_login_count = 0, locked_until = NULL, last_login_at = NULL,
         deleted_at = coalesce(deleted_at, now()), updated_at = now(), row_version = row_version + 1
   WHERE id = v_candidate;
  GET DIAGNOSTICS v_count = ROW_COUNT;
  v_identity := v_identity + v_count;
  -- Webhook events say only whose they were: the same text each device writes (src-main/repositories/candidate-removal.ts).
  UPDATE public.webhook_events
     SET payload = '{"candidate":{"id":"' || v_candidate::text || '"},"erased":true}', updated_at = now(), row_version = row_version + 1
   WHERE candidate_id = v_candidate;

  -- Removed rows leave no entry in the change log, and refused pushes that held their content go.
  DELETE FROM sync.changes c USING sync.erased_rows e
   WHERE e.request_id = p_request_id AND c.row_id::text = e.row_id
     AND c.table_name NOT IN ('candidates', 'interviews');
  DELETE FROM sync.rejections r
   WHERE r.row_id IN (SELECT row_id FROM sync.erased_rows WHERE request_id = p_request_id)
      OR r.row ->> 'candidate_id' = v_candidate::text
      OR r.row ->> 'interview_id' IN (SELECT unnest(v_interviews)::text)
      OR r.row ->> 'resume_id' IN (SELECT unnest(v_resumes)::text)
      OR r.row ->> 'session_id' IN (SELECT unnest(v_sessions)::text)
      -- A refused sitting operation's row holds notes but not the candidate.
      OR (r.table_name = 'proctor_sittings' AND r.row_id IN (SELECT id::text FROM public.proctor_sittings WHERE candidate_id = v_candidate));

  -- Files (blobs) that no remaining row names; objects in IT's bucket are queued for deletion.
  PERFORM sync.forget_files(v_paths);

  RETURN jsonb_build_object('recordings', v_recordings, 'transcripts', v_transcripts, 'resumes', v_resume_rows,
                            'assessments', v_assessments, 'identity', v_identity);
END
$$;

-- A new request is carried out as it is stored, and the hosted database
-- confirms it in the receipt like a device does. A request pushed again (a
-- replay, or an update of the same row) is not carried out twice.
CREATE OR REPLACE FUNCTION sync.erasure_request_inserted() RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, public, sync
AS $$
DECLARE
  v_removed jsonb := sync.execute_erasure(NEW.id);
BEGIN
  INSERT INTO public.erasure_confirmations (id, request_id, device_id, confirmed_at, removed)
  VALUES (gen_random_uuid(), NEW.id, 'hosted-database', now(), v_removed::text)
  ON CONFLICT (request_id, device_id) DO NOTHING;
  RETURN NULL;
END
$$;

CREATE OR REPLACE TRIGGER erasure_requests_execute AFTER INSERT ON public.erasure_requests
  FOR EACH ROW EXECUTE FUNCTION sync.erasure_request_inserted();
