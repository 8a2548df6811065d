import { afterEach, describe, expect, it } from 'vitest';
import type { InterviewView } from '../../../shared/domain/interview';
import { EXTRA_TIME_FACTOR, PIN_LOCKOUT_MINUTES, PIN_WRONG_TRIES } from '../../../shared/domain/proctoring';
import { SITTING_EVENTS_SHOWN } from '../../../shared/domain/sitting-events';
import { appSettingsSchema } from '../../../shared/domain/settings';
import { strongPassword } from '../../support/test-app';
import { answer, createInterviewHarness, WINDOW, type InterviewHarness } from '../interview/support';
import { useFakeOpenAi } from '../providers/support';
import { ADMIN_WINDOW, PIN, PROCTOR, proctoredKiosk } from './support';

const CANDIDATE = 'sitting-candidate@example.com';
const MINUTE = 60_000;

describe('a proctored sitting at a kiosk', () => {
  const fake = useFakeOpenAi();
  const open: InterviewHarness[] = [];
  afterEach(() => {
    for (const h of open.splice(0).reverse()) h.close();
  });

  /** A kiosk where sittings are required (the default), with a registered candidate (signed out) and a proctor account. */
  async function kiosk(options: Parameters<typeof proctoredKiosk>[3] = {}) {
    return proctoredKiosk(fake.server, CANDIDATE, open, options);
  }

  async function proctorSignsIn(h: InterviewHarness) {
    return h.ok('auth.signIn', { accountKind: 'staff', email: PROCTOR, password: strongPassword });
  }

  async function openedAndHandedOver(h: InterviewHarness) {
    await proctorSignsIn(h);
    await h.ok('proctor.setPin', { pin: PIN });
    const { sitting } = await h.ok('proctor.openSitting', { candidateEmail: CANDIDATE, identityCheck: 'Passport', identityConfirmed: true, roleType: 'python' });
    await h.ok('proctor.handOver', {});
    await h.ok('auth.signIn', { accountKind: 'candidate', email: CANDIDATE, password: strongPassword });
    return sitting;
  }

  it('refuses a PIN of the wrong shape without storing anything, and stores a good one only as a bcrypt hash', async () => {
    const h = await kiosk();
    await proctorSignsIn(h);
    expect(await h.ok('proctor.status', {})).toEqual({ hasPin: false, sitting: null, sittingRequired: true });
    for (const pin of ['', '12345', 'abcdef', '1234567890123', '1'.repeat(10_000), ' 123456']) {
      const refused = await h.call('proctor.setPin', { pin });
      expect(refused, JSON.stringify(pin.slice(0, 20))).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    }
    expect(h.rows('SELECT pin_hash FROM recruiters WHERE email = ?', PROCTOR)).toEqual([{ pin_hash: null }]);

    await h.ok('proctor.setPin', { pin: PIN });
    const pinHash = h.rows<{ pin_hash: string }>('SELECT pin_hash FROM recruiters WHERE email = ?', PROCTOR)[0]?.pin_hash;
    expect(pinHash).toMatch(/^\$2[aby]\$\d\d\$/);
    expect(pinHash).not.toContain(PIN);
    expect((await h.ok('proctor.status', {})).hasPin).toBe(true);
  });

  it('opens a sitting only with a PIN set, for a registered candidate, one at a time; handing over signs the proctor out', async () => {
    const h = await kiosk();
    await proctorSignsIn(h);
    const input = { candidateEmail: CANDIDATE, identityCheck: 'Passport', identityConfirmed: true, roleType: 'python' };
    expect(await h.call('proctor.openSitting', input)).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringContaining('Set your PIN first') } });
    await h.ok('proctor.setPin', { pin: PIN });
    expect(await h.call('proctor.openSitting', { ...input, identityConfirmed: false })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await h.call('proctor.openSitting', { ...input, identityCheck: ' ' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await h.call('proctor.openSitting', { ...input, candidateEmail: 'nobody@example.com' })).toMatchObject({
      ok: false,
      error: { code: 'not_found', fields: { candidateEmail: expect.any(String) } },
    });
    expect(h.rows('SELECT id FROM proctor_sittings')).toEqual([]);

    const { sitting } = await h.ok('proctor.openSitting', input);
    expect(sitting).toMatchObject({ status: 'open', roleType: 'python', identityCheck: 'Passport', candidate: { email: CANDIDATE }, openedBy: { fullName: 'Priya Proctor' }, notes: [] });
    expect(await h.call('proctor.openSitting', input)).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringContaining('still open') } });

    await h.ok('proctor.handOver', {});
    expect(await h.ok('auth.getSession', {})).toEqual({ user: null });
    expect(await h.ok('sitting.current', {})).toEqual({
      sitting: { id: sitting.id, status: 'open', candidateName: expect.any(String), candidateEmail: CANDIDATE, roleType: 'python', lockReason: null, accommodations: [], proctorControlUntil: null },
    });
  });

  it('opens a sitting only with no more displays than IT allows, as the shell reports them', async () => {
    const h = await kiosk();
    await proctorSignsIn(h);
    await h.ok('proctor.setPin', { pin: PIN });
    const input = { candidateEmail: CANDIDATE, identityCheck: 'Passport', identityConfirmed: true, roleType: 'python' } as const;
    const shell = { platform: 'linux', sandboxed: true, osKiosk: 'present', builtInDisplays: 1 } as const;
    h.app.services.selfCheck.reportShell({ ...shell, displays: 2 });
    expect(await h.call('proctor.openSitting', input)).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: expect.stringMatching(/^2 displays are connected to this kiosk, and IT allows only one during a sitting.*Disconnect the others/) },
    });
    expect(h.rows('SELECT id FROM proctor_sittings')).toEqual([]);
    h.app.services.selfCheck.reportShell({ ...shell, displays: 1 });
    expect((await h.ok('proctor.openSitting', input)).sitting.status).toBe('open');
  });

  it('opens a sitting under IT’s built-in display rule only with the built-in display alone, saying what to disconnect', async () => {
    const h = await kiosk();
    h.app.services.settings.update({ lockdown: { builtInDisplayOnly: true, maxDisplays: null } });
    await proctorSignsIn(h);
    await h.ok('proctor.setPin', { pin: PIN });
    const input = { candidateEmail: CANDIDATE, identityCheck: 'Passport', identityConfirmed: true, roleType: 'python' } as const;
    const shell = { platform: 'darwin', sandboxed: true, osKiosk: 'present' } as const;
    h.app.reportShellFacts({ ...shell, displays: 2, builtInDisplays: 1 });
    expect(await h.call('proctor.openSitting', input)).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: expect.stringMatching(/^An external display is connected .*Disconnect the external display\. Then open the sitting again\.$/) },
    });
    // The lid closed on an external display: no built-in display at all.
    h.app.reportShellFacts({ ...shell, displays: 1, builtInDisplays: 0 });
    expect(await h.call('proctor.openSitting', input)).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringContaining('Open the laptop’s lid') } });
    expect(h.rows('SELECT id FROM proctor_sittings')).toEqual([]);
    h.app.reportShellFacts({ ...shell, displays: 1, builtInDisplays: 1 });
    expect((await h.ok('proctor.openSitting', input)).sitting.status).toBe('open');
  });

  it('locks and records a display that mirrors the kiosk’s screen, which the shell sees as no new display', async () => {
    let monitors = 1;
    const ticks: (() => void)[] = [];
    const h = await kiosk({
      displayWatch: {
        connected: { read: async () => ({ connected: monitors, names: ['eDP-1', 'HDMI-A-1'].slice(0, monitors), source: '/sys/class/drm' }) },
        timers: { after: (_ms, run) => (ticks.push(run), () => {}) },
      },
    });
    const tick = async () => {
      ticks.shift()!();
      await h.idle();
      await new Promise((resolve) => setImmediate(resolve));
    };
    h.app.reportShellFacts({ platform: 'linux', sandboxed: true, osKiosk: 'present', displays: 1, builtInDisplays: 1 });
    await openedAndHandedOver(h);
    const view = await h.ok('interview.start', { roleType: 'python' });
    await tick();
    expect((await h.ok('sitting.current', {})).sitting?.status).toBe('open');

    // A projector set to duplicate the screen: still one display to the app, two monitors to the hardware.
    monitors = 2;
    await tick();
    expect((await h.ok('sitting.current', {})).sitting).toMatchObject({ status: 'paused', lockReason: 'display_mirrored' });
    const events = h.rows<{ kind: string; details: string }>('SELECT kind, details FROM integrity_events WHERE interview_id = ?', view.id);
    expect(events.map((event) => [event.kind, JSON.parse(event.details)])).toEqual([
      ['display_mirrored', { monitors: 2, displays: 1, source: '/sys/class/drm', connectors: 'eDP-1, HDMI-A-1' }],
    ]);
    // The proctor resumes with it explained: the same state does not lock again.
    await h.ok('sitting.unlock', { pin: PIN });
    await h.ok('sitting.resume', { note: 'The projector was set to duplicate; switched it off.' });
    await tick();
    expect((await h.ok('sitting.current', {})).sitting?.status).toBe('open');
  });

  it('watches the display policy live: the built-in display closed with an external one left locks the sitting and is recorded once', async () => {
    const h = await kiosk();
    h.app.services.settings.update({ lockdown: { builtInDisplayOnly: true } });
    const shell = { platform: 'darwin', sandboxed: true, osKiosk: 'present' } as const;
    h.app.reportShellFacts({ ...shell, displays: 1, builtInDisplays: 1 });
    await openedAndHandedOver(h);
    const [candidate] = h.rows<{ id: string }>('SELECT id FROM candidates WHERE email = ?', CANDIDATE);
    const view = await h.ok('interview.start', { roleType: 'python' });
    const displayEvents = () =>
      h.rows<{ kind: string; details: string }>("SELECT kind, details FROM integrity_events WHERE interview_id = ? AND kind LIKE 'display%' ORDER BY occurred_at", view.id);

    // A monitor plugged in: the shell notes it on the interview (display_added), then reports the displays; nothing is recorded twice.
    h.app.services.interviews.recordScreenEvent(candidate!.id, 'display_added', { displays: 2, builtInDisplays: 1, internal: false, width: 1920, height: 1080, label: 'DELL U2419H' });
    h.app.reportShellFacts({ ...shell, displays: 2, builtInDisplays: 1 });
    expect(displayEvents().map((event) => event.kind)).toEqual(['display_added']);
    expect((await h.ok('sitting.current', {})).sitting).toMatchObject({ status: 'paused', lockReason: 'display_added' });
    await h.ok('sitting.unlock', { pin: PIN });
    await h.ok('sitting.resume', { note: 'A monitor for the proctor’s desk; left it, facing away.' });

    // Then the laptop's lid is closed, the external display left on.
    h.clock.advance(1000);
    h.app.reportShellFacts({ ...shell, displays: 1, builtInDisplays: 0 });
    expect((await h.ok('sitting.current', {})).sitting).toMatchObject({ status: 'paused', lockReason: 'display_policy_broken', proctorControlUntil: null });
    const events = displayEvents();
    expect(events.map((event) => event.kind)).toEqual(['display_added', 'display_policy_broken']);
    expect(JSON.parse(events[1]!.details)).toEqual({ displays: 1, builtInDisplays: 0, builtInDisplayOnly: true, maxDisplays: 1 });
    // The same report again (a core started again) locks nothing afresh.
    await h.ok('sitting.unlock', { pin: PIN });
    await h.ok('sitting.resume', { note: 'Checked the desk; the candidate carries on.' });
    h.app.reportShellFacts({ ...shell, displays: 1, builtInDisplays: 0 });
    expect((await h.ok('sitting.current', {})).sitting?.status).toBe('open');

    // The proctor's list has it in words.
    const shown = await h.ok('sitting.view', {});
    expect(shown.sitting.integrityEvents[0]).toMatchObject({
      kind: 'display_policy_broken',
      label: 'The displays broke IT’s display policy',
      evidence: '1 display connected, none built in',
    });
  });

  it('lets the candidate start only inside their own open sitting, for its role, and links the interview to it', async () => {
    const h = await kiosk();
    await h.ok('auth.signIn', { accountKind: 'candidate', email: CANDIDATE, password: strongPassword });
    expect(await h.call('interview.start', { roleType: 'python' })).toMatchObject({ ok: false, error: { code: 'forbidden', message: expect.stringContaining('proctor') } });
    await h.ok('auth.signOut', {});

    const sitting = await openedAndHandedOver(h);
    expect(await h.call('interview.start', { roleType: 'react' })).toMatchObject({ ok: false, error: { code: 'forbidden', message: expect.stringContaining('different interview') } });
    expect(h.rows('SELECT id FROM interviews')).toEqual([]);
    const view = await h.ok('interview.start', { roleType: 'python' });
    expect(h.rows('SELECT interview_id FROM proctor_sittings WHERE id = ?', sitting.id)).toEqual([{ interview_id: view.id }]);
  });

  it('takes wrong PINs five times, then none for a quarter of an hour, the right one included; the controls need a PIN', async () => {
    const h = await kiosk();
    await openedAndHandedOver(h);
    expect(await h.call('sitting.pause', {})).toMatchObject({ ok: false, error: { code: 'forbidden', message: expect.stringContaining('PIN') } });

    for (let i = 1; i < PIN_WRONG_TRIES; i++) {
      expect(await h.call('sitting.unlock', { pin: '000000' })).toMatchObject({ ok: false, error: { code: 'forbidden', message: expect.stringContaining(`${PIN_WRONG_TRIES - i}`) } });
    }
    expect(await h.call('sitting.unlock', { pin: '000000' })).toMatchObject({ ok: false, error: { code: 'locked' } });
    expect(await h.call('sitting.unlock', { pin: PIN })).toMatchObject({ ok: false, error: { code: 'locked', message: expect.stringContaining('minutes') } });
    h.clock.advance(PIN_LOCKOUT_MINUTES * MINUTE);

    const unlocked = await h.ok('sitting.unlock', { pin: PIN });
    expect(unlocked.sitting.status).toBe('open');
    const current = await h.ok('sitting.current', {});
    expect(current.sitting?.proctorControlUntil).not.toBeNull();
    // Another window at the kiosk holds no controls.
    expect(await h.call('sitting.pause', {}, 'kiosk-2')).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    await h.ok('sitting.releaseControls', {});
    expect(await h.call('sitting.pause', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('pauses the interview’s clocks: no abandonment while paused, and the pause is counted on the sitting', async () => {
    const h = await kiosk();
    const sitting = await openedAndHandedOver(h);
    const view = await h.ok('interview.start', { roleType: 'python' });
    await h.ok('sitting.unlock', { pin: PIN });
    await h.ok('sitting.pause', {});
    // A page that ignored the pause cannot move the interview on.
    const question = view.currentQuestion!;
    expect(await h.call('interview.endAnswer', { interviewId: view.id, questionMessageId: question.messageId, segmentCount: 1, reason: 'silence' })).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: expect.stringContaining('paused') },
    });

    h.clock.advance(45 * MINUTE);
    // The controls lasted minutes, not the whole pause: the proctor who comes back enters the PIN again.
    expect(await h.call('sitting.resume', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    await h.ok('sitting.unlock', { pin: PIN });
    const resumed = await h.ok('sitting.resume', {});
    expect(resumed.sitting).toMatchObject({ status: 'open', pausedAt: null, pausedMs: 45 * MINUTE });
    const after = await h.ok('interview.getCurrent', {});
    expect(after.interview).toMatchObject({ id: view.id, status: 'in_progress' });
    expect(h.rows('SELECT paused_ms FROM proctor_sittings WHERE id = ?', sitting.id)).toEqual([{ paused_ms: 45 * MINUTE }]);
  });

  it('grants accommodations: extra time lengthens the answer silence and the idle time before abandonment, and both are on the sitting', async () => {
    const h = await kiosk();
    await proctorSignsIn(h);
    await h.ok('proctor.setPin', { pin: PIN });
    const input = { candidateEmail: CANDIDATE, identityCheck: 'Passport', identityConfirmed: true, roleType: 'python' } as const;
    expect(await h.call('proctor.openSitting', { ...input, accommodations: ['nap_time'] })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const { sitting } = await h.ok('proctor.openSitting', { ...input, accommodations: ['larger_text', 'extra_time'] });
    expect(sitting.accommodations).toEqual(['extra_time', 'larger_text']);
    await h.ok('proctor.handOver', {});
    await h.ok('auth.signIn', { accountKind: 'candidate', email: CANDIDATE, password: strongPassword });
    expect((await h.ok('sitting.current', {})).sitting?.accommodations).toEqual(['extra_time', 'larger_text']);

    const view = await h.ok('interview.start', { roleType: 'python' });
    // The device's own setting is the default here.
    const base = appSettingsSchema.parse({}).interview.endOfTurnSilenceMs;
    expect(view.endOfTurnSilenceMs).toBe(Math.round(base * EXTRA_TIME_FACTOR));
    // Idle past the usual 30 minutes, within the 45 extra time gives: still going.
    h.clock.advance(40 * MINUTE);
    expect((await h.ok('interview.getCurrent', {})).interview).toMatchObject({ id: view.id, status: 'in_progress' });
  });

  it('locks on a display added; clearing the lock needs the PIN and a note, which goes on the sitting', async () => {
    const h = await kiosk();
    await openedAndHandedOver(h);
    const [candidate] = h.rows<{ id: string }>('SELECT id FROM candidates WHERE email = ?', CANDIDATE);
    await h.ok('interview.start', { roleType: 'python' });
    await h.ok('sitting.unlock', { pin: PIN });

    h.app.services.interviews.recordScreenEvent(candidate!.id, 'display_added', { displays: 2 });
    const locked = await h.ok('sitting.current', {});
    expect(locked.sitting).toMatchObject({ status: 'paused', lockReason: 'display_added', proctorControlUntil: null });
    // The lock took the controls back: the PIN is asked again.
    expect(await h.call('sitting.resume', { note: 'Unplugged the monitor.' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    await h.ok('sitting.unlock', { pin: PIN });
    expect(await h.call('sitting.resume', {})).toMatchObject({ ok: false, error: { code: 'invalid_input', fields: { note: expect.any(String) } } });
    const cleared = await h.ok('sitting.resume', { note: 'A second monitor was plugged in; unplugged it.' });
    expect(cleared.sitting).toMatchObject({ status: 'open', lockReason: null, notes: [{ proctorName: 'Priya Proctor', text: 'A second monitor was plugged in; unplugged it.' }] });
  });

  it('shows the proctor each integrity event of the sitting’s interview as it is recorded, in the recruiter’s words, and tells the candidate’s screen nothing of it', async () => {
    const h = await kiosk();
    await openedAndHandedOver(h);
    const [candidate] = h.rows<{ id: string }>('SELECT id FROM candidates WHERE email = ?', CANDIDATE);
    const view = await h.ok('interview.start', { roleType: 'python' });
    const unlocked = await h.ok('sitting.unlock', { pin: PIN });
    expect(unlocked.sitting).toMatchObject({ integrityEvents: [], earlierIntegrityEvents: 0 });

    const told = () => h.eventsOf('sitting.changed', WINDOW);
    const before = told().length;
    const [lastTold] = told().slice(-1);
    await h.ok('interview.recordIntegrityEvent', { interviewId: view.id, kind: 'paste', details: { inTextField: false, characters: 412 } });
    // At once: the window hears of it, with exactly what it was told before (no count, nothing the candidate could read).
    expect(told()).toHaveLength(before + 1);
    expect(told().at(-1)).toEqual(lastTold);
    h.clock.advance(1000);
    h.app.services.interviews.recordScreenEvent(candidate!.id, 'shortcut_attempted', { shortcut: 'Alt+F4' });
    expect(told()).toHaveLength(before + 2);

    const shown = await h.ok('sitting.view', {});
    expect(shown.sitting.integrityEvents).toEqual([
      { occurredAt: expect.any(String), kind: 'shortcut_attempted', label: 'Tried a blocked keyboard shortcut', evidence: 'Alt+F4' },
      { occurredAt: expect.any(String), kind: 'paste', label: 'Pasted text', evidence: '412 characters' },
    ]);
    expect(shown.sitting.earlierIntegrityEvents).toBe(0);
    // The candidate's own view of the sitting has none of it.
    expect(Object.keys((await h.ok('sitting.current', {})).sitting!)).not.toContain('integrityEvents');

    // Newest first, at most a screenful; the rest are counted.
    for (let n = 0; n < SITTING_EVENTS_SHOWN + 3; n++) {
      h.clock.advance(1000);
      await h.ok('interview.recordIntegrityEvent', { interviewId: view.id, kind: n % 2 === 0 ? 'focus_lost' : 'focus_returned' });
    }
    const capped = (await h.ok('sitting.view', {})).sitting;
    expect(capped.integrityEvents).toHaveLength(SITTING_EVENTS_SHOWN);
    expect(capped.integrityEvents[0]).toMatchObject({ kind: 'focus_returned', label: 'Came back to the interview window', evidence: null });
    expect(capped.earlierIntegrityEvents).toBe(2 + SITTING_EVENTS_SHOWN + 3 - SITTING_EVENTS_SHOWN);
    const times = capped.integrityEvents.map((event) => event.occurredAt);
    expect([...times].sort().reverse()).toEqual(times);
  });

  it('comes back locked after the kiosk restarts mid-sitting: the outage counts as paused and is noted on the interview', async () => {
    const first = await kiosk();
    const sitting = await openedAndHandedOver(first);
    const view = await first.ok('interview.start', { roleType: 'python' });
    const [session] = first.rows<{ last_activity_at: string }>('SELECT last_activity_at FROM interview_sessions WHERE interview_id = ?', view.id);
    first.shutDown();
    first.clock.advance(7 * MINUTE);

    const second = createInterviewHarness(fake.server, { clock: first.clock, dataDir: first.dataDir, interview: { requireProctorSitting: true } });
    open.push(second);
    expect(await second.ok('sitting.current', {})).toMatchObject({ sitting: { id: sitting.id, status: 'paused', lockReason: 'kiosk_restarted' } });
    const events = second.rows<{ kind: string; details: string }>("SELECT kind, details FROM integrity_events WHERE interview_id = ? AND kind = 'kiosk_restarted'", view.id);
    expect(events).toHaveLength(1);
    expect(JSON.parse(events[0]!.details)).toMatchObject({ lastActivityAt: session!.last_activity_at, gapMs: expect.any(Number) });
    expect(JSON.parse(events[0]!.details).gapMs).toBeGreaterThanOrEqual(7 * MINUTE);

    // The candidate cannot carry on alone; the proctor unlocks, says what happened, and the interview goes on at the same question.
    await second.ok('auth.signIn', { accountKind: 'candidate', email: CANDIDATE, password: strongPassword });
    await second.ok('sitting.unlock', { pin: PIN });
    expect(await second.call('sitting.resume', {})).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const resumed = await second.ok('sitting.resume', { note: 'Power cut in room 2; the kiosk rebooted.' });
    expect(resumed.sitting.pausedMs).toBeGreaterThanOrEqual(7 * MINUTE);
    const current = await second.ok('interview.getCurrent', {});
    expect(current.interview).toMatchObject({ id: view.id, currentQuestion: { messageId: view.currentQuestion!.messageId } });
  });

  it('lets a candidate carry on an interview only inside a sitting of theirs, as it lets them start one', async () => {
    const h = await kiosk();
    await openedAndHandedOver(h);
    const view = await h.ok('interview.start', { roleType: 'python' });
    await h.ok('sitting.unlock', { pin: PIN });
    await h.ok('sitting.end', {});
    // Signed out with the sitting; signing in again finds the interview but may not carry it on unproctored.
    await h.ok('auth.signIn', { accountKind: 'candidate', email: CANDIDATE, password: strongPassword });
    const refused = { ok: false, error: { code: 'forbidden', message: expect.stringContaining('ask the proctor') } };
    expect(await h.call('interview.getCurrent', {})).toMatchObject(refused);
    expect(await h.call('interview.speakQuestion', { interviewId: view.id, messageId: view.currentQuestion!.messageId })).toMatchObject(refused);
    expect(await h.call('interview.endAnswer', { interviewId: view.id, questionMessageId: view.currentQuestion!.messageId, segmentCount: 1, reason: 'silence' })).toMatchObject(refused);

    await h.ok('auth.signOut', {});
    await openedAndHandedOver(h);
    expect((await h.ok('interview.getCurrent', {})).interview).toMatchObject({ id: view.id, status: 'in_progress' });
  });

  it('ends when the proctor ends it (the candidate is signed out) or when the candidate submits', async () => {
    const h = await kiosk();
    const sitting = await openedAndHandedOver(h);
    let view: InterviewView = await h.ok('interview.start', { roleType: 'python' });
    await h.ok('sitting.unlock', { pin: PIN });
    await h.ok('sitting.addNote', { text: 'Candidate asked for water.' });
    const ended = await h.ok('sitting.end', {});
    expect(ended.sitting).toMatchObject({ status: 'ended', endReason: 'proctor', notes: [{ text: 'Candidate asked for water.' }] });
    expect(await h.ok('auth.getSession', {})).toEqual({ user: null });
    expect(await h.ok('sitting.current', {})).toEqual({ sitting: null });
    expect(h.rows('SELECT status FROM interviews WHERE id = ?', view.id)).toEqual([{ status: 'in_progress' }]);

    // A new sitting for the same candidate, who carries on and submits.
    await proctorSignsIn(h);
    await h.ok('proctor.openSitting', { candidateEmail: CANDIDATE, identityCheck: 'Passport', identityConfirmed: true, roleType: 'python' });
    await h.ok('proctor.handOver', {});
    await h.ok('auth.signIn', { accountKind: 'candidate', email: CANDIDATE, password: strongPassword });
    view = (await h.ok('interview.getCurrent', {})).interview!;
    while (view.currentQuestion) view = (await answer(h, view)).interview;
    await h.ok('interview.submit', { interviewId: view.id });
    const rows = h.rows<{ id: string; status: string; end_reason: string }>('SELECT id, status, end_reason FROM proctor_sittings ORDER BY opened_at');
    expect(rows).toEqual([
      { id: sitting.id, status: 'ended', end_reason: 'proctor' },
      { id: expect.any(String), status: 'ended', end_reason: 'interview-submitted' },
    ]);
    // The recruiter's review shows both sittings, oldest first, with who opened them, the identity check and the notes.
    const review = await h.ok('review.get', { interviewId: view.id }, ADMIN_WINDOW);
    expect(review.sittings.map((s) => [s.endReason, s.openedBy.fullName, s.identityCheck, s.notes.map((note) => note.text)])).toEqual([
      ['proctor', 'Priya Proctor', 'Passport', ['Candidate asked for water.']],
      ['interview-submitted', 'Priya Proctor', 'Passport', []],
    ]);
  });
});
