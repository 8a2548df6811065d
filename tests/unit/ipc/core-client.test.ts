import { afterEach, describe, expect, it, vi } from 'vitest';
import { CoreStartError } from '../../../src-main/ipc/core-client';
import { caller, crashAndRestart, fakeSpawner, harness, settle, started, validInit } from './support';
import { verifiedUpdate } from '../../support/verified-update';

/** main's handle on the core (src-main/ipc/core-client.ts): starting it, starting it again, and what the shell asks it. */
afterEach(() => vi.useRealTimers());

describe('starting the core', () => {
  it('sends init first and is ready when the core says so, with the device mode it reads', async () => {
    const h = harness();
    expect(h.core.mode()).toBe('kiosk');
    await started(h, 'recruiter');
    expect(h.spawner.latest().posted[0]).toEqual({ type: 'init', init: validInit });
    expect(h.core.mode()).toBe('recruiter');
    await expect(h.core.start()).rejects.toThrow(/already started/);
  });

  it('fails with the core’s own words when it cannot build the app, and ends it', async () => {
    const h = harness();
    const starting = h.core.start();
    h.spawner.latest().send({ type: 'start-failed', message: 'The database at /data/kiosk.sqlite is damaged. Restore it from a backup.' });
    await expect(starting).rejects.toEqual(new CoreStartError('The database at /data/kiosk.sqlite is damaged. Restore it from a backup.'));
    expect(h.spawner.latest().kills).toBe(1);
    expect(h.onGaveUp).not.toHaveBeenCalled();
  });

  it('fails, saying where to look, when the process ends before it is ready', async () => {
    const h = harness();
    const starting = h.core.start();
    h.spawner.latest().exit(1);
    await expect(starting).rejects.toThrow(/stopped while starting \(exit code 1\).*core\.log/);
  });

  it('answers calls made before it is ready at once, without sending them', async () => {
    const h = harness();
    expect(await h.core.dispatch('app.getStatus', {}, caller)).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    void h.core.start();
    expect(await h.core.dispatch('app.getStatus', {}, caller)).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    expect(h.spawner.latest().of('call')).toEqual([]);
  });
});

describe('when the core stops by itself', () => {
  it('fails the calls it was answering, refuses new ones until a new core is ready, then tells the shell', async () => {
    const h = harness();
    await started(h);
    const waiting = h.core.dispatch('auth.getSession', {}, caller);
    h.spawner.latest().exit(139);
    expect(await waiting).toEqual({ ok: false, error: { code: 'unavailable', message: expect.stringMatching(/stopped before it answered.*try again/i) } });
    await settle();
    expect(h.spawner.ports).toHaveLength(2);
    expect(h.spawner.latest().posted).toEqual([{ type: 'init', init: validInit }]);
    expect(await h.core.dispatch('auth.getSession', {}, caller)).toMatchObject({ ok: false, error: { code: 'unavailable', message: expect.stringMatching(/restarting/) } });
    expect(h.onRestarted).not.toHaveBeenCalled();
    h.spawner.latest().send({ type: 'ready', mode: 'recruiter' });
    await settle();
    expect(h.onRestarted).toHaveBeenCalledTimes(1);
    expect(h.core.mode()).toBe('recruiter');
    void h.core.dispatch('auth.getSession', {}, caller);
    expect(h.spawner.latest().of('call')).toHaveLength(1);
    expect(h.messages()).toEqual(expect.arrayContaining(['the core stopped unexpectedly', 'the core was started again']));
  });

  it('is started again at most three times a minute; the fourth stop is the end, with a message for the user', async () => {
    const h = harness();
    await started(h);
    for (let restart = 0; restart < 3; restart++) {
      h.advance(10_000);
      await crashAndRestart(h);
    }
    expect(h.onRestarted).toHaveBeenCalledTimes(3);
    h.advance(10_000);
    await crashAndRestart(h, false);
    expect(h.spawner.ports).toHaveLength(4);
    expect(h.onGaveUp).toHaveBeenCalledWith(expect.stringMatching(/stopped 4 times in a short while.*core\.log/));
    expect(await h.core.dispatch('app.getStatus', {}, caller)).toMatchObject({ ok: false, error: { code: 'unavailable' } });
  });

  it('keeps starting it again when the stops are spread out', async () => {
    const h = harness();
    await started(h);
    for (let restart = 0; restart < 5; restart++) {
      h.advance(61_000);
      await crashAndRestart(h);
    }
    expect(h.onRestarted).toHaveBeenCalledTimes(5);
    expect(h.onGaveUp).not.toHaveBeenCalled();
  });

  it('gives up with the reason when the new core cannot start', async () => {
    const h = harness();
    await started(h);
    h.spawner.latest().exit(139);
    await settle();
    h.spawner.latest().send({ type: 'start-failed', message: 'A migration failed; reinstall the app.' });
    await settle();
    expect(h.onGaveUp).toHaveBeenCalledWith('A migration failed; reinstall the app.');
  });

  it('gives up when a new core cannot even be launched', async () => {
    const ports = fakeSpawner();
    const h = harness({
      spawn: () => {
        if (ports.ports.length > 0) throw new Error('utilityProcess.fork failed');
        return ports.spawn();
      },
    });
    const starting = h.core.start();
    ports.latest().send({ type: 'ready', mode: 'kiosk' });
    await starting;
    ports.latest().exit(139);
    await settle();
    expect(h.onGaveUp).toHaveBeenCalledWith('utilityProcess.fork failed');
  });
});

