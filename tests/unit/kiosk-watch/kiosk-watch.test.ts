import { describe, expect, it } from 'vitest';
import type { ProhibitedProcess } from '../../../shared/domain/settings';
import { AppFailure } from '../../../src-main/common/app-failure';
import { KioskWatch, type KioskWatchDetails, type KioskWatchEventKind, type WatchedSitting, type WatchPolicy } from '../../../src-main/kiosk-watch/kiosk-watch';
import { DEFAULT_PROHIBITED_PROCESSES } from '../../../src-main/kiosk-watch/prohibited-processes';
import { createLogger } from '../../../src-main/logging/logger';
import { FakeMachineProbe, FakeProcessLister, ManualTimers, sshFinding, vmwareFinding } from './support';

const INTERVAL_MS = 10_000;
const NOTICE_MS = 1_000;

interface Recorded {
  candidateId: string;
  interviewId: string;
  kind: KioskWatchEventKind;
  details: KioskWatchDetails;
}

/** A kiosk with one candidate's sitting (open, no interview yet), a process list and machine checks the test sets, time moved by hand. */
function kiosk(options: { running?: string[] | Error; policy?: Partial<WatchPolicy>; probe?: FakeMachineProbe; ownNames?: string[] } = {}) {
  const processes = new FakeProcessLister(options.running ?? []);
  const machine = options.probe ?? new FakeMachineProbe();
  const timers = new ManualTimers();
  const recorded: Recorded[] = [];
  const locks: string[] = [];
  const logs: Array<{ level: string; msg: string } & Record<string, unknown>> = [];
  let now = 0;
  let sitting: WatchedSitting | null = { id: 'sitting-1', candidateId: 'candidate-1', interviewId: null };
  let policy: WatchPolicy = { watching: true, prohibited: DEFAULT_PROHIBITED_PROCESSES, allowVirtualMachine: false, allowRemoteSession: false, ...options.policy };
  let refuse: AppFailure | null = null;

  const watch = new KioskWatch({
    processes,
    machine,
    sitting: () => sitting,
    record: (target, kind, details) => {
      if (refuse) throw refuse;
      recorded.push({ ...target, kind, details });
    },
    lock: (kind) => void locks.push(kind),
    policy: () => policy,
    logger: createLogger({ level: 'debug', sink: (line) => logs.push(JSON.parse(line)) }),
    timers,
    intervalMs: INTERVAL_MS,
    noticeMs: NOTICE_MS,
    monotonicMs: () => now,
    ownNames: options.ownNames ?? ['/opt/Teamified Kiosk/teamified-kiosk'],
  });
  watch.start();

  return {
    watch,
    processes,
    machine,
    timers,
    recorded,
    locks,
    logs,
    programs: () => recorded.filter((event) => event.kind === 'prohibited_process').map((event) => event.details['name']),
    advance(ms: number) {
      now += ms;
    },
    /** The interval passes and the watch looks again. */
    async nextCheck() {
      now += INTERVAL_MS;
      await watch.check();
    },
    startInterview(interviewId = 'interview-1') {
      sitting = { ...sitting!, interviewId };
    },
    setSitting(next: WatchedSitting | null) {
      sitting = next;
    },
    setPolicy(change: Partial<WatchPolicy>) {
      policy = { ...policy, ...change };
    },
    refuseRecording(failure: AppFailure | null) {
      refuse = failure;
    },
  };
}

