import { describe, expect, it } from 'vitest';
import type { SessionUser } from '../../../shared/ipc/contract';
import { SessionStore } from '../../../src-main/accounts/session-store';
import { FakeClock } from '../../support/test-app';

const principal = { id: 'u1', kind: 'staff', role: 'admin', email: 'ada@example.com', fullName: 'Ada Admin' } as const;

/** What SessionStore.watch reports: every session that begins or ends, however it ends (the core pushes it to the shell). */
describe('watching sessions', () => {
  it('hears each begin and each end: sign-out, expiry and a window that is gone', () => {
    const clock = new FakeClock();
    const emitted: string[] = [];
    const store = new SessionStore(clock, { emit: (windowId) => void emitted.push(windowId) }, 60_000);
    const heard: Array<[string, SessionUser | null]> = [];
    const stop = store.watch((windowId, user) => heard.push([windowId, user]));

    const user = store.start('a', principal);
    store.start('b', principal);
    store.start('c', principal);
    store.end('a');
    store.end('a');
    store.forget('b');
    store.forget('b');
    clock.advance(60_000);
    store.sweep();
    expect(heard).toEqual([
      ['a', user],
      ['b', expect.objectContaining({ kind: 'staff' })],
      ['c', expect.objectContaining({ kind: 'staff' })],
      ['a', null],
      ['b', null],
      ['c', null],
    ]);
    // A window that is gone gets no event, only the watcher hears of it.
    expect(emitted).toEqual(['a', 'b', 'c', 'a', 'c']);

    stop();
    store.start('d', principal);
    expect(heard).toHaveLength(6);
  });
});
