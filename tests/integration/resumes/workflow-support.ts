import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { type App } from '../../../src-main/app/create-app';
import { createLogger } from '../../../src-main/logging/logger';
import { MemorySecretStore } from '../../../src-main/secrets/memory-secret-store';
import { FileSettingsBackend } from '../../../src-main/settings/file-settings-backend';
import { SettingsService } from '../../../src-main/settings/settings-service';
import { startFakeOpenAi, type FakeOpenAi, type RecordedRequest, type Reply } from '../../fixtures/fake-openai/index';
import { makeResumeFixtures, type ResumeFixtures } from '../../fixtures/resumes/make-resumes';
import { buildApp, appCalls, type AppCalls, FakeClock, strongPassword } from '../../support/test-app';

import { SENDER, SMTP_PASSWORD, SMTP_USER, TestSmtpServer } from '../../support/smtp-server';

// The SMTP server lives in tests/support, where the review's tests (the explanation pack) use it too.
export { SENDER, SMTP_PASSWORD, SMTP_USER, TestSmtpServer, type ReceivedMail } from '../../support/smtp-server';

export function schemaNameOf(request: RecordedRequest): string {
  return String(request.json?.response_format?.json_schema?.name ?? '');
}

export const parsedReply = {
  skills: ['TypeScript', 'React', 'PostgreSQL'],
  yearsOfExperience: 6,
  education: [{ institution: 'University of Lyon', qualification: 'MSc Computer Science', year: 2016 }],
  previousRoles: [{ title: 'Senior Frontend Engineer', organisation: 'Acme', years: 4 }],
  technicalDomains: [{ domain: 'frontend', level: 'advanced' }],
  summary: 'A frontend engineer with six years of React and TypeScript.',
};

export const feedbackReply = {
  feedbackContent: 'Dear candidate,\n\nThank you for sharing your resume. Your six years of React work stand out.\n\nThe Teamified team',
  identifiedGaps: ['Cloud infrastructure', 'Automated testing'],
  recommendedResources: [
    { title: 'Testing JavaScript', url: 'https://testingjavascript.com', reason: 'Closes the testing gap.' },
    { title: 'AWS fundamentals', url: null, reason: 'Cloud basics.' },
  ],
};

/** Parsing and feedback requests answered by schema name. */
export function scriptResumeAi(server: FakeOpenAi, parse: () => Reply = () => ({ kind: 'structured', json: parsedReply })): void {
  server.setResponder('chat', (request) => (schemaNameOf(request) === 'parsed_resume' ? parse() : { kind: 'structured', json: feedbackReply }));
}

export interface ResumeHarness extends AppCalls {
  app: App;
  dataDir: string;
  clock: FakeClock;
  logLines: string[];
  /** Closes the app, keeping its folder. */
  shutDown(): void;
  close(): void;
}

let counter = 0;

