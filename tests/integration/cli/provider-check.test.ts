import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../../src-main/cli/run-cli';
import { formatCost } from '../../../src-main/cli/provider-check/call-cost';
import { FEEDBACK_GAP, FEEDBACK_RESOURCE, FEEDBACK_TEXT, PARSED_RESUME } from '../../e2e/support/resume-ai';
import type { RecordedRequest, Reply } from '../../fixtures/fake-openai/index';
import { schemaNameOf, scoringReply } from '../../fixtures/scoring-ai';
import { useFakeOpenAi } from '../providers/support';
import { startConnectProxy } from '../../support/connect-proxy';

/*
 * `npm run cli -- provider check`, in-process through runCli, against the
 * fake OpenAI server. The OS keychain is replaced by one the test controls,
 * so the test never reads a real key and runs the same with or without a
 * keychain on the machine.
 */
const keychain = vi.hoisted(() => ({ key: null as string | null }));
vi.mock('../../../src-main/secrets/open-secret-store', () => ({
  openSecretStore: async () => ({
    backend: 'test keychain',
    get: async () => keychain.key,
    set: async () => {},
    delete: async () => false,
  }),
}));

const ENV_KEY = 'provider-check-env-key-5d1e';
const KEYCHAIN_KEY = 'provider-check-keychain-key-93ab';
const CALLS = [
  'chat',
  'chat, streamed',
  'answer judgement',
  'scoring: skill',
  'scoring: integrity',
  'scoring: reasoning',
  'scoring: recommendations',
  'resume parsing',
  'resume feedback',
  'speech-to-text',
  'text-to-speech',
];

const fake = useFakeOpenAi();
let dataDir: string;
const savedEnv = { ...process.env };

/** A valid reply to every structured request the app sends (the fake's own default, `{}`, fits none). */
function structuredReply(request: RecordedRequest): Reply {
  const scoring = scoringReply(request);
  if (scoring) return scoring;
  const name = schemaNameOf(request);
  switch (name) {
    case null:
      return { kind: 'chat', content: 'ready' };
    case 'answer_judgement': {
      const skillIds: string[] = request.json.response_format.json_schema.schema.properties.skillArea.enum;
      return {
        kind: 'structured',
        json: { skillArea: skillIds[0], quality: 'good', evidence: 'It runs before the effect runs again.', struggled: false, reasoning: 'Correct and complete.' },
      };
    }
    case 'parsed_resume':
      return { kind: 'structured', json: PARSED_RESUME };
    case 'resume_feedback':
      return {
        kind: 'structured',
        json: { feedbackContent: FEEDBACK_TEXT, identifiedGaps: [FEEDBACK_GAP], recommendedResources: [{ title: FEEDBACK_RESOURCE, url: null, reason: 'Step by step.' }] },
      };
    default:
      throw new Error(`provider-check test: no canned reply for schema ${name}`);
  }
}

function writeJson(path: string, value: unknown): void {
  writeFileSync(path, JSON.stringify(value));
}

async function check(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(['provider', 'check', ...args], { out: (text) => (out += text), err: (text) => (err += text) });
  return { code, out, err };
}

/** The table row of one call: "NAME  task  model  pass ...". */
function row(out: string, name: string): string {
  return out.split('\n').find((line) => line.startsWith(`${name}  `)) ?? `(no row for ${name})`;
}

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'kiosk-provider-check-'));
  writeJson(join(dataDir, 'settings.json'), { provider: { baseUrl: fake.server.url } });
  process.env.TEAMIFIED_OPENAI_API_KEY = ENV_KEY;
  // No IT machine file unless a test writes one here, whatever the machine running the tests has in /etc.
  process.env.TEAMIFIED_MACHINE_SETTINGS = join(dataDir, 'machine-settings.json');
  keychain.key = null;
  fake.server.setResponder('chat', structuredReply);
});

afterEach(() => {
  process.env = { ...savedEnv };
  rmSync(dataDir, { recursive: true, force: true });
});

