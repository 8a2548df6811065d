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

/** A kiosk is shared: a candidate's session must not be left for the next person (issue 17, point 8). */
describe('a kiosk’s candidate sessions', () => {
  const candidate = { id: 'c1', kind: 'candidate', role: 'candidate', email: 'cara@example.com', fullName: 'Cara Candidate' } as const;
  const kiosk = { candidateIdleMs: 10 * 60_000, afterSubmitMs: 30_000 };

  function kioskStore(policy: typeof kiosk | null = kiosk) {
    const clock = new FakeClock();
    const events: Array<[string, SessionUser | null]> = [];
    const store = new SessionStore(clock, { emit: (windowId, _event, payload) => void events.push([windowId, (payload as { user: SessionUser | null }).user]) }, 24 * 3600_000, () => policy);
    return { clock, events, store };
  }

  it('end after the idle time with nothing done; anything done moves the end on, and the window is told why it ends', () => {
    const { clock, store } = kioskStore();
    const started = clock.now().getTime();
    const user = store.start('w', candidate);
    expect(user.endingBecause).toBe('inactivity');
    expect(Date.parse(user.expiresAt)).toBe(started + 10 * 60_000);
    clock.advance(9 * 60_000);
    // Asking who is signed in is not activity: the deadline stays.
    expect(store.get('w')?.expiresAt).toBe(user.expiresAt);
    const touched = store.touch('w');
    expect(Date.parse(touched!.expiresAt)).toBe(started + 19 * 60_000);
    clock.advance(10 * 60_000 - 1);
    expect(store.get('w')).not.toBeNull();
    clock.advance(1);
    expect(store.get('w')).toBeNull();
    expect(store.touch('w')).toBeNull();
  });

  it('end a countdown after the interview is submitted, telling the window at once; activity does not put it off', () => {
    const { clock, events, store } = kioskStore();
    const started = clock.now().getTime();
    store.start('w', candidate);
    store.endSoon('w');
    const told = events.at(-1)![1]!;
    expect(told.endingBecause).toBe('interview-submitted');
    expect(Date.parse(told.expiresAt)).toBe(started + 30_000);
    clock.advance(20_000);
    expect(store.touch('w')?.endingBecause).toBe('interview-submitted');
    clock.advance(10_000);
    store.sweep();
    expect(store.get('w')).toBeNull();
    expect(events.at(-1)).toEqual(['w', null]);
  });

  it('leave staff, and every session on a recruiter laptop, to the 24-hour lifetime', () => {
    const { clock, store } = kioskStore();
    const staff = store.start('s', principal);
    expect(staff.endingBecause).toBeUndefined();
    store.endSoon('s');
    clock.advance(3 * 3600_000);
    expect(store.get('s')).not.toBeNull();

    const laptop = kioskStore(null);
    const user = laptop.store.start('w', candidate);
    expect(user.endingBecause).toBeUndefined();
    laptop.store.endSoon('w');
    laptop.clock.advance(3 * 3600_000);
    expect(laptop.store.get('w')).not.toBeNull();
  });
});
