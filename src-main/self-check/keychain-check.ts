import { SecretStoreError, type SecretStore } from '../secrets/secret-store';
import { clip, messageOf, type CheckResult } from './check-result';

/** What the keychain check reads: the secret store's own account of itself, and whether the OpenAI key is in it. */
export interface KeychainSource {
  /** "Secret Service via keytar", "Electron safeStorage (…)", "memory (not persisted)", "unavailable". */
  backend: string;
  /** Why secrets cannot be kept at all, written for IT; null when they can. */
  problem: string | null;
  /** Resolves whether the OpenAI API key is stored; rejects (SecretStoreError) when the keychain cannot be read. */
  hasOpenAiKey(): Promise<boolean>;
}

export function keychainSource(secrets: SecretStore): KeychainSource {
  return {
    backend: secrets.backend,
    problem: secrets.problem ?? null,
    hasOpenAiKey: async () => (await secrets.get('openai-api-key')) !== null,
  };
}

const LABEL = 'Keychain';
const STORE_KEY = 'An administrator stores the key under Device settings → Stored secrets → “OpenAI API key”.';

/**
 * The interview cannot run without the OpenAI API key, and the key lives in
 * the OS keychain: a keychain that cannot keep secrets, or one without the
 * key, fails. A store that keeps them only in memory (the browser host
 * without a keychain) warns: the key is gone when the app closes.
 */
export async function checkKeychain(source: KeychainSource): Promise<CheckResult> {
  const where = `Secrets are kept in: ${source.backend}.`;
  if (source.problem) {
    return {
      id: 'keychain',
      label: LABEL,
      status: 'fail',
      detail: clip(`${where} It cannot keep secrets on this computer: ${source.problem}`),
      fix: 'IT sets up the OS keychain as the message says, restarts the app, then an administrator stores the OpenAI API key again under Device settings.',
    };
  }
  let stored: boolean;
  try {
    stored = await source.hasOpenAiKey();
  } catch (error) {
    const told = error instanceof SecretStoreError ? error.message : `the keychain did not answer (${messageOf(error)}).`;
    return {
      id: 'keychain',
      label: LABEL,
      status: 'fail',
      detail: clip(`${where} The OpenAI API key could not be read: ${told}`),
      fix: 'IT unlocks or repairs the OS keychain for the account the kiosk runs as (it must be unlocked at sign-in), then runs this check again.',
    };
  }
  if (!stored) {
    return { id: 'keychain', label: LABEL, status: 'fail', detail: `${where} No OpenAI API key is stored, so interviews cannot start.`, fix: STORE_KEY };
  }
  if (/^memory\b/i.test(source.backend)) {
    return {
      id: 'keychain',
      label: LABEL,
      status: 'warn',
      detail: `${where} The OpenAI API key is stored, but only in memory: it is lost when the app closes.`,
      fix: 'Run the installed app, which keeps secrets in the OS keychain, and store the key there.',
    };
  }
  return { id: 'keychain', label: LABEL, status: 'ok', detail: `${where} The OpenAI API key is stored.`, fix: null };
}
