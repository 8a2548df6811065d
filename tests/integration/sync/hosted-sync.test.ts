import { afterEach, describe, expect, it } from 'vitest';
import { JobNotReadyError } from '../../../src-main/jobs/job-runner';
import { revokeDevice } from '../../../src-main/sync/hosted-db/device-admin';
import { type ExchangeReply, type PullCursor, type PullReply } from '../../../src-main/sync/protocol';
import { deliveryGate } from '../../../src-main/app/sync-gates';
import { SyncError } from '../../../src-main/sync/sync-errors';
import { useTestPostgres } from '../../support/postgres';
import { strongPassword } from '../../support/test-app';
import { asOwner, enrolledDevice, hostedDatabase, hostedKioskAndLaptop, kioskFeedback, localRow, register, withCalls, type Device } from './hosted-support';

const postgres = useTestPostgres();
const devices: Device[] = [];
afterEach(() => {
  for (const device of devices.splice(0)) device.close();
});

const kioskAndLaptop = () => hostedKioskAndLaptop(() => postgres.current.createDatabase(), devices);

describe('sync with the hosted Postgres', () => {
  it('a candidate registered on the kiosk appears on the laptop, without the password hash and without echoing back', async () => {
    const { url, kiosk, laptop } = await kioskAndLaptop();
    const candidate = await register(kiosk, 'ada@example.com');
    expect(kiosk.app.services.sync.status().pendingChanges).toBe(1);

    const afterKiosk = await kiosk.app.services.sync.syncNow();
    expect(afterKiosk).toMatchObject({ configured: true, state: 'idle', pendingChanges: 0, lastError: null, rejected: 0 });
    const onServer = await asOwner<{ email: string; origin_device_id: string }>(url, 'SELECT email, origin_device_id FROM candidates WHERE id = $1', [candidate.id]);
    expect(onServer).toEqual([{ email: 'ada@example.com', origin_device_id: kiosk.deviceId }]);

    await laptop.app.services.sync.syncNow();
    expect(localRow(laptop, 'candidates', candidate.id)).toMatchObject({ email: 'ada@example.com', full_name: 'Grace Hopper', password_hash: '!synced-without-password' });
    // Pulled rows are not the laptop's changes: nothing to push back.
    expect(laptop.app.services.sync.status().pendingChanges).toBe(0);
    // The kiosk keeps its real hash when its own row comes back to it.
    await kiosk.app.services.sync.syncNow();
    expect(String(localRow(kiosk, 'candidates', candidate.id)?.password_hash)).toMatch(/^\$2/);
  });

  it('asks for the next page while applying the current one; a page that cannot be applied stops the run there, and the next run goes on', async () => {
    const { kiosk, laptop } = await kioskAndLaptop();
    const candidates = [];
    for (let n = 1; n <= 5; n++) candidates.push(await register(kiosk, `c${n}@example.com`));
    await kiosk.app.services.sync.syncNow();
    const stored = () => laptop.app.services.sync.applier.cursor();
    const localCount = () => (laptop.app.database.sqlite.prepare('SELECT count(*) AS n FROM candidates').get() as { n: number }).n;

    // Pages of two (the first comes with sync.exchange: the laptop has nothing to push); the second page's first row
    // is one SQLite must refuse (a candidate without an email).
    const asked: { after: string; storedThen: string }[] = [];
    let spoil = true;
    const page = async (cursor: PullCursor | null, get: () => Promise<PullReply>) => {
      asked.push({ after: JSON.stringify(cursor), storedThen: JSON.stringify(stored()) });
      const reply = await get();
      if (spoil && asked.length === 2) reply.changes[0]!.row.email = null;
      return reply;
    };
    laptop.network.wrap = (session) =>
      withCalls(session, {
        pull: (cursor) => page(cursor, () => session.pull(cursor, 2)),
        exchange: async (cursor, _limit, report) => {
          let reply: ExchangeReply | undefined;
          await page(cursor, async () => (reply = await session.exchange(cursor, 2, report)).pull);
          return reply!;
        },
      });
    const failed = await laptop.app.services.sync.syncNow();
    expect(failed.state).toBe('error');
    expect(localCount()).toBe(2); // the first page only: the spoiled one rolled back whole
    const afterFirst = stored();
    expect(afterFirst).not.toBeNull();
    // The third page was asked for before the second was applied (it failed), and nothing was left unhandled.
    expect(asked.map((call) => call.after)).toEqual([JSON.stringify(null), JSON.stringify(afterFirst), expect.any(String)]);
    expect(asked[1]!.storedThen).toBe(JSON.stringify(null)); // page 2 requested while page 1 was still being applied

    spoil = false;
    asked.length = 0;
    expect(await laptop.app.services.sync.syncNow()).toMatchObject({ state: 'idle', lastError: null });
    expect(asked[0]!.after).toBe(JSON.stringify(afterFirst));
    for (const candidate of candidates) expect(localRow(laptop, 'candidates', candidate.id)).toMatchObject({ email: candidate.email });
    expect(localCount()).toBe(5);
  });

  it('a recruiter approving offline on the laptop and the kiosk’s later edit converge, approval and edit kept', async () => {
    const { kiosk, laptop } = await kioskAndLaptop();
    const { feedback } = await kioskFeedback(kiosk, Buffer.from('%PDF-1.4 small'));
    await kiosk.app.services.sync.syncNow();
    const recruiter = await laptop.app.services.staff.create({ email: 'rita@example.com', password: strongPassword, fullName: 'Rita Recruiter', role: 'recruiter' });
    await laptop.app.services.sync.syncNow();
    expect(laptop.app.services.resumes.listFeedback('pending_approval').map((item) => item.id)).toEqual([feedback.id]);

    laptop.network.online = false;
    laptop.app.services.resumes.approveFeedback(feedback.id, recruiter.id);
    const offline = await laptop.app.services.sync.syncNow();
    expect(offline).toMatchObject({ state: 'offline', pendingChanges: 1 });
    expect(offline.lastError).toContain('Can’t reach the hosted database');

    // Later, the kiosk edits the still-pending text and syncs first.
    kiosk.app.services.resumes.updateFeedback(feedback.id, 'An edited note written at the kiosk after the approval happened elsewhere.');
    await kiosk.app.services.sync.syncNow();

    laptop.network.online = true;
    expect(await laptop.app.services.sync.syncNow()).toMatchObject({ state: 'idle', pendingChanges: 0 });
    await kiosk.app.services.sync.syncNow();

    const onLaptop = localRow(laptop, 'resume_feedback', feedback.id)!;
    const onKiosk = localRow(kiosk, 'resume_feedback', feedback.id)!;
    expect(onLaptop.status).toBe('approved');
    expect(onLaptop.approved_by).toBe(recruiter.id);
    // The approval pushed only its own columns (a named operation): the kiosk's text stays.
    expect(onLaptop.feedback_content).toBe('An edited note written at the kiosk after the approval happened elsewhere.');
    expect(onKiosk).toEqual(onLaptop);
  });

  it('a change the hosted database refuses is listed with its reason, the queue goes on, and an admin clears the list', async () => {
    const { url, kiosk } = await kioskAndLaptop();
    const otherKiosk = await enrolledDevice(url, 'kiosk', { name: 'second kiosk' });
    devices.push(otherKiosk);
    // The same person registers at two kiosks while both are offline: the second to sync is refused.
    await register(kiosk, 'same@example.com');
    const second = await register(otherKiosk, 'same@example.com');
    const after = await register(otherKiosk, 'next@example.com');
    await kiosk.app.services.sync.syncNow();
    const status = await otherKiosk.app.services.sync.syncNow();
    expect(status).toMatchObject({ state: 'idle', pendingChanges: 0, rejected: 1 });
    expect(status.refusals).toEqual([{ table: 'candidates', rowId: second.id, reason: expect.stringMatching(/email/), at: expect.any(String) }]);
    // The refusal did not hold the queue: the next registration is on the server.
    expect(await asOwner(url, 'SELECT count(*)::int AS n FROM candidates WHERE id = $1', [after.id])).toEqual([{ n: 1 }]);

    const cleared = await otherKiosk.app.services.sync.dismissRefusals();
    expect(cleared).toMatchObject({ rejected: 0, refusals: [] });
    // The server keeps its own record for IT.
    expect(await asOwner(url, 'SELECT row_id FROM sync.rejections')).toEqual([{ row_id: second.id }]);
  });

  it('one device sends each email: the delivery claim is the database’s', async () => {
    const { kiosk, laptop } = await kioskAndLaptop();
    const { feedback } = await kioskFeedback(kiosk, Buffer.from('%PDF-1.4 claim'));
    const laptopGate = deliveryGate(laptop.app.services.sync, laptop.app.services.sync.state);
    const kioskGate = deliveryGate(kiosk.app.services.sync, kiosk.app.services.sync.state);
    const text = feedback.feedbackContent;
    // Not on the server yet: no text there to send, so nobody claims it.
    await expect(laptopGate.claim(feedback.id, text)).rejects.toBeInstanceOf(JobNotReadyError);
    await kiosk.app.services.sync.syncNow();
    expect(await laptopGate.claim(feedback.id, text)).toBe('claimed');
    expect(await kioskGate.claim(feedback.id, text)).toBe('taken');
    expect(await laptopGate.claim(feedback.id, text)).toBe('claimed');
    // Offline the email waits, without spending one of its delivery attempts.
    kiosk.network.online = false;
    await expect(kioskGate.claim(feedback.id, text)).rejects.toBeInstanceOf(JobNotReadyError);
    // So it does while the connection cannot be made secure (an untrusted certificate, until IT sets the CA bundle).
    kiosk.network.online = true;
    kiosk.network.wrap = () => {
      throw new SyncError('insecure', 'test: the hosted database’s certificate is not trusted');
    };
    await expect(kioskGate.claim(feedback.id, text)).rejects.toBeInstanceOf(JobNotReadyError);
  });

  it('a revoked device says so in words, and keeps its changes', async () => {
    const { url, kiosk } = await kioskAndLaptop();
    await kiosk.app.services.sync.syncNow();
    await revokeDevice(url, kiosk.deviceId);
    await register(kiosk, 'late@example.com');
    const status = await kiosk.app.services.sync.syncNow();
    expect(status).toMatchObject({ state: 'error', pendingChanges: 1 });
    expect(status.lastError).toMatch(/revoked.*ask IT to enrol it again/);
  });

  it('a device cut off between push and acknowledgement pushes again without duplicates', async () => {
    const { url, kiosk } = await kioskAndLaptop();
    const first = await register(kiosk, 'one@example.com');
    await register(kiosk, 'two@example.com');
    // The server applies the push, but the reply never reaches the device.
    kiosk.network.wrap = (session) =>
      withCalls(session, {
        async push(mutations) {
          await session.push(mutations);
          throw new SyncError('offline', 'test: connection lost before the reply');
        },
      });
    expect(await kiosk.app.services.sync.syncNow()).toMatchObject({ state: 'offline', pendingChanges: 2 });
    // Applied on the server although the device never heard so.
    expect(await asOwner(url, 'SELECT count(*)::int AS n FROM candidates')).toEqual([{ n: 2 }]);
    kiosk.network.wrap = undefined;

    expect(await kiosk.app.services.sync.syncNow()).toMatchObject({ state: 'idle', pendingChanges: 0, rejected: 0 });
    expect(await asOwner(url, 'SELECT count(*)::int AS n FROM candidates')).toEqual([{ n: 2 }]);
    expect(await asOwner(url, 'SELECT last_applied_seq::int AS seq FROM sync.devices WHERE id = $1', [kiosk.deviceId])).toEqual([{ seq: 2 }]);
    expect(await asOwner(url, 'SELECT count(*)::int AS n FROM sync.rejections')).toEqual([{ n: 0 }]);
    expect(localRow(kiosk, 'candidates', first.id)).toBeDefined();
  });

  it('auto-send approves on the database’s clock, one device sends, and offline it approves nothing', async () => {
    const { kiosk, laptop } = await kioskAndLaptop();
    const { feedback } = await kioskFeedback(kiosk, Buffer.from('%PDF-1.4 auto'), '2020-01-01T00:00:00.000Z');
    const sweep = async (device: Device) => {
      device.app.database.sqlite.prepare("UPDATE jobs SET run_at = '2000-01-01T00:00:00.000Z' WHERE kind = 'feedback.autoSend'").run();
      await device.app.jobRunner.drain();
    };

    // Offline: due by this device's clock, but only the database's clock decides.
    kiosk.network.online = false;
    await sweep(kiosk);
    expect(localRow(kiosk, 'resume_feedback', feedback.id)).toMatchObject({ status: 'pending_approval' });

    kiosk.network.online = true;
    await kiosk.app.services.sync.syncNow();
    await laptop.app.services.sync.syncNow();
    await sweep(kiosk);
    expect(kiosk.mails.map((mail) => mail.to)).toEqual(['grace@example.com']);
    expect(localRow(kiosk, 'resume_feedback', feedback.id)).toMatchObject({ status: 'sent' });

    // The laptop sees it approved before the 'sent' arrives: its own delivery finds the claim taken.
    await laptop.app.services.sync.syncNow();
    await sweep(laptop);
    expect(laptop.mails).toEqual([]);
    await kiosk.app.services.sync.syncNow();
    await laptop.app.services.sync.syncNow();
    expect(localRow(laptop, 'resume_feedback', feedback.id)).toMatchObject({ status: 'sent' });
  });

  it('a hosted database on a newer schema asks for the latest app', async () => {
    const { url, kiosk } = await kioskAndLaptop();
    await asOwner(url, "INSERT INTO sync.schema_migrations (version, name) VALUES (99, '0099_future.sql')");
    const status = await kiosk.app.services.sync.syncNow();
    expect(status).toMatchObject({ state: 'error' });
    expect(status.lastError).toContain('The hosted database is on a newer version; install the latest app.');
  });

  it('syncs on its own soon after a local write, without anyone pressing Sync now', async () => {
    const url = await hostedDatabase(() => postgres.current.createDatabase());
    const kiosk = await enrolledDevice(url, 'kiosk', { name: 'eager kiosk', timing: { intervalMs: 3_600_000, watchMs: 50 } });
    devices.push(kiosk);
    await register(kiosk, 'soon@example.com');
    const deadline = Date.now() + 10_000;
    // Pushed (nothing pending) and the run's pull finished (idle).
    const settled = () => {
      const status = kiosk.app.services.sync.status();
      return status.pendingChanges === 0 && status.state === 'idle';
    };
    while (!settled() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(kiosk.app.services.sync.status()).toMatchObject({ pendingChanges: 0, state: 'idle' });
    expect(await asOwner(url, 'SELECT email FROM candidates')).toEqual([{ email: 'soon@example.com' }]);
  });
});
