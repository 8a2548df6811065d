import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { KioskCheck } from '../../../../shared/ipc/kiosk-channels';
import type { AppOverrides } from '../../../../src-main/app/create-app';
import type { Sleep } from '../../../../src-main/common/clock';
import { BankAudio } from '../../../../src-main/interview/bank-audio/bank-audio';
import { bankSpeech } from '../../../../src-main/interview/bank-audio/bank-speech-parts';
import { bankQuestionTexts } from '../../../../src-main/interview/bank-audio/bank-texts';
import { InterviewResources } from '../../../../src-main/resources/interview-resources';
import { createLogger } from '../../../../src-main/logging/logger';
import { TtsCache } from '../../../../src-main/providers/ai/tts-cache';
import { MemorySecretStore } from '../../../../src-main/secrets/memory-secret-store';
import { FileSettingsBackend } from '../../../../src-main/settings/file-settings-backend';
import { SettingsService } from '../../../../src-main/settings/settings-service';
import { agreeToNotice } from '../../../support/consent';
import { appCalls, buildApp, FakeClock, resourcesDir, strongPassword, type AppCalls } from '../../../support/test-app';
import { TEST_API_KEY, useFakeOpenAi } from '../../providers/support';
import { scriptAi } from '../support';
import { cacheFiles, FAST_BANK_AUDIO, until, untilState } from './support';

/*
 * The bank's audio as the app composes it: its own preparer over the app's
 * speech cache, the progress IT reads (kiosk.bankAudio and the self-check's
 * line), and the interview's own "in progress" signal pausing it.
 */

const fake = useFakeOpenAi();
const texts = bankQuestionTexts(new InterviewResources(resourcesDir));
const speech = bankSpeech(texts);

interface Kiosk extends AppCalls {
  app: ReturnType<typeof buildApp>;
  dataDir: string;
  clock: FakeClock;
  close(): void;
}
let kiosk: Kiosk | null = null;
const extra: BankAudio[] = [];
afterEach(async () => {
  await Promise.all(extra.splice(0).map((bank) => bank.stop()));
  kiosk?.close();
  kiosk = null;
});

