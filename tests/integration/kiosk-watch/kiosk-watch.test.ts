import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { App, AppOverrides } from '../../../src-main/app/create-app';
import type { MachineFinding, MachineProbe } from '../../../src-main/kiosk-watch/machine-probe';
import type { ProcessLister } from '../../../src-main/kiosk-watch/process-lister';
import { createLogger } from '../../../src-main/logging/logger';
import { MemorySecretStore } from '../../../src-main/secrets/memory-secret-store';
import { FileSettingsBackend } from '../../../src-main/settings/file-settings-backend';
import { SettingsService } from '../../../src-main/settings/settings-service';
import { appCalls, buildApp, FakeClock, strongPassword, type AppCalls } from '../../support/test-app';
import { scriptAi, TEST_API_KEY } from '../interview/support';
import { useFakeOpenAi } from '../providers/support';
import { agreeToNotice } from '../../support/consent';

const KIOSK = 'kiosk-1';
const ADMIN_WINDOW = 'admin-laptop';
const PIN = '482913';
const CANDIDATE = 'watched-candidate@example.com';
const PROCTOR = 'proctor@example.com';

/** The process list the test says is running, and how often the app read it. */
class FakeProcesses implements ProcessLister {
  calls = 0;
  running: string[] = [];
  async listProcessNames(): Promise<string[]> {
    this.calls++;
    return [...this.running];
  }
}

const vmware: MachineFinding = {
  kind: 'virtual_machine',
  details: { vendor: 'VMware', source: '/sys/class/dmi/id/sys_vendor, /sys/class/dmi/id/product_name', value: 'VMware, Inc., VMware Virtual Platform' },
};

class FakeMachine implements MachineProbe {
  async virtualMachine() {
    return vmware;
  }
  async remoteSession() {
    return null;
  }
}

interface Kiosk extends AppCalls {
  app: App;
  processes: FakeProcesses;
  /** The integrity events stored on the candidate's interview, oldest first. */
  events(): Array<{ kind: string; details: Record<string, unknown> | null }>;
  close(): void;
}

