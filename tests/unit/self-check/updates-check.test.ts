import { describe, expect, it } from 'vitest';
import type { UpdateState, UpdateStatus } from '../../../shared/domain/updates';
import { kioskCheckSchema } from '../../../shared/ipc/kiosk-channels';
import { checkUpdates } from '../../../src-main/self-check/updates-check';

const status = (state: UpdateState, message: string): UpdateStatus => ({
  state,
  installedVersion: '1.4.0',
  channel: 'stable',
  lastCheckAt: '2026-11-25T09:00:00.000Z',
  availableVersion: null,
  verified: false,
  message,
});

describe('the updates check', () => {
  it.each<[UpdateState, 'ok' | 'warn']>([
    ['managed', 'ok'],
    ['up-to-date', 'ok'],
    ['waiting', 'ok'],
    ['checking', 'ok'],
    ['install-requested', 'ok'],
    ['install-on-quit', 'ok'],
    ['off', 'ok'],
    ['failed', 'warn'],
    ['not-configured', 'warn'],
  ])('is %s → %s, with the service’s own words', (state, expected) => {
    const check = checkUpdates(status(state, `Words for ${state}.`));
    expect(kioskCheckSchema.parse(check)).toEqual(check);
    expect(check).toMatchObject({ id: 'updates', label: 'Updates', status: expected, detail: expect.stringContaining(`Words for ${state}.`) });
    expect(check.fix === null).toBe(expected === 'ok');
  });

  it('says plainly when updates are off', () => {
    expect(checkUpdates(status('off', 'Updates are turned off on this device (updates.enabled is false).')).detail).toMatch(/^Updates are off\. .*Version 1\.4\.0 runs\.$/);
  });

  it('names what IT sets when updates are not set up', () => {
    expect(checkUpdates(status('not-configured', 'No update feed is set.')).fix).toMatch(/updates\.feedUrl and updates\.signingKeys/);
  });
});
