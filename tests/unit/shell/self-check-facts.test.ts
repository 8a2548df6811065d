import { afterEach, describe, expect, it, vi } from 'vitest';
import type { KioskCheck } from '../../../shared/ipc/kiosk-channels';
import type { Result } from '../../../shared/ipc/result';
import { strongPassword } from '../../support/test-app';
import { screen, standInDisplay } from '../../fixtures/electron/index';
import { bootShell, shutDownShell, type BootedShell } from './support';

// Each shell starts a real core process, a few seconds on a busy machine.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 30_000 });
afterEach(() => shutDownShell());

/**
 * What only the shell knows reaches the pre-sitting self-check through the
 * real core (src-main/shell/shell-facts.ts, core-protocol 'shell-facts'):
 * the sandbox, the displays as they come and go, and the OS kiosk lock.
 */
async function checks(shell: BootedShell): Promise<Record<string, KioskCheck>> {
  const result = (await shell.call('kiosk.selfCheck', {})) as Result<{ checks: KioskCheck[] }>;
  if (!result.ok) throw new Error(`kiosk.selfCheck failed: ${result.error.message}`);
  return Object.fromEntries(result.data.checks.map((check) => [check.id, check]));
}

async function asAdmin(shell: BootedShell): Promise<void> {
  expect(await shell.call('setup.createFirstAdmin', { email: 'admin@example.com', password: strongPassword, fullName: 'Ada Admin' })).toMatchObject({ ok: true });
}

describe('the shell’s facts in the self-check', () => {
  it('are the sandbox, one display and, on Linux outside cage, no OS kiosk lock; a display plugged in counts at once', async () => {
    const shell = await bootShell({ settings: { mode: 'kiosk' }, platform: 'linux' });
    await asAdmin(shell);
    await vi.waitFor(async () => expect((await checks(shell))['sandbox']!.status).toBe('ok'));
    const first = await checks(shell);
    expect(first['displays']).toMatchObject({ status: 'ok', detail: '1 display is connected (built in).' });
    // This test does not run inside cage (and if /proc cannot be read, the check says it could not tell).
    expect(['fail', 'unknown']).toContain(first['os-kiosk']!.status);

    screen.addDisplay(standInDisplay(2, { label: 'Projector' }));
    await vi.waitFor(async () => expect((await checks(shell))['displays']).toMatchObject({ status: 'fail', detail: expect.stringMatching(/^2 displays are connected to this kiosk, and IT allows only one/) }));
    screen.removeDisplay(2);
    await vi.waitFor(async () => expect((await checks(shell))['displays']!.status).toBe('ok'));
    expect(shell.coreMessages()).not.toContain('a message from main was refused');
  });

  it('say the sandbox is off on a recruiter’s laptop started with --no-sandbox', async () => {
    const shell = await bootShell({ settings: { mode: 'recruiter' }, switches: ['no-sandbox'] });
    await asAdmin(shell);
    await vi.waitFor(async () => expect((await checks(shell))['sandbox']).toMatchObject({ status: 'fail', fix: expect.stringContaining('without --no-sandbox') }));
  });

  it('count macOS’s kiosk window as the OS lock at a packaged kiosk', async () => {
    const shell = await bootShell({ settings: { mode: 'kiosk' }, packaged: true, platform: 'darwin' });
    await asAdmin(shell);
    await vi.waitFor(async () => expect((await checks(shell))['os-kiosk']).toMatchObject({ status: 'ok', detail: expect.stringContaining('kiosk presentation') }));
  });
});
