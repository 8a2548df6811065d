import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../../src-main/logging/logger';
import { screenEventRecorder } from '../../../src-main/app/screen-events';
import { strongPassword } from '../../support/test-app';
import { useFakeOpenAi } from '../providers/support';
import { createInterviewHarness, scriptAi, WINDOW, type InterviewHarness } from './support';

/**
 * What the Electron shell notices at a window (the screen crashed or hung, a
 * blocked shortcut) goes on the interview of the candidate signed in there,
 * through screenEventRecorder and the interview feature's
 * recordScreenEvent, on the real app.
 */
describe('screen events from the shell', () => {
  const fake = useFakeOpenAi();
  let h: InterviewHarness;
  afterEach(() => h?.close());

  const events = () => h.rows<{ interview_id: string; kind: string; details: string }>('SELECT interview_id, kind, details FROM integrity_events ORDER BY occurred_at, id');

  it('are recorded on the interview going on in that window', async () => {
    h = createInterviewHarness(fake.server);
    scriptAi(fake.server);
    await h.signUp('casey@example.com');
    const view = await h.ok('interview.start', { roleType: 'react' });
    const record = screenEventRecorder(h.app, h.app.services.logger);

    record(WINDOW, 'screen_crashed', { reason: 'crashed', exitCode: 139 });
    record(WINDOW, 'screen_unresponsive', { waitedMs: 10_000 });
    record(WINDOW, 'shortcut_attempted', { shortcut: 'reload' });
    const display = { displays: 2, internal: false, width: 1280, height: 720, label: 'HDMI capture' };
    record(WINDOW, 'display_added', display);

    expect(events()).toEqual([
      { interview_id: view.id, kind: 'screen_crashed', details: JSON.stringify({ reason: 'crashed', exitCode: 139 }) },
      { interview_id: view.id, kind: 'screen_unresponsive', details: JSON.stringify({ waitedMs: 10_000 }) },
      { interview_id: view.id, kind: 'shortcut_attempted', details: JSON.stringify({ shortcut: 'reload' }) },
      { interview_id: view.id, kind: 'display_added', details: JSON.stringify(display) },
    ]);
    expect(h.logLines.some((line) => line.includes('screen event recorded on the interview'))).toBe(true);
  });

  it('are not recorded for a signed-out window, a staff window, another window or a candidate without an interview', async () => {
    h = createInterviewHarness(fake.server);
    scriptAi(fake.server);
    const record = screenEventRecorder(h.app, h.app.services.logger);
    record(WINDOW, 'screen_crashed');
    await h.ok('setup.createFirstAdmin', { email: 'admin@example.com', password: strongPassword, fullName: 'Ada Admin' }, 'staff-window');
    record('staff-window', 'screen_crashed');
    await h.signUp('casey@example.com');
    record(WINDOW, 'screen_crashed');
    await h.ok('interview.start', { roleType: 'react' });
    record('some-other-window', 'screen_crashed');
    expect(events()).toEqual([]);
  });

  it('are not recorded once the interview is submitted or abandoned', async () => {
    h = createInterviewHarness(fake.server);
    scriptAi(fake.server);
    await h.signUp('casey@example.com');
    await h.ok('interview.start', { roleType: 'react' });
    // 30 idle minutes: the interview is abandoned when next touched, and nothing is noted on it.
    h.clock.advance(31 * 60_000);
    const record = screenEventRecorder(h.app, h.app.services.logger);
    record(WINDOW, 'screen_crashed');
    expect(events()).toEqual([]);
    expect(h.rows<{ status: string }>('SELECT status FROM interviews')).toEqual([{ status: 'abandoned' }]);
  });

  it('never throw into Electron’s event handlers; a failure is logged', () => {
    const lines: string[] = [];
    const broken = {
      sessions: { get: () => ({ kind: 'candidate', id: 'c1' }) },
      services: { interviews: { recordScreenEvent: () => { throw new Error('database is closed'); } } },
    } as unknown as Parameters<typeof screenEventRecorder>[0];
    const record = screenEventRecorder(broken, createLogger({ sink: (line) => lines.push(line) }));
    expect(() => record('w', 'screen_crashed')).not.toThrow();
    expect(lines.join('\n')).toContain('screen event could not be recorded');
  });
});