describe('the shell’s questions, answered from what the core pushed', () => {
  it('knows which windows have a live staff session, until it ends, expires or the window goes', async () => {
    const h = harness();
    await started(h);
    const port = h.spawner.latest();
    const later = new Date(1_000_000 + 60_000).toISOString();
    port.send({ type: 'session', windowId: '1', kind: 'staff', expiresAt: later });
    port.send({ type: 'session', windowId: '2', kind: 'candidate', expiresAt: later });
    port.send({ type: 'session', windowId: '3', kind: 'staff', expiresAt: later });
    port.send({ type: 'session', windowId: '4', kind: 'staff', expiresAt: later });
    expect(['1', '2', '3', '4', '5'].map((id) => h.core.isStaffWindow(id))).toEqual([true, false, true, true, false]);
    port.send({ type: 'session', windowId: '3', kind: null, expiresAt: null });
    h.core.forgetWindow('4');
    expect(port.of('forget-window')).toEqual([{ type: 'forget-window', windowId: '4' }]);
    expect(['1', '3', '4'].map((id) => h.core.isStaffWindow(id))).toEqual([true, false, false]);
    h.advance(60_000);
    expect(h.core.isStaffWindow('1')).toBe(false);
  });

  it('forgets every session when the core that held them stops', async () => {
    const h = harness();
    await started(h);
    h.spawner.latest().send({ type: 'session', windowId: '1', kind: 'staff', expiresAt: null });
    expect(h.core.isStaffWindow('1')).toBe(true);
    await crashAndRestart(h);
    expect(h.core.isStaffWindow('1')).toBe(false);
  });

  it('follows the device mode as an admin changes it', async () => {
    const h = harness();
    await started(h);
    h.spawner.latest().send({ type: 'mode', mode: 'recruiter' });
    expect(h.core.mode()).toBe('recruiter');
  });

  it('passes screen events to a core that is ready, with or without details', async () => {
    const h = harness();
    h.core.recordScreenEvent('1', 'screen_crashed');
    await started(h);
    h.core.recordScreenEvent('1', 'screen_crashed', { reason: 'oom', exitCode: 9 });
    h.core.recordScreenEvent('1', 'shortcut_attempted');
    expect(h.spawner.latest().of('screen-event')).toEqual([
      { type: 'screen-event', windowId: '1', kind: 'screen_crashed', details: { reason: 'oom', exitCode: 9 } },
      { type: 'screen-event', windowId: '1', kind: 'shortcut_attempted' },
    ]);
  });

  it('hands events to every subscriber, even when one of them fails', async () => {
    const h = harness();
    await started(h);
    const heard: unknown[] = [];
    h.core.events.subscribe(() => {
      throw new Error('window gone');
    });
    const unsubscribe = h.core.events.subscribe((windowId, name, payload) => heard.push([windowId, name, payload]));
    h.spawner.latest().send({ type: 'event', windowId: '1', name: 'session.changed', payload: { user: null } });
    unsubscribe();
    h.spawner.latest().send({ type: 'event', windowId: '1', name: 'session.changed', payload: { user: null } });
    expect(heard).toEqual([['1', 'session.changed', { user: null }]]);
    expect(h.messages()).toContain('an event listener failed');
  });
});

describe('updates the core verified (issue 20, point 3)', () => {
  const update = verifiedUpdate();

  it('hands each request to the shell’s installer, as the core sent it', async () => {
    const onUpdate = vi.fn();
    const h = harness({ onUpdate });
    await started(h);
    h.spawner.latest().send({ type: 'update', action: 'prepare', update });
    h.spawner.latest().send({ type: 'update', action: 'install-now', update });
    expect(onUpdate.mock.calls).toEqual([
      ['prepare', update],
      ['install-now', update],
    ]);
  });

  it('carries the installer’s answer back to the core', async () => {
    const h = harness();
    await started(h);
    const report = { version: update.version, sha512: update.sha512, outcome: 'failed' as const, reason: 'the installer could not be started' };
    h.core.reportUpdate(report);
    expect(h.spawner.latest().posted.at(-1)).toEqual({ type: 'update-result', report });
  });

  it('drops a malformed request, and logs one it has no installer for or whose installer throws, without falling over', async () => {
    const onUpdate = vi.fn(() => {
      throw new Error('updater gone');
    });
    const h = harness({ onUpdate });
    await started(h);
    h.spawner.latest().send({ type: 'update', action: 'install-now', update: { ...update, path: 'relative.AppImage' } });
    expect(onUpdate).not.toHaveBeenCalled();
    h.spawner.latest().send({ type: 'update', action: 'install-now', update });
    expect(h.messages()).toEqual(expect.arrayContaining(['a message from the core was refused', 'the update could not be handed to the installer']));

    const bare = harness();
    await started(bare);
    bare.spawner.latest().send({ type: 'update', action: 'install-on-quit', update });
    expect(bare.messages()).toContain('the core asked for an update to be installed, but this shell has no installer');
  });
});
