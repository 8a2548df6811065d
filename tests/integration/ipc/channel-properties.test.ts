import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { inputByteLimit } from '../../../shared/ipc/channel';
import { channelNames, channels, type ChannelName } from '../../../shared/ipc/contract';
import { appErrorSchema, type Result } from '../../../shared/ipc/result';
import { createTestApp, FakeClock, ownWindow, strongPassword, type TestApp } from '../../support/test-app';

/**
 * Properties of every channel in the contract, for every role and for no
 * session, over generated inputs inside and outside the channel's schema:
 *
 * - the dispatcher always answers a Result (never throws, never `internal`);
 * - a refusal is a typed error, and its reply is under 4 KiB;
 * - a role the channel does not allow gets exactly `unauthenticated` or
 *   `forbidden`, whatever it sent: no validation text;
 * - a refused call changes nothing: a checksum of every SQLite table, the
 *   settings and the windows' sessions is the same before and after;
 * - nothing reaches Object.prototype.
 *
 * Inputs inside the schema come from the schema itself (z.toJSONSchema and a
 * small generator, kept only when the zod schema accepts them) or, where
 * that rarely fits (passwords), from a written sample. They are sent to an
 * allowed role only on channels where a valid call is read-only or refers
 * to ids that do not exist (SAFE_WHEN_VALID); on the others (sign-in,
 * registration, account and settings changes, starting an interview, calls
 * to the AI or the sync server) an allowed role gets only inputs outside the
 * schema, and a role not allowed gets both.
 *
 * PROPERTY_SEED=<n> repeats a run (the default is fixed); PROPERTY_RUNS=<n>
 * changes the runs per channel and role (default 20).
 */
const seedText = process.env.PROPERTY_SEED;
const SEED = seedText !== undefined && /^\d+$/.test(seedText) ? Number(seedText) : 20_261_206;
const RUNS = Number(process.env.PROPERTY_RUNS ?? 20) || 20;
console.log(`PROPERTY_SEED=${SEED} PROPERTY_RUNS=${RUNS}`);

const roles = ['candidate', 'recruiter', 'admin', 'viewer', 'proctor', 'none'] as const;
type Caller = (typeof roles)[number];

const SAFE_WHEN_VALID = new Set<string>([
  'app.getStatus',
  'setup.createFirstAdmin', // setup is done: always a conflict
  'auth.getSession',
  'staff.list',
  'settings.get',
  'secrets.getStatus',
  'interview.getCurrent',
  'consent.notice',
  'consent.followUps',
  'erasure.findCandidate',
  'erasure.receipts',
  'selfIdentification.get',
  'compliance.biasReport',
  'atsExport.make', // read-only: makes a file from the records and returns it
  'interview.speakQuestion',
  'interview.answerSegment',
  'interview.endAnswer',
  'interview.discardAnswer',
  'interview.recordIntegrityEvent',
  'interview.submit',
  'resume.listMine',
  'resume.listForReview',
  'feedback.list',
  'feedback.update',
  'feedback.approve',
  'feedback.listFailed',
  'feedback.retry', // an id that does not exist: not found, nothing queued
  'review.list',
  'review.get',
  'review.viewed', // an id that does not exist: not found, nothing recorded
  'review.answerAudio',
  'review.decide',
  'review.retryScoring',
  'review.exportPdf',
  'audit.trail',
  // Ids that do not exist: not found (prepare, approve), or never approved (status); nothing is queued.
  'explanationPack.prepare',
  'explanationPack.exportArchive',
  'explanationPack.status',
  'explanationPack.approve',
  'sync.status',
  'proctor.status',
  // The proctor here has no PIN, so no sitting opens; without a sitting, hand-over and every control is refused.
  'proctor.openSitting',
  'proctor.handOver',
  'sitting.current',
  'sitting.unlock',
  'sitting.view',
  'sitting.pause',
  'sitting.resume',
  'sitting.addNote',
  'sitting.end',
  'sitting.releaseControls',
  // Not kiosk.selfCheck: read-only, but it calls the AI provider (a metered ping) and the sync server, like sync.syncNow.
  'kiosk.bankAudio', // read-only: counts the speech cache's files
]);