export function createResumeHarness(ai: FakeOpenAi, smtpPort: number, options: { dataDir?: string; clock?: FakeClock; runnerId?: string } = {}): ResumeHarness {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'kiosk-resume-'));
  const logLines: string[] = [];
  const logger = createLogger({ level: 'debug', sink: (line) => logLines.push(line) });
  const settings = new SettingsService({ backend: new FileSettingsBackend(join(dataDir, 'settings.json')), machineFilePath: null, logger });
  settings.update({
    provider: { baseUrl: ai.url },
    smtp: { host: '127.0.0.1', port: smtpPort, secure: false, username: SMTP_USER, sender: SENDER },
    // The fake clock runs on for limits, retries and auto-send while the candidate does nothing: the kiosk's idle
    // sign-out (10 minutes by default, tested on its own in the dispatcher's tests) is set as long as it goes.
    interview: { idleSignOutMinutes: 120 },
  });
  const clock = options.clock ?? new FakeClock();
  const app = buildApp({
    dataDir,
    settings,
    secrets: new MemorySecretStore({ 'openai-api-key': 'kiosk-resume-test-key-0b7e', 'smtp-password': SMTP_PASSWORD }),
    logger,
    overrides: {
      clock,
      aiResilience: { sleep: async () => {}, random: () => 0.5, timeoutsMs: { chat: 3000, transcription: 3000, speech: 3000 } },
      jobs: { pollIntervalMs: 10, backoffBaseMs: 1000, backoffMaxMs: 60_000, leaseMs: 60_000, ...(options.runnerId ? { runnerId: options.runnerId } : {}) },
    },
  });
  let closed = false;
  const harness: ResumeHarness = {
    app,
    dataDir,
    clock,
    logLines,
    ...appCalls(() => app, 'kiosk'),
    shutDown() {
      if (closed) return;
      closed = true;
      app.close();
    },
    close() {
      harness.shutDown();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return harness;
}

/** A candidate signed in on the window; returns their email. */
export async function signUpCandidate(t: ResumeHarness, windowId = 'kiosk'): Promise<string> {
  const email = `candidate${++counter}@example.com`;
  await t.ok('auth.registerCandidate', { email, password: strongPassword, fullName: 'Zoë Ångström' }, windowId);
  return email;
}

/** An admin on 'admin', a recruiter on 'recruiter' and a viewer on 'viewer'. */
export async function signInStaff(t: ResumeHarness): Promise<void> {
  await t.ok('setup.createFirstAdmin', { email: 'admin@example.com', password: strongPassword, fullName: 'Ada Admin' }, 'admin');
  for (const role of ['recruiter', 'viewer'] as const) {
    await t.ok('staff.create', { email: `${role}@example.com`, password: strongPassword, fullName: `Rita ${role}`, role }, 'admin');
    await t.ok('auth.signIn', { accountKind: 'staff', email: `${role}@example.com`, password: strongPassword }, role);
  }
}

/** Polls (real time) until the check passes; the app's job runner polls every 10 ms. */
export async function waitFor<T>(check: () => T | undefined | null | false, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

export interface ResumeWorld {
  /** One fake OpenAI server per file, scripted with scriptResumeAi before each test. */
  ai: FakeOpenAi;
  /** Resume files made once per file. */
  fixtures: ResumeFixtures;
  /** A fresh SMTP server per test (a test may replace it, e.g. to restart it). */
  smtp: TestSmtpServer;
  /** An app on the fake server and this test's SMTP server, closed after the test. */
  harness(options?: Parameters<typeof createResumeHarness>[2]): ResumeHarness;
  /** A fixture file's bytes, base64, as the upload channel takes them. */
  fixture(name: keyof ResumeFixtures): string;
}

/** The resume tests' shared set-up: registers the hooks and hands back what they make. */
export function useResumeWorld(): ResumeWorld {
  const harnesses: ResumeHarness[] = [];
  let fixtureDir = '';
  const world: ResumeWorld = {
    ai: undefined as unknown as FakeOpenAi,
    fixtures: undefined as unknown as ResumeFixtures,
    smtp: undefined as unknown as TestSmtpServer,
    harness(options = {}) {
      const h = createResumeHarness(world.ai, world.smtp.port, options);
      harnesses.push(h);
      return h;
    },
    fixture: (name) => base64(readFileSync(world.fixtures[name])),
  };
  beforeAll(async () => {
    world.ai = await startFakeOpenAi();
    fixtureDir = mkdtempSync(join(tmpdir(), 'kiosk-resume-fixtures-'));
    world.fixtures = await makeResumeFixtures(fixtureDir);
  });
  afterAll(async () => {
    await world.ai.close();
    rmSync(fixtureDir, { recursive: true, force: true });
  });
  beforeEach(async () => {
    world.smtp = new TestSmtpServer();
    await world.smtp.start();
    scriptResumeAi(world.ai);
  });
  afterEach(async () => {
    for (const h of harnesses.splice(0)) h.close();
    await world.smtp.stop();
    world.ai.reset();
  });
  return world;
}
