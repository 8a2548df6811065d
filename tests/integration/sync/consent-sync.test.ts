import { afterEach, describe, expect, it } from 'vitest';
import { useTestPostgres } from '../../support/postgres';
import { agreeToNotice } from '../../support/consent';
import { appCalls, strongPassword } from '../../support/test-app';
import { asOwner, enrolledDevice, hostedDatabase, localRow, type Device } from './hosted-support';

const postgres = useTestPostgres();
const devices: Device[] = [];
afterEach(() => {
  for (const device of devices.splice(0)) device.close();
});

describe('consent records sync (issue 18, point 1)', () => {
  it('a kiosk’s decline and consent reach the hosted database and the laptop, where staff see the decline until the candidate agrees; another kiosk gets none', async () => {
    const url = await hostedDatabase(() => postgres.current.createDatabase());
    const kiosk = await enrolledDevice(url, 'kiosk');
    const otherKiosk = await enrolledDevice(url, 'kiosk');
    const laptop = await enrolledDevice(url, 'laptop');
    devices.push(kiosk, otherKiosk, laptop);

    const calls = appCalls(() => kiosk.app, 'kiosk-window');
    const candidate = await calls.ok('auth.registerCandidate', { email: 'ada@example.com', password: strongPassword, fullName: 'Ada Lovelace' });
    const { notice } = await calls.ok('consent.notice', {});
    await calls.ok('consent.answer', { language: 'en', noticeVersion: notice.version, noticeSha256: notice.sha256, choice: 'decline' });
    const [declined] = calls.rows<{ id: string }>('SELECT id FROM consent_records');

    await kiosk.app.services.sync.syncNow();
    expect(await asOwner(url, 'SELECT candidate_id, choice, notice_version, notice_sha256, origin_device_id FROM consent_records')).toEqual([
      { candidate_id: candidate.id, choice: 'decline', notice_version: 'v1', notice_sha256: notice.sha256, origin_device_id: kiosk.deviceId },
    ]);

    await laptop.app.services.sync.syncNow();
    expect(localRow(laptop, 'consent_records', declined!.id)).toMatchObject({ candidate_id: candidate.id, choice: 'decline', notice_sha256: notice.sha256 });
    expect(laptop.app.services.consent.followUps().map((request) => [request.candidateEmail, request.choice])).toEqual([['ada@example.com', 'decline']]);

    await otherKiosk.app.services.sync.syncNow();
    expect(otherKiosk.app.database.sqlite.prepare('SELECT count(*) AS n FROM consent_records').get()).toEqual({ n: 0 });

    // The candidate agrees after all: the laptop's list empties once that syncs too.
    await agreeToNotice(calls);
    await kiosk.app.services.sync.syncNow();
    await laptop.app.services.sync.syncNow();
    expect(laptop.app.services.consent.followUps()).toEqual([]);
  });
});
