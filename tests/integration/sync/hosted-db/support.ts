import pg from 'pg';
import { afterEach } from 'vitest';
import { createDevice } from '../../../../src-main/sync/hosted-db/device-admin';
import { defaultMigrationsDir, migrateHostedDatabase } from '../../../../src-main/sync/hosted-db/migrate-hosted-db';
import { HOSTED_SCHEMA_VERSION } from '../../../../src-main/sync/hosted-db/schema-version';
import { urlAs, useTestPostgres } from '../../../support/postgres';

export const V = HOSTED_SCHEMA_VERSION;

export interface Device {
  id: string;
  roleName: string;
  password: string;
  url: string;
  client: pg.Client;
  /** Calls sync.<fn>(V, ...args) and returns its single value. */
  call<T = unknown>(fn: string, ...args: unknown[]): Promise<T>;
  /**
   * Waits until every change written so far is below the oldest running
   * transaction, i.e. visible to pull. Only matters on a shared server
   * (TEST_DATABASE_URL), where other test files' transactions hold the
   * cluster-wide horizon back for a moment.
   */
  settle(): Promise<void>;
}

export interface SyncDatabase {
  url: string;
  admin: pg.Client;
  device(kind: 'kiosk' | 'laptop', name?: string): Promise<Device>;
  /** A new client for the same database as the admin (for concurrent transactions). */
  adminClient(): Promise<pg.Client>;
}

async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  // A revoked device's session is ended by the server: not a test failure.
  client.on('error', () => undefined);
  await client.connect();
  return client;
}

/** One embedded server per file; `fresh()` gives each test its own migrated database. */
export function useSyncDatabase() {
  const server = useTestPostgres();
  const clients: pg.Client[] = [];
  afterEach(async () => {
    for (const client of clients.splice(0)) await client.end().catch(() => undefined);
  });

  async function open(url: string): Promise<pg.Client> {
    const client = await connect(url);
    clients.push(client);
    return client;
  }

  return {
    server,
    open,
    async fresh(options: { migrate?: boolean } = {}): Promise<SyncDatabase> {
      const url = await server.current.createDatabase();
      if (options.migrate !== false) await migrateHostedDatabase(url, defaultMigrationsDir);
      const admin = await open(url);
      return {
        url,
        admin,
        adminClient: () => open(url),
        async device(kind, name = `${kind} ${Math.random().toString(16).slice(2, 6)}`) {
          const created = await createDevice(url, name, kind);
          const deviceUrl = urlAs(url, created.roleName, created.password);
          const client = await open(deviceUrl);
          return {
            id: created.deviceId,
            roleName: created.roleName,
            password: created.password,
            url: deviceUrl,
            client,
            async settle() {
              for (let attempt = 0; attempt < 100; attempt += 1) {
                const { rows: ready } = await admin.query(
                  `SELECT coalesce(max(txid), '0') < pg_snapshot_xmin(pg_current_snapshot()) AS ready FROM sync.changes`,
                );
                if (ready[0].ready) return;
                await new Promise((resolve) => setTimeout(resolve, 50));
              }
              throw new Error('Changes stayed behind a running transaction for 5 s.');
            },
            async call<T>(fn: string, ...args: unknown[]) {
              const placeholders = args.map((_, index) => `$${index + 2}`).join(', ');
              const result = await client.query(`SELECT sync.${fn}($1${placeholders ? `, ${placeholders}` : ''}) AS value`, [V, ...args]);
              return result.rows[0].value as T;
            },
          };
        },
      };
    },
  };
}

/** The pg error's SQLSTATE, or undefined when the promise resolves. */
export async function sqlState(promise: Promise<unknown>): Promise<{ code: string; message: string } | undefined> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    const { code, message } = error as { code: string; message: string };
    return { code, message };
  }
}

