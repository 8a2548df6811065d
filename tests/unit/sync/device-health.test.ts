import { describe, expect, it } from 'vitest';
import type { DeviceHealthReport } from '../../../shared/domain/fleet';
import { createLogger } from '../../../src-main/logging/logger';
import { DeviceHealth, type DeviceHealthSources } from '../../../src-main/sync/device-health';
import { FakeClock } from '../../support/test-app';

const MINUTE = 60_000;

function health(clock: FakeClock) {
  const counted: DeviceHealthReport['bankAudio'][] = [];
  let questionsReady = 0;
  const sources: DeviceHealthSources = {
    appVersion: '1.0.0',
    updateChannel: () => 'stable',
    localSchemaVersion: () => 1,
    configurationKey: () => null,
    lastInterviewAt: () => null,
    bankAudio: async () => {
      const value: DeviceHealthReport['bankAudio'] = { state: 'preparing', questionsReady: questionsReady++, questions: 360 };
      counted.push(value);
      return value;
    },
    disk: async () => ({ freeBytes: 1, totalBytes: 2 }),
    unfinishedJobs: () => 0,
    keychain: () => ({ state: 'memory', backend: 'test' }),
    errors: () => [],
    droppedErrors: () => 0,
  };
  const device = new DeviceHealth({ sources, queue: { pendingCount: () => 0, rejected: () => [] }, clock, logger: createLogger({ level: 'warn', sink: () => {} }) });
  return { device, counted };
}

describe('DeviceHealth', () => {
  it('recounts the bank audio at most every 5 minutes, and again when the clock went back', async () => {
    const clock = new FakeClock();
    const { device, counted } = health(clock);
    expect((await device.gather()).bankAudio).toMatchObject({ questionsReady: 0 });
    clock.advance(4 * MINUTE);
    const later = await device.gather();
    expect(later.bankAudio).toMatchObject({ questionsReady: 0 });
    expect(later.gatheredAt).toBe(clock.now().toISOString());
    expect(counted).toHaveLength(1);
    clock.advance(MINUTE);
    expect((await device.gather()).bankAudio).toMatchObject({ questionsReady: 1 });
    clock.advance(-MINUTE);
    expect((await device.gather()).bankAudio).toMatchObject({ questionsReady: 2 });
    expect(counted).toHaveLength(3);
  });
});
