import type { KeychainState } from '../../shared/domain/fleet';
import type { SecretStore } from './secret-store';

/**
 * Where this device keeps its secrets, in the fleet report's words
 * (README "Secrets on a kiosk"): the OS keychain through keytar; Electron's
 * safeStorage when keytar cannot reach one (a fallback, still protected by
 * the OS); memory only (the browser host, tests); or nowhere: `problem` set,
 * the store refuses every secret, and sync and the AI features stop.
 */
export function keychainState(secrets: Pick<SecretStore, 'backend' | 'problem'>): { state: KeychainState; backend: string } {
  const backend = secrets.backend.slice(0, 120);
  if (secrets.problem) return { state: 'missing', backend };
  if (/^memory\b/i.test(secrets.backend)) return { state: 'memory', backend };
  if (/safeStorage/i.test(secrets.backend)) return { state: 'fallback', backend };
  return { state: 'keychain', backend };
}
