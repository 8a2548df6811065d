import { describe, expect, it } from 'vitest';
import { SessionStore } from '../../../src-main/accounts/session-store';
import { kioskBusy } from '../../../src-main/app/kiosk-busy';
import { FakeClock } from '../../support/test-app';

const candidate = { id: 'c1', kind: 'candidate', role: 'candidate', email: 'cara@example.com', fullName: 'Cara Candidate' } as const;
const staff = { id: 's1', kind: 'staff', role: 'admin', email: 'ada@example.com', fullName: 'Ada Admin' } as const;

/** Issue 20, point 3: a kiosk installs an update only when nobody is in the middle of anything. */
describe('whether a kiosk is too busy to install an update', () => {
  function kiosk() {
    const clock = new FakeClock();
    const sessions = new SessionStore(clock, { emit: () => {} }, 24 * 3600_000, () => ({ candidateIdleMs: 10 * 60_000, afterSubmitMs: 30_000 }));
    const state = { sitting: null as { id: string } | null, interview: false };
    const busy = () => kioskBusy({ openSitting: () => state.sitting, interviewInProgress: () => state.interview, candidateSignedIn: () => sessions.candidateSignedIn() });
    return { clock, sessions, state, busy };
  }

  it('is busy while a candidate is signed in, even with no sitting open and no interview started', () => {
    const { sessions, busy } = kiosk();
    sessions.start('staff-window', staff);
    expect(busy()).toBeNull();
    sessions.start('kiosk-window', candidate);
    expect(busy()).toBe('the signed-in candidate’s session');
    sessions.end('kiosk-window');
    expect(busy()).toBeNull();
  });

  it('is free once the candidate’s session has lapsed', () => {
    const { clock, sessions, busy } = kiosk();
    sessions.start('kiosk-window', candidate);
    clock.advance(10 * 60_000);
    expect(busy()).toBeNull();
  });

  it('names the open sitting first, then the interview in progress', () => {
    const { sessions, state, busy } = kiosk();
    sessions.start('kiosk-window', candidate);
    state.interview = true;
    expect(busy()).toBe('the interview in progress');
    state.sitting = { id: 's' };
    expect(busy()).toBe('the open sitting');
  });
});