describe('the kiosk watch during a sitting', () => {
  it('looks at nothing without an open sitting, nor on a recruiter laptop', async () => {
    const k = kiosk({ running: ['Zoom.exe'] });
    k.setSitting(null);
    await k.watch.check();
    expect(k.processes.calls).toBe(0);

    k.setSitting({ id: 'sitting-1', candidateId: 'candidate-1', interviewId: 'interview-1' });
    k.setPolicy({ watching: false });
    await k.watch.check();
    expect(k.processes.calls).toBe(0);
    expect(k.machine.calls).toEqual({ virtualMachine: 0, remoteSession: 0 });
    expect(k.locks).toEqual([]);
  });

  it('locks at once for a program running when the sitting opens, and records it on the interview when that starts', async () => {
    const k = kiosk({ running: ['systemd', 'bash', 'Zoom.exe'] });
    await k.watch.check();
    expect(k.locks).toEqual(['prohibited_process']);
    // No interview yet: nothing to note it on.
    expect(k.recorded).toEqual([]);
    expect(k.logs).toContainEqual(expect.objectContaining({ level: 'warn', msg: 'a prohibited program is running: the sitting is locked', name: 'zoom', process: 'Zoom.exe' }));

    // Within the interval nothing is read again.
    k.advance(NOTICE_MS);
    await k.watch.check();
    expect(k.processes.calls).toBe(1);

    // The interview starting is checked at once, without waiting for the interval.
    k.startInterview();
    await k.watch.check();
    expect(k.processes.calls).toBe(2);
    expect(k.recorded).toEqual([
      { candidateId: 'candidate-1', interviewId: 'interview-1', kind: 'prohibited_process', details: { name: 'zoom', process: 'Zoom.exe', category: 'screen_sharing' } },
    ]);
    // Still running: no second lock.
    expect(k.locks).toEqual(['prohibited_process']);
  });

  it('records what was seen before the interview even when it has gone by the time the interview starts', async () => {
    const k = kiosk({ running: ['AnyDesk.exe'] });
    await k.watch.check();
    k.processes.running = [];
    k.startInterview();
    await k.watch.check();
    expect(k.programs()).toEqual(['AnyDesk']);
  });

  it('finds a program that appears later at the next check, locks and records it', async () => {
    const k = kiosk({ running: ['explorer.exe'] });
    k.startInterview();
    await k.watch.check();
    expect(k.recorded).toEqual([]);

    k.processes.running = ['explorer.exe', 'Cluely.exe'];
    // Before the interval the new program is not seen.
    k.advance(INTERVAL_MS - 1);
    await k.watch.check();
    expect(k.locks).toEqual([]);
    k.advance(1);
    await k.watch.check();
    expect(k.locks).toEqual(['prohibited_process']);
    expect(k.recorded).toEqual([expect.objectContaining({ kind: 'prohibited_process', details: { name: 'Cluely', process: 'Cluely.exe', category: 'ai_assistant' } })]);
  });

  it('records a program once however often it goes and comes back, and locks again each time it comes back', async () => {
    const k = kiosk({ running: ['teamviewer'] });
    k.startInterview();
    await k.watch.check();
    await k.nextCheck();
    expect(k.locks).toHaveLength(1);

    k.processes.running = [];
    await k.nextCheck();
    k.processes.running = ['TeamViewer.exe'];
    await k.nextCheck();
    await k.nextCheck();
    expect(k.programs()).toEqual(['TeamViewer']);
    expect(k.locks).toEqual(['prohibited_process', 'prohibited_process']);
  });

  it('leaves alone programs that are not listed, and names that only contain a listed one', async () => {
    const k = kiosk({ running: ['code', 'chrome_crashpad_handler', 'jobs', 'zoomer', 'teams-helper', 'node (vitest 1)', 'chromium'] });
    k.startInterview();
    await k.watch.check();
    expect(k.recorded).toEqual([]);
    expect(k.locks).toEqual([]);
  });

  it('matches without case, folder or executable ending, and records each program once whatever its spellings', async () => {
    const k = kiosk({ running: ['C:\\Program Files\\Zoom\\bin\\ZOOM.EXE', 'zoom', '/Applications/OBS.app/Contents/MacOS/OBS', 'RustDesk.exe'] });
    k.startInterview();
    await k.watch.check();
    expect(k.recorded.map((event) => event.details)).toEqual([
      { name: 'zoom', process: 'C:\\Program Files\\Zoom\\bin\\ZOOM.EXE', category: 'screen_sharing' },
      { name: 'obs', process: '/Applications/OBS.app/Contents/MacOS/OBS', category: 'virtual_audio_camera' },
      { name: 'rustdesk', process: 'RustDesk.exe', category: 'remote_access' },
    ]);
    expect(k.locks).toHaveLength(3);
  });

  it('records another browser without locking', async () => {
    const k = kiosk({ running: ['msedge.exe', 'firefox'] });
    k.startInterview();
    await k.watch.check();
    expect(k.programs()).toEqual(['msedge', 'firefox']);
    expect(k.recorded[0]!.details['category']).toBe('other_browser');
    expect(k.locks).toEqual([]);
  });

  it("uses IT's list instead of the built-in one", async () => {
    const list: ProhibitedProcess[] = [{ name: 'notepad.exe', category: 'ai_assistant' }];
    const k = kiosk({ running: ['Zoom.exe', 'Notepad.exe'], policy: { prohibited: list } });
    k.startInterview();
    await k.watch.check();
    expect(k.recorded.map((event) => event.details)).toEqual([{ name: 'notepad.exe', process: 'Notepad.exe', category: 'ai_assistant' }]);

    k.setPolicy({ prohibited: [] });
    k.processes.running = ['Zoom.exe', 'Notepad.exe', 'AnyDesk.exe'];
    await k.nextCheck();
    expect(k.recorded).toHaveLength(1);
  });

  it('never counts its own executable, even where a list names it', async () => {
    const k = kiosk({
      running: ['teamified-kiosk', 'Teamified Kiosk.exe'],
      policy: { prohibited: [{ name: 'teamified-kiosk', category: 'other_browser' }] },
      ownNames: ['/opt/Teamified Kiosk/teamified-kiosk'],
    });
    k.startInterview();
    await k.watch.check();
    expect(k.recorded).toEqual([]);
  });

  it('says once that it could not read the process list, records nothing, and carries on when it can again', async () => {
    const k = kiosk({ running: new Error('ps could not be run') });
    k.startInterview();
    await expect(k.watch.check()).resolves.toBeUndefined();
    await k.nextCheck();
    expect(k.recorded).toEqual([]);
    expect(k.locks).toEqual([]);
    const warnings = k.logs.filter((line) => line.msg.startsWith('could not check the running programs'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ level: 'warn', error: expect.objectContaining({ message: 'ps could not be run' }) });

    k.processes.running = ['Discord.exe'];
    await k.nextCheck();
    expect(k.programs()).toEqual(['Discord']);
    expect(k.logs).toContainEqual(expect.objectContaining({ level: 'info', msg: 'the running programs can be checked again' }));
  });

  it('tries a refused recording again at the next check (the interview over its limits for now), and records it once', async () => {
    const k = kiosk({ running: ['Slack'] });
    k.startInterview();
    k.refuseRecording(new AppFailure('rate_limited', 'Too many integrity events.'));
    await k.watch.check();
    expect(k.recorded).toEqual([]);
    k.refuseRecording(null);
    await k.nextCheck();
    await k.nextCheck();
    expect(k.programs()).toEqual(['Slack']);
    // The lock did not wait for the recording.
    expect(k.locks).toHaveLength(1);
  });

  it('does not record again on an interview carried on into a new sitting, and locks again in that sitting', async () => {
    const k = kiosk({ running: ['Zoom.exe'] });
    k.startInterview();
    await k.watch.check();
    k.setSitting({ id: 'sitting-2', candidateId: 'candidate-1', interviewId: 'interview-1' });
    await k.watch.check();
    expect(k.programs()).toEqual(['zoom']);
    expect(k.locks).toHaveLength(2);
  });
});