describe("the kiosk's watch of running programs during a sitting, in the real app", () => {
  const fake = useFakeOpenAi();
  const open: Kiosk[] = [];
  afterEach(() => {
    for (const kiosk of open.splice(0)) kiosk.close();
  });

  /**
   * A kiosk where sittings are required (the default), a proctor and a
   * registered candidate, with a fake process list and machine checks
   * injected through AppOverrides and the watch looking every few
   * milliseconds (Node's timers, as in the product).
   */
  async function kiosk(interval: Pick<NonNullable<AppOverrides['kioskWatch']>, 'intervalMs' | 'noticeMs'> = { intervalMs: 30, noticeMs: 5 }): Promise<Kiosk> {
    const dataDir = mkdtempSync(join(tmpdir(), 'kiosk-watch-'));
    const logger = createLogger({ level: 'error', sink: () => {} });
    const settings = new SettingsService({ backend: new FileSettingsBackend(join(dataDir, 'settings.json')), machineFilePath: null, logger });
    settings.update({ provider: { baseUrl: fake.server.url }, interview: { idleSignOutMinutes: 120 } });
    const processes = new FakeProcesses();
    const app = buildApp({
      dataDir,
      settings,
      logger,
      secrets: new MemorySecretStore({ 'openai-api-key': TEST_API_KEY }),
      overrides: { clock: new FakeClock(), kioskWatch: { processes, machine: new FakeMachine(), ...interval } },
    });
    const calls = appCalls(() => app, KIOSK);
    const made: Kiosk = {
      app,
      processes,
      ...calls,
      events: () =>
        calls
          .rows<{ kind: string; details: string | null }>('SELECT kind, details FROM integrity_events ORDER BY occurred_at, rowid')
          .map((row) => ({ kind: row.kind, details: row.details === null ? null : (JSON.parse(row.details) as Record<string, unknown>) })),
      close() {
        app.close();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
    open.push(made);
    scriptAi(fake.server);
    await made.ok('setup.createFirstAdmin', { email: 'admin@example.com', password: strongPassword, fullName: 'Ada Admin' }, ADMIN_WINDOW);
    await made.ok('staff.create', { email: PROCTOR, password: strongPassword, fullName: 'Priya Proctor', role: 'proctor' }, ADMIN_WINDOW);
    await made.ok('auth.registerCandidate', { email: CANDIDATE, password: strongPassword, fullName: 'Casey Candidate' });
    await made.ok('auth.signOut', {});
    return made;
  }

  async function openSitting(k: Kiosk) {
    await k.ok('auth.signIn', { accountKind: 'staff', email: PROCTOR, password: strongPassword });
    await k.ok('proctor.setPin', { pin: PIN });
    const { sitting } = await k.ok('proctor.openSitting', { candidateEmail: CANDIDATE, identityCheck: 'Passport', identityConfirmed: true, roleType: 'python' });
    return sitting;
  }

  async function handOver(k: Kiosk) {
    await k.ok('proctor.handOver', {});
    await k.ok('auth.signIn', { accountKind: 'candidate', email: CANDIDATE, password: strongPassword });
    await agreeToNotice(k);
  }

  /** The watch works on Node's timers: give it time on a busy machine. */
  const eventually = (check: () => unknown) => vi.waitFor(check, { timeout: 10_000, interval: 10 });
  const lockOf = async (k: Kiosk) => (await k.ok('sitting.current', {})).sitting;

  it('locks the sitting for a program running when it opens, and records it on the interview with its evidence, once', async () => {
    const k = await kiosk();
    k.processes.running = ['systemd', 'explorer.exe', 'Zoom.exe'];
    await openSitting(k);
    await eventually(async () => expect(await lockOf(k)).toMatchObject({ status: 'paused', lockReason: 'prohibited_process' }));
    // No interview yet: nothing is recorded, but the proctor sees the lock before handing over.
    expect(k.events()).toEqual([]);

    // The proctor speaks to the candidate, writes why, and resumes with Zoom still open: no second lock for the same program.
    await k.ok('sitting.unlock', { pin: PIN });
    await k.ok('sitting.resume', { note: 'Zoom was open from the last session; it cannot be closed on this kiosk. Checked: no meeting.' });
    await handOver(k);
    const view = await k.ok('interview.start', { roleType: 'python' });

    await eventually(() => expect(k.events().map((event) => event.kind).sort()).toEqual(['prohibited_process', 'virtual_machine']));
    const callsAtStart = k.processes.calls;
    await eventually(() => expect(k.processes.calls).toBeGreaterThan(callsAtStart + 2));
    expect(k.events()).toEqual(
      expect.arrayContaining([
        { kind: 'prohibited_process', details: { name: 'zoom', process: 'Zoom.exe', category: 'screen_sharing' } },
        { kind: 'virtual_machine', details: vmware.details },
      ]),
    );
    expect(k.events()).toHaveLength(2);
    expect(k.rows('SELECT DISTINCT interview_id FROM integrity_events')).toEqual([{ interview_id: view.id }]);
    expect(await lockOf(k)).toMatchObject({ status: 'open', lockReason: null });
  });

  it('locks for a program that appears during the interview, and only records another browser', async () => {
    const k = await kiosk();
    await openSitting(k);
    await handOver(k);
    const view = await k.ok('interview.start', { roleType: 'python' });
    await eventually(() => expect(k.events().map((event) => event.kind)).toEqual(['virtual_machine']));
    expect(await lockOf(k)).toMatchObject({ status: 'open' });

    k.processes.running = ['chrome.exe'];
    await eventually(() => expect(k.events().map((event) => event.kind)).toEqual(['virtual_machine', 'prohibited_process']));
    expect(k.events()[1]!.details).toEqual({ name: 'chrome', process: 'chrome.exe', category: 'other_browser' });
    expect(await lockOf(k)).toMatchObject({ status: 'open', lockReason: null });

    k.processes.running = ['chrome.exe', 'AnyDesk.exe'];
    await eventually(async () => expect(await lockOf(k)).toMatchObject({ status: 'paused', lockReason: 'prohibited_process' }));
    await eventually(() => expect(k.events()).toHaveLength(3));
    expect(k.events()[2]).toEqual({ kind: 'prohibited_process', details: { name: 'AnyDesk', process: 'AnyDesk.exe', category: 'remote_access' } });
    // The locked sitting holds the interview until the proctor's PIN.
    expect(k.app.services.sittings.holds(view.id)).toBe(true);
  });

  it('reads nothing while no sitting is open, and stops reading when the app closes', async () => {
    const k = await kiosk({ intervalMs: 30, noticeMs: 5 });
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(k.processes.calls).toBe(0);

    await openSitting(k);
    await eventually(() => expect(k.processes.calls).toBeGreaterThan(0));
    open.splice(open.indexOf(k), 1);
    k.close();
    const after = k.processes.calls;
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(k.processes.calls).toBe(after);
  });
});
