import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { SettingsPatch } from '../../../shared/domain/settings';
import { type App, type AppOverrides } from '../../../src-main/app/create-app';
import { insertSynced } from '../../../src-main/db/outbox';
import { interviews } from '../../../src-main/db/schema/index';
import { createLogger } from '../../../src-main/logging/logger';
import { ProviderError } from '../../../src-main/providers/ai/errors';
import type { Sleep } from '../../../src-main/common/clock';
import { AiUsageRepository } from '../../../src-main/repositories/ai-usage-repository';
import { CandidateRepository } from '../../../src-main/repositories/candidate-repository';
import { MemorySecretStore } from '../../../src-main/secrets/memory-secret-store';
import { FileSettingsBackend } from '../../../src-main/settings/file-settings-backend';
import { SettingsService } from '../../../src-main/settings/settings-service';
import { startFakeOpenAi, type FakeOpenAi } from '../../fixtures/fake-openai/index';
import { buildApp, FakeClock } from '../../support/test-app';

/** Recognisable, and deliberately not shaped like an OpenAI key, so the log redactor cannot hide a leak. */
export const TEST_API_KEY = 'kiosk-test-key-7f3a9c21e4b8d605';

/** One fake server per test file, emptied before each test. */
export function useFakeOpenAi(): { readonly server: FakeOpenAi } {
  const holder = {} as { server: FakeOpenAi };
  beforeAll(async () => {
    holder.server = await startFakeOpenAi();
  });
  afterEach(() => holder.server.reset());
  afterAll(async () => {
    await holder.server.close();
  });
  return holder;
}

export interface AiHarness {
  app: App;
  ai: App['services']['ai'];
  clock: FakeClock;
  settings: SettingsService;
  secrets: MemorySecretStore;
  /** Every wait between retries, in ms, as the layer asked for it. */
  waits: number[];
  logLines: string[];
  dataDir: string;
  usage: AiUsageRepository;
  /** A candidate and an interview to meter against; returns the interview id. */
  createInterview(): string;
  interview(id: string): { totalTokensUsed: number; costUsd: number; aiModelUsed: string | null };
  close(): void;
}

export interface HarnessOptions {
  provider?: NonNullable<SettingsPatch['provider']>;
  aiResilience?: AppOverrides['aiResilience'];
  apiKey?: string | null;
}

let emails = 0;

/**
 * The real app (composition root, SQLite, settings, logger) pointed at the
 * fake server. Retry waits are recorded and skipped, so the schedule is
 * checked exactly without sleeping; jitter is fixed at half its range.
 * Timeouts are short so a hanging reply costs milliseconds.
 */
export function createAiHarness(server: FakeOpenAi, options: HarnessOptions = {}): AiHarness {
  const dataDir = mkdtempSync(join(tmpdir(), 'kiosk-ai-test-'));
  const logLines: string[] = [];
  const logger = createLogger({ level: 'debug', sink: (line) => logLines.push(line) });
  const settings = new SettingsService({ backend: new FileSettingsBackend(join(dataDir, 'settings.json')), machineFilePath: null, logger });
  settings.update({ provider: { baseUrl: server.url, ...options.provider } });
  // The suite must never reach the internet: only a loopback provider address is allowed.
  const baseUrl = settings.get().provider.baseUrl;
  if (new URL(baseUrl).hostname !== '127.0.0.1') throw new Error(`refusing to test against ${baseUrl}`);
  const apiKey = options.apiKey === undefined ? TEST_API_KEY : options.apiKey;
  const secrets = new MemorySecretStore(apiKey === null ? {} : { 'openai-api-key': apiKey });
  const clock = new FakeClock();
  const waits: number[] = [];
  const sleep: Sleep = async (ms, signal) => {
    signal?.throwIfAborted();
    waits.push(ms);
  };
  const app = buildApp({
    dataDir,
    settings,
    secrets,
    logger,
    overrides: { clock, aiResilience: { sleep, random: () => 0.5, timeoutsMs: { chat: 2000, transcription: 2000, speech: 2000 }, ...options.aiResilience } },
  });
  // Usage rows are written just after each call; reads in tests flush them first.
  const repository = new AiUsageRepository(app.database, clock);
  const flushed = <A extends unknown[], R>(read: (...args: A) => R) => (...args: A): R => {
    app.services.ai.flushUsage();
    return read(...args);
  };
  const usage = Object.assign(Object.create(repository) as AiUsageRepository, {
    listForInterview: flushed(repository.listForInterview.bind(repository)),
    tokensUsedBy: flushed(repository.tokensUsedBy.bind(repository)),
  });
  return {
    app,
    ai: app.services.ai,
    clock,
    settings,
    secrets,
    waits,
    logLines,
    dataDir,
    usage,
    createInterview() {
      const candidate = new CandidateRepository(app.database, clock).create({
        email: `candidate${++emails}@example.com`,
        fullName: 'Casey Candidate',
        passwordHash: 'hash',
      });
      return app.database.db.transaction((tx) => insertSynced(tx, interviews, { candidateId: candidate.id, roleType: 'react' }, clock)).id;
    },
    interview(id) {
      app.services.ai.flushUsage();
      const row = app.database.sqlite
        .prepare('SELECT total_tokens_used AS totalTokensUsed, cost_usd AS costUsd, ai_model_used AS aiModelUsed FROM interviews WHERE id = ?')
        .get(id) as { totalTokensUsed: number; costUsd: number; aiModelUsed: string | null };
      return row;
    },
    close() {
      app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The ProviderError a promise rejects with (fails the test if it resolves or throws something else). */
export async function providerError(promise: Promise<unknown>): Promise<ProviderError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ProviderError) return error;
    throw new Error(`expected a ProviderError, got ${String(error)}`, { cause: error });
  }
  throw new Error('expected a ProviderError, but the call succeeded');
}

export async function collect(chunks: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const chunk of chunks) parts.push(chunk);
  return Buffer.concat(parts);
}

export const interviewerPrompt = { role: 'system' as const, content: 'You are a friendly technical interviewer.' };