function startKiosk(bankAudio?: AppOverrides['bankAudio'], mode: 'kiosk' | 'recruiter' = 'kiosk'): Kiosk {
  const dataDir = mkdtempSync(join(tmpdir(), 'kiosk-bank-audio-'));
  const logger = createLogger({ level: 'error', sink: () => {} });
  const settings = new SettingsService({ backend: new FileSettingsBackend(join(dataDir, 'settings.json')), machineFilePath: null, logger });
  settings.update({ mode, provider: { baseUrl: fake.server.url }, interview: { idleSignOutMinutes: 120, requireProctorSitting: false } });
  const clock = new FakeClock();
  const sleep: Sleep = async (_ms, signal) => signal?.throwIfAborted();
  const app = buildApp({
    dataDir,
    settings,
    secrets: new MemorySecretStore({ 'openai-api-key': TEST_API_KEY }),
    logger,
    overrides: { clock, aiResilience: { sleep, random: () => 0.5 }, ...(bankAudio ? { bankAudio } : {}) },
  });
  kiosk = {
    app,
    dataDir,
    clock,
    ...appCalls(() => app, 'admin'),
    close() {
      app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return kiosk;
}

const byId = (checks: KioskCheck[]) => Object.fromEntries(checks.map((check) => [check.id, check])) as Record<KioskCheck['id'], KioskCheck>;

describe('the bank’s audio in the app', () => {
  it('is prepared by the app itself once the device is a kiosk; IT reads its progress, and the self-check reports it complete', async () => {
    fake.server.setResponder('speech', () => ({ kind: 'speech', durationMs: 40 }));
    // A recruiter laptop holds no interviews: nothing is prepared until IT makes the device a kiosk.
    const k = startKiosk(FAST_BANK_AUDIO, 'recruiter');
    await k.ok('setup.createFirstAdmin', { email: 'admin@example.com', password: strongPassword, fullName: 'Ada Admin' });
    await k.ok('staff.create', { email: 'proctor@example.com', password: strongPassword, fullName: 'Pat Proctor', role: 'proctor' });
    await k.ok('auth.signIn', { accountKind: 'staff', email: 'proctor@example.com', password: strongPassword }, 'proctor');

    await until(async () => (await k.ok('kiosk.bankAudio', {})).state === 'off', 'it is off');
    expect(await k.ok('kiosk.bankAudio', {})).toMatchObject({ questionsReady: 0, questions: 360, partsReady: 0, parts: speech.parts.length });
    const off = byId((await k.ok('kiosk.selfCheck', {})).checks)['bank-audio'];
    expect(off).toMatchObject({ label: 'Offline question audio', status: 'ok', detail: expect.stringMatching(/^Not needed: this device is in recruiter mode/) });
    expect(fake.server.requests.filter((request) => request.endpoint === 'speech')).toEqual([]);
    await k.ok('settings.update', { mode: 'kiosk' });

    // Only IT: the figures are for admins, and nobody signed out.
    expect(await k.call('kiosk.bankAudio', {}, 'proctor')).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await k.call('kiosk.bankAudio', {}, 'nobody')).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    expect(await k.call('kiosk.bankAudio', { extra: true })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });

    await until(async () => (await k.ok('kiosk.bankAudio', {})).state === 'preparing', 'it is preparing');
    await until(async () => (await k.ok('kiosk.bankAudio', {})).state === 'complete', 'the bank is complete');
    expect(await k.ok('kiosk.bankAudio', {})).toEqual({
      state: 'complete',
      questionsReady: 360,
      questions: 360,
      partsReady: speech.parts.length,
      parts: speech.parts.length,
      problem: null,
      nextTryAt: null,
    });
    expect(cacheFiles(k.dataDir)).toHaveLength(speech.parts.length);
    const done = byId((await k.ok('kiosk.selfCheck', {}, 'proctor')).checks)['bank-audio'];
    expect(done).toMatchObject({ status: 'ok', detail: expect.stringMatching(/^Complete: all 360 question bank questions/), fix: null });
  });

  it('pauses while an interview is in progress on this kiosk, and carries on once it is over', async () => {
    // The app's own preparer waits its two minutes; this one listens to the same interview signal.
    const k = startKiosk();
    scriptAi(fake.server);
    expect(k.app.services.interviews.inProgress()).toBe(false);
    await k.ok('auth.registerCandidate', { email: 'cand@example.com', password: strongPassword, fullName: 'Cara Candidate' }, 'kiosk-1');
    await agreeToNotice({ ok: (channel, input, windowId) => k.ok(channel, input, windowId ?? 'kiosk-1') }, 'kiosk-1');
    await k.ok('interview.start', { roleType: 'react' }, 'kiosk-1');
    await k.app.services.interviews.idle();
    expect(k.app.services.interviews.inProgress()).toBe(true);

    const some = bankSpeech(texts.slice(0, 10));
    const bank = new BankAudio({
      tts: k.app.services.ai.textToSpeech,
      cache: new TtsCache(join(k.dataDir, 'tts-cache')),
      voice: () => ({ model: 'tts-1', voice: 'alloy', format: 'wav' }),
      questions: () => texts.slice(0, 10),
      enabled: () => true,
      interviewInProgress: () => k.app.services.interviews.inProgress(),
      clock: k.clock,
      logger: createLogger({ level: 'error', sink: () => {} }),
      timings: FAST_BANK_AUDIO,
    });
    extra.push(bank);
    bank.start();
    await untilState(bank, 'paused', 'it pauses');
    await new Promise((resolve) => setTimeout(resolve, 100));
    const bankRequests = () => fake.server.requests.filter((request) => request.endpoint === 'speech' && some.parts.includes(request.json?.input as string));
    expect(bankRequests()).toHaveLength(0);

    // Half an hour without the candidate: the interview is over as far as this kiosk is concerned.
    k.clock.advance(31 * 60_000);
    expect(k.app.services.interviews.inProgress()).toBe(false);
    await untilState(bank, 'complete', 'the questions are ready');
    expect(bankRequests()).toHaveLength(some.parts.length);
  });
});
