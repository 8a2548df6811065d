-- IT's retention per kind on the hosted database (issue 18, point 4): the
-- same emptying each device's daily job does to its own copies
-- (src-main/repositories/content-expiry.ts, which says what each kind takes
-- and what stays), run by IT with `npm run cli -- hosted-db apply-retention`
-- or a scheduler. Owner only: no grant to devices. Rows are updated, not
-- deleted, so their emptied versions reach devices at their next pull; the
-- blobs no row names any more are deleted, or queued for deletion from
-- IT's bucket (sync.forget_files). NULL days keep that kind.
CREATE OR REPLACE FUNCTION sync_admin.apply_retention(p_recordings_days integer, p_transcripts_days integer,
                                                      p_resumes_days integer, p_assessments_days integer) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public, sync
AS $$
DECLARE
  v_old uuid[];
  v_paths text[] := '{}';
  v_more text[];
  v_count integer;
  v_rows integer;
  v_removed jsonb := '{}';
BEGIN
  IF least(p_recordings_days, p_transcripts_days, p_resumes_days, p_assessments_days) < 1 THEN
    PERFORM sync.bad_request('Retention periods are whole days, 1 or more (or null to keep a kind).');
  END IF;

  IF p_recordings_days IS NOT NULL THEN
    SELECT coalesce(array_agg(id), '{}') INTO v_old FROM public.interviews
     WHERE created_at < now() - make_interval(days => p_recordings_days) AND status IN ('completed', 'abandoned');
    SELECT coalesce(array_agg(DISTINCT content_audio_url), '{}') INTO v_more FROM public.interview_messages
     WHERE interview_id = ANY (v_old) AND content_audio_url IS NOT NULL;
    v_paths := v_paths || v_more;
    UPDATE public.interview_messages SET content_audio_url = NULL, audio_metadata = NULL, updated_at = now(), row_version = row_version + 1
     WHERE interview_id = ANY (v_old) AND content_audio_url IS NOT NULL;
    GET DIAGNOSTICS v_count = ROW_COUNT;
    v_removed := v_removed || jsonb_build_object('recordings', v_count);
  END IF;

  IF p_transcripts_days IS NOT NULL THEN
    SELECT coalesce(array_agg(id), '{}') INTO v_old FROM public.interviews
     WHERE created_at < now() - make_interval(days => p_transcripts_days) AND status IN ('completed', 'abandoned');
    UPDATE public.interview_messages SET content_text = '', updated_at = now(), row_version = row_version + 1
     WHERE interview_id = ANY (v_old) AND content_text <> '';
    GET DIAGNOSTICS v_count = ROW_COUNT;
    v_removed := v_removed || jsonb_build_object('transcripts', v_count);
    UPDATE public.interview_sessions SET conversation_memory = NULL, updated_at = now(), row_version = row_version + 1
     WHERE interview_id = ANY (v_old) AND conversation_memory IS NOT NULL;
    GET DIAGNOSTICS v_count = ROW_COUNT;
    v_removed := v_removed || jsonb_build_object('transcripts', (v_removed ->> 'transcripts')::integer + v_count);
  END IF;

  IF p_assessments_days IS NOT NULL THEN
    SELECT coalesce(array_agg(id), '{}') INTO v_old FROM public.interviews
     WHERE created_at < now() - make_interval(days => p_assessments_days) AND status IN ('completed', 'abandoned');
    UPDATE public.assessment_results
       SET strengths = NULL, weaknesses = NULL, ai_reasoning = NULL, recommended_actions = NULL, integrity_flags = NULL,
           skill_boundary_map = NULL, integrity_summary = NULL, updated_at = now(), row_version = row_version + 1
     WHERE interview_id = ANY (v_old)
       AND coalesce(strengths, weaknesses, ai_reasoning, recommended_actions, integrity_flags, skill_boundary_map, to_jsonb(integrity_summary)) IS NOT NULL;
    GET DIAGNOSTICS v_count = ROW_COUNT;
    v_removed := v_removed || jsonb_build_object('assessments', v_count);
  END IF;

  IF p_resumes_days IS NOT NULL THEN
    SELECT coalesce(array_agg(id), '{}') INTO v_old FROM public.resumes WHERE uploaded_at < now() - make_interval(days => p_resumes_days);
    SELECT coalesce(array_agg(file_url), '{}') INTO v_more FROM public.resumes WHERE id = ANY (v_old) AND file_url <> '';
    v_paths := v_paths || v_more;
    -- Feedback still on its way to the candidate is left to be sent; sent feedback loses its text.
    UPDATE public.resume_feedback SET feedback_content = '', identified_gaps = NULL, recommended_resources = NULL,
           updated_at = now(), row_version = row_version + 1
     WHERE resume_id = ANY (v_old) AND status = 'sent' AND feedback_content <> '';
    GET DIAGNOSTICS v_count = ROW_COUNT;
    -- An edit of that text refused after the sending (sync.check_sent_feedback) keeps its text in the refusal: it goes too.
    DELETE FROM sync.rejections
     WHERE table_name = 'resume_feedback'
       AND row_id IN (SELECT id::text FROM public.resume_feedback WHERE resume_id = ANY (v_old) AND status = 'sent');
    UPDATE public.resumes SET file_url = '', file_name = '', parsed_data = NULL, updated_at = now(), row_version = row_version + 1
     WHERE id = ANY (v_old) AND (file_url <> '' OR file_name <> '' OR parsed_data IS NOT NULL);
    GET DIAGNOSTICS v_rows = ROW_COUNT;
    v_removed := v_removed || jsonb_build_object('resumes', v_count + v_rows);
  END IF;

  PERFORM sync.forget_files(v_paths);
  RETURN v_removed;
END
$$;
