import { createElement as h } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { SessionUser } from '../../../shared/ipc/contract';
import { SessionEndingNotice } from '../../../src-renderer/src/components/SessionEndingNotice';

const candidate: SessionUser = { id: 'c1', kind: 'candidate', role: 'candidate', email: 'cara@example.com', fullName: 'Cara Candidate', expiresAt: '' };
const inSeconds = (seconds: number) => new Date(Date.now() + seconds * 1000).toISOString();
const render = (user: SessionUser) => renderToStaticMarkup(h(SessionEndingNotice, { user, onStillHere: () => undefined, onSignOut: () => undefined, busy: false }));

/** What a kiosk shows before it signs a candidate out by itself (issue 17, point 8); main decides when. */
describe('the notice before a kiosk signs a candidate out', () => {
  it('counts down after the interview is submitted, from the start, with a way to leave sooner', () => {
    const html = render({ ...candidate, endingBecause: 'interview-submitted', expiresAt: inSeconds(30) });
    expect(html).toContain('role="status"');
    expect(html).toMatch(/you will be signed out in <strong>(30|29)<\/strong> seconds/);
    expect(html).toContain('Sign out now');
    expect(html).not.toContain('still here');
  });

  it('asks whether they are still there only in the last minute before an idle sign-out, as a dialog with the answer focused', () => {
    expect(render({ ...candidate, endingBecause: 'inactivity', expiresAt: inSeconds(5 * 60) })).toBe('');
    const html = render({ ...candidate, endingBecause: 'inactivity', expiresAt: inSeconds(45) });
    expect(html).toContain('role="alertdialog"');
    expect(html).toContain('aria-labelledby="still-there-title"');
    expect(html).toContain('Are you still there?');
    expect(html).toMatch(/signed out in <strong>(45|44)<\/strong> seconds/);
    expect(html).toMatch(/<button type="button" autofocus="">I’m still here<\/button>/);
    expect(html).toContain('An interview you have started will be kept');
  });

  it('says nothing for a session that ends only at its 24 hours, and never counts below zero', () => {
    expect(render({ ...candidate, expiresAt: inSeconds(30) })).toBe('');
    expect(render({ ...candidate, endingBecause: 'interview-submitted', expiresAt: inSeconds(-5) })).toContain('<strong>0</strong> seconds');
  });
});
