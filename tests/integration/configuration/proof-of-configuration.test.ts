import { generateKeyPairSync } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { InterviewView } from '../../../shared/domain/interview';
import { publicKeyText } from '../../../src-main/configuration/attestation-message';
import { approveConfiguration, resetDeviceKey } from '../../../src-main/sync/hosted-db/configuration-admin';
import { createDevice, deviceEndpoint } from '../../../src-main/sync/hosted-db/device-admin';
import { signInAdmin } from '../assessment/support';
import { createInterviewHarness, scriptAi, type InterviewHarness } from '../interview/support';
import { useFakeOpenAi } from '../providers/support';
import { useTestPostgres } from '../../support/postgres';
import { asOwner, enrolledDevice, hostedDatabase, type Device } from '../sync/hosted-support';

const postgres = useTestPostgres();
const fake = useFakeOpenAi();
let kiosk: InterviewHarness | undefined;
let laptop: Device | undefined;
afterEach(() => {
  kiosk?.close();
  laptop?.close();
});

async function startInterview(h: InterviewHarness, email: string, windowId: string): Promise<InterviewView> {
  await h.signUp(email, windowId);
  return h.ok('interview.start', { roleType: 'react' }, windowId);
}

describe('proof of configuration, from a kiosk to a recruiter’s laptop', () => {
  it('a kiosk attests each interview’s configuration as it syncs, and the laptop says whether it was approved, what differed, or that it does not verify', async () => {
    const url = await hostedDatabase(() => postgres.current.createDatabase());
    kiosk = createInterviewHarness(fake.server);
    scriptAi(fake.server);
    await signInAdmin(kiosk);
    const first = await startInterview(kiosk, 'first@example.com', 'kiosk-a');

    // Enrolled after the interview, and the database still holds a key this kiosk once registered (a reinstall):
    // the attestation is refused, the data syncs all the same.
    const enrolment = await createDevice(url, 'Centre kiosk', 'kiosk');
    const stale = publicKeyText(generateKeyPairSync('ed25519').privateKey);
    await asOwner(url, 'UPDATE sync.devices SET signing_public_key = $1, signing_key_registered_at = now() WHERE id = $2', [stale, enrolment.deviceId]);
    kiosk.app.services.settings.update({ sync: { endpoint: deviceEndpoint(url, enrolment.roleName) } });
    await kiosk.app.services.secrets.set('sync-device-credential', enrolment.password);
    expect(await kiosk.app.services.sync.syncNow()).toMatchObject({ state: 'idle', pendingChanges: 0, rejected: 0, lastError: null });
    expect(kiosk.logLines.some((line) => line.includes('configuration attestation failed') && line.includes('reset-device-key'))).toBe(true);

    laptop = await enrolledDevice(url, 'laptop');
    const proofOf = async (interviewId: string) => {
      await laptop!.app.services.sync.syncNow();
      return laptop!.app.services.reviews.get(interviewId).configuration;
    };
    expect(await proofOf(first.id)).toMatchObject({ configurationKey: expect.stringMatching(/^[0-9a-f]{64}$/), attestation: 'missing', approval: 'none_approved' });

    // IT clears the old key: the kiosk registers its own at the next sync and attests.
    await resetDeviceKey(url, enrolment.deviceId);
    await kiosk.app.services.sync.syncNow();
    expect(await proofOf(first.id)).toMatchObject({ attestation: 'verified', approval: 'none_approved' });

    await approveConfiguration(url, { interviewId: first.id }, 'Centre kiosks');
    expect(await proofOf(first.id)).toEqual({
      configurationKey: expect.any(String),
      attestation: 'verified',
      approval: 'approved',
      differences: [],
      approvedNote: 'Centre kiosks',
    });

    // IT lets a second display through; the next interview is attested as it ran, and differs from the approved one.
    kiosk.app.services.settings.update({ lockdown: { maxDisplays: 2 } });
    const second = await startInterview(kiosk, 'second@example.com', 'kiosk-b');
    await kiosk.app.services.sync.syncNow();
    expect(await proofOf(second.id)).toMatchObject({
      attestation: 'verified',
      approval: 'differs',
      differences: [{ setting: 'Displays allowed at a sitting', approved: '1', actual: '2' }],
    });

    // The first interview's signature and challenge, replayed onto the second's attestation, do not verify.
    await asOwner(
      url,
      `UPDATE configuration_attestations t SET signature = f.signature, challenge = f.challenge, updated_at = now()
         FROM configuration_attestations f WHERE f.interview_id = $1 AND t.interview_id = $2`,
      [first.id, second.id],
    );
    expect(await proofOf(second.id)).toMatchObject({ attestation: 'invalid' });
    expect(await proofOf(first.id)).toMatchObject({ attestation: 'verified', approval: 'approved' });
  });
});