/** Valid inputs the generator rarely hits (password rules). */
const writtenSamples: Partial<Record<string, Record<string, unknown>>> = {
  'setup.createFirstAdmin': { email: 'second@example.com', password: strongPassword, fullName: 'Second Admin' },
  'auth.registerCandidate': { email: 'new@example.com', password: strongPassword, fullName: 'New Candidate' },
  'staff.create': { email: 'new-staff@example.com', password: strongPassword, fullName: 'New Staff', role: 'viewer' },
  'auth.signIn': { accountKind: 'staff', email: 'nobody@example.com', password: 'wrong-password' },
  'feedback.update': { feedbackId: '01938a5e-7c1a-4000-8000-000000000001', feedbackContent: 'Thank you for your resume; here is what stood out to us.' },
  'proctor.setPin': { pin: '482913' },
  'sitting.unlock': { pin: '482913' },
  'proctor.openSitting': { candidateEmail: 'cand@example.com', identityCheck: 'Passport', identityConfirmed: true, roleType: 'python' },
  'consent.answer': { language: 'en', noticeVersion: 'v1', noticeSha256: 'a'.repeat(64), choice: 'decline' },
  'erasure.findCandidate': { email: 'cand@example.com' },
  'compliance.biasReport': { roleType: 'react', from: '2026-01-01', to: '2026-12-31' },
  'atsExport.make': { roleType: 'all', from: '2026-01-01', to: '2026-12-31', fileType: 'csv' },
  'explanationPack.approve': { interviewId: '01938a5e-7c1a-4000-8000-000000000002', contentSha256: 'c'.repeat(64) },
  // Public, and a valid report is kept (a file, not a table): only hostile inputs reach it, for every role and none.
  'errors.report': { kind: 'unhandledrejection', errorClass: 'TypeError', message: 'x is undefined', stack: '' },
};

type JsonSchema = {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  format?: string;
};

/** A small generator of values shaped like a JSON schema (sizes kept small); zod has the last word on validity. */
function fromJsonSchema(schema: JsonSchema, depth = 0): fc.Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const union = schema.anyOf ?? schema.oneOf;
  if (union) return fc.oneof(...union.map((option) => fromJsonSchema(option, depth + 1)));
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'null':
      return fc.constant(null);
    case 'boolean':
      return fc.boolean();
    case 'integer':
      return fc.integer({ min: Math.max(schema.minimum ?? -1000, -1e9), max: Math.min(schema.maximum ?? 100_000, 1e9) });
    case 'number':
      return fc.double({ min: schema.minimum ?? -1000, max: schema.maximum ?? 100_000, noNaN: true });
    case 'string': {
      if (schema.format === 'uuid') return fc.uuid({ version: 4 });
      if (schema.format === 'email') return fc.emailAddress();
      if (schema.format === 'uri') return fc.webUrl();
      const minLength = schema.minLength ?? 0;
      return fc.string({ minLength, maxLength: Math.max(minLength, Math.min(schema.maxLength ?? 40, 40)) });
    }
    case 'array':
      return fc.array(schema.items && depth < 4 ? fromJsonSchema(schema.items, depth + 1) : fc.anything(), { minLength: schema.minItems ?? 0, maxLength: Math.max(schema.minItems ?? 0, 4) });
    case 'object': {
      if (depth > 4) return fc.constant({});
      const properties = Object.fromEntries(Object.entries(schema.properties ?? {}).map(([key, value]) => [key, fromJsonSchema(value, depth + 1)]));
      const record = fc.record(properties, { requiredKeys: schema.required ?? [] });
      if (typeof schema.additionalProperties === 'object') {
        const extra = fc.dictionary(fc.string({ minLength: 1, maxLength: 20 }), fromJsonSchema(schema.additionalProperties, depth + 1), { maxKeys: 4 });
        return fc.tuple(record, extra).map(([known, more]) => ({ ...more, ...known }));
      }
      return record;
    }
    default:
      return fc.anything({ maxDepth: 2 });
  }
}

function accepts(name: ChannelName, input: unknown): boolean {
  return channels[name].input.safeParse(input).success;
}

