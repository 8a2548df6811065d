import { readdirSync } from 'node:fs';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { defaultMigrationsDir, listFunctionFiles, migrateHostedDatabase } from '../../../../src-main/sync/hosted-db/migrate-hosted-db';
import { HOSTED_SCHEMA_VERSION } from '../../../../src-main/sync/hosted-db/schema-version';
import { migrateAsBeforeFunctionFiles } from './legacy-server';
import { id, pull, push, rows, sqlState, T0, upsert, useSyncDatabase } from './support';

const db = useSyncDatabase();

/** Every function file, in the order the runner applies them. */
const allFunctionFiles = async () => (await listFunctionFiles(defaultMigrationsDir)).map((file) => file.name);

/** The row without the named columns: what an app built before they existed sent. */
function without(row: Record<string, unknown>, ...columns: string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(row).filter(([column]) => !columns.includes(column)));
}

describe('hosted migrations', () => {
  it('apply to an empty database once; schema_version() is the newest file', async () => {
    const { url, admin } = await db.fresh({ migrate: false });
    const first = await migrateHostedDatabase(url, defaultMigrationsDir);
    expect(first).toEqual({
      applied: ['0001_tables.sql', '0002_sync.sql', '0003_lean_pull.sql', '0004_one_change_per_row.sql', '0005_ai_usage_billing.sql', '0006_proctor_sittings.sql', '0007_configuration_proof.sql', '0008_consent_records.sql', '0009_override_and_self_identification.sql', '0010_audit_entries.sql', '0011_erasure.sql', '0012_device_health.sql', '0013_enrolment_codes.sql', '0014_webhooks.sql', '0015_enrolment_tries.sql', '0016_device_connections.sql', '0017_named_operations.sql', '0018_object_storage.sql', '0019_exchange.sql', '0020_claim_with_content.sql'],
      functions: await allFunctionFiles(),
      version: 20,
    });
    const again = await migrateHostedDatabase(admin, defaultMigrationsDir);
    expect(again).toEqual({ applied: [], functions: [], version: 20 });
    const { rows } = await admin.query('SELECT sync.schema_version() AS v');
    expect(rows[0].v).toBe(20);
    expect(HOSTED_SCHEMA_VERSION).toBe(20);
    const newestFile = readdirSync(defaultMigrationsDir).filter((name) => name.endsWith('.sql')).sort().at(-1)!;
    expect(Number(newestFile.slice(0, 4))).toBe(HOSTED_SCHEMA_VERSION);
  });

  it('upgrades a database in use: one change-log entry per row, rows pushed before reach a laptop once each through the new pull, an app still on 2 is told to update', async () => {
    const sync = await db.fresh({ migrate: false });
    const { url } = sync;
    await migrateAsBeforeFunctionFiles(url, 2);
    const kiosk = await sync.device('kiosk');
    const candidate = rows.candidate();
    const interview = rows.interview(candidate.id);
    const pushed = await kiosk.client.query('SELECT sync.push(2, $1::jsonb) AS r', [
      JSON.stringify([
        upsert(1, 'candidates', candidate),
        upsert(2, 'interviews', without(interview, 'unpriced_calls')),
        upsert(3, 'candidates', { ...candidate, full_name: 'Casey Renamed', row_version: 2 }),
      ]),
    ]);
    expect(pushed.rows[0].r).toMatchObject({ lastAppliedSeq: 3, applied: 3 });
    const entries = async () => (await sync.admin.query('SELECT count(*)::int AS n FROM sync.changes')).rows[0].n as number;
    expect(await entries()).toBe(3);

    expect(await migrateHostedDatabase(url, defaultMigrationsDir)).toEqual({
      applied: ['0003_lean_pull.sql', '0004_one_change_per_row.sql', '0005_ai_usage_billing.sql', '0006_proctor_sittings.sql', '0007_configuration_proof.sql', '0008_consent_records.sql', '0009_override_and_self_identification.sql', '0010_audit_entries.sql', '0011_erasure.sql', '0012_device_health.sql', '0013_enrolment_codes.sql', '0014_webhooks.sql', '0015_enrolment_tries.sql', '0016_device_connections.sql', '0017_named_operations.sql', '0018_object_storage.sql', '0019_exchange.sql', '0020_claim_with_content.sql'],
      functions: await allFunctionFiles(),
      version: HOSTED_SCHEMA_VERSION,
    });
    expect(await entries()).toBe(2);
    const laptop = await sync.device('laptop');
    const page = await pull(laptop);
    // At its latest change, so after the interview that names it: devices park a child until its parent comes.
    expect(page.changes).toEqual([
      { table: 'interviews', row: interview },
      { table: 'candidates', row: { ...candidate, full_name: 'Casey Renamed', row_version: 2, password_hash: '!synced-without-password' } },
    ]);
    const stale = await sqlState(kiosk.client.query(`SELECT sync.pull(2, 'null', 10)`));
    expect(stale).toMatchObject({ code: 'KS002', message: expect.stringMatching(new RegExp(`app uses version 2, the hosted database is at version ${HOSTED_SCHEMA_VERSION}\\. Update the app`)) });
  });

  it('0005 adds the AI billing columns to a database holding rows: values kept, new columns at their defaults, pulled and pushed with them', async () => {
    const sync = await db.fresh({ migrate: false });
    await migrateAsBeforeFunctionFiles(sync.url, 4);
    const kiosk = await sync.device('kiosk');
    const candidate = rows.candidate();
    const interview = rows.interview(candidate.id, id(), { status: 'completed', ai_model_used: 'gpt-4o-mini', total_tokens_used: 1500, cost_usd: 0.0123 });
    const usage = rows.aiUsage(interview.id, id(), { cost_usd: 0.0123 });
    const newColumns = ['cached_prompt_tokens', 'reasoning_tokens', 'price_known', 'unpriced_calls'];
    const pushed = await kiosk.client.query('SELECT sync.push(4, $1::jsonb) AS r', [
      JSON.stringify([upsert(1, 'candidates', candidate), upsert(2, 'interviews', without(interview, ...newColumns)), upsert(3, 'ai_usage', without(usage, ...newColumns))]),
    ]);
    expect(pushed.rows[0].r).toMatchObject({ lastAppliedSeq: 3, applied: 3, rejected: [] });

    expect(await migrateHostedDatabase(sync.url, defaultMigrationsDir)).toEqual({
      applied: ['0005_ai_usage_billing.sql', '0006_proctor_sittings.sql', '0007_configuration_proof.sql', '0008_consent_records.sql', '0009_override_and_self_identification.sql', '0010_audit_entries.sql', '0011_erasure.sql', '0012_device_health.sql', '0013_enrolment_codes.sql', '0014_webhooks.sql', '0015_enrolment_tries.sql', '0016_device_connections.sql', '0017_named_operations.sql', '0018_object_storage.sql', '0019_exchange.sql', '0020_claim_with_content.sql'],
      functions: await allFunctionFiles(),
      version: HOSTED_SCHEMA_VERSION,
    });
    const laptop = await sync.device('laptop');
    const page = await pull(laptop);
    // The defaults are what a device's own SQLite migration gives the same rows.
    expect(page.changes).toEqual([
      { table: 'candidates', row: { ...candidate, password_hash: '!synced-without-password' } },
      { table: 'interviews', row: { ...interview, unpriced_calls: 0 } },
      { table: 'ai_usage', row: { ...usage, cached_prompt_tokens: 0, reasoning_tokens: 0, price_known: true } },
    ]);

    // An app built for the new version sends and receives them; one still on 4 is told to update instead of losing them.
    const unpriced = rows.aiUsage(interview.id, id(), { model: 'gpt-x', cost_usd: 0, price_known: false, cached_prompt_tokens: 1024, reasoning_tokens: 200 });
    const billed = { ...interview, row_version: 2, unpriced_calls: 1 };
    expect(await push(kiosk, [upsert(4, 'interviews', billed), upsert(5, 'ai_usage', unpriced)])).toMatchObject({ applied: 2, rejected: [] });
    const next = await pull(laptop, page.cursor);
    expect(next.changes).toEqual([
      { table: 'interviews', row: billed },
      { table: 'ai_usage', row: unpriced },
    ]);
    const stale = await sqlState(kiosk.client.query('SELECT sync.push(4, $1::jsonb)', ['[]']));
    expect(stale).toMatchObject({ code: 'KS002' });
  });

  it('0006 adds proctors to a database holding rows: recruiters and the rows naming them kept, a proctor with a PIN and their sittings pushed and pulled', async () => {
    const sync = await db.fresh({ migrate: false });
    await migrateAsBeforeFunctionFiles(sync.url, 5);
    const laptop = await sync.device('laptop');
    const recruiter = rows.recruiter();
    const candidate = rows.candidate();
    const resume = rows.resume(candidate.id);
    const feedback = rows.feedback(resume.id, id(), { status: 'approved', approved_at: T0, approved_by: recruiter.id });
    const interview = rows.interview(candidate.id, id(), { status: 'completed' });
    const decision = { id: id(), created_at: T0, updated_at: T0, row_version: 1, deleted_at: null, interview_id: interview.id, decided_by: recruiter.id, decision: 'advance', note: 'Strong.', decided_at: T0 };
    const before = [
      upsert(1, 'recruiters', without(recruiter, 'pin_hash')), upsert(2, 'candidates', candidate), upsert(3, 'resumes', resume),
      upsert(4, 'resume_feedback', feedback), upsert(5, 'interviews', interview), upsert(6, 'interview_decisions', decision),
    ];
    const pushed = await laptop.client.query('SELECT sync.push(5, $1::jsonb) AS r', [JSON.stringify(before)]);
    expect(pushed.rows[0].r).toMatchObject({ lastAppliedSeq: 6, applied: 6, rejected: [] });

    expect(await migrateHostedDatabase(sync.url, defaultMigrationsDir)).toEqual({ applied: ['0006_proctor_sittings.sql', '0007_configuration_proof.sql', '0008_consent_records.sql', '0009_override_and_self_identification.sql', '0010_audit_entries.sql', '0011_erasure.sql', '0012_device_health.sql', '0013_enrolment_codes.sql', '0014_webhooks.sql', '0015_enrolment_tries.sql', '0016_device_connections.sql', '0017_named_operations.sql', '0018_object_storage.sql', '0019_exchange.sql', '0020_claim_with_content.sql'], functions: await allFunctionFiles(), version: 20 });
    // Adding a column fires no row trigger: nothing is sent again, and a first pull has every row, the recruiter without a PIN.
    const fresh = await sync.device('laptop');
    const first = await pull(fresh);
    expect(first.changes.map((change) => change.table)).toEqual(['recruiters', 'candidates', 'resumes', 'resume_feedback', 'interviews', 'interview_decisions']);
    expect(first.changes[0]).toEqual({ table: 'recruiters', row: recruiter });
    // Later migrations add columns: a decision from before 0009 recommends nothing.
    expect(first.changes.at(-1)).toEqual({ table: 'interview_decisions', row: { ...decision, ai_recommendation: null } });

    // The new role and PIN, and the new table; an unknown role is still refused.
    const proctor = rows.recruiter(id(), { role: 'proctor', pin_hash: '$2b$10$pinhash' });
    const kiosk = await sync.device('kiosk');
    const sitting = rows.proctorSitting(candidate.id, proctor.id, id(), { interview_id: interview.id });
    expect(await push(laptop, [upsert(7, 'recruiters', proctor), upsert(8, 'recruiters', rows.recruiter(id(), { role: 'owner' }))])).toMatchObject({
      lastAppliedSeq: 8,
      applied: 1,
      rejected: [{ seq: 8, reason: expect.stringMatching(/recruiters_role_check/) }],
    });
    expect(await push(kiosk, [upsert(1, 'proctor_sittings', sitting), upsert(2, 'proctor_sittings', rows.proctorSitting(candidate.id, proctor.id, id(), { status: 'closed' }))])).toMatchObject({
      applied: 1,
      rejected: [{ seq: 2, reason: expect.stringMatching(/proctor_sittings_status_check/) }],
    });
    const next = await pull(fresh, first.cursor);
    expect(next.changes).toEqual([
      { table: 'recruiters', row: proctor },
      { table: 'proctor_sittings', row: sitting },
    ]);
    // A kiosk sees every recruiter (a proctor signs in there with their PIN) but only the sittings it held.
    const otherKiosk = await sync.device('kiosk');
    const seen = await pull(otherKiosk);
    expect(seen.changes.filter((change) => change.table === 'recruiters').map((change) => change.row)).toEqual([recruiter, proctor]);
    expect(seen.changes.filter((change) => change.table === 'proctor_sittings')).toEqual([]);
    expect((await pull(kiosk)).changes.filter((change) => change.table === 'proctor_sittings')).toEqual([{ table: 'proctor_sittings', row: sitting }]);

    const stale = await sqlState(laptop.client.query('SELECT sync.push(5, $1::jsonb)', ['[]']));
    expect(stale).toMatchObject({ code: 'KS002' });
  });

  it('refuses a database whose recorded migrations are not a prefix of the files', async () => {
    const { url, admin } = await db.fresh();
    await admin.query(`UPDATE sync.schema_migrations SET name = '0002_other.sql' WHERE version = 2`);
    await expect(migrateHostedDatabase(url, defaultMigrationsDir)).rejects.toThrow(/0002_other\.sql.*nothing was applied/s);
    await admin.query(`UPDATE sync.schema_migrations SET name = '0002_sync.sql' WHERE version = 2`);
    // One newer than the newest file: a database migrated by a later version of the app.
    const future = `${String(HOSTED_SCHEMA_VERSION + 1).padStart(4, '0')}_future.sql`;
    await admin.query(`INSERT INTO sync.schema_migrations (version, name) VALUES ($1, $2)`, [HOSTED_SCHEMA_VERSION + 1, future]);
    await expect(migrateHostedDatabase(url, defaultMigrationsDir)).rejects.toThrow(future);
  });

  it('rolls back a failing run as a whole', async () => {
    const { url, admin } = await db.fresh({ migrate: false });
    // A table 0001 creates already exists: 0001 fails and leaves nothing behind.
    await admin.query('CREATE TABLE ai_usage (x int)');
    await expect(migrateHostedDatabase(url, defaultMigrationsDir)).rejects.toThrow(/0001_tables\.sql failed/);
    // Even the bookkeeping table was created in that transaction, so it is gone too.
    const { rows } = await admin.query(`SELECT to_regclass('public.candidates') AS t, to_regclass('sync.schema_migrations') AS m`);
    expect(rows[0]).toEqual({ t: null, m: null });
  });

  it('migrates two databases of one server concurrently (roles are cluster-wide)', async () => {
    const urls = await Promise.all([db.server.current.createDatabase(), db.server.current.createDatabase()]);
    const results = await Promise.all(urls.map((url) => migrateHostedDatabase(url, defaultMigrationsDir)));
    expect(results.map((result) => result.version)).toEqual([HOSTED_SCHEMA_VERSION, HOSTED_SCHEMA_VERSION]);
    const client = new pg.Client({ connectionString: urls[1] });
    await client.connect();
    try {
      const { rows } = await client.query(`SELECT count(*)::int AS n FROM pg_roles WHERE rolname = 'kiosk_device'`);
      expect(rows[0].n).toBe(1);
    } finally {
      await client.end();
    }
  });
});