let counter = 0;
/** A uuid v7-shaped id unique within the run (the server only needs a uuid). */
export function id(): string {
  counter += 1;
  const hex = (Date.now().toString(16).padStart(12, '0') + counter.toString(16).padStart(20, '0')).slice(0, 32);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-7${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export const T0 = '2026-11-26T03:07:25.123Z';

function base(rowId: string, version = 1, at = T0) {
  return { id: rowId, created_at: at, updated_at: at, row_version: version, deleted_at: null };
}

/** Rows shaped as outbox.ts makes them: every column by SQL name, JSON parsed, times as ISO text. */
export const rows = {
  candidate(rowId = id(), extra: Record<string, unknown> = {}) {
    return {
      ...base(rowId),
      email: `c-${rowId}@example.com`,
      full_name: 'Casey Candidate',
      password_hash: '$2b$10$realhashrealhashrealhashrealhashrealhashrealhashreal',
      phone: null,
      status: 'active',
      failed_login_count: 0,
      locked_until: null,
      last_login_at: null,
      ...extra,
    };
  },
  recruiter(rowId = id(), extra: Record<string, unknown> = {}) {
    return {
      ...base(rowId),
      email: `r-${rowId}@example.com`,
      full_name: 'Rita Recruiter',
      password_hash: '$2b$10$recruiterhash',
      role: 'recruiter',
      organization_id: null,
      last_login_at: null,
      is_active: true,
      failed_login_count: 0,
      locked_until: null,
      pin_hash: null,
      ...extra,
    };
  },
  resume(candidateId: string, rowId = id(), extra: Record<string, unknown> = {}) {
    return {
      ...base(rowId),
      candidate_id: candidateId,
      file_url: 'files/abc.pdf',
      file_name: 'cv.pdf',
      file_size: 1234,
      uploaded_at: T0,
      parsed_at: null,
      parsing_status: 'pending',
      parsed_data: null,
      failure_reason: null,
      ...extra,
    };
  },
  feedback(resumeId: string, rowId = id(), extra: Record<string, unknown> = {}) {
    return {
      ...base(rowId),
      resume_id: resumeId,
      feedback_content: 'Good start.',
      identified_gaps: [{ skill: 'react', gap: 'hooks' }],
      recommended_resources: null,
      status: 'draft',
      generated_at: T0,
      approved_at: null,
      approved_by: null,
      sent_at: null,
      auto_send_at: null,
      ...extra,
    };
  },
  interview(candidateId: string, rowId = id(), extra: Record<string, unknown> = {}) {
    return {
      ...base(rowId),
      candidate_id: candidateId,
      resume_id: null,
      role_type: 'react',
      status: 'scheduled',
      started_at: null,
      completed_at: null,
      duration_seconds: null,
      ai_model_used: null,
      total_tokens_used: 0,
      cost_usd: 0,
      unpriced_calls: 0,
      ...extra,
    };
  },
  aiUsage(interviewId: string | null, rowId = id(), extra: Record<string, unknown> = {}) {
    return {
      ...base(rowId),
      interview_id: interviewId,
      task: 'interview',
      endpoint: 'chat',
      model: 'gpt-4o-mini',
      prompt_tokens: 1200,
      completion_tokens: 300,
      audio_seconds: null,
      characters: null,
      latency_ms: 850,
      cost_usd: 0.00036,
      outcome: 'ok',
      error_kind: null,
      cached_prompt_tokens: 0,
      reasoning_tokens: 0,
      price_known: true,
      ...extra,
    };
  },
  proctorSitting(candidateId: string, proctorId: string, rowId = id(), extra: Record<string, unknown> = {}) {
    return {
      ...base(rowId),
      kiosk_id: 'kiosk-front-desk',
      candidate_id: candidateId,
      opened_by: proctorId,
      role_type: 'react',
      identity_check: 'passport',
      identity_confirmed_at: T0,
      accommodations: ['extra time'],
      status: 'open',
      opened_at: T0,
      paused_at: null,
      paused_ms: 0,
      lock_reason: null,
      interview_id: null,
      notes: [{ at: T0, proctorId, proctorName: 'Pat Proctor', text: 'Asked for water.' }],
      ended_at: null,
      ended_by: null,
      end_reason: null,
      ...extra,
    };
  },
  consentRecord(candidateId: string, rowId = id(), extra: Record<string, unknown> = {}) {
    return {
      ...base(rowId),
      candidate_id: candidateId,
      kiosk_id: 'kiosk-front-desk',
      sitting_id: null,
      notice_version: 'v1',
      notice_language: 'en',
      notice_sha256: 'e'.repeat(64),
      choice: 'consent',
      answered_at: T0,
      ...extra,
    };
  },
  selfIdentification(candidateId: string, rowId = id(), extra: Record<string, unknown> = {}) {
    return { ...base(rowId), candidate_id: candidateId, kiosk_id: 'kiosk-front-desk', sex: 'female', race_ethnicity: 'asian', answered_at: T0, ...extra };
  },
};

export interface Mutation {
  seq: number;
  table: string;
  op: 'upsert' | 'delete' | 'operation';
  /** With op 'operation': its name (src-main/db/named-operations.ts). */
  operation?: string;
  rowId: string;
  rowVersion: number;
  row: Record<string, unknown>;
}

/** A named operation: the row's id and only the columns it changes. */
export function operation(seq: number, table: string, name: string, rowId: string, rowVersion: number, fields: Record<string, unknown>): Mutation {
  return { seq, table, op: 'operation', operation: name, rowId, rowVersion, row: { id: rowId, ...fields } };
}

export function upsert(seq: number, table: string, row: Record<string, unknown>): Mutation {
  return { seq, table, op: 'upsert', rowId: row['id'] as string, rowVersion: row['row_version'] as number, row };
}

export interface PushResult {
  lastAppliedSeq: number;
  applied: number;
  skipped: number;
  rejected: { seq: number; reason: string }[];
}

export interface PullResult {
  changes: { table: string; row: Record<string, unknown> }[];
  cursor: { txid: string; id: number } | null;
  hasMore: boolean;
  serverTime: string;
}

export function push(device: Device, mutations: Mutation[]): Promise<PushResult> {
  return device.call<PushResult>('push', JSON.stringify(mutations));
}

/** sync.pull after device.settle(); pass settle: false to see exactly what a pull returns now. */
export async function pull(device: Device, cursor: PullResult['cursor'] = null, limit = 1000, options = { settle: true }): Promise<PullResult> {
  if (options.settle) await device.settle();
  return device.call<PullResult>('pull', cursor === null ? null : JSON.stringify(cursor), limit);
}
