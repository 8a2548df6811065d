import type { UpdateStatus } from '../../shared/domain/updates';
import { clip, type CheckResult } from './check-result';

const LABEL = 'Updates';

/**
 * The app's own updates (issue 20, point 3), from the update service's
 * status. A sitting never depends on them, so nothing here fails: a check,
 * download or verification that failed, or updates not set up, is a
 * warning for IT; updates IT manages, or turned off on purpose, are fine.
 */
export function checkUpdates(status: UpdateStatus): CheckResult {
  const base = { id: 'updates' as const, label: LABEL };
  switch (status.state) {
    case 'off':
      return { ...base, status: 'ok', detail: clip(`Updates are off. ${status.message} Version ${status.installedVersion} runs.`), fix: null };
    case 'failed':
      return {
        ...base,
        status: 'warn',
        detail: clip(status.message),
        fix: 'Check the update feed address (updates.feedUrl), the release key (updates.signingKeys) and this device’s network; the next check tries again by itself.',
      };
    case 'not-configured':
      return { ...base, status: 'warn', detail: clip(status.message), fix: 'IT sets updates.feedUrl and updates.signingKeys (machine settings file or policy), or turns updates off (updates.enabled).' };
    default:
      // managed, up-to-date, checking, waiting (installed after the sitting), install-requested, install-on-quit.
      return { ...base, status: 'ok', detail: clip(`${status.message} Version ${status.installedVersion} runs (${status.channel} channel).`), fix: null };
  }
}
