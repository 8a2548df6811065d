import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { SettingsView } from '../../../shared/ipc/contract';
import type { App } from '../../../src-main/app/create-app';
import { createLogger } from '../../../src-main/logging/logger';
import { FileSettingsBackend } from '../../../src-main/settings/file-settings-backend';
import { JsonFilePolicySource, ownPolicyFileOptions } from '../../../src-main/settings/policy/json-file-policy-source';
import { SettingsService } from '../../../src-main/settings/settings-service';
import { buildApp, ownWindow, strongPassword } from '../../support/test-app';

/*
 * An admin's Device settings screen while IT changes policy: the window that
 * read the settings is told the new view; a window whose admin signed out is
 * told nothing. The real app, the real policy file source, a real file.
 */

let cleanup: (() => void) | null = null;
afterEach(() => {
  cleanup?.();
  cleanup = null;
});

function start(): { app: App; writePolicy: (policy: object) => void } {
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-settings-changed-'));
  const policyPath = join(dir, 'policy.json');
  const logger = createLogger({ level: 'error', sink: () => {} });
  const settings = new SettingsService({
    backend: new FileSettingsBackend(join(dir, 'settings.json')),
    machineFilePath: null,
    policy: { source: new JsonFilePolicySource(policyPath, ownPolicyFileOptions()), pollMs: 200 },
    logger,
  });
  const app = buildApp({ dataDir: dir, settings, logger });
  cleanup = () => {
    app.close();
    settings.close();
    rmSync(dir, { recursive: true, force: true });
  };
  return {
    app,
    writePolicy(policy) {
      writeFileSync(`${policyPath}.new`, JSON.stringify(policy), { mode: 0o644 });
      renameSync(`${policyPath}.new`, policyPath);
    },
  };
}

describe('settings.changed', () => {
  it('brings a change of IT policy to an admin window showing the settings, and to no window whose admin left', async () => {
    const { app, writePolicy } = start();
    await app.dispatch('setup.createFirstAdmin', { email: 'admin@example.com', password: strongPassword, fullName: 'Ada Admin' }, ownWindow('admin'));
    const shown = await app.dispatch('settings.get', {}, ownWindow('admin'));
    expect(shown).toMatchObject({ ok: true, data: { settings: { interview: { endOfTurnSilenceMs: 3500 } } } });

    // A second admin looks at the settings, then signs out: that window must hear nothing more.
    await app.dispatch('auth.signIn', { accountKind: 'staff', email: 'admin@example.com', password: strongPassword }, ownWindow('left'));
    expect(await app.dispatch('settings.get', {}, ownWindow('left'))).toMatchObject({ ok: true });
    expect(await app.dispatch('auth.signOut', {}, ownWindow('left'))).toMatchObject({ ok: true });

    const sent: { windowId: string; view: SettingsView }[] = [];
    const arrived = new Promise<SettingsView>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no settings.changed within 5 s of the policy change')), 5000);
      app.events.subscribe((windowId, event, payload) => {
        if (event !== 'settings.changed') return;
        sent.push({ windowId, view: payload as SettingsView });
        clearTimeout(timer);
        resolve(payload as SettingsView);
      });
    });
    writePolicy({ EndOfTurnSilenceMs: 6000 });
    const view = await arrived;
    expect(view.settings.interview.endOfTurnSilenceMs).toBe(6000);
    expect(view.sources['interview.endOfTurnSilenceMs']).toBe('policy');
    expect(view.policy.settings).toEqual({ 'interview.endOfTurnSilenceMs': 'EndOfTurnSilenceMs' });
    expect(sent.map((each) => each.windowId)).toEqual(['admin']);

    // An admin's own save reaches the window too, with the policy still in force.
    expect(await app.dispatch('settings.update', { smtp: { host: 'mail.example.com' } }, ownWindow('admin'))).toMatchObject({ ok: true });
    expect(sent.at(-1)).toMatchObject({ windowId: 'admin', view: { settings: { smtp: { host: 'mail.example.com' }, interview: { endOfTurnSilenceMs: 6000 } } } });
  });
});
