import { describe, expect, it } from 'vitest';
import { parseFromCore, parseToCore } from '../../../src-main/ipc/core-protocol';
import { validInit } from './support';
import { verifiedUpdate } from '../../support/verified-update';

const verified = verifiedUpdate();

/** The messages between main and the core (src-main/ipc/core-protocol.ts), checked on arrival at both ends. */
describe('the core protocol', () => {
  it('accepts every message main sends', () => {
    const caller = { windowId: '1', trustedSender: true };
    for (const message of [
      { type: 'init', init: validInit },
      { type: 'init', init: { ...validInit, logLevel: 'debug', overrides: { bcryptCost: 4, sync: { intervalMs: 1000 } } } },
      { type: 'call', id: 1, channel: 'auth.getSession', input: {}, caller },
      // The renderer's channel and input are the dispatcher's to judge, so anything passes here.
      { type: 'call', id: 2, channel: 42, input: undefined, caller: { windowId: '2', trustedSender: false } },
      { type: 'secret-reply', id: 3, outcome: { ok: true, value: 'sk-x' } },
      { type: 'secret-reply', id: 4, outcome: { ok: true, value: null } },
      { type: 'secret-reply', id: 5, outcome: { ok: false, code: 'unavailable', message: 'No keychain.', reason: 'no keychain' } },
      { type: 'forget-window', windowId: '1' },
      { type: 'screen-event', windowId: '1', kind: 'screen_crashed', details: { reason: 'crashed', exitCode: 139 } },
      { type: 'screen-event', windowId: '1', kind: 'shortcut_attempted' },
      { type: 'update-result', report: { version: '1.5.0', sha512: verified.sha512, outcome: 'prepared' } },
      { type: 'update-result', report: { version: '1.5.0', sha512: verified.sha512, outcome: 'failed', reason: 'the installer could not be started' } },
      { type: 'close' },
    ]) {
      expect(parseToCore(message), message.type).toEqual({ ok: true, message });
    }
  });

  it('accepts every message the core sends', () => {
    for (const message of [
      { type: 'ready', mode: 'kiosk' },
      { type: 'start-failed', message: 'Your settings file /data/settings.json is not valid JSON.' },
      { type: 'result', id: 1, result: { ok: true, data: { user: null } } },
      { type: 'result', id: 2, result: { ok: false, error: { code: 'forbidden', message: 'No.' } } },
      { type: 'event', windowId: '1', name: 'session.changed', payload: { user: null } },
      { type: 'secret-get', id: 1, name: 'openai-api-key' },
      { type: 'secret-set', id: 2, name: 'smtp-password', value: 'p' },
      { type: 'secret-delete', id: 3, name: 'sync-device-credential' },
      { type: 'mode', mode: 'recruiter' },
      { type: 'session', windowId: '1', kind: 'staff', expiresAt: '2030-01-01T00:00:00.000Z' },
      { type: 'session', windowId: '1', kind: null, expiresAt: null },
      { type: 'update', action: 'prepare', update: verified },
      { type: 'update', action: 'install-now', update: { ...verified, channel: 'pilot' } },
      { type: 'update', action: 'install-on-quit', update: verified },
      { type: 'closed' },
    ]) {
      expect(parseFromCore(message), message.type).toEqual({ ok: true, message });
    }
  });

  it('carries binary data as it is: what structured clone gives is accepted unchanged', () => {
    const audio = new Uint8Array([1, 2, 3, 250]);
    const buffer = new Uint8Array([9, 8]).buffer;
    const cloned = structuredClone({ type: 'call', id: 7, channel: 'interview.answerSegment', input: { audio, buffer }, caller: { windowId: '1', trustedSender: true } });
    const parsed = parseToCore(cloned);
    expect(parsed.ok).toBe(true);
    const input = parsed.ok && parsed.message.type === 'call' ? (parsed.message.input as { audio: unknown; buffer: unknown }) : null;
    expect(input?.audio).toBeInstanceOf(Uint8Array);
    expect(input?.audio).toEqual(audio);
    expect(input?.buffer).toBeInstanceOf(ArrayBuffer);
  });

  it('refuses a malformed message, saying what was wrong without repeating its values', () => {
    const refused = parseFromCore({ type: 'secret-set', id: 1, name: 'not-a-secret', value: 12345, extra: 'sk-leaked' });
    expect(refused.ok).toBe(false);
    const problem = refused.ok ? '' : refused.problem;
    expect(problem).toContain("message 'secret-set' refused");
    expect(problem).toMatch(/name: invalid_value/);
    expect(problem).not.toMatch(/not-a-secret|12345|sk-leaked/);
  });

  it('refuses messages of no known type, or not objects at all', () => {
    for (const raw of [null, 'ready', 42, [], {}, { type: 'explode' }, { type: 'x'.repeat(80) }, { type: 'ready' }]) {
      const parsed = parseFromCore(raw);
      expect(parsed.ok, JSON.stringify(raw)).toBe(false);
    }
    const unnamed = parseToCore({ type: '<script>' });
    expect(unnamed).toEqual({ ok: false, problem: expect.stringContaining('message without a known type refused') });
  });

  it('refuses an init main could not have meant: relative paths, unknown keys, a bad store, an absurd bcrypt cost', () => {
    for (const init of [
      { ...validInit, dataDir: 'data' },
      { ...validInit, settings: { ...validInit.settings, machineFilePath: './settings.json' } },
      { ...validInit, settings: { ...validInit.settings, store: 'registry' } },
      { ...validInit, overrides: { bcryptCost: 2 } },
      { ...validInit, overrides: { clock: 'fake' } },
      { ...validInit, password: 'x' },
    ]) {
      expect(parseToCore({ type: 'init', init }).ok, JSON.stringify(init)).toBe(false);
    }
  });

  it('refuses an event the contract does not declare, a result of the wrong shape and extra fields', () => {
    expect(parseFromCore({ type: 'event', windowId: '1', name: 'app.secretDump', payload: {} }).ok).toBe(false);
    expect(parseFromCore({ type: 'result', id: 1, result: { ok: false, error: { code: 'teapot', message: 'x' } } }).ok).toBe(false);
    expect(parseFromCore({ type: 'result', id: -1, result: { ok: true, data: 1 } }).ok).toBe(false);
    expect(parseFromCore({ type: 'ready', mode: 'kiosk', debug: true }).ok).toBe(false);
    expect(parseToCore({ type: 'call', id: 1, channel: 'x', input: {}, caller: { windowId: '', trustedSender: true } }).ok).toBe(false);
    expect(parseToCore({ type: 'screen-event', windowId: '1', kind: 'focus_lost' }).ok).toBe(false);
  });

  it('refuses an update the core could not have verified: an unknown action, a relative path, a file name with a folder in it, no size, a bad SHA-512', () => {
    for (const message of [
      { type: 'update', action: 'downgrade', update: verified },
      { type: 'update', action: 'install-now', update: { ...verified, path: 'updates/x.AppImage' } },
      { type: 'update', action: 'install-now', update: { ...verified, fileName: '../latest-linux.yml' } },
      { type: 'update', action: 'install-now', update: { ...verified, fileName: '..' } },
      { type: 'update', action: 'install-now', update: { ...verified, size: 0 } },
      { type: 'update', action: 'install-now', update: { ...verified, feedUrl: 'https://updates.example.com/' } },
      { type: 'update', action: 'install-now', update: { ...verified, sha512: 'abc' } },
      { type: 'update', action: 'install-now', update: { ...verified, channel: 'beta' } },
      { type: 'update', action: 'install-now', update: { ...verified, command: 'rm -rf /' } },
    ]) {
      expect(parseFromCore(message).ok, JSON.stringify(message)).toBe(false);
    }
  });

  it('refuses an installer report with an outcome it does not know, or a reason past its length', () => {
    const report = { version: '1.5.0', sha512: verified.sha512, outcome: 'failed', reason: 'x' };
    expect(parseToCore({ type: 'update-result', report: { ...report, outcome: 'installed-elsewhere' } }).ok).toBe(false);
    expect(parseToCore({ type: 'update-result', report: { ...report, reason: 'x'.repeat(1001) } }).ok).toBe(false);
    expect(parseToCore({ type: 'update-result', report: { ...report, path: '/tmp/x' } }).ok).toBe(false);
  });
});
