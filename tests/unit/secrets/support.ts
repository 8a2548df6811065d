import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { secretNames, type SecretName } from '../../../shared/domain/settings';
import { createLogger } from '../../../src-main/logging/logger';
import type { KeytarApi } from '../../../src-main/secrets/keytar-secret-store';

/** One value per secret name, each recognisable in a log or file if it ever leaked. */
export const secretValues: Record<SecretName, string> = {
  'openai-api-key': 'sk-move-openai-5f1c2a9b7d',
  'smtp-password': 'smtp-move-pass-3e8d1c',
  'sync-device-credential': 'sync-move-cred-a4b6c8',
  'proxy-password': 'proxy-move-pass-d2f4a6',
};
export const allSecretNames: readonly SecretName[] = secretNames;

/**
 * keytar over a Map, failing the way libsecret does when asked: every call
 * when `unreachable` (no D-Bus, locked keyring), or one kind of call for one
 * account when `failOn` says so.
 */
export interface FakeKeytar extends KeytarApi {
  entries: Map<string, string>;
  unreachable: boolean;
  failOn: { call: 'getPassword' | 'setPassword' | 'deletePassword'; account: string } | null;
  calls: number;
}

export function fakeKeytar(): FakeKeytar {
  const keytar: FakeKeytar = {
    entries: new Map(),
    unreachable: false,
    failOn: null,
    calls: 0,
    async getPassword(service, account) {
      check('getPassword', account);
      return keytar.entries.get(`${service}/${account}`) ?? null;
    },
    async setPassword(service, account, password) {
      check('setPassword', account);
      keytar.entries.set(`${service}/${account}`, password);
    },
    async deletePassword(service, account) {
      check('deletePassword', account);
      return keytar.entries.delete(`${service}/${account}`);
    },
  };
  function check(call: 'getPassword' | 'setPassword' | 'deletePassword', account: string): void {
    keytar.calls++;
    if (keytar.unreachable) throw new Error('Cannot autolaunch D-Bus without X11 $DISPLAY');
    if (keytar.failOn?.call === call && keytar.failOn.account === account) throw new Error(`${call} failed: the keyring is busy`);
  }
  return keytar;
}

/** A logger whose JSON lines are kept for inspection. */
export function recordingLogger(): { logger: ReturnType<typeof createLogger>; lines: string[]; messages: () => string[] } {
  const lines: string[] = [];
  const logger = createLogger({ level: 'debug', sink: (line) => lines.push(line) });
  return { logger, lines, messages: () => lines.map((line) => (JSON.parse(line) as { msg: string }).msg) };
}

/** A fresh folder standing for the app's data folder. */
export function tempDataDir(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-secrets-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