describe('npm run cli -- provider check', () => {
  it('makes every kind of call the app makes, one after another, and exits 0 when all pass', async () => {
    // IT's machine file wins over the user's settings, as in the app.
    writeJson(join(dataDir, 'settings.json'), { provider: { baseUrl: fake.server.url, ttsVoice: 'echo' } });
    writeJson(join(dataDir, 'machine-settings.json'), { provider: { ttsVoice: 'nova' } });

    const { code, out, err } = await check('--data-dir', dataDir);

    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toContain(`Provider:     ${fake.server.url} (from the settings)`);
    expect(out).toContain('API key:      from the TEAMIFIED_OPENAI_API_KEY environment variable');
    for (const name of CALLS) expect(row(out, name), name).toMatch(/ pass +\d+ ms +\S/);
    expect(row(out, 'chat')).toMatch(/interview +gpt-4o-mini +pass +\d+ ms +\d+ in \/ \d+ out tokens +\$\d+\.\d{6}$/);
    expect(row(out, 'scoring: skill')).toContain(' scoring ');
    expect(row(out, 'resume parsing')).toContain(' resumeParsing ');
    expect(row(out, 'speech-to-text')).toMatch(/whisper-1 +pass .* 1\.0 s audio/);
    expect(row(out, 'text-to-speech')).toMatch(/tts-1 +pass .* \d+ characters/);
    expect(out).toMatch(/\n11 of 11 calls passed; together they cost \$\d+\.\d{6}\.\n$/);
    expect(out).not.toContain(ENV_KEY);

    const endpoints = fake.server.requests.map((request) => request.endpoint);
    expect(endpoints).toEqual([...Array(9).fill('chat'), 'transcriptions', 'speech']);
    expect(fake.server.requests.at(-1)?.json.voice).toBe('nova');
    expect(fake.server.requests.every((request) => request.headers.authorization === `Bearer ${ENV_KEY}`)).toBe(true);
    // Nothing written on the device: no database, no speech cache, settings untouched.
    expect(readdirSync(dataDir).sort()).toEqual(['machine-settings.json', 'settings.json']);
  });

  it('asks for speech every time rather than serving it from a cache', async () => {
    await check('--data-dir', dataDir);
    await check('--data-dir', dataDir);
    expect(fake.server.requests.filter((request) => request.endpoint === 'speech')).toHaveLength(2);
  });

  it('marks a failing call with its error kind, HTTP status and message, runs the rest, and exits 1', async () => {
    fake.server.enqueue('transcriptions', { kind: 'fault', fault: 'bad_request' });

    const { code, out } = await check('--data-dir', dataDir);

    expect(code).toBe(1);
    expect(row(out, 'speech-to-text')).toMatch(/whisper-1 +fail /);
    const lines = out.split('\n');
    const error = lines[lines.indexOf(row(out, 'speech-to-text')) + 1];
    expect(error).toMatch(/^ {4}bad_request, HTTP 400: \S.*/);
    for (const name of CALLS.filter((call) => call !== 'speech-to-text')) expect(row(out, name), name).toMatch(/ pass /);
    expect(out).toContain('\n10 of 11 calls passed;');
  });

  it("keeps the app's retry rules: a 500 is tried again and the call passes", async () => {
    fake.server.enqueue('chat', { kind: 'fault', fault: 'server_error' });

    const { code, out } = await check('--data-dir', dataDir);

    expect(code).toBe(0);
    const lines = out.split('\n');
    expect(lines[lines.indexOf(row(out, 'chat')) + 1]).toBe('    after 1 retry');
  });

  it('with --json prints one document with one entry per call', async () => {
    fake.server.enqueue('speech', { kind: 'fault', fault: 'unauthorized' });

    const { code, out } = await check('--data-dir', dataDir, '--json');

    expect(code).toBe(1);
    const report = JSON.parse(out) as {
      baseUrl: string;
      keySource: string;
      passed: number;
      total: number;
      costUsd: number;
      unpricedCalls: number;
      calls: Array<{ name: string; ok: boolean; model: string; latencyMs: number; usage: unknown; costUsd: number | null; error: unknown }>;
    };
    expect(report).toMatchObject({ baseUrl: fake.server.url, keySource: 'the TEAMIFIED_OPENAI_API_KEY environment variable', passed: 10, total: 11, unpricedCalls: 0 });
    expect(report.calls.map((call) => call.name)).toEqual(CALLS);
    expect(report.calls[0]).toMatchObject({ ok: true, model: 'gpt-4o-mini', usage: { promptTokens: expect.any(Number), completionTokens: expect.any(Number) }, error: null });
    expect(report.calls.at(-1)).toMatchObject({ ok: false, model: 'tts-1', error: { kind: 'unauthorized', status: 401, message: expect.any(String) } });
    expect(out).not.toContain(ENV_KEY);
  });

  it('says what the settings screen would warn about, and shows an unknown model’s call at an unknown price', async () => {
    writeJson(join(dataDir, 'settings.json'), { provider: { baseUrl: fake.server.url, scoringModel: 'gpt-5.4-mini' } });

    const { out } = await check('--data-dir', dataDir);

    expect(out).toMatch(/Check these settings:\n  - Scoring model "gpt-5.4-mini" is not one the app knows.*reasoning model/);
    expect(row(out, 'scoring: skill')).toMatch(/gpt-5.4-mini +pass .* unknown price$/);
  });

  it('calls the --base-url address instead of the configured one', async () => {
    writeJson(join(dataDir, 'settings.json'), { provider: { baseUrl: 'http://127.0.0.1:9/v1' } });

    const { code, out } = await check('--data-dir', dataDir, '--base-url', fake.server.url);

    expect(code).toBe(0);
    expect(out).toContain(`Provider:     ${fake.server.url} (from --base-url)`);
  });

  it('goes through the device’s proxy, as the app does (issue 20, point 7)', async () => {
    const proxy = await startConnectProxy();
    try {
      // Loopback goes direct unless the bypass list says <-loopback>, as in Chromium.
      writeJson(join(dataDir, 'settings.json'), { provider: { baseUrl: fake.server.url }, network: { proxyMode: 'manual', proxyUrl: proxy.url, proxyBypass: '<-loopback>' } });
      const { code } = await check('--data-dir', dataDir);
      expect(code).toBe(0);
      const target = new URL(fake.server.url).host;
      expect(proxy.requests.length).toBeGreaterThan(0);
      expect(proxy.requests.every((request) => request.target === target && request.status === 200)).toBe(true);
    } finally {
      await proxy.close();
    }
  });

  it('takes the key from the keychain, unless the environment variable is set, which wins', async () => {
    keychain.key = KEYCHAIN_KEY;
    delete process.env.TEAMIFIED_OPENAI_API_KEY;
    const fromKeychain = await check('--data-dir', dataDir);
    expect(fromKeychain.code).toBe(0);
    expect(fromKeychain.out).toContain('API key:      from the OS keychain (test keychain)');
    expect(fake.server.requests[0]?.headers.authorization).toBe(`Bearer ${KEYCHAIN_KEY}`);

    fake.server.reset();
    fake.server.setResponder('chat', structuredReply);
    process.env.TEAMIFIED_OPENAI_API_KEY = ENV_KEY;
    expect((await check('--data-dir', dataDir)).code).toBe(0);
    expect(fake.server.requests[0]?.headers.authorization).toBe(`Bearer ${ENV_KEY}`);
  });

  it('exits 1 saying how to store a key when there is none, and calls nothing', async () => {
    delete process.env.TEAMIFIED_OPENAI_API_KEY;

    const { code, out, err } = await check('--data-dir', dataDir);

    expect(code).toBe(1);
    expect(out).toBe('');
    expect(err).toContain('No OpenAI API key is stored');
    expect(err).toContain('Device settings → Stored secrets');
    expect(err).toContain('TEAMIFIED_OPENAI_API_KEY');
    expect(fake.server.requests).toHaveLength(0);
  });

  it('exits 1 naming a settings file the app would refuse', async () => {
    writeFileSync(join(dataDir, 'settings.json'), '{ not json');
    const { code, err } = await check('--data-dir', dataDir);
    expect(code).toBe(1);
    expect(err).toContain(join(dataDir, 'settings.json'));
  });

  it('exits 2 for usage errors', async () => {
    for (const args of [['extra'], ['--data-dir', join(dataDir, 'missing')], ['--base-url', 'ftp://example.com'], ['--base-url'], ['--yaml']]) {
      const { code, err } = await check(...args);
      expect(code, args.join(' ')).toBe(2);
      expect(err).toContain('Usage: npm run cli -- provider check');
    }
  });

  it('prints "unknown price" for a cost it cannot know, never $0', () => {
    expect(formatCost(null)).toBe('unknown price');
    expect(formatCost(0.0000125)).toBe('$0.000013');
  });
});
