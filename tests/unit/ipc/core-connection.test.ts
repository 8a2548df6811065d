import { afterEach, describe, expect, it, vi } from 'vitest';
import { MemorySecretStore } from '../../../src-main/secrets/memory-secret-store';
import type { SecretStore } from '../../../src-main/secrets/secret-store';
import { UnavailableSecretStore } from '../../../src-main/secrets/unavailable-secret-store';
import { MAX_CALL_INPUT_BYTES } from '../../../src-main/ipc/core-client';
import { API_KEY, caller, harness, settle, started } from './support';

/** One connection to one core process (src-main/ipc/core-connection.ts), driven through the client: calls, secrets, closing. */
afterEach(() => vi.useRealTimers());

describe('calls', () => {
  it('go to the core with the caller, and each result comes back to its own call', async () => {
    const h = harness();
    await started(h);
    const port = h.spawner.latest();
    const first = h.core.dispatch('auth.getSession', {}, caller);
    const second = h.core.dispatch('app.getStatus', {}, { windowId: '8', trustedSender: false });
    const [one, two] = port.of('call');
    expect(one).toEqual({ type: 'call', id: one!.id, channel: 'auth.getSession', input: {}, caller });
    port.send({ type: 'result', id: two!.id, result: { ok: false, error: { code: 'untrusted_sender', message: 'Refused.' } } });
    port.send({ type: 'result', id: one!.id, result: { ok: true, data: { user: null } } });
    expect(await first).toEqual({ ok: true, data: { user: null } });
    expect(await second).toEqual({ ok: false, error: { code: 'untrusted_sender', message: 'Refused.' } });
  });

  it('refuses in main an input bigger than any channel takes, so it is never copied to the core', async () => {
    const h = harness();
    await started(h);
    const huge = new Uint8Array(MAX_CALL_INPUT_BYTES + 1);
    expect(await h.core.dispatch('interview.answerSegment', { audio: huge }, caller)).toMatchObject({ ok: false, error: { code: 'too_large' } });
    expect(h.spawner.latest().of('call')).toEqual([]);
  });

  it('carries binary input as it is', async () => {
    const h = harness();
    await started(h);
    void h.core.dispatch('interview.answerSegment', { audio: new Uint8Array([1, 2, 3]) }, caller);
    expect((h.spawner.latest().of('call')[0]!.input as { audio: unknown }).audio).toEqual(new Uint8Array([1, 2, 3]));
  });

  it('answers a call that cannot be sent at once, naming only the message type in the log', async () => {
    const h = harness();
    await started(h);
    h.spawner.latest().refusesPosts = true;
    expect(await h.core.dispatch('secrets.set', { name: 'openai-api-key', value: 'sk-never-logged' }, caller)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(h.messages()).toContain('a message to the core could not be sent');
    expect(h.lines.join('\n')).not.toContain('sk-never-logged');
  });

  it('ignores, with a line in the log, a malformed message and a result nobody waits for', async () => {
    const h = harness();
    await started(h);
    const port = h.spawner.latest();
    port.send({ type: 'result', id: 'one', result: { ok: true } });
    port.send({ type: 'result', id: 999, result: { ok: true, data: null } });
    port.send({ type: 'ready', mode: 'recruiter' });
    expect(h.messages()).toEqual(expect.arrayContaining(['a message from the core was refused', 'a result came for no waiting call']));
    // A second 'ready' changes nothing.
    expect(h.core.mode()).toBe('kiosk');
    const call = h.core.dispatch('app.getStatus', {}, caller);
    port.send({ type: 'result', id: port.lastCallId(), result: { ok: true, data: 1 } });
    expect(await call).toEqual({ ok: true, data: 1 });
  });
});

describe('closing', () => {
  it('asks the core to close, waits for it to end, and fails what is still waiting', async () => {
    const h = harness();
    await started(h);
    const port = h.spawner.latest();
    const waiting = h.core.dispatch('auth.getSession', {}, caller);
    const closing = h.core.close();
    expect(await waiting).toEqual({ ok: false, error: { code: 'unavailable', message: 'The app is closing.' } });
    expect(port.of('close')).toHaveLength(1);
    // The core closes its database, says so, and main ends it.
    port.send({ type: 'closed' });
    await closing;
    expect(port.kills).toBe(1);
    expect(h.core.close()).toBe(closing);
    expect(h.spawner.ports).toHaveLength(1);
    expect(await h.core.dispatch('auth.getSession', {}, caller)).toMatchObject({ ok: false, error: { message: 'The app is closing.' } });
    expect(h.messages()).toContain('the core closed its database');
    expect(h.messages()).not.toContain('the core stopped unexpectedly');
  });

  it('ends a core that does not close in time', async () => {
    const h = harness();
    await started(h);
    await h.core.close();
    expect(h.spawner.latest().kills).toBe(1);
    expect(h.messages()).toContain('the core did not close in time; ending it');
  });

  it('stops waiting for a core that does not end even when killed', async () => {
    vi.useFakeTimers();
    const h = harness();
    await started(h);
    h.spawner.latest().hangs = true;
    const closing = h.core.close();
    await vi.advanceTimersByTimeAsync(50 + 2_000);
    await closing;
    expect(h.messages()).toContain('the core did not end after it was killed');
  });

  it('ends a core that is still starting (a restart) without waiting, and does not give up over it', async () => {
    const h = harness();
    await started(h);
    h.spawner.latest().exit(139);
    await settle();
    await h.core.close();
    await settle();
    expect(h.spawner.latest().of('close')).toEqual([]);
    expect(h.spawner.latest().kills).toBe(1);
    expect(h.onGaveUp).not.toHaveBeenCalled();
    expect(h.onRestarted).not.toHaveBeenCalled();
  });

  it('has nothing to do before the core was started', async () => {
    const h = harness();
    await h.core.close();
    expect(h.spawner.ports).toEqual([]);
  });
});

describe('secrets the core asks for', () => {
  it('come from main’s store, one reply per request, and are never logged', async () => {
    const secrets = new MemorySecretStore({ 'openai-api-key': API_KEY });
    const h = harness({ secrets });
    const starting = h.core.start();
    const port = h.spawner.latest();
    // Asked while the app is still being built (the sync service reads its credential at start).
    port.send({ type: 'secret-get', id: 1, name: 'openai-api-key' });
    port.send({ type: 'ready', mode: 'kiosk' });
    await starting;
    port.send({ type: 'secret-set', id: 2, name: 'smtp-password', value: 'smtp-value-123' });
    port.send({ type: 'secret-delete', id: 3, name: 'openai-api-key' });
    port.send({ type: 'secret-get', id: 4, name: 'sync-device-credential' });
    await settle();
    expect(port.of('secret-reply')).toEqual([
      { type: 'secret-reply', id: 1, outcome: { ok: true, value: API_KEY } },
      { type: 'secret-reply', id: 2, outcome: { ok: true, value: null } },
      { type: 'secret-reply', id: 3, outcome: { ok: true, value: true } },
      { type: 'secret-reply', id: 4, outcome: { ok: true, value: null } },
    ]);
    expect(await secrets.get('smtp-password')).toBe('smtp-value-123');
    expect(h.lines.join('\n')).not.toMatch(/smtp-value-123|sk-test-client/);
  });

  it('fail as the store failed: its code and words, or a scrubbed cause', async () => {
    const throwing: SecretStore = {
      backend: 'broken',
      get: async () => {
        throw new Error('keychain said no to hunter2-value');
      },
      set: async (_name, value) => {
        throw new Error(`native layer echoed ${value}`);
      },
      delete: async () => false,
    };
    for (const [secrets, expected] of [
      [new UnavailableSecretStore('Install gnome-keyring.'), { ok: false, code: 'unavailable', message: 'Install gnome-keyring.', reason: 'Install gnome-keyring.' }],
      [throwing, { ok: false, code: 'unavailable', message: 'The secret store failed (native layer echoed [secret]).', reason: 'native layer echoed [secret]' }],
    ] as const) {
      const h = harness({ secrets });
      await started(h);
      h.spawner.latest().send({ type: 'secret-set', id: 1, name: 'smtp-password', value: 'hunter2-value' });
      await settle();
      expect(h.spawner.latest().of('secret-reply')).toEqual([{ type: 'secret-reply', id: 1, outcome: expected }]);
      expect(h.messages()).toContain('a secret request from the core failed');
      expect(h.lines.join('\n')).not.toContain('hunter2-value');
    }
  });

  it('are not answered to a core that has gone', async () => {
    let release = (_value: string | null) => {};
    const slow: SecretStore = { backend: 'slow', get: () => new Promise((resolve) => (release = resolve)), set: async () => {}, delete: async () => false };
    const h = harness({ secrets: slow });
    await started(h);
    const port = h.spawner.latest();
    port.send({ type: 'secret-get', id: 1, name: 'openai-api-key' });
    port.exit(139);
    release('too-late');
    await settle();
    expect(port.of('secret-reply')).toEqual([]);
  });
});
