import { afterEach, describe, expect, it } from 'vitest';
import { DecisionRepository } from '../../../src-main/repositories/decision-repository';
import { useTestPostgres } from '../../support/postgres';
import { appCalls, strongPassword } from '../../support/test-app';
import { webhookEventsOf } from '../../support/webhook-events';
import { asOwner, enrolledDevice, hostedDatabase, type Device } from '../sync/hosted-support';
import { leftInPostgres, leftOnDevice, seedCandidate, type SeededCandidate } from './support';

const postgres = useTestPostgres();
const devices: Device[] = [];
afterEach(() => {
  for (const device of devices.splice(0)) device.close();
});

/** The laptop holds the candidate's files too, as after a recruiter played the recording and opened the resume. */
async function downloadFiles(laptop: Device, candidate: SeededCandidate): Promise<void> {
  const { sync } = laptop.app.services;
  for (const file of candidate.files) {
    expect(await sync.withSession((session) => sync.files.fetch(session, file.hash, file.mediaType))).toBe(file.relativePath);
  }
}

const sync = async (...of: Device[]) => {
  for (const device of of) expect(await device.app.services.sync.syncNow()).toMatchObject({ state: 'idle' });
};

describe('a candidate’s erasure across devices and the hosted database', () => {
  it('reaches two kiosks, the hosted database and a laptop that was offline, and leaves no byte of the candidate anywhere', async () => {
    const url = await hostedDatabase(() => postgres.current.createDatabase());
    const kiosk = await enrolledDevice(url, 'kiosk', { name: 'Front kiosk' });
    const otherKiosk = await enrolledDevice(url, 'kiosk', { name: 'Back kiosk' });
    const laptop = await enrolledDevice(url, 'laptop');
    devices.push(kiosk, otherKiosk, laptop);

    const erin = await seedCandidate(kiosk, { email: 'erin.erased@example.com', fullName: 'Erin Erasmus', word: 'quokka' });
    const kept = await seedCandidate(kiosk, { email: 'karl.kept@example.com', fullName: 'Karl Keeper', word: 'pangolin' });
    await sync(kiosk, laptop);
    await downloadFiles(laptop, erin);
    await downloadFiles(laptop, kept);
    // The scans find what is there: every needle of both candidates, on both devices and in Postgres.
    for (const candidate of [erin, kept]) {
      expect(leftOnDevice(kiosk, candidate).length).toBeGreaterThan(0);
      expect(leftOnDevice(laptop, candidate).length).toBeGreaterThan(0);
      expect((await leftInPostgres(url, candidate)).length).toBeGreaterThan(0);
    }

    // The laptop goes offline, and a recruiter there decides on Erin's interview, naming her in the note.
    laptop.network.online = false;
    const recruiter = await laptop.app.services.staff.create({ email: 'rita@example.com', password: strongPassword, fullName: 'Rita Recruiter', role: 'recruiter' });
    new DecisionRepository(laptop.app.database).add({ interviewId: erin.interviewId, decidedBy: recruiter.id, decision: 'advance', note: `Erin Erasmus explained the quokka reconciler well`, decidedAt: '2026-11-26T09:00:00.000Z', aiRecommendation: 'hold' });

    // Erin asks at the kiosk: the kiosk is clean at once, and its receipt names what it removed.
    const started = Date.now();
    const receipt = await kiosk.app.services.erasure.requestByCandidate(erin.candidateId);
    const erasureMs = Date.now() - started;
    expect(receipt).toMatchObject({ candidateId: erin.candidateId, requestedBy: 'candidate', requestedByStaffId: null, kinds: ['recordings', 'transcripts', 'resumes', 'assessments', 'identity'] });
    expect(receipt.confirmations).toEqual([
      expect.objectContaining({ removed: { recordings: 1, transcripts: 3, resumes: 2, assessments: 2, identity: 1 } }),
    ]);
    expect(leftOnDevice(kiosk, erin)).toEqual([]);

    // The hosted database carries it out as it stores the request, and confirms.
    await sync(kiosk);
    expect(await leftInPostgres(url, erin)).toEqual([]);
    // Issue 21: there too Erin's webhook event keeps only ids, and the kiosk's candidate.erased arrived, naming no candidate row.
    const hostedEvents = await asOwner<{ type: string; candidate_id: string | null; payload: string }>(
      url,
      `SELECT type, candidate_id::text AS candidate_id, payload FROM webhook_events WHERE candidate_id = $1 OR type = 'candidate.erased' ORDER BY type`,
      [erin.candidateId],
    );
    expect(hostedEvents.map((event) => ({ ...event, payload: JSON.parse(event.payload) as unknown }))).toEqual([
      { type: 'candidate.erased', candidate_id: null, payload: { candidate: { id: erin.candidateId } } },
      { type: 'interview.completed', candidate_id: erin.candidateId, payload: { candidate: { id: erin.candidateId }, erased: true } },
    ]);
    // The other kiosk never held Erin; it still carries the request out and confirms (nothing removed).
    await sync(otherKiosk, otherKiosk);

    // The laptop comes back: its offline decision is refused without being kept, then it erases and confirms.
    laptop.network.online = true;
    await sync(laptop);
    expect(leftOnDevice(laptop, erin)).toEqual([]);
    await sync(laptop, laptop);
    const refused = await asOwner<{ reason: string; row: unknown }>(url, `SELECT reason, row FROM sync.rejections WHERE table_name = 'interview_decisions'`);
    expect(refused).toEqual([{ reason: expect.stringContaining('erased'), row: null }]);

    // The receipt on the laptop: the request and four confirmations, none with a name or an email in it.
    const [onLaptop] = laptop.app.services.erasure.receipts();
    expect(onLaptop!.requestId).toBe(receipt.requestId);
    expect(onLaptop!.confirmations.map((confirmation) => confirmation.removed)).toEqual(
      expect.arrayContaining([
        { recordings: 1, transcripts: 3, resumes: 2, assessments: 2, identity: 1 },
        { recordings: 0, transcripts: 0, resumes: 0, assessments: 0, identity: 0 },
      ]),
    );
    expect(new Set(onLaptop!.confirmations.map((confirmation) => confirmation.deviceId)).size).toBe(4);
    expect(JSON.stringify(onLaptop)).not.toMatch(/Erin|erin\.erased|quokka/);
    // Kiosks receive every confirmation too: the admin at the kiosk reads the same receipt.
    await sync(kiosk);
    expect(kiosk.app.services.erasure.receipts()[0]!.confirmations).toHaveLength(4);

    // No byte of Erin anywhere; Karl, the control, is still whole everywhere.
    for (const device of [kiosk, otherKiosk, laptop]) expect({ device: device.kind, left: leftOnDevice(device, erin) }).toEqual({ device: device.kind, left: [] });
    expect(await leftInPostgres(url, erin)).toEqual([]);
    expect(leftOnDevice(kiosk, kept).length).toBeGreaterThan(0);
    expect(leftOnDevice(laptop, kept).length).toBeGreaterThan(0);
    expect((await leftInPostgres(url, kept)).length).toBeGreaterThan(0);
    expect(laptop.app.services.reviews.get(kept.interviewId).transcript.length).toBeGreaterThan(0);
    // One candidate.erased in the fleet: the devices that carried the request out recorded none of their own.
    const erasedOn = (device: Device) => webhookEventsOf(appCalls(() => device.app, 'staff'), 'candidate.erased');
    expect(erasedOn(laptop).map((event) => ({ ...event, occurredAt: Date.parse(event.occurredAt) }))).toEqual([
      { candidateId: null, occurredAt: Date.parse(receipt.requestedAt), data: { candidate: { id: erin.candidateId } } },
    ]);
    expect(erasedOn(otherKiosk)).toEqual([]);
    expect(await asOwner(url, `SELECT id FROM webhook_events WHERE type = 'candidate.erased'`)).toHaveLength(1);
    console.info(`erasure on the kiosk (2 candidates, 1 interview each): ${erasureMs} ms`);
  });
});