/** Inputs inside the channel's schema: generated ones that zod accepts, else the channel's sample. */
function validInputs(name: ChannelName, sample: unknown): fc.Arbitrary<unknown> {
  const schema = z.toJSONSchema(channels[name].input, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  return fc.oneof(fc.constant(sample), fromJsonSchema(schema).map((value) => (accepts(name, value) ? value : sample)));
}

const pollution = ['{"__proto__":{"polluted":"yes"}}', '{"constructor":{"prototype":{"polluted":"yes"}}}', '{"__proto__":null,"prototype":{"polluted":"yes"}}'];

/** Inputs meant to be outside the schema: wrong types, extra keys, huge strings, arrays and key counts, prototype-pollution keys. */
function hostileInputs(sample: Record<string, unknown>): fc.Arbitrary<unknown> {
  const keys = Object.keys(sample);
  const aKey = keys.length > 0 ? fc.constantFrom(...keys) : fc.constant('text');
  return fc.oneof(
    fc.anything({ maxDepth: 3, withNullPrototype: true, withObjectString: true }),
    fc.tuple(fc.string({ maxLength: 30 }), fc.anything({ maxDepth: 2 })).map(([key, value]) => ({ ...sample, [key]: value })),
    fc.tuple(aKey, fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.string(), { maxLength: 3 }), fc.object({ maxDepth: 1 }))).map(([key, value]) => ({ ...sample, [key]: value })),
    fc.tuple(aKey, fc.integer({ min: 70_000, max: 400_000 })).map(([key, length]) => ({ ...sample, [key]: 'x'.repeat(length) })),
    fc.integer({ min: 20_000, max: 80_000 }).map((length) => ({ ...sample, list: new Array<number>(length).fill(1) })),
    fc.integer({ min: 9_000, max: 14_000 }).map((count) => {
      const many: Record<string, unknown> = { ...sample };
      for (let i = 0; i < count; i++) many[`k${i}`] = i;
      return many;
    }),
    fc.constantFrom(...pollution).map((text) => ({ ...sample, ...(JSON.parse(text) as object) })),
  );
}

function allowed(name: ChannelName, caller: Caller): boolean {
  const access = channels[name].access;
  return access === 'public' || (caller !== 'none' && (access as readonly string[]).includes(caller));
}

/** Each property its own seed, derived from the run's, so one can be repeated alone. */
function seedFor(name: string, caller: string): number {
  return (SEED ^ createHash('sha256').update(`${name}/${caller}`).digest().readUInt32BE(0)) >>> 0;
}

/** fast-check's report with the counterexample cut short: a generated input can be megabytes. */
function shortReport(name: string, caller: string) {
  return (details: fc.RunDetails<[unknown]>): void => {
    if (!details.failed) return;
    const example = details.counterexample ? fc.stringify(details.counterexample[0]) : '(none)';
    const cause = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
    throw new Error(
      `${name} as ${caller} failed after ${details.numRuns} runs (seed ${details.seed}, path "${details.counterexample ? details.counterexamplePath : ''}")\n` +
        `counterexample: ${example.length > 600 ? `${example.slice(0, 600)}… (${example.length} characters)` : example}\n${cause.slice(0, 2000)}`,
    );
  };
}

