import { createElement as h } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { KioskSitting } from '../../../shared/domain/proctoring';
import { SittingOverlay } from '../../../src-renderer/src/screens/sitting/SittingOverlay';
import { controlsHeldUntil, sittingHolds, sittingStatusText, timePausedText } from '../../../src-renderer/src/screens/sitting/sitting-words';

const kiosk: KioskSitting = {
  id: 's1',
  status: 'open',
  candidateName: 'Grace Okafor',
  candidateEmail: 'grace.okafor@example.com',
  roleType: 'react',
  lockReason: null,
  accommodations: [],
  proctorControlUntil: null,
};
const NOW = Date.parse('2025-03-01T10:00:00.000Z');

describe('a sitting in words', () => {
  it('holds the interview while paused or locked, not while open or ended', () => {
    expect(sittingHolds(null)).toBe(false);
    expect(sittingHolds(kiosk)).toBe(false);
    expect(sittingHolds({ status: 'paused' })).toBe(true);
    expect(sittingHolds({ status: 'ended' })).toBe(false);
  });

  it('names the status, and a lock by its reason in plain words', () => {
    expect(sittingStatusText({ status: 'open', lockReason: null })).toBe('In progress');
    expect(sittingStatusText({ status: 'paused', lockReason: null })).toBe('Paused by the proctor');
    expect(sittingStatusText({ status: 'paused', lockReason: 'display_added' })).toBe('Locked: Another display was connected');
    expect(sittingStatusText({ status: 'paused', lockReason: 'something_new' })).toBe('Locked: something new');
    expect(sittingStatusText({ status: 'ended', lockReason: null })).toBe('Ended');
  });

  it('counts time paused, including a pause still running', () => {
    expect(timePausedText({ status: 'open', pausedAt: null, pausedMs: 0 }, NOW)).toBe('None');
    expect(timePausedText({ status: 'open', pausedAt: null, pausedMs: 65_000 }, NOW)).toBe('1 min 5 s');
    expect(timePausedText({ status: 'paused', pausedAt: new Date(NOW - 30_000).toISOString(), pausedMs: 65_000 }, NOW)).toBe('1 min 35 s');
  });

  it('knows this window holds the controls only until their time is up', () => {
    expect(controlsHeldUntil(null, NOW)).toBeNull();
    expect(controlsHeldUntil(kiosk, NOW)).toBeNull();
    const until = new Date(NOW + 60_000).toISOString();
    expect(controlsHeldUntil({ ...kiosk, proctorControlUntil: until }, NOW)).toBe(NOW + 60_000);
    expect(controlsHeldUntil({ ...kiosk, proctorControlUntil: until }, NOW + 60_000)).toBeNull();
  });
});

describe('what the candidate sees while the sitting is held', () => {
  const render = (sitting: KioskSitting) => renderToStaticMarkup(h(SittingOverlay, { sitting, covered: false, onUnlock: () => undefined, onProctorSignIn: () => undefined }));

  it('a pause: a modal notice to wait, announced by its name and text, with nothing to press', () => {
    const html = render({ ...kiosk, status: 'paused' });
    expect(html).toContain('role="alertdialog"');
    expect(html).toContain('aria-modal="true"');
    expect(html).toContain('aria-labelledby="sitting-paused-title"');
    expect(html).toContain('aria-describedby="sitting-paused-text"');
    expect(html).toContain('Your proctor has paused this sitting. Please wait.');
    expect(html).not.toContain('<button');
  });

  it('a lock: red, with the reason and the proctor’s way in', () => {
    const html = render({ ...kiosk, status: 'paused', lockReason: 'display_added' });
    expect(html).toContain('modal-backdrop-alarm');
    expect(html).toContain('This kiosk is locked');
    expect(html).toContain('Another display was connected');
    expect(html).toContain('>Proctor: unlock</button>');
    expect(html).toContain('>Proctor: sign in with your password</button>');
  });
});
