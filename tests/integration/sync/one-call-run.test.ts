import { afterEach, describe, expect, it } from 'vitest';
import { emptyMemory } from '../../../src-main/interview/engine/memory';
import { ConfigurationRepository } from '../../../src-main/repositories/configuration-repository';
import { InterviewRepository } from '../../../src-main/repositories/interview-repository';
import { SyncError } from '../../../src-main/sync/sync-errors';
import { STATE_KEYS } from '../../../src-main/sync/sync-state-store';
import type { SyncSession } from '../../../src-main/sync/sync-transport';
import { useTestPostgres } from '../../support/postgres';
import { strongPassword } from '../../support/test-app';
import { asOwner, enrolledDevice, hostedDatabase, localRow, withCalls, type Device } from './hosted-support';

const postgres = useTestPostgres();
const devices: Device[] = [];
afterEach(() => {
  for (const device of devices.splice(0)) device.close();
});

async function enrol(url: string, kind: 'kiosk' | 'laptop'): Promise<Device> {
  const device = await enrolledDevice(url, kind);
  devices.push(device);
  return device;
}

/** Every call the run makes on its session, by name, in order (close aside: it is no round trip of the run's). */
function countCalls(device: Device): { name: string; args: unknown[] }[] {
  const calls: { name: string; args: unknown[] }[] = [];
  device.network.wrap = (session) =>
    new Proxy(session, {
      get(target, prop) {
        const value: unknown = Reflect.get(target, prop, target);
        if (typeof value !== 'function' || prop === 'close') return value;
        return (...args: unknown[]) => {
          calls.push({ name: String(prop), args });
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
  return calls;
}

const register = (device: Device, email: string) => device.app.services.auth.registerCandidate({ email, password: strongPassword, fullName: 'Grace Hopper' });
const idle = { state: 'idle', lastError: null, pendingChanges: 0 };

describe('a sync run with nothing to push is one call (sync.exchange)', () => {
  it('no change: one call on the session, the health report stored, the cursor kept, no challenge written', async () => {
    const url = await hostedDatabase(() => postgres.current.createDatabase());
    const kiosk = await enrol(url, 'kiosk');
    await asOwner(url, `UPDATE sync.device_health SET reported_at = now() - interval '1 hour', report = '{}'`);
    const cursor = kiosk.app.services.sync.applier.cursor();

    const calls = countCalls(kiosk);
    expect(await kiosk.app.services.sync.syncNow()).toMatchObject(idle);
    expect(calls.map((call) => call.name)).toEqual(['exchange']);
    expect(calls[0]!.args[0]).toEqual(cursor);
    const [health] = await asOwner<{ fresh: boolean; app_version: string }>(
      url,
      `SELECT reported_at > now() - interval '1 minute' AS fresh, report->>'appVersion' AS app_version FROM sync.device_health WHERE device_id = $1`,
      [kiosk.deviceId],
    );
    expect(health).toEqual({ fresh: true, app_version: expect.any(String) });
    expect(await asOwner(url, 'SELECT count(*)::int AS n FROM sync.attestation_challenges')).toEqual([{ n: 0 }]);
    expect(kiosk.app.services.sync.applier.cursor()).toEqual(cursor);

    // With something to push, the full run: hello, the push, the challenge, the pull, the report.
    await register(kiosk, 'ada@example.com');
    calls.length = 0;
    expect(await kiosk.app.services.sync.syncNow()).toMatchObject(idle);
    expect(calls.map((call) => call.name)).toEqual(['hello', 'push', 'attestationChallenge', 'pull', 'reportDeviceHealth']);
  });

  it('pulls through the exchange as through pull: the same rows, further pages by pull', async () => {
    const url = await hostedDatabase(() => postgres.current.createDatabase());
    const kiosk = await enrol(url, 'kiosk');
    const viaExchange = await enrol(url, 'laptop');
    const viaPull = await enrol(url, 'laptop');
    const candidates = [];
    for (let n = 1; n <= 5; n++) candidates.push(await register(kiosk, `c${n}@example.com`));
    expect(await kiosk.app.services.sync.syncNow()).toMatchObject(idle);

    // Pages of two, so the first page (the exchange's) is followed by more (pull's).
    const calls = countCalls(viaExchange);
    const counted = viaExchange.network.wrap!;
    viaExchange.network.wrap = (session) => {
      const inner = counted(session);
      return withCalls(inner, { exchange: (cursor, _limit, report) => inner.exchange(cursor, 2, report), pull: (cursor) => inner.pull(cursor, 2) });
    };
    expect(await viaExchange.app.services.sync.syncNow()).toMatchObject(idle);
    // The page brought rows: the health report goes last, once they are applied, as in the full run.
    expect(calls.map((call) => call.name)).toEqual(['exchange', 'pull', 'pull', 'reportDeviceHealth']);

    // The other laptop has not fixed its sequence base yet (as before its first hello), so it takes the full run.
    viaPull.app.database.sqlite.prepare('DELETE FROM sync_state WHERE key = ?').run(STATE_KEYS.seqBase);
    const full = countCalls(viaPull);
    expect(await viaPull.app.services.sync.syncNow()).toMatchObject(idle);
    expect(full.map((call) => call.name)).toContain('pull');
    expect(full.map((call) => call.name)).not.toContain('exchange');

    for (const candidate of candidates) {
      expect(localRow(viaExchange, 'candidates', candidate.id)).toMatchObject({ email: candidate.email, password_hash: '!synced-without-password' });
      expect(localRow(viaExchange, 'candidates', candidate.id)).toEqual(localRow(viaPull, 'candidates', candidate.id));
    }
    expect(viaExchange.app.services.sync.applier.cursor()).not.toBeNull();
  });

  it('a login the server now knows as another device (enrolled again): the page is discarded and the full run starts from the beginning', async () => {
    const url = await hostedDatabase(() => postgres.current.createDatabase());
    const kiosk = await enrol(url, 'kiosk');
    const laptop = await enrol(url, 'laptop');
    const candidate = await register(kiosk, 'ada@example.com');
    await kiosk.app.services.sync.syncNow();
    await laptop.app.services.sync.syncNow();
    expect(localRow(laptop, 'candidates', candidate.id)).toBeDefined();
    const oldCursor = laptop.app.services.sync.applier.cursor();
    expect(oldCursor).not.toBeNull();

    // The server now knows this login as another device (as after IT enrolled the machine again).
    const [again] = await asOwner<{ id: string }>(
      url,
      `WITH old AS (UPDATE sync.devices SET role_name = role_name || '_old', revoked_at = now() WHERE id = $1 RETURNING role_name, name, kind)
       INSERT INTO sync.devices (id, role_name, name, kind) SELECT gen_random_uuid(), left(role_name, -4), name, kind FROM old RETURNING id`,
      [laptop.deviceId],
    );
    const calls = countCalls(laptop);
    expect(await laptop.app.services.sync.syncNow()).toMatchObject(idle);
    const names = calls.map((call) => call.name);
    expect(names.slice(0, 2)).toEqual(['exchange', 'hello']);
    // The exchange asked from the old identity's cursor; the full run pulled from the start.
    expect(calls[0]!.args[0]).toEqual(oldCursor);
    expect(calls.find((call) => call.name === 'pull')!.args[0]).toBeNull();
    const [health] = await asOwner<{ n: number }>(url, 'SELECT count(*)::int AS n FROM sync.device_health WHERE device_id = $1', [again!.id]);
    expect(health).toEqual({ n: 1 });
    expect(localRow(laptop, 'candidates', candidate.id)).toBeDefined();

    // From now on it knows its new id: one call again.
    calls.length = 0;
    expect(await laptop.app.services.sync.syncNow()).toMatchObject(idle);
    expect(calls.map((call) => call.name)).toEqual(['exchange']);
  });

  it('an interview waiting for its attestation is attested from the exchange’s offer, in one call more', async () => {
    const url = await hostedDatabase(() => postgres.current.createDatabase());
    const kiosk = await enrol(url, 'kiosk');
    const candidate = await register(kiosk, 'ada@example.com');
    const now = new Date().toISOString();
    const { interview } = new InterviewRepository(kiosk.app.database).create({
      candidateId: candidate.id,
      resumeId: null,
      roleType: 'javascript',
      startedAt: now,
      session: { conversationMemory: emptyMemory(), currentDifficultyLevel: 'warmup', skillBoundariesIdentified: {}, progressionState: { formatVersion: 1 }, lastActivityAt: now },
    });
    new ConfigurationRepository(kiosk.app.database).record({ interviewId: interview.id, configurationKey: 'c'.repeat(64), configuration: { mode: 'kiosk' } });

    // The push lands, the attestation does not (the line drops on its call): the server lists it as pending.
    kiosk.network.wrap = (session: SyncSession) =>
      withCalls(session, {
        attestConfigurations: () => Promise.reject(new SyncError('offline', 'test: the line dropped')),
      });
    expect(await kiosk.app.services.sync.syncNow()).toMatchObject(idle);
    expect(await asOwner(url, 'SELECT count(*)::int AS n FROM configuration_attestations')).toEqual([{ n: 0 }]);

    const calls = countCalls(kiosk);
    expect(await kiosk.app.services.sync.syncNow()).toMatchObject(idle);
    expect(calls.map((call) => call.name)).toEqual(['exchange', 'attestConfigurations']);
    expect(await asOwner(url, 'SELECT interview_id, device_id, configuration_key FROM configuration_attestations')).toEqual([
      { interview_id: interview.id, device_id: kiosk.deviceId, configuration_key: 'c'.repeat(64) },
    ]);
  });
});
