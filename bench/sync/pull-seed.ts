/**
 * The hosted data the laptop pulls: candidates and completed interviews with
 * their sessions and assessments (and their messages), inserted in one
 * transaction as the owner, originated by a kiosk the laptop has never met.
 * Ids are derived from time and a seed so the rows can refer to each other
 * (UUID v7 like the app's own); every JSON column matches the device's
 * column schemas, so the laptop applies them as it would real rows.
 */
import { withPgClient } from '../../src-main/sync/hosted-db/pg-client';

/** How much to seed and how; the pull scenario's knobs. */
export interface PullSeedShape {
  candidates: number;
  interviews: number;
  /** Conversation turns remembered in each session's JSON. */
  memoryTurns: number;
  /** interview_messages rows per interview; 0 leaves them out. */
  messages: number;
  /** md5 ids instead of the app's time-ordered UUID v7. */
  randomIds: boolean;
  /** Update every interview and session after seeding, so their one change-log entry comes after all their children's. */
  parentsLast: boolean;
}

/** {{name}} are the shape's numbers and the seeding device's id, filled in by seedCompletedInterviews(). */
const SEED_SQL = `
-- Ids as the app makes them (src-main/db/ids.ts): UUID v7, the row's creation time in milliseconds first,
-- then bits from a seed so that rows can name each other. Random ids would scatter every insert on the
-- laptop across its indexes, which real data never does.
-- With BENCH_PULL_RANDOM_IDS=1 they are md5(seed): the worst case, every insert somewhere else in each index.
CREATE FUNCTION pg_temp.v7(at timestamptz, seed text) RETURNS uuid LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN {{randomIds}} THEN md5(seed)::uuid
              ELSE (lpad(to_hex((extract(epoch FROM at) * 1000)::bigint), 12, '0') || '7' || substr(md5(seed), 1, 3) || '8' || substr(md5(seed), 4, 15))::uuid END
$$;

INSERT INTO candidates (id, created_at, updated_at, email, full_name, password_hash, origin_device_id)
SELECT pg_temp.v7(now() - g * interval '1 hour', 'c' || g), now() - g * interval '1 hour', now() - g * interval '1 hour',
       'bench.candidate.' || g || '@example.com', 'Bench Candidate ' || g,
       '$2b$12$' || rpad(md5('h' || g), 53, 'x'), {{origin}}
  FROM generate_series(1, {{candidates}}) g;

INSERT INTO interviews (id, created_at, updated_at, row_version, candidate_id, role_type, status, started_at, completed_at,
                        duration_seconds, ai_model_used, total_tokens_used, cost_usd, origin_device_id)
SELECT pg_temp.v7(t, 'i' || g), t, t + interval '30 minutes', 45,
       pg_temp.v7(now() - ((g - 1) % {{candidates}} + 1) * interval '1 hour', 'c' || ((g - 1) % {{candidates}} + 1)),
       (ARRAY['react', 'python', 'javascript', 'fullstack'])[g % 4 + 1], 'completed', t, t + interval '25 minutes',
       1200 + g % 600, 'gpt-4o-mini', 30000 + g % 5000, 0.0425, {{origin}}
  FROM generate_series(1, {{interviews}}) g, LATERAL (SELECT now() - g * interval '10 minutes' AS t) x;

INSERT INTO interview_sessions (id, created_at, updated_at, row_version, interview_id, conversation_memory, current_difficulty_level,
                                questions_asked_count, skill_boundaries_identified, progression_state, last_activity_at, origin_device_id)
SELECT pg_temp.v7(t, 's' || g), t, t + interval '25 minutes', 21, pg_temp.v7(t, 'i' || g),
       jsonb_build_object('turns', coalesce((
         SELECT jsonb_agg(jsonb_build_object(
                  'questionMessageId', md5('q' || g || '-' || k)::uuid::text,
                  'question', 'Question ' || k || '. How would you find out why a dashboard re-renders on every keystroke, and what would you change?',
                  'answer', 'I would start with the profiler to see which components render and why, move the search state down next to the input, '
                            || 'memoise the expensive list and debounce the query so the list only filters after a pause.',
                  'answerSummary', 'Profiles first; moves state down, memoises and debounces.') ORDER BY k)
           FROM generate_series(1, {{turns}}) k), '[]'::jsonb)),
       'advanced', 10,
       '{"react-hooks": "proficient", "react-performance": "intermediate", "testing": "boundary_reached"}'::jsonb,
       jsonb_build_object('formatVersion', 1, 'roleType', 'react', 'promptVersion', 'v3', 'phase', 'advanced',
                          'questions', (SELECT jsonb_agg(jsonb_build_object('skillId', 'react-performance', 'difficulty', 1 + k % 5)) FROM generate_series(1, 10) k)),
       t + interval '25 minutes', {{origin}}
  FROM generate_series(1, {{interviews}}) g, LATERAL (SELECT now() - g * interval '10 minutes' AS t) x;

INSERT INTO interview_messages (id, created_at, updated_at, interview_id, session_id, sequence_number, message_type, content_text,
                                content_audio_url, audio_duration_seconds, audio_metadata, response_time_seconds, metadata, origin_device_id)
SELECT pg_temp.v7(t + k * interval '1 minute', 'm' || g || '-' || k), t + k * interval '1 minute', t + k * interval '1 minute',
       pg_temp.v7(t, 'i' || g), pg_temp.v7(t, 's' || g), k,
       CASE WHEN k % 2 = 1 THEN 'ai_question' ELSE 'candidate_response' END,
       CASE WHEN k % 2 = 1 THEN 'Question ' || (k + 1) / 2 || '. How would you find out why a dashboard re-renders on every keystroke, and what would you change?'
            ELSE 'I would start with the profiler to see which components render and why, move the search state down next to the input, '
                 || 'memoise the expensive list and debounce the query so the list only filters after a pause.' END,
       CASE WHEN k % 2 = 0 THEN 'files/' || substr(h, 1, 2) || '/' || substr(h, 3) END,
       CASE WHEN k % 2 = 0 THEN 20 END,
       CASE WHEN k % 2 = 0 THEN '{"sampleRate": 16000, "codec": "pcm_s16le", "sizeBytes": 640044, "durationSeconds": 20, "sttProcessingMs": 420}'::jsonb END,
       CASE WHEN k % 2 = 0 THEN 2 END,
       CASE WHEN k % 2 = 1 THEN '{"phase": "standard", "skillId": "react-performance", "difficulty": 3, "model": "gpt-4o-mini"}'::jsonb
            ELSE '{"speechMs": 19400, "pauseMs": 600, "reason": "silence", "segmentCount": 2}'::jsonb END,
       {{origin}}
  FROM generate_series(1, {{interviews}}) g, generate_series(1, {{messages}}) k,
       LATERAL (SELECT now() - g * interval '10 minutes' AS t, encode(sha256(('a' || g || '-' || k)::bytea), 'hex') AS h) x;

INSERT INTO assessment_results (id, created_at, updated_at, interview_id, overall_score, skill_scores, skill_boundary_map, strengths, weaknesses,
                                integrity_score, integrity_flags, ai_reasoning, recommended_actions, generated_at, status, pass_outcomes,
                                integrity_summary, origin_device_id)
SELECT pg_temp.v7(t, 'a' || g), t, t, pg_temp.v7(t - interval '31 minutes', 'i' || g), 40 + g % 60,
       jsonb_build_object('react-hooks', 50 + g % 50, 'react-performance', 30 + g % 70, 'testing', 20 + g % 80),
       '{"react-hooks": {"level": 4}, "react-performance": {"level": 3}, "testing": {"level": 2}}'::jsonb,
       '[{"area": "React hooks", "evidence": "Explained the dependency array and stale closures with a concrete bug from a past project."}]'::jsonb,
       '[{"area": "Testing", "evidence": "Could not say how to test a component that fetches data without hitting the network."}]'::jsonb,
       88 - g % 20,
       '[{"type": "answer_timing", "severity": "low", "evidence": "Answer 7 began within a second of a long question.", "confidence": 0.4}]'::jsonb,
       '{"react-hooks": "Clear, correct and specific answers at levels 1 to 4.", "testing": "Struggled beyond level 2."}'::jsonb,
       '["Advance to the technical panel", "Probe testing practice in the next round"]'::jsonb,
       t, 'complete',
       '[{"pass": "technical", "status": "succeeded", "error": null, "completedAt": "2026-11-25T09:00:00.000Z"},
         {"pass": "integrity", "status": "succeeded", "error": null, "completedAt": "2026-11-25T09:00:00.000Z"},
         {"pass": "reasoning", "status": "succeeded", "error": null, "completedAt": "2026-11-25T09:00:01.000Z"},
         {"pass": "recommendations", "status": "succeeded", "error": null, "completedAt": "2026-11-25T09:00:01.000Z"}]'::jsonb,
       'One low-severity timing flag; nothing that needs a review.', {{origin}}
  FROM generate_series(1, {{interviews}}) g, LATERAL (SELECT now() - g * interval '10 minutes' + interval '31 minutes' AS t) x;
`;

export async function seedCompletedInterviews(url: string, originDeviceId: string, shape: PullSeedShape): Promise<void> {
  const values: Record<string, string> = {
    origin: `'${originDeviceId}'::uuid`,
    candidates: String(shape.candidates),
    interviews: String(shape.interviews),
    turns: String(shape.memoryTurns),
    messages: String(shape.messages),
    randomIds: String(shape.randomIds),
  };
  const sql = SEED_SQL.replace(/\{\{(\w+)\}\}/g, (_, name: string) => values[name]!);
  await withPgClient(url, async (client) => {
    // Several statements in one simple query: one implicit transaction, as one big import would be.
    await client.query(sql);
    if (shape.parentsLast) await client.query('UPDATE interviews SET row_version = row_version + 1; UPDATE interview_sessions SET row_version = row_version + 1');
    await client.query('ANALYZE');
  });
}