describe('every channel, every role, generated inputs', () => {
  let t: TestApp;
  const windows: Record<Caller, string> = { candidate: 'w-candidate', recruiter: 'w-recruiter', admin: 'w-admin', viewer: 'w-viewer', proctor: 'w-proctor', none: 'w-none' };
  const samples = new Map<ChannelName, Record<string, unknown>>();
  let refusals: Record<'unauthenticated' | 'forbidden', unknown>;

  beforeAll(async () => {
    t = createTestApp({ clock: new FakeClock() });
    const call = (name: string, input: unknown, window: string) => t.app.dispatch(name, input, ownWindow(window));
    const must = async (name: string, input: unknown, window: string) => expect((await call(name, input, window)).ok, name).toBe(true);
    await must('setup.createFirstAdmin', { email: 'admin@example.com', password: strongPassword, fullName: 'Ada Admin' }, windows.admin);
    await must('auth.registerCandidate', { email: 'cand@example.com', password: strongPassword, fullName: 'Cara Candidate' }, windows.candidate);
    for (const role of ['recruiter', 'viewer', 'proctor'] as const) {
      await must('staff.create', { email: `${role}@example.com`, password: strongPassword, fullName: `Some ${role}`, role }, windows.admin);
      await must('auth.signIn', { accountKind: 'staff', email: `${role}@example.com`, password: strongPassword }, windows[role]);
    }
    refusals = {
      unauthenticated: (await call('staff.list', {}, windows.none) as { error: unknown }).error,
      forbidden: (await call('staff.list', {}, windows.candidate) as { error: unknown }).error,
    };

    for (const name of channelNames) {
      let sample = writtenSamples[name];
      if (!sample) {
        const schema = z.toJSONSchema(channels[name].input, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
        sample = fc.sample(fromJsonSchema(schema), { numRuns: 300, seed: seedFor(name, 'sample') }).find((value) => accepts(name, value)) as Record<string, unknown> | undefined;
      }
      if (sample && accepts(name, sample)) samples.set(name, sample);
    }
  }, 60_000);
  afterAll(() => t.close());

  /**
   * What a refused call must leave as it was: every row (SQLite's count of
   * rows this connection ever inserted, updated or deleted, triggers
   * included, so a write that puts back the same value still counts: stricter
   * than hashing the tables, and cheap enough to ask twice per run), the
   * settings in force, and each window's session.
   */
  function checksum(): string {
    const changes = t.app.database.sqlite.prepare('SELECT total_changes()').pluck().get();
    const sessions = Object.values(windows).map((window) => `${window}:${t.app.sessions.get(window)?.id ?? '-'}`);
    return JSON.stringify([changes, t.app.services.settings.get(), sessions]);
  }

  it('has a valid input for every channel', () => {
    expect(channelNames.filter((name) => !samples.has(name))).toEqual([]);
  });

  it('declares a size limit on every channel that holds its largest valid string', () => {
    const tooSmall: string[] = [];
    for (const name of channelNames) {
      const json = JSON.stringify(z.toJSONSchema(channels[name].input, { io: 'input', unrepresentable: 'any' }));
      const longest = Math.max(0, ...[...json.matchAll(/"maxLength":(\d+)/g)].map((match) => Number(match[1])));
      if (longest + 1024 > inputByteLimit(channels[name])) tooSmall.push(`${name}: a string of ${longest} against a limit of ${inputByteLimit(channels[name])}`);
    }
    expect(tooSmall).toEqual([]);
  });

  for (const name of channelNames) {
    it(name, async () => {
      const sample = samples.get(name) ?? {};
      for (const caller of roles) {
        const mayCall = allowed(name, caller);
        const inputs = fc.oneof(
          { arbitrary: validInputs(name, sample), weight: 1 },
          { arbitrary: hostileInputs(sample), weight: 3 },
        );
        await fc.assert(
          fc.asyncProperty(inputs, async (input) => {
            const valid = accepts(name, input);
            if (valid && mayCall && !SAFE_WHEN_VALID.has(name)) return; // a real change; see the header
            const before = checksum();
            const result: Result<unknown> = await t.app.dispatch(name, input, ownWindow(windows[caller]));
            expect(({} as Record<string, unknown>).polluted).toBeUndefined();
            expect(typeof result.ok).toBe('boolean');
            if (result.ok) {
              expect(valid && mayCall, 'only an allowed role with a valid input succeeds').toBe(true);
              return;
            }
            expect(appErrorSchema.safeParse(result.error).success, JSON.stringify(result).slice(0, 300)).toBe(true);
            expect(result.error.code, result.error.message).not.toBe('internal');
            expect(JSON.stringify(result).length).toBeLessThan(4096);
            expect(checksum(), `${name} as ${caller} was refused (${result.error.code}) but changed state`).toBe(before);
            if (!mayCall) {
              expect(result.error).toEqual(caller === 'none' ? refusals.unauthenticated : refusals.forbidden);
            } else if (!valid) {
              expect(['invalid_input', 'too_large']).toContain(result.error.code);
            }
          }),
          { seed: seedFor(name, caller), numRuns: RUNS, reporter: shortReport(name, caller) },
        );
      }
    }, 120_000);
  }
});