describe('the virtual machine and remote session checks', () => {
  it('records each once per interview with its evidence, looks once per sitting, and never locks', async () => {
    const probe = new FakeMachineProbe(vmwareFinding, sshFinding);
    const k = kiosk({ probe });
    await k.watch.check();
    expect(k.recorded).toEqual([]);
    k.startInterview();
    await k.watch.check();
    await k.nextCheck();
    expect(k.recorded).toEqual([
      { candidateId: 'candidate-1', interviewId: 'interview-1', kind: 'virtual_machine', details: vmwareFinding.details },
      { candidateId: 'candidate-1', interviewId: 'interview-1', kind: 'remote_session', details: sshFinding.details },
    ]);
    expect(probe.calls).toEqual({ virtualMachine: 1, remoteSession: 1 });
    expect(k.locks).toEqual([]);

    k.setSitting({ id: 'sitting-2', candidateId: 'candidate-2', interviewId: 'interview-2' });
    await k.watch.check();
    expect(probe.calls).toEqual({ virtualMachine: 2, remoteSession: 2 });
    expect(k.recorded.filter((event) => event.interviewId === 'interview-2').map((event) => event.kind)).toEqual(['virtual_machine', 'remote_session']);
  });

  it('neither looks nor records where IT allows them', async () => {
    const probe = new FakeMachineProbe(vmwareFinding, sshFinding);
    const k = kiosk({ probe, policy: { allowVirtualMachine: true, allowRemoteSession: true } });
    k.startInterview();
    await k.watch.check();
    expect(probe.calls).toEqual({ virtualMachine: 0, remoteSession: 0 });
    expect(k.recorded).toEqual([]);
  });

  it('logs a check that fails and carries on with the other', async () => {
    const probe = new FakeMachineProbe(new Error('reg could not be run'), sshFinding);
    const k = kiosk({ probe });
    k.startInterview();
    await k.watch.check();
    expect(k.recorded.map((event) => event.kind)).toEqual(['remote_session']);
    expect(k.logs).toContainEqual(expect.objectContaining({ level: 'warn', msg: 'could not check the kiosk', check: 'virtual_machine' }));
  });
});

describe('the watch over time', () => {
  it('looks every notice interval from start, and stops with the app', async () => {
    const k = kiosk({ running: ['Zoom.exe'] });
    expect(k.timers.pending?.ms).toBe(NOTICE_MS);
    await k.timers.fire();
    expect(k.locks).toHaveLength(1);
    expect(k.timers.pending?.ms).toBe(NOTICE_MS);

    k.watch.stop();
    expect(k.timers.pending).toBeNull();
    k.processes.running = ['AnyDesk'];
    k.startInterview();
    await k.watch.check();
    expect(k.processes.calls).toBe(1);
    expect(k.recorded).toEqual([]);
  });

  it('records nothing from a check that was under way when the sitting ended or the app stopped', async () => {
    const k = kiosk({ running: ['Zoom.exe'] });
    k.startInterview();
    let release!: () => void;
    const slow = new Promise<void>((resolve) => (release = resolve));
    const listed = k.processes.listProcessNames.bind(k.processes);
    k.processes.listProcessNames = async () => {
      await slow;
      return listed();
    };
    const check = k.watch.check();
    k.watch.stop();
    release();
    await check;
    expect(k.locks).toEqual([]);
    expect(k.recorded).toEqual([]);
  });

  it('runs one check at a time', async () => {
    const k = kiosk({ running: ['Zoom.exe'] });
    await Promise.all([k.watch.check(), k.watch.check(), k.watch.check()]);
    expect(k.processes.calls).toBe(1);
    expect(k.locks).toHaveLength(1);
  });
});
